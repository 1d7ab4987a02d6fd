/**
 * A local stand-in for the parts of Google Calendar API v3 and Google's OAuth 2.0 token endpoint that the
 * Google connector uses, following the documented REST contracts:
 *
 * - `POST /token` (OAuth 2.0 token endpoint, form-encoded; client credentials in the body or as HTTP Basic):
 *   `grant_type=refresh_token` → `{access_token, expires_in: 3599, scope, token_type: "Bearer"}`;
 *   `grant_type=authorization_code` (codes from `issueAuthCode`) → the same plus `refresh_token`.
 * Unknown/revoked refresh token → 400 `{"error":"invalid_grant","error_description":"Token has been expired or
 * revoked."}`;
 *   wrong client → 401 `{"error":"invalid_client",…}`.
 * - Every API call needs `Authorization: Bearer <access token>`; otherwise 401 with Google's `authError`
 *   body and `WWW-Authenticate: Bearer realm="https://accounts.google.com/", error="invalid_token"`.
 * - `GET /calendar/v3/users/me/calendarList` → `calendar#calendarList` (maxResults / pageToken paging).
 * - `GET /calendar/v3/calendars/{calendarId}/events` with `timeMin`/`timeMax` (overlap: end > timeMin,
 *   start < timeMax), `singleEvents` (weekly/daily RRULEs expanded into instances with ids
 *   `<eventId>_<YYYYMMDDTHHMMSSZ>` or `<eventId>_<YYYYMMDD>`, `recurringEventId`, `originalStartTime`),
 *   `showDeleted`, `syncToken` (only changes since the token, deletions always included as `status:
 *   "cancelled"`; 400 when combined with timeMin/timeMax; 410 `fullSyncRequired` once expired),
 *   `maxResults`/`pageToken`; `nextSyncToken` on the last page only. Tokens change with every write.
 * - `GET|PATCH|DELETE /calendar/v3/calendars/{calendarId}/events/{eventId}` and `POST …/events`:
 *   client-chosen ids must be base32hex (`[a-v0-9]{5,1024}`), an id that exists (also a deleted one) →
 *   409 `duplicate`; delete of a deleted event → 410 `deleted`, of an unknown one → 404 `notFound`;
 *   `get` of a deleted event answers it with `status: "cancelled"`; writes to a calendar with access role
 *   reader/freeBusyReader → 403 `requiredAccessLevel`.
 * - Error bodies in the Calendar API's format: `{"error":{"errors":[{domain,reason,message}],"code","message"}}`.
 *
 * Times: timed events are kept as instants (answered in UTC, `…Z`), all-day dates are read as UTC days.
 *
 *   const fake = await startGoogleCalendarFake();      // fake.clientId/clientSecret/refreshToken are valid
 *   createGoogleConnector({ credentials: fake.credentials, rootUrl: fake.rootUrl, tokenUrl: fake.tokenUrl })
 *   fake.addCalendar({ id: 'work@example.com', summary: 'Work' });
 * fake.addEvent('primary', { summary: 'Standup', start: { dateTime: … }, end: …, recurrence:
 * ['RRULE:FREQ=WEEKLY;COUNT=4'] });
 * fake.failNext({ status: 429, retryAfter: 3 });      // next API request only (`target: 'token'` for the token
 * endpoint)
 *   fake.expireSyncTokens();                            // every sync token issued so far → 410 fullSyncRequired
 *   fake.revokeRefreshToken();                          // refresh → invalid_grant, its access tokens → 401
 */
import { randomBytes } from 'node:crypto';
import type http from 'node:http';
import { listenFake, type ScriptedFailure } from './fake-http.ts';

export type { ScriptedFailure };

export type GoogleEventTime = { date?: string; dateTime?: string; timeZone?: string };

/** The Event resource (the subset the fake keeps; unknown fields are stored and echoed as given). */
export type GoogleEvent = {
  kind: 'calendar#event';
  etag: string;
  id: string;
  status: 'confirmed' | 'tentative' | 'cancelled';
  htmlLink: string;
  created: string;
  updated: string;
  summary?: string;
  description?: string;
  location?: string;
  transparency?: 'opaque' | 'transparent';
  start: GoogleEventTime;
  end: GoogleEventTime;
  recurrence?: string[];
  recurringEventId?: string;
  originalStartTime?: GoogleEventTime;
  iCalUID: string;
  sequence: number;
  attendees?: { email: string; displayName?: string; responseStatus?: string }[];
  extendedProperties?: { private?: Record<string, string>; shared?: Record<string, string> };
  [field: string]: unknown;
};

export type GoogleCalendarEntry = {
  id: string;
  summary: string;
  timeZone: string;
  accessRole: 'owner' | 'writer' | 'reader' | 'freeBusyReader';
  primary: boolean;
};

export type GoogleFakeRequest = {
  target: 'api' | 'token';
  method: string;
  path: string;
  query: Record<string, string>;
  headers: http.IncomingHttpHeaders;
  body: string;
  status: number;
};

