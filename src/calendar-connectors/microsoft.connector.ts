/**
 * The CalendarConnector for Microsoft 365 / Outlook calendars through Microsoft Graph v1.0, with the
 * official `@microsoft/microsoft-graph-client` (`Client.initWithMiddleware`) and a refresh-token
 * authentication provider against the Microsoft identity platform (`/{tenant}/oauth2/v2.0/token`,
 * `grant_type=refresh_token`, scopes `offline_access Calendars.ReadWrite`).
 *
 * - listCalendars → `GET /me/calendars` (all pages). `readOnly` = `!canEdit`; Graph calendars carry no
 *   time zone (that is the mailbox's setting), so `timeZone` stays undefined.
 * - listChanges → `GET /me/calendars/{id}/calendarView/delta?startDateTime&endDateTime` (a first round
 *   lists the window: single instances, occurrences of series, exceptions), following
 *   `@odata.nextLink`; the cursor is the round's `@odata.deltaLink` (it encodes the window). Passing
 *   the cursor back returns changed items in full and `@removed` entries (→ `removed`). A delta link
 *   the service no longer knows (410 Gone / `syncStateNotFound`, `resyncRequired`) → a new first round,
 *   `full: true`. Every request says `Prefer: outlook.timezone="UTC"`, so `start/end.dateTime` (which
 *   Graph sends without an offset, next to `timeZone`) are UTC; all-day events (`isAllDay`) → dates.
 *   `showAs: free` → transparent, `tentative` → status tentative, `isCancelled` → status cancelled.
 * - createEvent → `POST /me/calendars/{id}/events` with `transactionId: eventKey` (Graph's documented
 *   guard against duplicate creation on client retries: a repeated POST answers the existing event) and
 *   two singleValueExtendedProperties: the eventKey (so update/delete find the event with
 *   `$filter=singleValueExtendedProperties/Any(ep: ep/id eq '…' and ep/value eq '…')`) and the booking
 *   id. A 409 on create (should the service refuse the duplicate instead) → look the event up by key.
 * - updateEvent → find by key, `PATCH`; deleteEvent → find by key, `DELETE` (not found = already gone).
 * - The booking id: delta pages do not support `$expand`, so it is not in them. Events slotflow wrote
 *   are recognised by their `transactionId` (returned in event payloads once set) having the eventKey
 *   form, and only for those the booking id is read with `GET /me/events/{id}?$expand=
 *   singleValueExtendedProperties($filter=id eq '…')`.
 * - Attendees are not sent: Graph mails invitations from the user's mailbox whenever an event has
 *   attendees (there is no switch like Google's `sendUpdates`), and slotflow sends its own. They are
 *   listed in the event body instead. Times are written in UTC (`timeZone: "UTC"`).
 *
 * Retries: none in here. The SDK's default chain contains a RetryHandler (up to 3 retries on 429/503/504,
 * honouring Retry-After) — a 429 would be retried silently. The connector therefore builds its own chain
 * without it: auth → RedirectHandler → TelemetryHandler → HTTPMessageHandler. Retries belong to the
 * Temporal activity that called us; the RATE_LIMITED error carries Retry-After as `retryAfterMs`.
 *
 * Auth middleware: the SDK's AuthenticationHandler attaches the token only to `https://` URLs of Graph
 * hosts or `customHosts`, so it cannot serve a local `http://` fake. The connector's own handler attaches
 * it to requests for the configured Graph origin only (never to a foreign host). For the same reason,
 * `@odata.nextLink`/`deltaLink` are turned back into paths under the base URL before `client.api(…)`.
 *
 * Errors: the shared Graph classifier (`graphError` in errors/calendar-errors.ts).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import {
  Client,
  HTTPMessageHandler,
  RedirectHandler,
  RedirectHandlerOptions,
  TelemetryHandler,
  type AuthenticationProvider,
  type Context,
  type GraphRequest,
  type Middleware,
} from '@microsoft/microsoft-graph-client';
import {
  CalendarError,
  type CalendarConnector,
  type CalendarInfo,
  type EventChanges,
  type EventDraft,
  type EventTime,
  type ExternalEvent,
} from './connector.ts';
import { graphError } from './calendar-errors.ts';
import { isValidTimeZone, wallClockToInstant } from '../domain/time/zones.ts';

export type MicrosoftCredentials = {
  clientId: string;
  clientSecret: string;
  refreshToken: string;
  /** Entra ID tenant: `common` (default), `organizations`, `consumers`, or a tenant id/domain. */
  tenant?: string;
};

