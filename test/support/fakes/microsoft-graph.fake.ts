/**
 * A local stand-in for the parts of Microsoft Graph v1.0 (calendars/events) and the Microsoft identity
 * platform token endpoint that the Microsoft connector uses, following the documented REST contracts:
 *
 * - `POST /{tenant}/oauth2/v2.0/token` (form-encoded; `scope` required → else 400 AADSTS90014):
 *   `grant_type=refresh_token` → `{token_type:"Bearer", scope, expires_in: 3599, ext_expires_in,
 *   access_token, refresh_token}` — the refresh token rotates (a new one with every answer; older ones
 *   stay valid until revoked, as with Entra ID); `grant_type=authorization_code` (codes from
 *   `issueAuthCode`). Unknown/revoked refresh token → 400 `invalid_grant` with AADSTS70008 text and
 *   `error_codes: [70008]`; wrong client secret → 401 `invalid_client` (AADSTS7000215).
 * - Every Graph call needs `Authorization: Bearer <access token>`; otherwise 401
 *   `{"error":{"code":"InvalidAuthenticationToken",…}}` with a `WWW-Authenticate: Bearer …` header.
 * - `GET /v1.0/me/calendars` (paged with `@odata.nextLink`).
 * - `GET /v1.0/me/calendars/{id}/calendarView/delta?startDateTime&endDateTime`: the first round lists
 *   the window's single instances, occurrences (weekly/daily series expanded, `type: "occurrence"`,
 *   `seriesMasterId`) and exceptions; pages end with `@odata.nextLink` (`$skiptoken`) and the last with
 *   `@odata.deltaLink` (`$deltatoken`). A delta link answers what changed since: changed items in full,
 *   deleted ones (and ones that left the window) as `{"id":…,"@removed":{"reason":"deleted"}}`. A new
 *   delta token comes with every write. `expireSyncTokens()` → 410 `syncStateNotFound`.
 *   Page size: `Prefer: odata.maxpagesize=N`, else the fake's `pageSize`.
 * - `Prefer: outlook.timezone="…"`: dateTimes come without offset in that zone (UTC or an IANA name),
 *   `start.timeZone` names it; default UTC. `Preference-Applied` echoes it.
 * - `GET /v1.0/me/calendars/{id}/events` with `$filter=singleValueExtendedProperties/Any(ep: ep/id eq
 *   '…' and ep/value eq '…')`; `POST …/events` (`transactionId`: a POST repeating the transactionId of an
 *   existing event answers 201 with that event instead of creating a second one);
 *   `GET|PATCH|DELETE /v1.0/me/events/{id}` and `/v1.0/me/calendars/{cid}/events/{id}`, `$expand=
 *   singleValueExtendedProperties($filter=id eq '…')`. Unknown calendar/event → 404 `ErrorItemNotFound`.
 * - Error bodies `{"error":{"code","message","innerError":{date,request-id,client-request-id}}}`.
 *
 *   const fake = await startMicrosoftGraphFake();
 *   createMicrosoftConnector({ credentials: fake.credentials, graphBaseUrl: fake.url, tokenUrl: fake.tokenUrl })
 *   const cal = fake.defaultCalendarId;
 * fake.addEvent(cal, { subject: 'Standup', start: '2030-01-07T09:00:00Z', end: '…', recurrence: { weekly: true,
 * count: 6 } });
 * fake.failNext({ status: 429, retryAfter: 3 });      // next Graph request only (`target: 'token'` for the token
 * endpoint)
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type http from 'node:http';
import { listenFake, type ScriptedFailure } from './fake-http.ts';

export type { ScriptedFailure };

export type GraphFakeRequest = {
  target: 'api' | 'token';
  method: string;
  path: string;
  query: Record<string, string>;
  headers: http.IncomingHttpHeaders;
  body: string;
  status: number;
};

export type GraphCalendar = { id: string; name: string; isDefaultCalendar: boolean; canEdit: boolean };

export type GraphExtendedProperty = { id: string; value: string };

/** An event as the fake keeps it: instants (all-day: UTC midnights). */
export type GraphStoredEvent = {
  id: string;
  calendarId: string;
  subject: string;
  body: { contentType: 'text' | 'html'; content: string };
  start: number;
  end: number;
  isAllDay: boolean;
  showAs: 'free' | 'tentative' | 'busy' | 'oof' | 'workingElsewhere' | 'unknown';
  isCancelled: boolean;
  location?: string;
  attendees: unknown[];
  transactionId?: string;
  singleValueExtendedProperties: GraphExtendedProperty[];
  /** Simple series: every `interval` weeks (or days) from `start`, `count` times (or until `until`). */
  recurrence?: { unit: 'weekly' | 'daily'; interval: number; count?: number; until?: string };
  deleted: boolean;
  seq: number;
  createdDateTime: string;
  lastModifiedDateTime: string;
  changeKey: string;
  iCalUId: string;
  /** Occurrence ids deleted one by one. */
  cancelledOccurrences: Set<string>;
};

/** Input for `addEvent`: instants as ISO strings (or dates for all-day) like a user would create them. */
export type GraphEventInput = {
  subject?: string;
  start: string;
  end: string;
  isAllDay?: boolean;
  showAs?: GraphStoredEvent['showAs'];
  isCancelled?: boolean;
  location?: string;
  body?: string;
  recurrence?: { weekly?: boolean; daily?: boolean; interval?: number; count?: number; until?: string };
  transactionId?: string;
  singleValueExtendedProperties?: GraphExtendedProperty[];
};

