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
 * Errors: the shared Google classifier (`googleFailure` in calendar-errors.ts). Mapping in
 * google-mapping.ts, OAuth (consent, code exchange, revocation, the auth client) in google-oauth.ts.
 */
import { calendar as googleCalendar, type calendar_v3 } from 'googleapis/build/src/apis/calendar/index.js';
import { CalendarError, type CalendarConnector, type CalendarInfo, type EventChanges, type ExternalEvent } from './connector.ts';
import { googleFailure, googleStatusOf } from './calendar-errors.ts';
import { mapGoogleEvent, overlaps, writeBody } from './google-mapping.ts';
import { createOAuthClient } from './google-oauth.ts';

export { mapGoogleEvent } from './google-mapping.ts';
export { exchangeGoogleCode, googleAuthUrl, GOOGLE_SCOPES, revokeGoogleToken, type GoogleTokenGrant } from './google-oauth.ts';

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

const PAGE_SIZE = 250;

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
      throw googleFailure(err, operation);
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

  return {
    kind: 'google',

    async listCalendars(): Promise<CalendarInfo[]> {
      const entries: calendar_v3.Schema$CalendarListEntry[] = [];
      let pageToken: string | undefined;
      do {
        const { data } = await call('calendarList.list', () => api.calendarList.list({ maxResults: PAGE_SIZE, ...(pageToken ? { pageToken } : {}) }));
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
        if (googleStatusOf(err) === 410) return fullListing(calendarId, window); // fullSyncRequired
        throw googleFailure(err, 'events.list');
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
        if (googleStatusOf(err) !== 409) throw googleFailure(err, 'events.insert');
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
      const { data } = await call('events.patch', () => api.events.patch({ calendarId, eventId: draft.eventKey, sendUpdates: 'none', requestBody: body }));
      if (data.status === 'cancelled') {
        throw new CalendarError('NOT_FOUND', `google events.patch: event ${draft.eventKey} was deleted`, { status: 410 });
      }
      return { id: data.id ?? draft.eventKey };
    },

    async deleteEvent(calendarId, eventKey): Promise<void> {
      try {
        await api.events.delete({ calendarId, eventId: eventKey, sendUpdates: 'none' });
      } catch (err) {
        const status = googleStatusOf(err);
        if (status === 404 || status === 410) return; // already gone
        throw googleFailure(err, 'events.delete');
      }
    },
  };
}