export type MicrosoftConnectorConfig = {
  credentials: MicrosoftCredentials;
  /** Graph origin for a local fake, e.g. `http://127.0.0.1:4200` (default `https://graph.microsoft.com`). */
  graphBaseUrl?: string;
  /** Token endpoint for a local fake (default `https://login.microsoftonline.com/{tenant}/oauth2/v2.0/token`). */
  tokenUrl?: string;
  /** Per-request timeout. Default 20 s. */
  timeoutMs?: number;
  /**
   * The identity platform rotates refresh tokens: each refresh answers a new one. Called with it, so the
   * caller can store it (the old one keeps working until it expires or is revoked).
   */
  onRefreshToken?: (refreshToken: string) => void | Promise<void>;
};

/** Least privilege: read/write the user's calendars; offline_access for a refresh token. */
export const MICROSOFT_SCOPES = ['offline_access', 'Calendars.ReadWrite'] as const;

const GRAPH_BASE_URL = 'https://graph.microsoft.com';
const GRAPH_VERSION = 'v1.0';
const LOGIN_BASE_URL = 'https://login.microsoftonline.com';
const PREFER_UTC = 'outlook.timezone="UTC"';
/** Slotflow's property set for its named MAPI properties (String {GUID} Name …). */
const PROPERTY_SET = '{5c1f9a3e-7d24-4b8e-a6f1-3e0d2c9b8a71}';
export const EVENT_KEY_PROPERTY_ID = `String ${PROPERTY_SET} Name slotflowEventKey`;
export const BOOKING_ID_PROPERTY_ID = `String ${PROPERTY_SET} Name slotflowBookingId`;
const EVENT_KEY_FORM = /^sf[0-9a-f]{32}$/;
const REFRESH_MARGIN_MS = 5 * 60_000;

type Capture = { authError?: CalendarError };

/** Refresh-token grant against the identity platform, one refresh at a time, cached until 5 min before expiry. */
class RefreshTokenProvider implements AuthenticationProvider {
  private accessToken: string | undefined;
  private expiresAt = 0;
  private refreshToken: string;
  private inflight: Promise<string> | undefined;

  constructor(
    private readonly options: {
      clientId: string;
      clientSecret: string;
      refreshToken: string;
      tokenUrl: string;
      timeoutMs: number;
      onRefreshToken?: (refreshToken: string) => void | Promise<void>;
    },
    private readonly capture: AsyncLocalStorage<Capture>,
  ) {
    this.refreshToken = options.refreshToken;
  }

  async getAccessToken(): Promise<string> {
    if (this.accessToken !== undefined && Date.now() < this.expiresAt - REFRESH_MARGIN_MS) return this.accessToken;
    this.inflight ??= this.refresh().finally(() => {
      this.inflight = undefined;
    });
    try {
      return await this.inflight;
    } catch (err) {
      // The SDK wraps whatever we throw into a GraphError without keeping it: remember it per call.
      const store = this.capture.getStore();
      if (store && err instanceof CalendarError) store.authError = err;
      throw err;
    }
  }

  private async refresh(): Promise<string> {
    const tokens = await requestToken(
      this.options.tokenUrl,
      {
        client_id: this.options.clientId,
        client_secret: this.options.clientSecret,
        grant_type: 'refresh_token',
        refresh_token: this.refreshToken,
        scope: MICROSOFT_SCOPES.join(' '),
      },
      this.options.timeoutMs,
    );
    this.accessToken = tokens.access_token;
    this.expiresAt = Date.now() + (tokens.expires_in ?? 3600) * 1000;
    if (tokens.refresh_token && tokens.refresh_token !== this.refreshToken) {
      this.refreshToken = tokens.refresh_token;
      await this.options.onRefreshToken?.(tokens.refresh_token);
    }
    return tokens.access_token;
  }
}

/** Attaches `Authorization: Bearer …` to requests for the configured Graph origin, and to nothing else. */
class BearerTokenHandler implements Middleware {
  private next: Middleware | undefined;

  constructor(
    private readonly provider: AuthenticationProvider,
    private readonly origin: string,
  ) {}

  async execute(context: Context): Promise<void> {
    const url = typeof context.request === 'string' ? context.request : context.request.url;
    if (new URL(url).origin === this.origin) {
      const token = await this.provider.getAccessToken();
      context.options ??= {};
      setHeader(context.options, 'Authorization', `Bearer ${token}`);
    }
    await this.next!.execute(context);
  }