export type GoogleCalendarFake = {
  /** Origin of the fake, e.g. `http://127.0.0.1:40123`. */
  url: string;
  /** For `google.calendar({ rootUrl })`: `url` + `/`. */
  rootUrl: string;
  /** The OAuth 2.0 token endpoint: `url` + `/token`. */
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  /** A valid refresh token (granted the calendar.events + calendar.calendarlist.readonly scopes). */
  refreshToken: string;
  credentials: { clientId: string; clientSecret: string; refreshToken: string };
  /** Every request the fake saw, with the status it answered. */
  requests: GoogleFakeRequest[];
  /** The Calendar API requests only (no token requests). */
  apiRequests(): GoogleFakeRequest[];
  tokenRequests(): GoogleFakeRequest[];
  failNext(failure: ScriptedFailure): void;
  addCalendar(calendar: Partial<GoogleCalendarEntry> & { id: string }): GoogleCalendarEntry;
  /** Adds an event as if made in Google Calendar by someone else (id generated unless given). */
  addEvent(calendarId: string, event: Partial<GoogleEvent> & { start: GoogleEventTime; end: GoogleEventTime }): GoogleEvent;
  /** Changes an event (patch semantics) as if edited in Google Calendar. */
  editEvent(calendarId: string, eventId: string, patch: Partial<GoogleEvent>): GoogleEvent;
  /** Deletes an event, or one instance (`<eventId>_<stamp>`) of a recurring one, as if done in Google Calendar. */
  removeEvent(calendarId: string, eventId: string): void;
  /** The stored event (also a deleted one, with status cancelled), or undefined. */
  getEvent(calendarId: string, eventId: string): GoogleEvent | undefined;
  /** Stored events of a calendar (recurring ones unexpanded), deleted ones included. */
  events(calendarId: string): GoogleEvent[];
  /** Every sync token issued so far answers 410 fullSyncRequired from now on. */
  expireSyncTokens(): void;
  /** Revokes a refresh token (default: `refreshToken`) and the access tokens issued from it. */
  revokeRefreshToken(token?: string): void;
  /** An authorization code as the consent screen would return it, for `grant_type=authorization_code`. */
  issueAuthCode(options?: { redirectUri?: string; scope?: string }): string;
  /** Google's token revocation endpoint (`url` + `/revoke`), and the tokens revoked through it. */
  revokeUrl: string;
  revokedTokens: readonly string[];
  close(): Promise<void>;
};

export const GOOGLE_DEFAULT_SCOPE = 'https://www.googleapis.com/auth/calendar.events https://www.googleapis.com/auth/calendar.calendarlist.readonly';

const DAY_MS = 86_400_000;
const MAX_INSTANCES = 104;

type ApiError = { status: number; reason: string; message: string; domain?: string; headers?: Record<string, string> };

function googleErrorBody(status: number, reason: string, message: string, domain = 'global') {
  return { error: { errors: [{ domain, reason, message }], code: status, message } };
}

const AUTH_ERROR_MESSAGE =
  'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.';

function defaultApiErrorBody(status: number): unknown {
  switch (status) {
    case 400:
      return googleErrorBody(400, 'badRequest', 'Bad Request');
    case 401:
      return {
        error: {
          code: 401,
          message: AUTH_ERROR_MESSAGE,
          errors: [{ message: 'Invalid Credentials', domain: 'global', reason: 'authError', location: 'Authorization', locationType: 'header' }],
          status: 'UNAUTHENTICATED',
        },
      };
    case 403:
      return googleErrorBody(403, 'forbidden', 'Forbidden');
    case 404:
      return googleErrorBody(404, 'notFound', 'Not Found');
    case 409:
      return googleErrorBody(409, 'duplicate', 'The requested identifier already exists.');
    case 410:
      return googleErrorBody(410, 'deleted', 'Resource has been deleted');
    case 412:
      return googleErrorBody(412, 'conditionNotMet', 'Precondition Failed');
    case 429:
      return googleErrorBody(429, 'rateLimitExceeded', 'Rate Limit Exceeded', 'usageLimits');
    case 503:
      return googleErrorBody(503, 'backendError', 'Service Unavailable');
    default:
      return status >= 500 ? googleErrorBody(status, 'backendError', 'Backend Error') : googleErrorBody(status, 'invalid', 'Invalid');
  }
}

function defaultTokenErrorBody(status: number): unknown {
  if (status === 400) return { error: 'invalid_grant', error_description: 'Token has been expired or revoked.' };
  if (status === 401) return { error: 'invalid_client', error_description: 'Unauthorized' };
  if (status === 429) return { error: 'rate_limit_exceeded', error_description: 'Rate limit exceeded.' };
  return { error: 'internal_failure', error_description: 'Backend Error' };
}

