/**
 * The CalendarConnector for Google Calendar (API v3), through the official `googleapis` client and its
 * `google-auth-library` OAuth2Client (refresh-token grant).
 *
 * - listCalendars → `calendarList.list` (all pages). `readOnly` = access role reader / freeBusyReader.
 * - listChanges → `events.list` with `singleEvents: true` (recurring events arrive as their instances,
 *   ids `<eventId>_<originalStart>`) and `showDeleted: true`, every page (`nextPageToken`); the cursor is
 *   the last page's `nextSyncToken`.
 *   - First/full sync: `timeMin`/`timeMax` = the window. Cancelled (deleted) items are left out.
 *   - Incremental: `syncToken` only — Google rejects timeMin/timeMax (and q, orderBy, updatedMin, …)
 *     together with a sync token, and a sync token reports changes regardless of time. Cancelled items
 *     (Google's form of a deletion, also of single instances) → `removed`; a changed event that no
 *     longer overlaps the window → `removed` too (for the window it is gone); the rest → `events`.
 *   - A 410 (`fullSyncRequired`, `updatedMinTooLongAgo`) on a sync token is not an error: the adapter
 *     lists the window again and answers `full: true`.
 *   Note: a sync token only reports *changes*. Events that drift into a moving window without changing
 *   are not reported; callers move the window by starting over with `cursor = null`.
 * - createEvent → `events.insert` with the client-chosen id `eventKey` (base32hex: `sf` + 32 hex digits
 *   is valid) and `sendUpdates: 'none'` (slotflow sends its own messages). A 409 `duplicate` means an
 *   earlier attempt made it: the existing event is fetched and its id returned — restored with the draft
 *   when it had been deleted since (Google keeps deleted ids reserved).
 * - updateEvent → `events.patch`; an event deleted in Google answers NOT_FOUND.
 * - deleteEvent → `events.delete`; 404 and 410 (already deleted) are success.
 * - The booking id travels in `extendedProperties.private.slotflowBookingId` (with `slotflowEventKey`).
 *
 * Retries: none in here. googleapis asks gaxios to retry API calls (`retry: true` by default, 3 times
 * on 429/5xx/network errors) and google-auth-library retries token requests (`RETRY_CONFIG`, also on
 * POST). Both are switched off — `retry: false` on the API, and a request interceptor on the auth
 * client's transporter (which carries both the token and the API requests) that clears `retry` /
 * `retryConfig` — so a 429 surfaces at once as RATE_LIMITED with its Retry-After. Retries belong to the
 * Temporal activity that called us. (The library's one-shot "refresh on 401" only applies to tokens
 * without a known expiry; ours always have one.)
 *
 * Errors: a small private mapping (`toCalendarError`) until the shared classifiers replace it.
 */
import { auth as googleAuth, calendar as googleCalendar, type calendar_v3 } from 'googleapis/build/src/apis/calendar/index.js';
import {
  CalendarError,
  type CalendarConnector,
  type CalendarInfo,
  type EventChanges,
  type EventDraft,
  type EventTime,
  type ExternalEvent,
} from './connector.ts';
import { googleError } from './calendar-errors.ts';

export type GoogleCredentials = { clientId: string; clientSecret: string; refreshToken: string };

export type GoogleConnectorConfig = {
  credentials: GoogleCredentials;
  /** API root for a local fake, e.g. `http://127.0.0.1:4100/` (default `https://www.googleapis.com/`). */
  rootUrl?: string;
  /** OAuth 2.0 token endpoint for a local fake (default `https://oauth2.googleapis.com/token`). */
  tokenUrl?: string;
  /** Per-request timeout. Default 20 s. */
  timeoutMs?: number;
};

/**
 * Least privilege for what the connector does:
 * - `calendar.events`: read and write events on the user's calendars (events.list/insert/patch/delete).
 * - `calendar.calendarlist.readonly`: only the list of calendars the user has (calendarList.list).
 * Not `calendar.readonly` (would add reading every calendar's settings/ACL-visible data, and events
 * are already covered), nor `calendar.freebusy` (free/busy only: it does not allow events.list with
 * sync tokens, calendarList.list, or reading which busy blocks are slotflow's own bookings).
 */
export const GOOGLE_SCOPES = [
  'https://www.googleapis.com/auth/calendar.events',
  'https://www.googleapis.com/auth/calendar.calendarlist.readonly',
] as const;

const BOOKING_ID_PROPERTY = 'slotflowBookingId';
const EVENT_KEY_PROPERTY = 'slotflowEventKey';
const PAGE_SIZE = 250;
/** Slack for all-day dates, whose zone is the calendar's: a date may start up to 14 h either side of UTC. */
const ZONE_SLACK_MS = 14 * 3_600_000;