  setNext(next: Middleware): void {
    this.next = next;
  }
}

function setHeader(options: NonNullable<Context['options']>, name: string, value: string): void {
  const headers = options.headers;
  if (headers === undefined) options.headers = { [name]: value };
  else if (headers instanceof Headers) headers.set(name, value);
  else if (Array.isArray(headers)) headers.push([name, value]);
  else (headers as Record<string, string>)[name] = value;
}

type TokenResponse = { access_token: string; refresh_token?: string; expires_in?: number; scope?: string; token_type?: string };

/** POST to the token endpoint, once. Every failure becomes a CalendarError. */
async function requestToken(tokenUrl: string, params: Record<string, string>, timeoutMs: number): Promise<TokenResponse> {
  let response: Response;
  try {
    response = await fetch(tokenUrl, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
      body: new URLSearchParams(params).toString(),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (err) {
    throw new CalendarError('TEMPORARY', `microsoft token endpoint unreachable: ${(err as Error).message}`, { cause: err });
  }
  const text = await response.text().catch(() => '');
  let data: { error?: string; error_description?: string; error_codes?: number[] } & Partial<TokenResponse> = {};
  try {
    data = JSON.parse(text) as typeof data;
  } catch {
    // not JSON (a proxy's HTML error page, …)
  }
  if (response.ok && typeof data.access_token === 'string') return data as TokenResponse;
  if (response.ok) throw new CalendarError('TEMPORARY', 'microsoft token endpoint: 200 without access_token', { status: response.status });
  // The token endpoint's OAuth errors (invalid_grant with AADSTS70008 expired/revoked, 50173 password
  // changed, 65001 consent withdrawn; interaction_required; temporarily_unavailable; 429; 5xx) go
  // through the same classifier as Graph's own failures.
  throw toCalendarError({ statusCode: response.status, code: data.error, body: text, headers: response.headers }, 'token endpoint');
}

function tokenUrlFor(tenant: string | undefined): string {
  return `${LOGIN_BASE_URL}/${encodeURIComponent(tenant ?? 'common')}/oauth2/v2.0/token`;
}

type GraphEvent = {
  id?: string;
  type?: 'singleInstance' | 'occurrence' | 'exception' | 'seriesMaster';
  isAllDay?: boolean;
  isCancelled?: boolean;
  showAs?: string;
  transactionId?: string | null;
  start?: { dateTime?: string; timeZone?: string };
  end?: { dateTime?: string; timeZone?: string };
  singleValueExtendedProperties?: { id: string; value: string }[];
  '@removed'?: { reason?: string };
};

type GraphPage<T> = { value?: T[]; '@odata.nextLink'?: string; '@odata.deltaLink'?: string };

export function createMicrosoftConnector(config: MicrosoftConnectorConfig): CalendarConnector {
  const timeoutMs = config.timeoutMs ?? 20_000;
  const base = new URL(config.graphBaseUrl ?? GRAPH_BASE_URL);
  const baseUrl = `${base.origin}${base.pathname.replace(/\/+$/, '')}`;
  const capture = new AsyncLocalStorage<Capture>();
  const tokens = new RefreshTokenProvider(
    {
      clientId: config.credentials.clientId,
      clientSecret: config.credentials.clientSecret,
      refreshToken: config.credentials.refreshToken,
      tokenUrl: config.tokenUrl ?? tokenUrlFor(config.credentials.tenant),
      timeoutMs,
      ...(config.onRefreshToken === undefined ? {} : { onRefreshToken: config.onRefreshToken }),
    },
    capture,
  );
  const client = Client.initWithMiddleware({
    baseUrl,
    defaultVersion: GRAPH_VERSION,
    // No RetryHandler: see the file comment.
    middleware: [
      new BearerTokenHandler(tokens, base.origin),
      new RedirectHandler(new RedirectHandlerOptions()),
      new TelemetryHandler(),
      new HTTPMessageHandler(),
    ],
  });

  /** A request for `path` (relative to /v1.0) with the UTC preference and a timeout. */
  function api(path: string): GraphRequest {
    return client.api(path).header('Prefer', PREFER_UTC).options({ signal: AbortSignal.timeout(timeoutMs) });
  }

  /** A nextLink/deltaLink as a path under the base URL (refuses links to anywhere else). */
  function linkPath(link: string): string {
    const prefix = `${baseUrl}/${GRAPH_VERSION}/`;
    if (link.toLowerCase().startsWith(prefix.toLowerCase())) return link.slice(prefix.length);
    throw new CalendarError('TEMPORARY', `microsoft: unexpected link outside ${prefix}: ${link.slice(0, 120)}`);
  }

  async function call<T>(operation: string, fn: () => Promise<T>): Promise<T> {
    const store: Capture = {};
    try {
      return await capture.run(store, fn);
    } catch (err) {
      throw store.authError ?? toCalendarError(err, operation);
    }
  }

  const calendarPath = (calendarId: string) => `/me/calendars/${encodeURIComponent(calendarId)}`;

  async function findEventId(calendarId: string, eventKey: string): Promise<string | undefined> {
    const filter = `singleValueExtendedProperties/Any(ep: ep/id eq '${EVENT_KEY_PROPERTY_ID}' and ep/value eq '${eventKey}')`;
    const page = await call('find event', () =>
      api(`${calendarPath(calendarId)}/events`).filter(encodeURIComponent(filter)).select('id').top(1).get() as Promise<GraphPage<GraphEvent>>,
    );
    return page.value?.[0]?.id;
  }

  async function bookingIdOf(eventId: string): Promise<string | undefined | null> {
    try {
      const event = (await call('get event', () =>
        api(`/me/events/${encodeURIComponent(eventId)}`)
          .select('id')
          .expand(encodeURIComponent(`singleValueExtendedProperties($filter=id eq '${BOOKING_ID_PROPERTY_ID}')`))
          .get(),
      )) as GraphEvent;
      return bookingIdFrom(event);
    } catch (err) {
      if (err instanceof CalendarError && err.kind === 'NOT_FOUND') return null; // deleted meanwhile
      throw err;
    }
  }

  async function round(calendarId: string, window: { from: number; to: number }, cursor: string | null): Promise<EventChanges> {
    const full = cursor === null;
    let request =
      cursor === null
        ? api(`${calendarPath(calendarId)}/calendarView/delta`).query({
            startDateTime: new Date(window.from).toISOString(),
            endDateTime: new Date(window.to).toISOString(),
          })
        : api(linkPath(cursor));
    const items: GraphEvent[] = [];
    for (;;) {
      const page = await call('calendarView delta', () => request.get() as Promise<GraphPage<GraphEvent>>);
      items.push(...(page.value ?? []));
      if (page['@odata.nextLink']) {
        request = api(linkPath(page['@odata.nextLink']));
        continue;
      }
      if (!page['@odata.deltaLink']) throw new CalendarError('TEMPORARY', 'microsoft calendarView delta: last page without @odata.deltaLink');
      const events: ExternalEvent[] = [];
      const removed: string[] = [];
      for (const item of items) {
        if (item['@removed'] !== undefined) {
          if (!full && item.id) removed.push(item.id);
          continue;
        }
        const event = mapGraphEvent(item);
        if (!event) continue;
        if (item.transactionId && EVENT_KEY_FORM.test(item.transactionId) && item.type !== 'occurrence') {
          const bookingId = event.slotflowBookingId ?? (await bookingIdOf(event.id));
          if (bookingId === null) {
            if (!full) removed.push(event.id);
            continue;
          }
          event.slotflowBookingId = bookingId;
        }
        events.push(event);
      }
      return { events, removed, cursor: page['@odata.deltaLink'], full };
    }
  }

  function writeBody(draft: EventDraft): Record<string, unknown> {
    const attendees = (draft.attendees ?? []).map((a) => `${a.name} <${a.email}>`).join(', ');
    return {
      subject: draft.title,
      body: { contentType: 'text', content: attendees ? `${draft.description}\n\n${attendees}` : draft.description },
      start: { dateTime: utcDateTime(draft.start), timeZone: 'UTC' },
      end: { dateTime: utcDateTime(draft.end), timeZone: 'UTC' },
      ...(draft.location === undefined ? {} : { location: { displayName: draft.location } }),
      isAllDay: false,
      showAs: 'busy',
      singleValueExtendedProperties: [
        { id: EVENT_KEY_PROPERTY_ID, value: draft.eventKey },
        { id: BOOKING_ID_PROPERTY_ID, value: draft.bookingId },
      ],
    };
  }

  return {
    kind: 'microsoft',

    async listCalendars(): Promise<CalendarInfo[]> {
      const calendars: CalendarInfo[] = [];
      let request = api('/me/calendars');
      for (;;) {
        const page = await call('list calendars', () =>
          request.get() as Promise<GraphPage<{ id: string; name?: string; isDefaultCalendar?: boolean; canEdit?: boolean }>>,
        );
        for (const c of page.value ?? []) {
          calendars.push({ id: c.id, name: c.name ?? c.id, primary: c.isDefaultCalendar === true, timeZone: undefined, readOnly: c.canEdit === false });
        }
        if (!page['@odata.nextLink']) return calendars;
        request = api(linkPath(page['@odata.nextLink']));
      }
    },

    async listChanges(calendarId, window, cursor): Promise<EventChanges> {
      if (cursor === null) return round(calendarId, window, null);
      try {
        return await round(calendarId, window, cursor);
      } catch (err) {
        if (err instanceof CalendarError && isSyncReset(err)) return round(calendarId, window, null);
        throw err;
      }
    },

    async createEvent(calendarId, draft): Promise<{ id: string }> {
      try {
        const created = (await call('create event', () =>
          api(`${calendarPath(calendarId)}/events`).post({ ...writeBody(draft), transactionId: draft.eventKey }),
        )) as GraphEvent;
        if (!created.id) throw new CalendarError('TEMPORARY', 'microsoft create event: answer without id');
        return { id: created.id };
      } catch (err) {
        if (!(err instanceof CalendarError) || err.kind !== 'CONFLICT') throw err;
        const existing = await findEventId(calendarId, draft.eventKey);
        if (existing === undefined) throw err;
        return { id: existing };
      }
    },

    async updateEvent(calendarId, draft): Promise<{ id: string }> {
      const id = await findEventId(calendarId, draft.eventKey);
      if (id === undefined) throw new CalendarError('NOT_FOUND', `microsoft update event: no event with key ${draft.eventKey}`, { status: 404 });
      await call('update event', () => api(`${calendarPath(calendarId)}/events/${encodeURIComponent(id)}`).patch(writeBody(draft)));
      return { id };
    },

    async deleteEvent(calendarId, eventKey): Promise<void> {
      const id = await findEventId(calendarId, eventKey);
      if (id === undefined) return; // never created, or already gone
      try {
        await call('delete event', () => api(`${calendarPath(calendarId)}/events/${encodeURIComponent(id)}`).delete());
      } catch (err) {
        if (err instanceof CalendarError && err.kind === 'NOT_FOUND') return;
        throw err;
      }
    },
  };
}

// ---- OAuth consent --------------------------------------------------------------------------------

/** The authorization-code request URL for connecting an Outlook/Microsoft 365 calendar. */
export function microsoftAuthUrl(options: {
  clientId: string;
  redirectUri: string;
  state: string;
  tenant?: string;
  loginHint?: string;
  /** e.g. `select_account` or `consent`; default none. */
  prompt?: string;
  /** Authorize endpoint for a fake (default `https://login.microsoftonline.com/{tenant}/oauth2/v2.0/authorize`). */
  authorizeUrl?: string;
}): string {
  const url = new URL(options.authorizeUrl ?? `${LOGIN_BASE_URL}/${encodeURIComponent(options.tenant ?? 'common')}/oauth2/v2.0/authorize`);
  url.searchParams.set('client_id', options.clientId);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('redirect_uri', options.redirectUri);
  url.searchParams.set('response_mode', 'query');
  url.searchParams.set('scope', MICROSOFT_SCOPES.join(' '));
  url.searchParams.set('state', options.state);
  if (options.prompt !== undefined) url.searchParams.set('prompt', options.prompt);
  if (options.loginHint !== undefined) url.searchParams.set('login_hint', options.loginHint);
  return url.toString();
}

export type MicrosoftTokenGrant = { refreshToken: string; accessToken: string; expiresAt: number | undefined; scopes: string[] };

/**
 * The OAuth callback: exchanges the authorization `code`. AUTH_REVOKED when the code is invalid, no
 * refresh token came back, or Calendars.ReadWrite was not granted (`providerCode: 'insufficient_scope'`).
 */
export async function exchangeMicrosoftCode(options: {
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  code: string;
  tenant?: string;
  tokenUrl?: string;
  timeoutMs?: number;
}): Promise<MicrosoftTokenGrant> {
  const tokens = await requestToken(
    options.tokenUrl ?? tokenUrlFor(options.tenant),
    {
      client_id: options.clientId,
      client_secret: options.clientSecret,
      grant_type: 'authorization_code',
      code: options.code,
      redirect_uri: options.redirectUri,
      scope: MICROSOFT_SCOPES.join(' '),
    },
    options.timeoutMs ?? 20_000,
  );
  const scopes = (tokens.scope ?? '').split(' ').filter(Boolean);
  const granted = new Set(scopes.map((s) => s.replace(/^https:\/\/graph\.microsoft\.com\//i, '').toLowerCase()));
  if (!granted.has('calendars.readwrite')) {
    throw new CalendarError('AUTH_REVOKED', `microsoft consent lacks Calendars.ReadWrite (granted: ${scopes.join(' ') || 'nothing'})`, {
      providerCode: 'insufficient_scope',
    });
  }
  if (!tokens.refresh_token) {
    throw new CalendarError('AUTH_REVOKED', 'microsoft token exchange returned no refresh token (offline_access missing?)', { providerCode: 'no_refresh_token' });
  }
  return {
    refreshToken: tokens.refresh_token,
    accessToken: tokens.access_token,
    expiresAt: tokens.expires_in === undefined ? undefined : Date.now() + tokens.expires_in * 1000,
    scopes,
  };
}

// ---- mapping ---------------------------------------------------------------------------------------

/** Graph's dateTime form in UTC: `2030-01-09T14:00:00.000` (no offset; the zone goes next to it). */
function utcDateTime(instant: number): string {
  return new Date(instant).toISOString().slice(0, 23);
}

const UTC_NAMES = new Set(['utc', 'etc/utc', 'coordinated universal time', 'tzone://microsoft/utc', 'gmt', 'etc/gmt']);

/** A Graph dateTimeTimeZone as an instant: UTC (what we ask for), or an IANA zone should the service ignore the preference. */
function instantOf(value: { dateTime?: string; timeZone?: string }): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,7}))?)?$/.exec(value.dateTime ?? '');
  if (!m) return undefined;
  const millis = Math.floor(Number(`0.${m[7] ?? '0'}`) * 1000);
  const asUtc = Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +(m[6] ?? 0), millis);
  const zone = value.timeZone ?? 'UTC';
  if (UTC_NAMES.has(zone.toLowerCase())) return asUtc;
  if (!isValidTimeZone(zone)) return undefined; // e.g. a Windows zone name: not what we asked for
  return wallClockToInstant(`${m[1]}-${m[2]}-${m[3]}`, +m[4]!, +m[5]!, +(m[6] ?? 0), millis, zone);
}