export type MicrosoftGraphFake = {
  /** Graph base URL for the connector (`graphBaseUrl`), e.g. `http://127.0.0.1:40123`; API under `/v1.0`. */
  url: string;
  /** The token endpoint, tenant `common`: `url` + `/common/oauth2/v2.0/token`. */
  tokenUrl: string;
  /** The authorize endpoint base for the same tenant (for URL-building tests). */
  authorizeUrl: string;
  clientId: string;
  clientSecret: string;
  refreshToken: string;
  credentials: { clientId: string; clientSecret: string; refreshToken: string };
  defaultCalendarId: string;
  requests: GraphFakeRequest[];
  apiRequests(): GraphFakeRequest[];
  tokenRequests(): GraphFakeRequest[];
  failNext(failure: ScriptedFailure): void;
  addCalendar(calendar: Partial<GraphCalendar> & { name: string }): GraphCalendar;
  addEvent(calendarId: string, event: GraphEventInput): GraphStoredEvent;
  /** Changes an event as if edited in Outlook. */
  editEvent(calendarId: string, eventId: string, change: Partial<GraphEventInput>): GraphStoredEvent;
  /** Deletes an event, or one occurrence of a series, as if done in Outlook. */
  removeEvent(calendarId: string, eventId: string): void;
  getEvent(eventId: string): GraphStoredEvent | undefined;
  /** Stored (not deleted) events of a calendar, series unexpanded. */
  events(calendarId: string): GraphStoredEvent[];
  /** Every delta token issued so far answers 410 syncStateNotFound from now on. */
  expireSyncTokens(): void;
  /** Revokes every refresh token (consent withdrawn / password reset) and the access tokens issued. */
  revokeRefreshTokens(): void;
  issueAuthCode(options?: { redirectUri?: string; scope?: string }): string;
  close(): Promise<void>;
};

const DAY_MS = 86_400_000;
const MAX_OCCURRENCES = 104;
export const MICROSOFT_DEFAULT_SCOPE = 'Calendars.ReadWrite';

function sendJson(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (status === 204) {
    res.writeHead(204, headers);
    res.end();
    return;
  }
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; odata.metadata=minimal; charset=utf-8', 'Content-Length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

function graphError(code: string, message: string) {
  const date = new Date().toISOString().replace(/\.\d{3}Z$/, '');
  return { error: { code, message, innerError: { date, 'request-id': randomUUID(), 'client-request-id': randomUUID() } } };
}

function defaultApiErrorBody(status: number): unknown {
  switch (status) {
    case 400:
      return graphError('BadRequest', 'Bad request.');
    case 401:
      return graphError('InvalidAuthenticationToken', 'Access token has expired or is not yet valid.');
    case 403:
      return graphError('ErrorAccessDenied', 'Access is denied. Check credentials and try again.');
    case 404:
      return graphError('ErrorItemNotFound', 'The specified object was not found in the store.');
    case 409:
      return graphError(
        'ErrorIrresolvableConflict',
        'The send or update operation could not be performed because the change key passed in the request does not match the current change key for the item.',
      );
    case 410:
      return graphError('syncStateNotFound', 'The sync state generation is invalid or not found.');
    case 429:
      return graphError('TooManyRequests', 'Too many requests.');
    case 503:
      return graphError('ServiceUnavailable', 'Service Unavailable');
    default:
      return status >= 500 ? graphError('InternalServerError', 'Internal server error.') : graphError('BadRequest', 'Bad request.');
  }
}

function aadError(error: string, code: number, description: string) {
  const trace = randomUUID();
  const correlation = randomUUID();
  const timestamp = new Date()
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d{3}Z$/, 'Z');
  return {
    error,
    error_description: `AADSTS${code}: ${description}\r\nTrace ID: ${trace}\r\nCorrelation ID: ${correlation}\r\nTimestamp: ${timestamp}`,
    error_codes: [code],
    timestamp,
    trace_id: trace,
    correlation_id: correlation,
    error_uri: `https://login.microsoftonline.com/error?code=${code}`,
  };
}

const REVOKED_DESCRIPTION =
  'The provided authorization code or refresh token has expired due to inactivity. Send a new interactive authorization request for this user and resource.';

function defaultTokenErrorBody(status: number): unknown {
  if (status === 400) return aadError('invalid_grant', 70008, REVOKED_DESCRIPTION);
  if (status === 401) return aadError('invalid_client', 7000215, 'Invalid client secret provided.');
  if (status === 429) return aadError('temporarily_unavailable', 90033, 'A transient error has occurred. Please try again.');
  return aadError('temporarily_unavailable', 90033, 'A transient error has occurred. Please try again.');
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

function graphId(prefix = 'AAMkAG'): string {
  return `${prefix}${randomBytes(30).toString('base64url')}AAA=`;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** Wall-clock fields of an instant in an IANA zone (or UTC). */
function wallClock(instant: number, zone: string): { y: number; mo: number; d: number; h: number; mi: number; s: number } {
  if (zone === 'UTC') {
    const t = new Date(instant);
    return { y: t.getUTCFullYear(), mo: t.getUTCMonth() + 1, d: t.getUTCDate(), h: t.getUTCHours(), mi: t.getUTCMinutes(), s: t.getUTCSeconds() };
  }
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    })
      .formatToParts(new Date(instant))
      .map((p) => [p.type, p.value]),
  );
  return { y: +parts.year!, mo: +parts.month!, d: +parts.day!, h: +parts.hour!, mi: +parts.minute!, s: +parts.second! };
}