function sendJson(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (status === 204) {
    res.writeHead(204, headers);
    res.end();
    return;
  }
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=UTF-8',
    'Content-Length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

function encodeToken(payload: unknown): string {
  return Buffer.from(JSON.stringify(payload)).toString('base64url');
}

function decodeToken<T>(token: string): T | undefined {
  try {
    return JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as T;
  } catch {
    return undefined;
  }
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** `YYYYMMDDTHHMMSSZ` (UTC) for a timed instance id, `YYYYMMDD` for an all-day one. */
function instanceStamp(instant: number, allDay: boolean): string {
  const d = new Date(instant);
  const date = `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}`;
  return allDay ? date : `${date}T${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}${pad(d.getUTCSeconds())}Z`;
}

function isoDate(instant: number): string {
  return new Date(instant).toISOString().slice(0, 10);
}

function isoSeconds(instant: number): string {
  return new Date(instant).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** The instant of an event edge: all-day dates as UTC midnight; a dateTime without offset as UTC. */
function edgeInstant(time: GoogleEventTime): number {
  if (time.date) return Date.parse(`${time.date}T00:00:00Z`);
  const value = time.dateTime ?? '';
  const hasOffset = /(Z|[+-]\d{2}:\d{2})$/i.test(value);
  return Date.parse(hasOffset ? value : `${value}Z`);
}

type Rule = { stepMs: number; count: number; until: number };

function parseRule(recurrence: string[] | undefined, allDay: boolean): Rule | undefined {
  const line = recurrence?.find((r) => r.toUpperCase().startsWith('RRULE:'));
  if (!line) return undefined;
  const parts = Object.fromEntries(
    line
      .slice(6)
      .split(';')
      .map((p) => p.split('=') as [string, string]),
  );
  const freq = (parts.FREQ ?? '').toUpperCase();
  const interval = Number(parts.INTERVAL ?? '1') || 1;
  const stepMs = (freq === 'DAILY' ? 1 : freq === 'WEEKLY' ? 7 : 0) * interval * DAY_MS;
  if (stepMs === 0) throw new Error(`google fake: only FREQ=DAILY/WEEKLY recurrences are supported, got ${line}`);
  let until = Number.POSITIVE_INFINITY;
  if (parts.UNTIL) {
    const m = /^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})Z?)?$/.exec(parts.UNTIL);
    if (m) until = Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +(m[4] ?? (allDay ? 0 : 23)), +(m[5] ?? (allDay ? 0 : 59)), +(m[6] ?? (allDay ? 0 : 59)));
  }
  const count = parts.COUNT ? Number(parts.COUNT) : MAX_INSTANCES;
  return { stepMs, count: Math.min(count, MAX_INSTANCES), until };
}

type Stored = {
  calendarId: string;
  event: GoogleEvent;
  /** Change sequence of the last write to the event itself. */
  seq: number;
  /** Instances deleted one by one (instance id → seq of the deletion). */
  cancelledInstances: Map<string, number>;
  /** Instance ids the series had before an edit moved/removed them (id → seq). */
  retiredInstances: Map<string, number>;
};

type Instance = { id: string; start: number; end: number; resource: GoogleEvent; cancelled: boolean; seq: number };

type PendingPage = { items: unknown[]; nextSyncToken: string; extra: Record<string, unknown> };

type SyncTokenPayload = { c: string; s: number; g: number };