function edge(value: GraphEvent['start'], allDay: boolean): EventTime | undefined {
  if (!value?.dateTime) return undefined;
  if (allDay) return { date: value.dateTime.slice(0, 10) };
  const instant = instantOf(value);
  return instant === undefined ? undefined : { instant };
}

function bookingIdFrom(event: GraphEvent): string | undefined {
  return event.singleValueExtendedProperties?.find((p) => p.id.toLowerCase() === BOOKING_ID_PROPERTY_ID.toLowerCase())?.value;
}

/** A Graph event (instance) as an ExternalEvent; undefined for series masters and unreadable items. */
export function mapGraphEvent(item: GraphEvent): ExternalEvent | undefined {
  if (!item.id || item.type === 'seriesMaster') return undefined;
  const allDay = item.isAllDay === true;
  const start = edge(item.start, allDay);
  const end = edge(item.end, allDay);
  if (!start || !end) {
    throw new CalendarError('TEMPORARY', `microsoft: unreadable times on event ${item.id} (${item.start?.timeZone ?? 'no zone'})`);
  }
  return {
    id: item.id,
    status: item.isCancelled ? 'cancelled' : item.showAs === 'tentative' ? 'tentative' : 'confirmed',
    transparent: item.showAs === 'free',
    start,
    end,
    slotflowBookingId: bookingIdFrom(item),
  };
}

// ---- errors -----------------------------------------------------------------------------------

function isSyncReset(err: CalendarError): boolean {
  return err.detail.status === 410 || /syncState|resyncRequired/i.test(err.detail.providerCode ?? '');
}

/**
 * A Graph client failure → CalendarError through the shared classifier (errors/calendar-errors.ts,
 * table-tested with recorded bodies), with the operation named in the message for the logs.
 */
function toCalendarError(err: unknown, operation: string): CalendarError {
  const c = graphError(err);
  return c === err ? c : new CalendarError(c.kind, `microsoft ${operation}: ${c.message}`, c.detail);
}