/** Graph's dateTime form: local wall clock, 7 fractional digits, no offset. */
function graphDateTime(instant: number, zone: string): string {
  const w = wallClock(instant, zone);
  return `${w.y}-${pad(w.mo)}-${pad(w.d)}T${pad(w.h)}:${pad(w.mi)}:${pad(w.s)}.0000000`;
}

function isZone(zone: string): boolean {
  if (zone === 'UTC') return true;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** A dateTimeTimeZone as sent by clients → instant. Local times in an IANA zone are resolved with Intl. */
function parseDateTimeTimeZone(value: { dateTime?: string; timeZone?: string } | undefined): number | undefined {
  if (!value?.dateTime) return undefined;
  const zone = value.timeZone ?? 'UTC';
  const local = value.dateTime.replace(/(\.\d+)?(Z|[+-]\d{2}:\d{2})?$/i, '');
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(local);
  if (!m) return undefined;
  const asUtc = Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +(m[6] ?? 0));
  if (zone === 'UTC' || /(Z|[+-]\d{2}:\d{2})$/i.test(value.dateTime)) {
    return /[+-]\d{2}:\d{2}$/.test(value.dateTime) ? Date.parse(value.dateTime) : asUtc;
  }
  // offset = wall(asUtc) - asUtc; iterate once for DST edges
  let guess = asUtc;
  for (let i = 0; i < 2; i += 1) {
    const w = wallClock(guess, zone);
    const wallAsUtc = Date.UTC(w.y, w.mo - 1, w.d, w.h, w.mi, w.s);
    guess = asUtc - (wallAsUtc - guess);
  }
  return guess;
}

type Occurrence = { id: string; start: number; end: number; type: 'singleInstance' | 'occurrence' | 'seriesMaster'; event: GraphStoredEvent };

/** A superseded state of one instance: for `@removed` answers to delta links older than `seq`. */
type HistoryEntry = { calendarId: string; id: string; start: number; end: number; seq: number };

type DeltaState = { c: string; s: number; g: number; from: number; to: number };

type PendingPage = { items: unknown[]; deltaLink: string };