type OAuth2Client = InstanceType<typeof googleAuth.OAuth2>;

function createOAuthClient(options: { clientId: string; clientSecret?: string; redirectUri?: string; tokenUrl?: string; timeoutMs: number }): OAuth2Client {
  const client = new googleAuth.OAuth2({
    clientId: options.clientId,
    ...(options.clientSecret === undefined ? {} : { clientSecret: options.clientSecret }),
    ...(options.redirectUri === undefined ? {} : { redirectUri: options.redirectUri }),
    ...(options.tokenUrl === undefined ? {} : { endpoints: { oauth2TokenUrl: options.tokenUrl } }),
    transporterOptions: { timeout: options.timeoutMs },
  });
  // Token and API requests both go through this transporter; token requests carry their own
  // `retry: true` + retryConfig (which beat transporter defaults), so clear them per request.
  client.transporter.interceptors.request.add({
    resolved: async (config) => {
      config.retry = false;
      delete config.retryConfig;
      return config;
    },
  });
  return client;
}

export function createGoogleConnector(config: GoogleConnectorConfig): CalendarConnector {
  const timeoutMs = config.timeoutMs ?? 20_000;
  const oauth = createOAuthClient({
    clientId: config.credentials.clientId,
    clientSecret: config.credentials.clientSecret,
    tokenUrl: config.tokenUrl,
    timeoutMs,
  });
  oauth.setCredentials({ refresh_token: config.credentials.refreshToken });
  const api = googleCalendar({
    version: 'v3',
    auth: oauth,
    ...(config.rootUrl === undefined ? {} : { rootUrl: config.rootUrl }),
    retry: false,
    timeout: timeoutMs,
  });

  async function call<T>(operation: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      throw toCalendarError(err, operation);
    }
  }

  async function listEventPages(params: calendar_v3.Params$Resource$Events$List) {
    const items: calendar_v3.Schema$Event[] = [];
    let pageToken: string | undefined;
    for (;;) {
      const { data } = await api.events.list({ ...params, maxResults: PAGE_SIZE, ...(pageToken ? { pageToken } : {}) });
      items.push(...(data.items ?? []));
      if (data.nextPageToken) {
        pageToken = data.nextPageToken;
        continue;
      }
      if (!data.nextSyncToken) throw new CalendarError('TEMPORARY', 'google events.list: last page without nextSyncToken');
      return { items, nextSyncToken: data.nextSyncToken };
    }
  }

  async function fullListing(calendarId: string, window: { from: number; to: number }): Promise<EventChanges> {
    const { items, nextSyncToken } = await call('events.list', () =>
      listEventPages({
        calendarId,
        singleEvents: true,
        showDeleted: true,
        timeMin: new Date(window.from).toISOString(),
        timeMax: new Date(window.to).toISOString(),
      }),
    );
    const events: ExternalEvent[] = [];
    for (const item of items) {
      const event = mapGoogleEvent(item);
      if (event && event.status !== 'cancelled') events.push(event);
    }
    return { events, removed: [], cursor: nextSyncToken, full: true };
  }

  function writeBody(draft: EventDraft): calendar_v3.Schema$Event {
    return {
      summary: draft.title,
      description: draft.description,
      ...(draft.location === undefined ? {} : { location: draft.location }),
      start: { dateTime: new Date(draft.start).toISOString(), timeZone: draft.timeZone },
      end: { dateTime: new Date(draft.end).toISOString(), timeZone: draft.timeZone },
      ...(draft.attendees === undefined ? {} : { attendees: draft.attendees.map((a) => ({ email: a.email, displayName: a.name })) }),
      transparency: 'opaque',
      extendedProperties: { private: { [BOOKING_ID_PROPERTY]: draft.bookingId, [EVENT_KEY_PROPERTY]: draft.eventKey } },
    };
  }

  return {
    kind: 'google',

    async listCalendars(): Promise<CalendarInfo[]> {
      const entries: calendar_v3.Schema$CalendarListEntry[] = [];
      let pageToken: string | undefined;
      do {
        const { data } = await call('calendarList.list', () =>
          api.calendarList.list({ maxResults: PAGE_SIZE, ...(pageToken ? { pageToken } : {}) }),
        );
        entries.push(...(data.items ?? []));
        pageToken = data.nextPageToken ?? undefined;
      } while (pageToken);
      return entries
        .filter((entry) => typeof entry.id === 'string' && entry.deleted !== true)
        .map((entry) => ({
          id: entry.id!,
          name: entry.summaryOverride ?? entry.summary ?? entry.id!,
          primary: entry.primary === true,
          timeZone: entry.timeZone ?? undefined,
          readOnly: entry.accessRole !== 'owner' && entry.accessRole !== 'writer',
        }));
    },

    async listChanges(calendarId, window, cursor): Promise<EventChanges> {
      if (cursor === null) return fullListing(calendarId, window);
      let listed: { items: calendar_v3.Schema$Event[]; nextSyncToken: string };
      try {
        listed = await listEventPages({ calendarId, singleEvents: true, showDeleted: true, syncToken: cursor });
      } catch (err) {
        if (statusOf(err) === 410) return fullListing(calendarId, window); // fullSyncRequired
        throw toCalendarError(err, 'events.list');
      }
      const events: ExternalEvent[] = [];
      const removed: string[] = [];
      for (const item of listed.items) {
        const event = mapGoogleEvent(item);
        if (!event) {
          if (item.id) removed.push(item.id); // cancelled items carry only id/status (+ recurringEventId)
        } else if (event.status === 'cancelled' || !overlaps(event, window)) {
          removed.push(event.id);
        } else {
          events.push(event);
        }
      }
      return { events, removed, cursor: listed.nextSyncToken, full: false };
    },

    async createEvent(calendarId, draft): Promise<{ id: string }> {
      const body = writeBody(draft);
      try {
        const { data } = await api.events.insert({ calendarId, sendUpdates: 'none', requestBody: { ...body, id: draft.eventKey } });
        return { id: data.id ?? draft.eventKey };
      } catch (err) {
        if (statusOf(err) !== 409) throw toCalendarError(err, 'events.insert');
      }
      // 409 duplicate: an earlier attempt created it (or it was created and deleted since).
      const { data: existing } = await call('events.get', () => api.events.get({ calendarId, eventId: draft.eventKey }));
      if (existing.status === 'cancelled') {
        await call('events.patch', () =>
          api.events.patch({ calendarId, eventId: draft.eventKey, sendUpdates: 'none', requestBody: { ...body, status: 'confirmed' } }),
        );
      }
      return { id: existing.id ?? draft.eventKey };
    },

    async updateEvent(calendarId, draft): Promise<{ id: string }> {
      const body = writeBody(draft);
      const { data } = await call('events.patch', () =>
        api.events.patch({ calendarId, eventId: draft.eventKey, sendUpdates: 'none', requestBody: body }),
      );
      if (data.status === 'cancelled') {
        throw new CalendarError('NOT_FOUND', `google events.patch: event ${draft.eventKey} was deleted`, { status: 410 });
      }
      return { id: data.id ?? draft.eventKey };
    },

    async deleteEvent(calendarId, eventKey): Promise<void> {
      try {
        await api.events.delete({ calendarId, eventId: eventKey, sendUpdates: 'none' });
      } catch (err) {
        const status = statusOf(err);
        if (status === 404 || status === 410) return; // already gone
        throw toCalendarError(err, 'events.delete');
      }
    },
  };
}