export async function startGoogleCalendarFake(
  options: { clientId?: string; clientSecret?: string; refreshToken?: string; pageSize?: number } = {},
): Promise<GoogleCalendarFake> {
  const clientId = options.clientId ?? `${randomBytes(6).toString('hex')}-fake.apps.googleusercontent.com`;
  const clientSecret = options.clientSecret ?? `GOCSPX-${randomBytes(12).toString('base64url')}`;
  const refreshToken = options.refreshToken ?? `1//0g${randomBytes(24).toString('base64url')}`;
  const pageSize = options.pageSize ?? 250;

  const requests: GoogleFakeRequest[] = [];
  const failures: ScriptedFailure[] = [];
  const calendars = new Map<string, GoogleCalendarEntry>();
  const stored = new Map<string, Stored>(); // key: calendarId \0 eventId
  /** refresh token → granted scope; absent = unknown/revoked. */
  const refreshTokens = new Map<string, string>([[refreshToken, GOOGLE_DEFAULT_SCOPE]]);
  /** Refresh tokens revoked through POST /revoke (by the app, not by the test). */
  const revokedByRevokeEndpoint: string[] = [];
  const accessTokens = new Map<string, { refreshToken: string; expiresAt: number }>();
  const authCodes = new Map<string, { redirectUri: string | undefined; scope: string }>();
  const pages = new Map<string, PendingPage>();
  let seq = 1;
  let generation = 1;

  const key = (calendarId: string, eventId: string) => `${calendarId}\u0000${eventId}`;
  const resolveCalendarId = (id: string) => (id === 'primary' ? ([...calendars.values()].find((c) => c.primary)?.id ?? id) : id);

  function addCalendar(entry: Partial<GoogleCalendarEntry> & { id: string }): GoogleCalendarEntry {
    const calendar: GoogleCalendarEntry = {
      summary: entry.id,
      timeZone: 'UTC',
      accessRole: 'owner',
      primary: false,
      ...entry,
    };
    calendars.set(calendar.id, calendar);
    return calendar;
  }
  addCalendar({ id: 'owner@example.com', summary: 'owner@example.com', primary: true, timeZone: 'Europe/Berlin' });

  function etag(n: number): string {
    return `"${3_400_000_000_000_000 + n}"`;
  }

  function createStored(calendarId: string, input: Partial<GoogleEvent> & { start: GoogleEventTime; end: GoogleEventTime }): GoogleEvent {
    const id = input.id ?? randomBytes(13).toString('hex'); // hex is base32hex too
    const now = new Date().toISOString();
    seq += 1;
    const event: GoogleEvent = {
      ...input,
      kind: 'calendar#event',
      etag: etag(seq),
      id,
      status: input.status ?? 'confirmed',
      htmlLink: `https://www.google.com/calendar/event?eid=${Buffer.from(`${id} ${calendarId}`).toString('base64url')}`,
      created: now,
      updated: now,
      iCalUID: `${id}@google.com`,
      sequence: 0,
      start: { ...input.start },
      end: { ...input.end },
    };
    stored.set(key(calendarId, id), { calendarId, event, seq, cancelledInstances: new Map(), retiredInstances: new Map() });
    return event;
  }

  function isAllDay(event: GoogleEvent): boolean {
    return Boolean(event.start.date);
  }

  /** All instances of a stored event (one for a single event), cancelled ones flagged. */
  function instancesOf(s: Stored): Instance[] {
    const { event } = s;
    const start = edgeInstant(event.start);
    const end = edgeInstant(event.end);
    const allDay = isAllDay(event);
    const rule = parseRule(event.recurrence, allDay);
    if (!rule) return [{ id: event.id, start, end, resource: event, cancelled: event.status === 'cancelled', seq: s.seq }];
    const out: Instance[] = [];
    for (let k = 0; k < rule.count; k += 1) {
      const instStart = start + k * rule.stepMs;
      if (instStart > rule.until) break;
      const instEnd = end + k * rule.stepMs;
      const id = `${event.id}_${instanceStamp(instStart, allDay)}`;
      const edge = (t: number): GoogleEventTime =>
        allDay ? { date: isoDate(t) } : { dateTime: isoSeconds(t), ...(event.start.timeZone ? { timeZone: event.start.timeZone } : {}) };
      const { recurrence: _recurrence, ...rest } = event;
      const cancelledSeq = s.cancelledInstances.get(id);
      out.push({
        id,
        start: instStart,
        end: instEnd,
        cancelled: event.status === 'cancelled' || cancelledSeq !== undefined,
        seq: Math.max(s.seq, cancelledSeq ?? 0),
        resource: {
          ...rest,
          id,
          recurringEventId: event.id,
          originalStartTime: edge(instStart),
          start: edge(instStart),
          end: edge(instEnd),
        },
      });
    }
    return out;
  }

  function cancelledView(resource: GoogleEvent): Partial<GoogleEvent> {
    const view: Partial<GoogleEvent> = {
      kind: 'calendar#event',
      etag: resource.etag,
      id: resource.id,
      status: 'cancelled',
      updated: resource.updated,
    };
    if (resource.recurringEventId) {
      view.recurringEventId = resource.recurringEventId;
      view.originalStartTime = resource.originalStartTime;
    }
    return view;
  }

  function syncToken(calendarId: string): string {
    return `CP${encodeToken({ c: calendarId, s: seq, g: generation } satisfies SyncTokenPayload)}`;
  }

  /** events.list's items for the parsed query. */
  function listItems(calendarId: string, q: { singleEvents: boolean; showDeleted: boolean; timeMin?: number; timeMax?: number; since?: number }): unknown[] {
    const out: { start: number; item: unknown }[] = [];
    for (const s of stored.values()) {
      if (s.calendarId !== calendarId) continue;
      const incremental = q.since !== undefined;
      const showDeleted = incremental || q.showDeleted;
      if (!q.singleEvents || !s.event.recurrence) {
        if (incremental && s.seq <= q.since!) continue;
        const start = edgeInstant(s.event.start);
        const end = edgeInstant(s.event.end);
        if (!incremental && q.timeMin !== undefined && end <= q.timeMin) continue;
        if (!incremental && q.timeMax !== undefined && start >= q.timeMax) continue;
        if (s.event.status === 'cancelled') {
          if (showDeleted) out.push({ start, item: cancelledView(s.event) });
        } else {
          out.push({ start, item: s.event });
        }
        continue;
      }
      for (const inst of instancesOf(s)) {
        if (incremental && inst.seq <= q.since!) continue;
        if (!incremental && q.timeMin !== undefined && inst.end <= q.timeMin) continue;
        if (!incremental && q.timeMax !== undefined && inst.start >= q.timeMax) continue;
        if (inst.cancelled) {
          if (showDeleted) out.push({ start: inst.start, item: cancelledView(inst.resource) });
        } else {
          out.push({ start: inst.start, item: inst.resource });
        }
      }
      if (q.singleEvents && showDeleted) {
        for (const [id, retiredSeq] of s.retiredInstances) {
          if (incremental && retiredSeq <= q.since!) continue;
          if (!incremental) continue; // times unknown any more; a full listing leaves them out
          out.push({ start: 0, item: { kind: 'calendar#event', etag: s.event.etag, id, status: 'cancelled', recurringEventId: s.event.id } });
        }
      }
    }
    return out.sort((a, b) => a.start - b.start).map((o) => o.item);
  }

  function bumpEvent(s: Stored, change: (event: GoogleEvent) => void): void {
    const before = s.event.recurrence ? new Set(instancesOf(s).map((i) => i.id)) : undefined;
    const oldStart = JSON.stringify([s.event.start, s.event.end]);
    change(s.event);
    seq += 1;
    s.seq = seq;
    s.event.etag = etag(seq);
    s.event.updated = new Date().toISOString();
    if (JSON.stringify([s.event.start, s.event.end]) !== oldStart) s.event.sequence += 1;
    if (before) {
      const after = new Set(instancesOf(s).map((i) => i.id));
      for (const id of before) if (!after.has(id)) s.retiredInstances.set(id, seq);
    }
  }

  function applyPatch(event: GoogleEvent, patch: Record<string, unknown>): void {
    for (const [field, value] of Object.entries(patch)) {
      if (['id', 'kind', 'etag', 'htmlLink', 'created', 'updated', 'iCalUID', 'sequence'].includes(field)) continue;
      if (field === 'extendedProperties' && value && typeof value === 'object') {
        const current = (event.extendedProperties ??= {});
        for (const scope of ['private', 'shared'] as const) {
          const next = (value as Record<string, Record<string, string> | undefined>)[scope];
          if (next) current[scope] = { ...(current[scope] ?? {}), ...next };
        }
        continue;
      }
      if (value === null) delete event[field];
      else event[field] = value;
    }
  }

  function validateTimes(body: Record<string, unknown>): ApiError | undefined {
    const start = body.start as GoogleEventTime | undefined;
    const end = body.end as GoogleEventTime | undefined;
    if (!start || (!start.date && !start.dateTime)) return { status: 400, reason: 'required', message: 'Missing start time.' };
    if (!end || (!end.date && !end.dateTime)) return { status: 400, reason: 'required', message: 'Missing end time.' };
    if (edgeInstant(end) <= edgeInstant(start)) return { status: 400, reason: 'timeRangeEmpty', message: 'The specified time range is empty.' };
    return undefined;
  }

  function canWrite(calendar: GoogleCalendarEntry): boolean {
    return calendar.accessRole === 'owner' || calendar.accessRole === 'writer';
  }

  // ---- handlers ------------------------------------------------------------------------------------

  type Answer = { status: number; body?: unknown; headers?: Record<string, string> };
  const apiError = (e: ApiError): Answer => ({
    status: e.status,
    body: googleErrorBody(e.status, e.reason, e.message, e.domain),
    headers: e.headers,
  });

  function handleToken(params: URLSearchParams, headers: http.IncomingHttpHeaders): Answer {
    let id = params.get('client_id');
    let secret = params.get('client_secret');
    const basic = /^Basic (.+)$/i.exec(headers.authorization ?? '');
    if (basic) [id, secret] = Buffer.from(basic[1]!, 'base64').toString('utf8').split(':') as [string, string];
    if (id !== clientId || secret !== clientSecret) {
      return { status: 401, body: { error: 'invalid_client', error_description: 'The OAuth client was not found.' } };
    }
    const issue = (forRefresh: string, scope: string) => {
      const accessToken = `ya29.${randomBytes(24).toString('base64url')}`;
      accessTokens.set(accessToken, { refreshToken: forRefresh, expiresAt: Date.now() + 3599_000 });
      return { access_token: accessToken, expires_in: 3599, scope, token_type: 'Bearer' };
    };
    switch (params.get('grant_type')) {
      case 'refresh_token': {
        const token = params.get('refresh_token') ?? '';
        const scope = refreshTokens.get(token);
        if (scope === undefined) {
          return { status: 400, body: { error: 'invalid_grant', error_description: 'Token has been expired or revoked.' } };
        }
        return { status: 200, body: issue(token, scope) };
      }
      case 'authorization_code': {
        const code = authCodes.get(params.get('code') ?? '');
        if (!code) return { status: 400, body: { error: 'invalid_grant', error_description: 'Malformed auth code.' } };
        if (code.redirectUri !== undefined && code.redirectUri !== params.get('redirect_uri')) {
          return { status: 400, body: { error: 'redirect_uri_mismatch', error_description: 'Bad Request' } };
        }
        authCodes.delete(params.get('code') ?? '');
        const newRefresh = `1//0g${randomBytes(24).toString('base64url')}`;
        refreshTokens.set(newRefresh, code.scope);
        return { status: 200, body: { ...issue(newRefresh, code.scope), refresh_token: newRefresh } };
      }
      default:
        return { status: 400, body: { error: 'unsupported_grant_type', error_description: 'Invalid grant_type: ' + params.get('grant_type') } };
    }
  }

  function authorized(headers: http.IncomingHttpHeaders): boolean {
    const match = /^Bearer (.+)$/i.exec(headers.authorization ?? '');
    const grant = match ? accessTokens.get(match[1]!) : undefined;
    return grant !== undefined && grant.expiresAt > Date.now() && refreshTokens.has(grant.refreshToken);
  }

  function page(items: unknown[], pageSizeFor: number, nextSyncToken: string, extra: Record<string, unknown>): Record<string, unknown> {
    const first = items.slice(0, pageSizeFor);
    const rest = items.slice(pageSizeFor);
    if (rest.length === 0) return { ...extra, nextSyncToken, items: first };
    const token = randomBytes(12).toString('base64url');
    pages.set(token, { items: rest, nextSyncToken, extra });
    return { ...extra, nextPageToken: token, items: first };
  }

  function continuePage(token: string, pageSizeFor: number): Record<string, unknown> | undefined {
    const pending = pages.get(token);
    if (!pending) return undefined;
    pages.delete(token);
    return page(pending.items, pageSizeFor, pending.nextSyncToken, pending.extra);
  }

  function handleApi(method: string, segments: string[], query: URLSearchParams, bodyText: string): Answer {
    const maxResults = Math.min(Number(query.get('maxResults') ?? pageSize) || pageSize, pageSize, 2500);
    // GET /users/me/calendarList
    if (segments[0] === 'users' && segments[1] === 'me' && segments[2] === 'calendarList' && segments.length === 3) {
      if (method !== 'GET') return apiError({ status: 405, reason: 'httpMethodNotAllowed', message: 'Method Not Allowed' });
      const pageToken = query.get('pageToken');
      const items = [...calendars.values()].map((c) => ({
        kind: 'calendar#calendarListEntry',
        etag: etag(0),
        id: c.id,
        summary: c.summary,
        timeZone: c.timeZone,
        colorId: '14',
        backgroundColor: '#9fe1e7',
        foregroundColor: '#000000',
        selected: true,
        accessRole: c.accessRole,
        defaultReminders: [],
        ...(c.primary ? { primary: true } : {}),
      }));
      const extra = { kind: 'calendar#calendarList', etag: etag(seq) };
      if (pageToken) {
        const next = continuePage(pageToken, maxResults);
        return next ? { status: 200, body: next } : apiError({ status: 400, reason: 'invalid', message: 'Invalid page token value.' });
      }
      return { status: 200, body: page(items, maxResults, `CL${encodeToken({ s: seq })}`, extra) };
    }

    if (segments[0] !== 'calendars' || segments[2] !== 'events' || segments.length > 4) {
      return apiError({ status: 404, reason: 'notFound', message: 'Not Found' });
    }
    const calendarId = resolveCalendarId(segments[1]!);
    const calendar = calendars.get(calendarId);
    if (!calendar) return apiError({ status: 404, reason: 'notFound', message: 'Not Found' });
    const eventId = segments[3];

    if (eventId === undefined && method === 'GET') {
      const pageToken = query.get('pageToken');
      if (pageToken) {
        const next = continuePage(pageToken, maxResults);
        return next ? { status: 200, body: next } : apiError({ status: 400, reason: 'invalid', message: 'Invalid page token value.' });
      }
      const token = query.get('syncToken');
      const timeMin = query.get('timeMin');
      const timeMax = query.get('timeMax');
      let since: number | undefined;
      if (token) {
        for (const forbidden of ['timeMin', 'timeMax', 'updatedMin', 'q', 'orderBy', 'iCalUID', 'privateExtendedProperty', 'sharedExtendedProperty']) {
          if (query.has(forbidden)) {
            return apiError({ status: 400, reason: 'invalid', message: `The ${forbidden} parameter cannot be used with a sync token.` });
          }
        }
        const payload = token.startsWith('CP') ? decodeToken<SyncTokenPayload>(token.slice(2)) : undefined;
        if (!payload || payload.g !== generation || payload.c !== calendarId) {
          return apiError({ status: 410, reason: 'fullSyncRequired', message: 'Sync token is no longer valid, a full sync is required.' });
        }
        since = payload.s;
      }
      const parseTime = (value: string | null): number | undefined => {
        if (value === null) return undefined;
        const t = Date.parse(value);
        return Number.isNaN(t) || !/(Z|[+-]\d{2}:\d{2})$/i.test(value) ? Number.NaN : t;
      };
      const min = parseTime(timeMin);
      const max = parseTime(timeMax);
      if (Number.isNaN(min) || Number.isNaN(max)) return apiError({ status: 400, reason: 'badRequest', message: 'Bad Request' });
      if (min !== undefined && max !== undefined && max <= min) {
        return apiError({ status: 400, reason: 'timeRangeEmpty', message: 'The specified time range is empty.' });
      }
      const items = listItems(calendarId, {
        singleEvents: query.get('singleEvents') === 'true',
        showDeleted: query.get('showDeleted') === 'true',
        timeMin: min,
        timeMax: max,
        since,
      });
      const extra = {
        kind: 'calendar#events',
        etag: etag(seq),
        summary: calendar.summary,
        description: '',
        updated: new Date().toISOString(),
        timeZone: calendar.timeZone,
        accessRole: calendar.accessRole,
        defaultReminders: [],
      };
      return { status: 200, body: page(items, maxResults, syncToken(calendarId), extra) };
    }

    if (eventId === undefined && method === 'POST') {
      if (!canWrite(calendar)) {
        return apiError({ status: 403, reason: 'requiredAccessLevel', message: 'You need to have writer access to this calendar.' });
      }
      let body: Record<string, unknown>;
      try {
        body = JSON.parse(bodyText || '{}') as Record<string, unknown>;
      } catch {
        return apiError({ status: 400, reason: 'parseError', message: 'Parse Error' });
      }
      if (body.id !== undefined) {
        if (typeof body.id !== 'string' || !/^[a-v0-9]{5,1024}$/.test(body.id)) {
          return apiError({ status: 400, reason: 'invalid', message: 'Invalid resource id value.' });
        }
        if (stored.has(key(calendarId, body.id))) {
          return apiError({ status: 409, reason: 'duplicate', message: 'The requested identifier already exists.' });
        }
      }
      const invalid = validateTimes(body);
      if (invalid) return apiError(invalid);
      const created = createStored(calendarId, body as Partial<GoogleEvent> & { start: GoogleEventTime; end: GoogleEventTime });
      return { status: 200, body: created };
    }

    if (eventId === undefined) return apiError({ status: 405, reason: 'httpMethodNotAllowed', message: 'Method Not Allowed' });

    const s = stored.get(key(calendarId, eventId));
    if (method === 'GET') {
      if (s) return { status: 200, body: s.event };
      const instance = findInstance(calendarId, eventId);
      if (instance) return { status: 200, body: instance.cancelled ? cancelledView(instance.resource) : instance.resource };
      return apiError({ status: 404, reason: 'notFound', message: 'Not Found' });
    }
    if (method === 'PATCH' || method === 'PUT') {
      if (!s) return apiError({ status: 404, reason: 'notFound', message: 'Not Found' });
      if (!canWrite(calendar)) {
        return apiError({ status: 403, reason: 'requiredAccessLevel', message: 'You need to have writer access to this calendar.' });
      }
      let body: Record<string, unknown>;
      try {
        body = JSON.parse(bodyText || '{}') as Record<string, unknown>;
      } catch {
        return apiError({ status: 400, reason: 'parseError', message: 'Parse Error' });
      }
      const merged = { ...s.event, ...body } as Record<string, unknown>;
      const invalid = validateTimes(merged);
      if (invalid) return apiError(invalid);
      bumpEvent(s, (event) => applyPatch(event, body));
      return { status: 200, body: s.event };
    }
    if (method === 'DELETE') {
      if (!canWrite(calendar)) {
        return apiError({ status: 403, reason: 'requiredAccessLevel', message: 'You need to have writer access to this calendar.' });
      }
      if (!s) {
        const instance = findInstance(calendarId, eventId);
        if (!instance) return apiError({ status: 404, reason: 'notFound', message: 'Not Found' });
        if (instance.cancelled) return apiError({ status: 410, reason: 'deleted', message: 'Resource has been deleted' });
        cancelInstance(calendarId, eventId);
        return { status: 204 };
      }
      if (s.event.status === 'cancelled') return apiError({ status: 410, reason: 'deleted', message: 'Resource has been deleted' });
      bumpEvent(s, (event) => {
        event.status = 'cancelled';
      });
      return { status: 204 };
    }
    return apiError({ status: 405, reason: 'httpMethodNotAllowed', message: 'Method Not Allowed' });
  }

  function findInstance(calendarId: string, instanceId: string): Instance | undefined {
    const masterId = instanceId.split('_')[0] ?? '';
    const s = stored.get(key(calendarId, masterId));
    if (!s || !s.event.recurrence) return undefined;
    return instancesOf(s).find((i) => i.id === instanceId);
  }

  function cancelInstance(calendarId: string, instanceId: string): void {
    const masterId = instanceId.split('_')[0] ?? '';
    const s = stored.get(key(calendarId, masterId));
    if (!s) throw new Error(`google fake: no recurring event for instance ${instanceId}`);
    seq += 1;
    s.cancelledInstances.set(instanceId, seq);
  }

  // ---- server --------------------------------------------------------------------------------------

  const handle = (req: http.IncomingMessage, raw: Buffer, res: http.ServerResponse): void => {
    const url = new URL(req.url ?? '/', 'http://fake');
    const path = url.pathname;
    const method = req.method ?? 'GET';
    const body = raw.toString('utf8');
    const target: 'api' | 'token' = path === '/token' ? 'token' : 'api';
    const answer = (a: Answer) => {
      requests.push({ target, method, path, query: Object.fromEntries(url.searchParams), headers: req.headers, body, status: a.status });
      sendJson(res, a.status, a.body, a.headers);
    };

    const failureIndex = failures.findIndex((f) => (f.target ?? 'api') === target);
    if (failureIndex >= 0) {
      const [failure] = failures.splice(failureIndex, 1) as [ScriptedFailure];
      const headers: Record<string, string> = { ...failure.headers };
      if (failure.retryAfter !== undefined) headers['Retry-After'] = String(failure.retryAfter);
      if (failure.status === 401 && target === 'api') {
        headers['WWW-Authenticate'] ??= 'Bearer realm="https://accounts.google.com/", error="invalid_token"';
      }
      const defaultBody = target === 'token' ? defaultTokenErrorBody(failure.status) : defaultApiErrorBody(failure.status);
      return answer({ status: failure.status, body: failure.body ?? defaultBody, headers });
    }

    if (target === 'token') {
      if (method !== 'POST') return answer({ status: 405, body: { error: 'invalid_request', error_description: 'POST required' } });
      return answer(handleToken(new URLSearchParams(body), req.headers));
    }
    // https://developers.google.com/identity/protocols/oauth2/web-server#tokenrevoke: POST /revoke token=…
    if (path === '/revoke' && method === 'POST') {
      const token = new URLSearchParams(body).get('token') ?? url.searchParams.get('token') ?? '';
      if (!refreshTokens.has(token)) return answer({ status: 400, body: { error: 'invalid_token', error_description: 'Token expired or revoked' } });
      refreshTokens.delete(token);
      revokedByRevokeEndpoint.push(token);
      return answer({ status: 200, body: {} });
    }
    if (!path.startsWith('/calendar/v3/')) return answer({ status: 404, body: googleErrorBody(404, 'notFound', 'Not Found') });
    if (!authorized(req.headers)) {
      return answer({
        status: 401,
        body: defaultApiErrorBody(401),
        headers: { 'WWW-Authenticate': 'Bearer realm="https://accounts.google.com/", error="invalid_token"' },
      });
    }
    const segments = path
      .slice('/calendar/v3/'.length)
      .split('/')
      .filter((s) => s !== '')
      .map((s) => decodeURIComponent(s));
    return answer(handleApi(method, segments, url.searchParams, body));
  };

  const { url, close: closeServer } = await listenFake((req, raw, res) => handle(req, raw, res));

  const requireStored = (calendarId: string, eventId: string): Stored => {
    const s = stored.get(key(resolveCalendarId(calendarId), eventId));
    if (!s) throw new Error(`google fake: no event ${eventId} in ${calendarId}`);
    return s;
  };

  return {
    url,
    rootUrl: `${url}/`,
    tokenUrl: `${url}/token`,
    revokeUrl: `${url}/revoke`,
    revokedTokens: revokedByRevokeEndpoint,
    clientId,
    clientSecret,
    refreshToken,
    credentials: { clientId, clientSecret, refreshToken },
    requests,
    apiRequests: () => requests.filter((r) => r.target === 'api'),
    tokenRequests: () => requests.filter((r) => r.target === 'token'),
    failNext: (failure) => void failures.push(failure),
    addCalendar,
    addEvent(calendarId, event) {
      const id = resolveCalendarId(calendarId);
      if (!calendars.has(id)) throw new Error(`google fake: no calendar ${calendarId}`);
      return createStored(id, event);
    },
    editEvent(calendarId, eventId, patch) {
      const s = requireStored(calendarId, eventId);
      bumpEvent(s, (event) => applyPatch(event, patch as Record<string, unknown>));
      return s.event;
    },
    removeEvent(calendarId, eventId) {
      const id = resolveCalendarId(calendarId);
      const s = stored.get(key(id, eventId));
      if (s) {
        bumpEvent(s, (event) => {
          event.status = 'cancelled';
        });
      } else {
        cancelInstance(id, eventId);
      }
    },
    getEvent: (calendarId, eventId) => stored.get(key(resolveCalendarId(calendarId), eventId))?.event,
    events: (calendarId) => [...stored.values()].filter((s) => s.calendarId === resolveCalendarId(calendarId)).map((s) => s.event),
    expireSyncTokens() {
      generation += 1;
    },
    revokeRefreshToken(token = refreshToken) {
      refreshTokens.delete(token);
    },
    issueAuthCode(opts = {}) {
      const code = `4/0A${randomBytes(24).toString('base64url')}`;
      authCodes.set(code, { redirectUri: opts.redirectUri, scope: opts.scope ?? GOOGLE_DEFAULT_SCOPE });
      return code;
    },
    close: closeServer,
  };
}