export async function startMicrosoftGraphFake(
  options: { clientId?: string; clientSecret?: string; refreshToken?: string; pageSize?: number } = {},
): Promise<MicrosoftGraphFake> {
  const clientId = options.clientId ?? randomUUID();
  const clientSecret = options.clientSecret ?? `${randomBytes(4).toString('hex')}~${randomBytes(18).toString('base64url')}`;
  const refreshToken = options.refreshToken ?? `0.AXoA${randomBytes(60).toString('base64url')}`;
  const defaultPageSize = options.pageSize ?? 10;

  const requests: GraphFakeRequest[] = [];
  const failures: ScriptedFailure[] = [];
  const calendars = new Map<string, GraphCalendar>();
  const events = new Map<string, GraphStoredEvent>();
  const history: HistoryEntry[] = [];
  const refreshTokens = new Map<string, string>([[refreshToken, MICROSOFT_DEFAULT_SCOPE]]);
  const accessTokens = new Map<string, { expiresAt: number }>();
  const authCodes = new Map<string, { redirectUri: string | undefined; scope: string }>();
  const pages = new Map<string, PendingPage>();
  let seq = 1;
  let generation = 1;
  let url = '';

  function addCalendar(input: Partial<GraphCalendar> & { name: string }): GraphCalendar {
    const calendar: GraphCalendar = { id: graphId('AAMkAD'), isDefaultCalendar: false, canEdit: true, ...input };
    calendars.set(calendar.id, calendar);
    return calendar;
  }
  const defaultCalendar = addCalendar({ name: 'Calendar', isDefaultCalendar: true });

  function occurrencesOf(event: GraphStoredEvent): Occurrence[] {
    if (!event.recurrence) return [{ id: event.id, start: event.start, end: event.end, type: 'singleInstance', event }];
    const step = (event.recurrence.unit === 'weekly' ? 7 : 1) * event.recurrence.interval * DAY_MS;
    const until = event.recurrence.until ? Date.parse(`${event.recurrence.until}T23:59:59Z`) : Number.POSITIVE_INFINITY;
    const count = Math.min(event.recurrence.count ?? MAX_OCCURRENCES, MAX_OCCURRENCES);
    const out: Occurrence[] = [];
    for (let k = 0; k < count; k += 1) {
      const start = event.start + k * step;
      if (start > until) break;
      const t = new Date(start);
      const id = `${event.id.slice(0, -4)}OCC${t.getUTCFullYear()}${pad(t.getUTCMonth() + 1)}${pad(t.getUTCDate())}AAA=`;
      if (event.cancelledOccurrences.has(id)) continue;
      out.push({ id, start, end: event.end + k * step, type: 'occurrence', event });
    }
    return out;
  }

  /** The stored event itself: a single instance, or a series master. */
  function asItem(event: GraphStoredEvent): Occurrence {
    return { id: event.id, start: event.start, end: event.end, type: event.recurrence ? 'seriesMaster' : 'singleInstance', event };
  }

  function toGraph(occurrence: Occurrence, zone: string, expandIds: string[] = []): Record<string, unknown> {
    const e = occurrence.event;
    const isMaster = occurrence.type === 'seriesMaster';
    const edge = (instant: number) =>
      e.isAllDay
        ? { dateTime: `${new Date(instant).toISOString().slice(0, 10)}T00:00:00.0000000`, timeZone: zone }
        : { dateTime: graphDateTime(instant, zone), timeZone: zone };
    const out: Record<string, unknown> = {
      '@odata.etag': `W/"${e.changeKey}"`,
      id: occurrence.id,
      createdDateTime: e.createdDateTime,
      lastModifiedDateTime: e.lastModifiedDateTime,
      changeKey: e.changeKey,
      categories: [],
      transactionId: e.transactionId ?? null,
      originalStartTimeZone: 'UTC',
      originalEndTimeZone: 'UTC',
      iCalUId: e.iCalUId,
      reminderMinutesBeforeStart: 15,
      isReminderOn: true,
      hasAttachments: false,
      subject: e.subject,
      bodyPreview: e.body.content.slice(0, 255),
      importance: 'normal',
      sensitivity: 'normal',
      isAllDay: e.isAllDay,
      isCancelled: e.isCancelled,
      isOrganizer: true,
      responseRequested: true,
      seriesMasterId: occurrence.type === 'occurrence' ? e.id : null,
      showAs: e.showAs,
      type: occurrence.type,
      webLink: `https://outlook.office365.com/owa/?itemid=${encodeURIComponent(occurrence.id)}&exvsurl=1&path=/calendar/item`,
      isOnlineMeeting: false,
      isDraft: false,
      recurrence: isMaster
        ? {
            pattern: { type: e.recurrence!.unit, interval: e.recurrence!.interval },
            range: { type: e.recurrence!.count ? 'numbered' : 'noEnd', numberOfOccurrences: e.recurrence!.count ?? 0 },
          }
        : null,
      responseStatus: { response: 'organizer', time: '0001-01-01T00:00:00Z' },
      body: e.body,
      start: edge(occurrence.start),
      end: edge(occurrence.end),
      location: { displayName: e.location ?? '', locationType: 'default', uniqueIdType: 'unknown', address: {}, coordinates: {} },
      locations: [],
      attendees: e.attendees,
      organizer: { emailAddress: { name: 'Owner', address: 'owner@contoso.example' } },
    };
    const props = e.singleValueExtendedProperties.filter((p) => expandIds.some((id) => id.toLowerCase() === p.id.toLowerCase()));
    if (props.length > 0) out.singleValueExtendedProperties = props;
    return out;
  }

  function bump(event: GraphStoredEvent, change: () => void): void {
    const before = occurrencesOf(event).map((o) => ({ id: o.id, start: o.start, end: o.end }));
    change();
    seq += 1;
    event.seq = seq;
    event.changeKey = randomBytes(12).toString('base64');
    event.lastModifiedDateTime = new Date().toISOString().replace('Z', '0000Z');
    for (const b of before) history.push({ calendarId: event.calendarId, ...b, seq });
  }

  function create(calendarId: string, input: GraphEventInput): GraphStoredEvent {
    seq += 1;
    const now = new Date().toISOString().replace('Z', '0000Z');
    const allDay = input.isAllDay === true;
    const instant = (value: string) => (allDay ? Date.parse(`${value.slice(0, 10)}T00:00:00Z`) : Date.parse(value));
    const recurrence = input.recurrence
      ? {
          unit: input.recurrence.daily ? ('daily' as const) : ('weekly' as const),
          interval: input.recurrence.interval ?? 1,
          count: input.recurrence.count,
          until: input.recurrence.until,
        }
      : undefined;
    const event: GraphStoredEvent = {
      id: graphId(),
      calendarId,
      subject: input.subject ?? '',
      body: { contentType: 'text', content: input.body ?? '' },
      start: instant(input.start),
      end: instant(input.end),
      isAllDay: allDay,
      showAs: input.showAs ?? 'busy',
      isCancelled: input.isCancelled ?? false,
      location: input.location,
      attendees: [],
      transactionId: input.transactionId,
      singleValueExtendedProperties: input.singleValueExtendedProperties ?? [],
      recurrence,
      deleted: false,
      seq,
      createdDateTime: now,
      lastModifiedDateTime: now,
      changeKey: randomBytes(12).toString('base64'),
      iCalUId: `040000008200E00074C5B7101A82E008${randomBytes(28).toString('hex').toUpperCase()}`,
      cancelledOccurrences: new Set(),
    };
    events.set(event.id, event);
    return event;
  }

  function applyChange(event: GraphStoredEvent, change: Partial<GraphEventInput>): void {
    const allDay = change.isAllDay ?? event.isAllDay;
    const instant = (value: string) => (allDay ? Date.parse(`${value.slice(0, 10)}T00:00:00Z`) : Date.parse(value));
    if (change.subject !== undefined) event.subject = change.subject;
    if (change.body !== undefined) event.body = { contentType: 'text', content: change.body };
    if (change.isAllDay !== undefined) event.isAllDay = change.isAllDay;
    if (change.start !== undefined) event.start = instant(change.start);
    if (change.end !== undefined) event.end = instant(change.end);
    if (change.showAs !== undefined) event.showAs = change.showAs;
    if (change.isCancelled !== undefined) event.isCancelled = change.isCancelled;
    if (change.location !== undefined) event.location = change.location;
  }

  /** Applies a Graph PATCH/POST body (dateTimeTimeZone etc.) to a stored event. */
  function applyGraphBody(event: GraphStoredEvent, body: Record<string, unknown>): { status: number; code: string; message: string } | undefined {
    if (body.isAllDay !== undefined) event.isAllDay = body.isAllDay === true;
    for (const side of ['start', 'end'] as const) {
      const value = body[side] as { dateTime?: string; timeZone?: string } | undefined;
      if (value === undefined) continue;
      if (value.timeZone !== undefined && !isZone(value.timeZone)) {
        return {
          status: 400,
          code: 'TimeZoneNotSupportedException',
          message: `A valid TimeZone value must be specified. The following TimeZone value is not supported: '${value.timeZone}'.`,
        };
      }
      const instant = parseDateTimeTimeZone(value);
      if (instant === undefined)
        return {
          status: 400,
          code: 'ErrorInvalidRequest',
          message: `Cannot convert the literal '${value.dateTime}' to the expected type 'Edm.DateTimeOffset'.`,
        };
      event[side] = instant;
    }
    if (typeof body.subject === 'string') event.subject = body.subject;
    const content = body.body as { contentType?: string; content?: string } | undefined;
    if (content) event.body = { contentType: content.contentType === 'html' ? 'html' : 'text', content: content.content ?? '' };
    if (typeof body.showAs === 'string') event.showAs = body.showAs as GraphStoredEvent['showAs'];
    const location = body.location as { displayName?: string } | undefined;
    if (location) event.location = location.displayName;
    if (Array.isArray(body.attendees)) event.attendees = body.attendees;
    if (Array.isArray(body.singleValueExtendedProperties)) {
      for (const prop of body.singleValueExtendedProperties as GraphExtendedProperty[]) {
        const existing = event.singleValueExtendedProperties.find((p) => p.id.toLowerCase() === prop.id.toLowerCase());
        if (existing) existing.value = prop.value;
        else event.singleValueExtendedProperties.push({ id: prop.id, value: prop.value });
      }
    }
    if (event.end < event.start) return { status: 400, code: 'ErrorInvalidRequest', message: 'The end time must be after the start time.' };
    return undefined;
  }

  // ---- request helpers -----------------------------------------------------------------------------

  type Answer = { status: number; body?: unknown; headers?: Record<string, string> };
  const err = (status: number, code: string, message: string): Answer => ({ status, body: graphError(code, message) });
  const notFound = () => err(404, 'ErrorItemNotFound', 'The specified object was not found in the store.');

  function preferences(headers: http.IncomingHttpHeaders): { zone: string; maxPageSize: number | undefined } {
    const raw = ([] as string[]).concat(headers.prefer ?? []).join(',');
    const zone = /outlook\.timezone\s*=\s*"([^"]+)"/i.exec(raw)?.[1] ?? 'UTC';
    const size = /odata\.maxpagesize\s*=\s*(\d+)/i.exec(raw)?.[1];
    return { zone, maxPageSize: size === undefined ? undefined : Number(size) };
  }

  function handleToken(params: URLSearchParams, headers: http.IncomingHttpHeaders): Answer {
    let id = params.get('client_id');
    let secret = params.get('client_secret');
    const basic = /^Basic (.+)$/i.exec(headers.authorization ?? '');
    if (basic) [id, secret] = Buffer.from(basic[1]!, 'base64').toString('utf8').split(':') as [string, string];
    if (id !== clientId) {
      return { status: 400, body: aadError('unauthorized_client', 700016, `Application with identifier '${id}' was not found in the directory.`) };
    }
    if (secret !== clientSecret) return { status: 401, body: aadError('invalid_client', 7000215, 'Invalid client secret provided.') };
    const scope = params.get('scope');
    if (!scope) return { status: 400, body: aadError('invalid_request', 90014, "The required field 'scope' is missing.") };
    const issue = (grantedScope: string) => {
      const accessToken = `eyJ0eXAiOiJKV1QiLCJub25jZSI6${randomBytes(40).toString('base64url')}`;
      accessTokens.set(accessToken, { expiresAt: Date.now() + 3599_000 });
      const rotated = `0.AXoA${randomBytes(60).toString('base64url')}`;
      refreshTokens.set(rotated, grantedScope);
      return { token_type: 'Bearer', scope: grantedScope, expires_in: 3599, ext_expires_in: 3599, access_token: accessToken, refresh_token: rotated };
    };
    switch (params.get('grant_type')) {
      case 'refresh_token': {
        const granted = refreshTokens.get(params.get('refresh_token') ?? '');
        if (granted === undefined) return { status: 400, body: aadError('invalid_grant', 70008, REVOKED_DESCRIPTION) };
        return { status: 200, body: issue(granted) };
      }
      case 'authorization_code': {
        const code = authCodes.get(params.get('code') ?? '');
        if (!code) return { status: 400, body: aadError('invalid_grant', 70000, 'Provided grant is invalid or malformed.') };
        if (code.redirectUri !== undefined && code.redirectUri !== params.get('redirect_uri')) {
          return { status: 400, body: aadError('invalid_grant', 50148, 'The redirect_uri does not match the redirect URI used in the authorization request.') };
        }
        authCodes.delete(params.get('code') ?? '');
        return { status: 200, body: issue(code.scope) };
      }
      default:
        return { status: 400, body: aadError('unsupported_grant_type', 70003, 'The app requested an unsupported grant type.') };
    }
  }

  function authorized(headers: http.IncomingHttpHeaders): boolean {
    const token = /^Bearer (.+)$/i.exec(headers.authorization ?? '')?.[1];
    const grant = token === undefined ? undefined : accessTokens.get(token);
    return grant !== undefined && grant.expiresAt > Date.now();
  }

  function deltaLinkFor(state: DeltaState): string {
    return `${url}/v1.0/me/calendars/${encodeURIComponent(state.c)}/calendarView/delta?$deltatoken=${encodeToken(state)}`;
  }

  function pageOut(items: unknown[], size: number, deltaLink: string): Record<string, unknown> {
    const context = `${url}/v1.0/$metadata#Collection(event)`;
    const first = items.slice(0, size);
    const rest = items.slice(size);
    if (rest.length === 0) return { '@odata.context': context, '@odata.deltaLink': deltaLink, value: first };
    const token = randomBytes(18).toString('base64url');
    pages.set(token, { items: rest, deltaLink });
    return {
      '@odata.context': context,
      '@odata.nextLink': `${url}/v1.0/me/calendars/${encodeURIComponent(calendarOfDelta(deltaLink))}/calendarView/delta?$skiptoken=${token}`,
      value: first,
    };
  }

  function calendarOfDelta(link: string): string {
    return decodeURIComponent(/\/me\/calendars\/([^/]+)\//.exec(link)?.[1] ?? '');
  }

  function handleDelta(calendarId: string, query: URLSearchParams, headers: http.IncomingHttpHeaders): Answer {
    const { zone, maxPageSize } = preferences(headers);
    const size = maxPageSize ?? defaultPageSize;
    const skip = query.get('$skiptoken');
    if (skip !== null) {
      const pending = pages.get(skip);
      if (!pending) return err(400, 'BadRequest', 'Invalid skip token.');
      pages.delete(skip);
      return { status: 200, body: pageOut(pending.items, size, pending.deltaLink), headers: applied(zone) };
    }
    const deltaToken = query.get('$deltatoken');
    let state: DeltaState;
    let since: number | undefined;
    if (deltaToken !== null) {
      const decoded = decodeToken<DeltaState>(deltaToken);
      if (!decoded || decoded.g !== generation || decoded.c !== calendarId) {
        return err(410, 'syncStateNotFound', 'The sync state generation is invalid or not found.');
      }
      since = decoded.s;
      state = { ...decoded, s: seq };
    } else {
      const start = query.get('startDateTime') ?? query.get('startdatetime');
      const end = query.get('endDateTime') ?? query.get('enddatetime');
      if (!start || !end) {
        return err(400, 'ErrorInvalidParameter', 'This request requires a time window specified by the query string parameters StartDateTime and EndDateTime.');
      }
      const from = Date.parse(/(Z|[+-]\d{2}:\d{2})$/i.test(start) ? start : `${start}Z`);
      const to = Date.parse(/(Z|[+-]\d{2}:\d{2})$/i.test(end) ? end : `${end}Z`);
      if (Number.isNaN(from) || Number.isNaN(to))
        return err(400, 'ErrorInvalidParameter', 'The value of the parameter StartDateTime or EndDateTime is invalid.');
      state = { c: calendarId, s: seq, g: generation, from, to };
    }
    const overlapping = (s: number, e: number) => e > state.from && s < state.to;
    const items: { start: number; item: unknown }[] = [];
    const present = new Set<string>();
    for (const event of events.values()) {
      if (event.calendarId !== calendarId || event.deleted) continue;
      if (since !== undefined && event.seq <= since) continue;
      for (const o of occurrencesOf(event)) {
        if (!overlapping(o.start, o.end)) continue;
        present.add(o.id);
        items.push({ start: o.start, item: { '@odata.type': '#microsoft.graph.event', ...toGraph(o, zone) } });
      }
    }
    if (since !== undefined) {
      const removed = new Set<string>();
      for (const h of history) {
        if (h.calendarId !== calendarId || h.seq <= since || present.has(h.id) || removed.has(h.id)) continue;
        if (!overlapping(h.start, h.end)) continue;
        removed.add(h.id);
        items.push({ start: h.start, item: { '@odata.type': '#microsoft.graph.event', id: h.id, '@removed': { reason: 'deleted' } } });
      }
    }
    items.sort((a, b) => a.start - b.start);
    return {
      status: 200,
      body: pageOut(
        items.map((i) => i.item),
        size,
        deltaLinkFor(state),
      ),
      headers: applied(zone),
    };
  }

  const applied = (zone: string) => ({ 'Preference-Applied': `outlook.timezone="${zone}"` });

  function parseBody(text: string): Record<string, unknown> | undefined {
    try {
      const value: unknown = JSON.parse(text || '{}');
      return value && typeof value === 'object' ? (value as Record<string, unknown>) : undefined;
    } catch {
      return undefined;
    }
  }

  /** `$expand=singleValueExtendedProperties($filter=id eq '…')` → the property ids asked for. */
  function expandIds(query: URLSearchParams): string[] {
    const expand = query.get('$expand') ?? '';
    return [...expand.matchAll(/singleValueExtendedProperties\(\$filter=id eq '([^']+)'\)/gi)].map((m) => m[1]!);
  }

  /** Deletes one occurrence of a series: only that occurrence changes (answered as @removed). */
  function cancelOccurrence(event: GraphStoredEvent, occurrence: Occurrence): void {
    seq += 1;
    event.cancelledOccurrences.add(occurrence.id);
    history.push({ calendarId: event.calendarId, id: occurrence.id, start: occurrence.start, end: occurrence.end, seq });
  }

  function findOccurrence(id: string): { event: GraphStoredEvent; occurrence: Occurrence } | undefined {
    for (const event of events.values()) {
      if (!event.recurrence || event.deleted) continue;
      const occurrence = occurrencesOf(event).find((o) => o.id === id);
      if (occurrence) return { event, occurrence };
    }
    return undefined;
  }

  function handleEvent(method: string, eventId: string, calendarId: string | undefined, query: URLSearchParams, bodyText: string, zone: string): Answer {
    const event = events.get(eventId);
    const visible = event && !event.deleted && (calendarId === undefined || event.calendarId === calendarId) ? event : undefined;
    if (method === 'GET') {
      if (visible) return { status: 200, body: toGraph(asItem(visible), zone, expandIds(query)), headers: applied(zone) };
      const occ = findOccurrence(eventId);
      if (occ && (calendarId === undefined || occ.event.calendarId === calendarId)) {
        return { status: 200, body: toGraph(occ.occurrence, zone, expandIds(query)), headers: applied(zone) };
      }
      return notFound();
    }
    if (method === 'PATCH') {
      if (!visible) return notFound();
      if (!calendars.get(visible.calendarId)?.canEdit) return err(403, 'ErrorAccessDenied', 'Access is denied. Check credentials and try again.');
      const body = parseBody(bodyText);
      if (!body) return err(400, 'BadRequest', 'Unable to read JSON request payload.');
      const next: GraphStoredEvent = { ...visible, singleValueExtendedProperties: visible.singleValueExtendedProperties.map((p) => ({ ...p })) };
      const problem = applyGraphBody(next, body);
      if (problem) return err(problem.status, problem.code, problem.message);
      bump(visible, () => Object.assign(visible, next));
      return { status: 200, body: toGraph(asItem(visible), zone), headers: applied(zone) };
    }
    if (method === 'DELETE') {
      if (visible) {
        if (!calendars.get(visible.calendarId)?.canEdit) return err(403, 'ErrorAccessDenied', 'Access is denied. Check credentials and try again.');
        bump(visible, () => {
          visible.deleted = true;
        });
        return { status: 204 };
      }
      const occ = findOccurrence(eventId);
      if (!occ || (calendarId !== undefined && occ.event.calendarId !== calendarId)) return notFound();
      cancelOccurrence(occ.event, occ.occurrence);
      return { status: 204 };
    }
    return err(405, 'BadRequest', 'Unsupported method.');
  }

  function handleApi(method: string, segments: string[], query: URLSearchParams, headers: http.IncomingHttpHeaders, bodyText: string): Answer {
    const { zone } = preferences(headers);
    if (segments[0] !== 'me') return err(400, 'BadRequest', 'Resource not found for the segment.');
    // /me/calendars
    if (segments[1] === 'calendars' && segments.length === 2 && method === 'GET') {
      const all = [...calendars.values()];
      const skip = Number(query.get('$skip') ?? '0');
      const top = Number(query.get('$top') ?? String(defaultPageSize));
      const value = all.slice(skip, skip + top).map((c) => ({
        id: c.id,
        name: c.name,
        color: 'auto',
        hexColor: '',
        isDefaultCalendar: c.isDefaultCalendar,
        changeKey: randomBytes(12).toString('base64'),
        canShare: c.canEdit,
        canViewPrivateItems: true,
        canEdit: c.canEdit,
        allowedOnlineMeetingProviders: ['teamsForBusiness'],
        defaultOnlineMeetingProvider: 'teamsForBusiness',
        isTallyingResponses: true,
        isRemovable: !c.isDefaultCalendar,
        owner: { name: 'Owner', address: 'owner@contoso.example' },
      }));
      const body: Record<string, unknown> = { '@odata.context': `${url}/v1.0/$metadata#users('owner%40contoso.example')/calendars`, value };
      if (skip + top < all.length) body['@odata.nextLink'] = `${url}/v1.0/me/calendars?$top=${top}&$skip=${skip + top}`;
      return { status: 200, body };
    }
    // /me/events/{id}
    if (segments[1] === 'events' && segments.length === 3) return handleEvent(method, segments[2]!, undefined, query, bodyText, zone);
    if (segments[1] !== 'calendars' || segments.length < 3) return err(400, 'BadRequest', 'Resource not found for the segment.');
    const calendarId = segments[2]!;
    const calendar = calendars.get(calendarId);
    if (!calendar) return notFound();
    // /me/calendars/{id}/calendarView/delta
    if (segments[3] === 'calendarView' && segments[4] === 'delta' && segments.length === 5 && method === 'GET') {
      return handleDelta(calendarId, query, headers);
    }
    if (segments[3] !== 'events') return err(400, 'BadRequest', 'Resource not found for the segment.');
    if (segments.length === 5) return handleEvent(method, segments[4]!, calendarId, query, bodyText, zone);
    if (segments.length !== 4) return err(400, 'BadRequest', 'Resource not found for the segment.');
    if (method === 'GET') {
      const filter = query.get('$filter');
      let matches = [...events.values()].filter((e) => e.calendarId === calendarId && !e.deleted);
      if (filter !== null) {
        const m = /^singleValueExtendedProperties\/any\(\s*(\w+)\s*:\s*\1\/id eq '([^']+)' and \1\/value eq '([^']*)'\s*\)$/i.exec(filter.trim());
        if (!m) return err(400, 'ErrorInvalidUrlQueryFilter', 'The query filter contains one or more invalid nodes.');
        const [, , propId, value] = m;
        matches = matches.filter((e) => e.singleValueExtendedProperties.some((p) => p.id.toLowerCase() === propId!.toLowerCase() && p.value === value));
      }
      const top = Number(query.get('$top') ?? String(defaultPageSize));
      return {
        status: 200,
        body: {
          '@odata.context': `${url}/v1.0/$metadata#users('owner%40contoso.example')/calendars('${calendarId}')/events`,
          value: matches.slice(0, top).map((e) => toGraph(asItem(e), zone, expandIds(query))),
        },
        headers: applied(zone),
      };
    }
    if (method === 'POST') {
      if (!calendar.canEdit) return err(403, 'ErrorAccessDenied', 'Access is denied. Check credentials and try again.');
      const body = parseBody(bodyText);
      if (!body) return err(400, 'BadRequest', 'Unable to read JSON request payload.');
      const transactionId = typeof body.transactionId === 'string' ? body.transactionId : undefined;
      if (transactionId !== undefined) {
        const existing = [...events.values()].find((e) => e.calendarId === calendarId && !e.deleted && e.transactionId === transactionId);
        if (existing) return { status: 201, body: toGraph(asItem(existing), zone), headers: applied(zone) };
      }
      if (!body.start || !body.end) return err(400, 'ErrorInvalidRequest', "Your request can't be completed. An event must have a start and an end time.");
      const event = create(calendarId, { start: new Date(0).toISOString(), end: new Date(0).toISOString(), transactionId });
      const problem = applyGraphBody(event, body);
      if (problem) {
        events.delete(event.id);
        return err(problem.status, problem.code, problem.message);
      }
      return { status: 201, body: toGraph(asItem(event), zone), headers: { ...applied(zone), Location: `${url}/v1.0/me/events('${event.id}')` } };
    }
    return err(405, 'BadRequest', 'Unsupported method.');
  }

  // ---- server --------------------------------------------------------------------------------------

  const handle = (req: http.IncomingMessage, raw: Buffer, res: http.ServerResponse): void => {
    const parsed = new URL(req.url ?? '/', 'http://fake');
    const path = parsed.pathname;
    const method = req.method ?? 'GET';
    const body = raw.toString('utf8');
    const target: 'api' | 'token' = /^\/[^/]+\/oauth2\/v2\.0\/token$/.test(path) ? 'token' : 'api';
    const answer = (a: Answer) => {
      requests.push({ target, method, path, query: Object.fromEntries(parsed.searchParams), headers: req.headers, body, status: a.status });
      sendJson(res, a.status, a.body, { 'request-id': randomUUID(), ...a.headers });
    };

    const failureIndex = failures.findIndex((f) => (f.target ?? 'api') === target);
    if (failureIndex >= 0) {
      const [failure] = failures.splice(failureIndex, 1) as [ScriptedFailure];
      const headers: Record<string, string> = { ...failure.headers };
      if (failure.retryAfter !== undefined) headers['Retry-After'] = String(failure.retryAfter);
      const defaultBody = target === 'token' ? defaultTokenErrorBody(failure.status) : defaultApiErrorBody(failure.status);
      return answer({ status: failure.status, body: failure.body ?? defaultBody, headers });
    }
    if (target === 'token') {
      if (method !== 'POST') return answer({ status: 405, body: aadError('invalid_request', 900561, 'The endpoint only accepts POST requests.') });
      return answer(handleToken(new URLSearchParams(body), req.headers));
    }
    if (!path.startsWith('/v1.0/')) return answer(err(400, 'BadRequest', 'Invalid version.'));
    if (!authorized(req.headers)) {
      return answer({
        status: 401,
        body: graphError('InvalidAuthenticationToken', req.headers.authorization ? 'Access token has expired or is not yet valid.' : 'Access token is empty.'),
        headers: {
          'WWW-Authenticate':
            'Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000"',
        },
      });
    }
    const segments = path
      .slice('/v1.0/'.length)
      .split('/')
      .filter((s) => s !== '')
      .map((s) => decodeURIComponent(s));
    return answer(handleApi(method, segments, parsed.searchParams, req.headers, body));
  };

  const listening = await listenFake((req, raw, res) => handle(req, raw, res));
  url = listening.url;
  const closeServer = listening.close;

  const requireEvent = (calendarId: string, eventId: string): GraphStoredEvent => {
    const event = events.get(eventId);
    if (!event || event.calendarId !== calendarId || event.deleted) throw new Error(`graph fake: no event ${eventId} in ${calendarId}`);
    return event;
  };

  return {
    url,
    tokenUrl: `${url}/common/oauth2/v2.0/token`,
    authorizeUrl: `${url}/common/oauth2/v2.0/authorize`,
    clientId,
    clientSecret,
    refreshToken,
    credentials: { clientId, clientSecret, refreshToken },
    defaultCalendarId: defaultCalendar.id,
    requests,
    apiRequests: () => requests.filter((r) => r.target === 'api'),
    tokenRequests: () => requests.filter((r) => r.target === 'token'),
    failNext: (failure) => void failures.push(failure),
    addCalendar,
    addEvent(calendarId, input) {
      if (!calendars.has(calendarId)) throw new Error(`graph fake: no calendar ${calendarId}`);
      return create(calendarId, input);
    },
    editEvent(calendarId, eventId, change) {
      const event = requireEvent(calendarId, eventId);
      bump(event, () => applyChange(event, change));
      return event;
    },
    removeEvent(calendarId, eventId) {
      const event = events.get(eventId);
      if (event && event.calendarId === calendarId && !event.deleted) {
        bump(event, () => {
          event.deleted = true;
        });
        return;
      }
      const occ = findOccurrence(eventId);
      if (!occ || occ.event.calendarId !== calendarId) throw new Error(`graph fake: no event ${eventId} in ${calendarId}`);
      cancelOccurrence(occ.event, occ.occurrence);
    },
    getEvent: (eventId) => events.get(eventId),
    events: (calendarId) => [...events.values()].filter((e) => e.calendarId === calendarId && !e.deleted),
    expireSyncTokens() {
      generation += 1;
    },
    revokeRefreshTokens() {
      refreshTokens.clear();
      accessTokens.clear();
    },
    issueAuthCode(opts = {}) {
      const code = `0.AXoA${randomBytes(40).toString('base64url')}`;
      authCodes.set(code, { redirectUri: opts.redirectUri, scope: opts.scope ?? MICROSOFT_DEFAULT_SCOPE });
      return code;
    },
    close: closeServer,
  };
}