// ---- OAuth consent --------------------------------------------------------------------------------

/**
 * The consent URL for connecting a Google calendar: offline access (a refresh token), `prompt=consent`
 * (Google only returns a refresh token on consent; re-connecting must get a fresh one), least-privilege
 * scopes (GOOGLE_SCOPES), `include_granted_scopes` for incremental authorization.
 */
export function googleAuthUrl(options: {
  clientId: string;
  redirectUri: string;
  state: string;
  loginHint?: string;
  /** Consent page for a fake (default `https://accounts.google.com/o/oauth2/v2/auth`). */
  authBaseUrl?: string;
}): string {
  const client = new googleAuth.OAuth2({
    clientId: options.clientId,
    redirectUri: options.redirectUri,
    ...(options.authBaseUrl === undefined ? {} : { endpoints: { oauth2AuthBaseUrl: options.authBaseUrl } }),
  });
  return client.generateAuthUrl({
    access_type: 'offline',
    prompt: 'consent',
    scope: [...GOOGLE_SCOPES],
    state: options.state,
    include_granted_scopes: true,
    ...(options.loginHint === undefined ? {} : { login_hint: options.loginHint }),
  });
}

export type GoogleTokenGrant = {
  refreshToken: string;
  accessToken: string;
  /** Epoch ms, when Google said. */
  expiresAt: number | undefined;
  scopes: string[];
};

/**
 * The OAuth callback: exchanges the authorization `code` for tokens. Fails with AUTH_REVOKED when the code
 * is invalid/expired, when no refresh token came back, or when the user unticked a required scope on
 * Google's granular consent screen (`providerCode: 'insufficient_scope'`).
 */
