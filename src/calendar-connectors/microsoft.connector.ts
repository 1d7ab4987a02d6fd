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
 * Errors: the shared Graph classifier (`graphFailure` in calendar-errors.ts). Mapping in
 * microsoft-mapping.ts, the identity platform (consent, code exchange, token refresh) in microsoft-oauth.ts.
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
import { CalendarError, type CalendarConnector, type CalendarInfo, type EventChanges, type ExternalEvent } from './connector.ts';
import { graphFailure, isGraphSyncReset } from './calendar-errors.ts';
import {
  bookingIdFrom,
  BOOKING_ID_PROPERTY_ID,
  EVENT_KEY_FORM,
  EVENT_KEY_PROPERTY_ID,
  mapGraphEvent,
  writeBody,
  type GraphEvent,
  type GraphPage,
} from './microsoft-mapping.ts';
import { RefreshTokenProvider, tokenUrlFor, type Capture } from './microsoft-oauth.ts';

export { BOOKING_ID_PROPERTY_ID, EVENT_KEY_PROPERTY_ID, mapGraphEvent } from './microsoft-mapping.ts';
export { exchangeMicrosoftCode, microsoftAuthUrl, MICROSOFT_SCOPES, type MicrosoftTokenGrant } from './microsoft-oauth.ts';

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

const GRAPH_BASE_URL = 'https://graph.microsoft.com';
const GRAPH_VERSION = 'v1.0';
const PREFER_UTC = 'outlook.timezone="UTC"';

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
    return client
      .api(path)
      .header('Prefer', PREFER_UTC)
      .options({ signal: AbortSignal.timeout(timeoutMs) });
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
      throw store.authError ?? graphFailure(err, operation);
    }
  }

  const calendarPath = (calendarId: string) => `/me/calendars/${encodeURIComponent(calendarId)}`;

  async function findEventId(calendarId: string, eventKey: string): Promise<string | undefined> {
    const filter = `singleValueExtendedProperties/Any(ep: ep/id eq '${EVENT_KEY_PROPERTY_ID}' and ep/value eq '${eventKey}')`;
    const page = await call(
      'find event',
      () =>
        api(`${calendarPath(calendarId)}/events`)
          .filter(encodeURIComponent(filter))
          .select('id')
          .top(1)
          .get() as Promise<GraphPage<GraphEvent>>,
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

  return {
    kind: 'microsoft',

    async listCalendars(): Promise<CalendarInfo[]> {
      const calendars: CalendarInfo[] = [];
      let request = api('/me/calendars');
      for (;;) {
        const page = await call(
          'list calendars',
          () => request.get() as Promise<GraphPage<{ id: string; name?: string; isDefaultCalendar?: boolean; canEdit?: boolean }>>,
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
        if (err instanceof CalendarError && isGraphSyncReset(err)) return round(calendarId, window, null);
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