export async function exchangeGoogleCode(options: {
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  code: string;
  tokenUrl?: string;
  timeoutMs?: number;
}): Promise<GoogleTokenGrant> {
  const client = createOAuthClient({
    clientId: options.clientId,
    clientSecret: options.clientSecret,
    redirectUri: options.redirectUri,
    tokenUrl: options.tokenUrl,
    timeoutMs: options.timeoutMs ?? 20_000,
  });
  const tokens = await client.getToken({ code: options.code, redirect_uri: options.redirectUri }).then(
    (response) => response.tokens,
    (err: unknown) => {
      throw toCalendarError(err, 'token exchange');
    },
  );
  const scopes = (tokens.scope ?? '').split(' ').filter(Boolean);
  const missing = GOOGLE_SCOPES.filter((scope) => !scopes.includes(scope));
  if (missing.length > 0) {
    throw new CalendarError('AUTH_REVOKED', `google consent lacks ${missing.join(', ')}`, { providerCode: 'insufficient_scope' });
  }
  if (!tokens.refresh_token || !tokens.access_token) {
    throw new CalendarError('AUTH_REVOKED', 'google token exchange returned no refresh token', { providerCode: 'no_refresh_token' });
  }
  return {
    refreshToken: tokens.refresh_token,
    accessToken: tokens.access_token,
    expiresAt: tokens.expiry_date ?? undefined,
    scopes,
  };
}

// ---- mapping ---------------------------------------------------------------------------------------

function edge(time: calendar_v3.Schema$EventDateTime | undefined): EventTime | undefined {
  if (time?.date) return { date: time.date };
  if (time?.dateTime) {
    const instant = Date.parse(time.dateTime);
    return Number.isNaN(instant) ? undefined : { instant };
  }
  return undefined;
}

/** A Google event as an ExternalEvent; undefined for items without times (cancelled stubs). */
export function mapGoogleEvent(item: calendar_v3.Schema$Event): ExternalEvent | undefined {
  const start = edge(item.start);
  const end = edge(item.end);
  if (!item.id || !start || !end) return undefined;
  const status = item.status === 'cancelled' ? 'cancelled' : item.status === 'tentative' ? 'tentative' : 'confirmed';
  return {
    id: item.id,
    status,
    transparent: item.transparency === 'transparent',
    start,
    end,
    slotflowBookingId: item.extendedProperties?.private?.[BOOKING_ID_PROPERTY] ?? undefined,
  };
}

function bounds(time: EventTime, side: 'start' | 'end'): number {
  if ('instant' in time) return time.instant;
  const midnight = Date.parse(`${time.date}T00:00:00Z`);
  return side === 'start' ? midnight - ZONE_SLACK_MS : midnight + ZONE_SLACK_MS;
}

function overlaps(event: ExternalEvent, window: { from: number; to: number }): boolean {
  return bounds(event.end, 'end') > window.from && bounds(event.start, 'start') < window.to;
}

// ---- errors (private until src/calendar-connectors/calendar-errors.ts takes over) ----------------------

type HttpishError = {
  status?: unknown;
  code?: unknown;
  message?: unknown;
  response?: { status?: number; headers?: unknown; data?: unknown };
};

function statusOf(err: unknown): number | undefined {
  const e = err as HttpishError | null;
  const status = e?.response?.status ?? e?.status;
  return typeof status === 'number' ? status : undefined;
}

/**
 * A googleapis / OAuth failure → CalendarError through the shared classifier (errors/calendar-errors.ts,
 * table-tested with recorded bodies), with the operation named in the message for the logs.
 */
function toCalendarError(err: unknown, operation: string): CalendarError {
  const c = googleError(err);
  return c === err ? c : new CalendarError(c.kind, `google ${operation}: ${c.message}`, c.detail);
}

/**
 * Revokes a refresh token at Google (and the access it granted): DELETE of a connection takes the
 * consent back, not only forgets it. An already revoked / unknown token is success (400 invalid_token).
 */
export async function revokeGoogleToken(options: { refreshToken: string; revokeUrl?: string | undefined; timeoutMs?: number }): Promise<void> {
  const res = await fetch(options.revokeUrl ?? 'https://oauth2.googleapis.com/revoke', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ token: options.refreshToken }).toString(),
    signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
  });
  if (res.ok || res.status === 400) return;
  throw new CalendarError(res.status === 429 ? 'RATE_LIMITED' : 'TEMPORARY', `Google token revocation answered ${res.status}`, { status: res.status });
}
