/**
 * CalDAV adapter of the CalendarConnector port (`tsdav` for the DAV plumbing, `ical.js` for iCalendar).
 *
 * Verified against Radicale 3.1.8 (Debian `radicale`, see test/calendar-connectors/caldav.connector.test.ts):
 * - Discovery: PROPFIND `current-user-principal` on the configured URL (then on the `/.well-known/caldav`
 *   target), `calendar-home-set` on the principal, then Depth 1 on the home. Calendars are the collections
 *   whose resourcetype is `calendar` and whose `supported-calendar-component-set` allows VEVENT (or is not
 *   stated). `readOnly` comes from `current-user-privilege-set` (no write / write-content / all); `timeZone`
 *   from `calendar-timezone-id` (RFC 7809) or the TZID of the `calendar-timezone` VTIMEZONE. CalDAV has no
 *   "primary" calendar: the first writable one in the server's order is reported as primary.
 * - Calendar ids are the collection's path on the server (e.g. `/alice/work/`); an absolute URL is accepted
 *   only on the configured server's origin (anything else answers NOT_FOUND).
 * - Recurrence: Radicale 3.1.8 ignores `<C:expand>` in calendar-data (it returns the master with its RRULE
 *   and the overridden instances unexpanded), so we never ask for it and always expand client-side with
 *   ical.js (`ICAL.Event` + `iterator()`: RRULE, RDATE, EXDATE, RECURRENCE-ID overrides). Radicale does
 *   evaluate RRULEs for the calendar-query `time-range` filter, so the REPORT returns exactly the objects
 *   with an instance in the window; we clip the expanded instances to the window ourselves.
 *   Instance ids are `<uid>/<recurrence-id in UTC>` (`20300318T080000Z`, or `20300318` for all-day);
 *   non-recurring events have the bare `<uid>`.
 * - Time zones: TZIDs resolve through the VTIMEZONE in the object (ical.js); a TZID without a VTIMEZONE
 *   that names an IANA zone is converted with Intl; floating times are read as UTC.
 * - Change detection: Radicale reports both `CS:getctag` and `DAV:sync-token` and implements the
 *   sync-collection REPORT. We use the ctag (else the sync-token) as a version stamp only: the cursor is
 *   `{ stamp, window }`; an unchanged stamp over the same window answers `{ events: [], full: false }`
 *   without listing; anything else lists the whole window and answers `full: true`. sync-collection is not
 *   used: it reports changed resources across the whole collection, and turning resource changes into
 *   removed *instance* ids (an EXDATE added to a series) needs per-resource instance bookkeeping in the
 *   cursor — a full window listing is simple and correct. The stamp is read before the listing, so a
 *   change racing the listing shows up as a changed stamp next time.
 * - Writes: the event lives at `<calendar>/<eventKey>.ics` with UID = eventKey (the id listChanges shows for
 *   it), DTSTART/DTEND in UTC, SUMMARY, DESCRIPTION, LOCATION, STATUS, TRANSP, SEQUENCE and
 *   `X-SLOTFLOW-BOOKING-ID`. createEvent PUTs with `If-None-Match: *`; a 412 (already there) re-reads the
 *   resource and answers it when it is this booking's event (idempotent retry), CONFLICT otherwise.
 *   updateEvent GETs the resource, bumps SEQUENCE and PUTs with `If-Match` on its etag. deleteEvent treats
 *   404 as success. ATTENDEEs are not written: on servers with implicit scheduling (RFC 6638) they would
 *   make the server send its own invitations.
 * - Failures (all `CalendarError`, classified by the shared `caldavError`): 401/403 → AUTH_REVOKED (403
 *   `no-uid-conflict` → CONFLICT, RFC 4791 request preconditions → TEMPORARY), 404/410 →
 *   NOT_FOUND, 409/412 → CONFLICT (a PUT's 409 because the calendar collection is missing → NOT_FOUND),
 *   429 → RATE_LIMITED, 503 with Retry-After → RATE_LIMITED, other 5xx / network / timeouts → TEMPORARY.
 *
 * Split by job: this file is the connector's methods; caldav-client.ts the transport (guarded requests,
 * discovery, object GET/PUT); caldav-protocol.ts classifies failures and reads DAV answers;
 * caldav-ics.ts maps iCalendar both ways.
 */
import { CalendarError, type CalendarConnector, type CalendarInfo, type EventChanges, type ExternalEvent } from './connector.ts';
import { buildEventIcs, edgeMs, expandCalendarObject, icalUtc, parseOwnEvent } from './caldav-ics.ts';
import {
  checkMultistatus,
  componentNames,
  decodeCursor,
  encodeCursor,
  isCalendar,
  readOnlyOf,
  requestPath,
  samePath,
  statusToCalendarError,
  textOf,
  timeZoneOfVtimezone,
} from './caldav-protocol.ts';
import { createCalDavClient, type CalDavConnectorOptions } from './caldav-client.ts';
export { isSsrfRefusal } from './caldav-protocol.ts';

export type { CalDavConnectorOptions } from './caldav-client.ts';

export function createCalDavConnector(options: CalDavConnectorOptions): CalendarConnector {
  const { serverUrl, client, guarded, calendarUrl, objectUrl, propfind, calendarHome, getObject, conflictOrMissingCalendar, putObject } =
    createCalDavClient(options);

  return {
    kind: 'caldav',

    listCalendars: () =>
      guarded('CalDAV listCalendars', async () => {
        const home = await calendarHome();
        const rs = await propfind(
          home,
          {
            'd:resourcetype': {},
            'd:displayname': {},
            'd:current-user-privilege-set': {},
            'c:supported-calendar-component-set': {},
            'c:calendar-timezone': {},
            'c:calendar-timezone-id': {},
          },
          '1',
        );
        const calendars: CalendarInfo[] = [];
        for (const r of rs) {
          if (!r.ok || !r.href || !isCalendar(r)) continue;
          const components = componentNames(r.props?.supportedCalendarComponentSet?.comp);
          if (components.length > 0 && !components.includes('VEVENT')) continue;
          const url = new URL(r.href, home);
          const id = url.origin === serverUrl.origin ? url.pathname : url.href;
          calendars.push({
            id,
            name: textOf(r.props?.displayname) || decodeURIComponent(url.pathname.split('/').filter(Boolean).pop() ?? id),
            primary: false,
            timeZone: textOf(r.props?.calendarTimezoneId) || timeZoneOfVtimezone(textOf(r.props?.calendarTimezone)),
            readOnly: readOnlyOf(r.props?.currentUserPrivilegeSet),
          });
        }
        const primary = calendars.find((c) => c.readOnly !== true);
        if (primary) primary.primary = true;
        return calendars;
      }),

    listChanges: (calendarId, window, cursor) =>
      guarded(`CalDAV listChanges ${calendarId}`, async (): Promise<EventChanges> => {
        const url = calendarUrl(calendarId);
        const rs = await propfind(url, { 'd:resourcetype': {}, 'cs:getctag': {}, 'd:sync-token': {} }, '0');
        const self = rs.find((r) => r.href !== undefined && samePath(new URL(r.href, url).pathname, new URL(url).pathname)) ?? rs[0];
        if (!self || !self.ok || !isCalendar(self)) throw new CalendarError('NOT_FOUND', `CalDAV: ${requestPath(url)} is not a calendar`);
        const stamp = textOf(self.props?.getctag) || textOf(self.props?.syncToken) || undefined;
        const next = encodeCursor({ stamp, from: window.from, to: window.to });
        const previous = decodeCursor(cursor);
        if (stamp !== undefined && previous !== undefined && previous.stamp === stamp && previous.from === window.from && previous.to === window.to) {
          return { events: [], removed: [], cursor: next, full: false };
        }
        if (!(window.from < window.to)) return { events: [], removed: [], cursor: next, full: true };

        const c = await client();
        const range = { start: icalUtc(window.from), end: icalUtc(window.to) };
        const objects = checkMultistatus(
          await c.davRequest({
            url,
            init: {
              method: 'REPORT',
              namespace: 'c',
              headers: { depth: '1' },
              body: {
                'calendar-query': {
                  _attributes: { 'xmlns:c': 'urn:ietf:params:xml:ns:caldav', 'xmlns:d': 'DAV:' },
                  'd:prop': { 'd:getetag': {}, 'c:calendar-data': {} },
                  filter: {
                    'comp-filter': {
                      _attributes: { name: 'VCALENDAR' },
                      'comp-filter': { _attributes: { name: 'VEVENT' }, 'time-range': { _attributes: range } },
                    },
                  },
                },
              },
            },
          }),
          `REPORT ${requestPath(url)}`,
        );
        const events: ExternalEvent[] = [];
        for (const o of objects) {
          const ics = textOf(o.props?.calendarData);
          if (!o.ok || !ics) continue;
          events.push(...expandCalendarObject(ics, window));
        }
        events.sort((a, b) => edgeMs(a.start) - edgeMs(b.start) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
        return { events, removed: [], cursor: next, full: true };
      }),

    createEvent: (calendarId, draft) =>
      guarded(`CalDAV createEvent ${draft.eventKey}`, async () => {
        const url = objectUrl(calendarId, draft.eventKey);
        const res = await putObject(url, buildEventIcs(draft, 0), { 'If-None-Match': '*' });
        if (res.ok) return { id: draft.eventKey };
        const what = `PUT ${requestPath(url)}`;
        if (res.status === 412) {
          // Already there: a retry of ours finds the event the first attempt made.
          const existing = await getObject(url);
          const mine = existing && parseOwnEvent(existing.ics);
          if (mine && mine.uid === draft.eventKey && mine.bookingId === draft.bookingId) return { id: draft.eventKey };
          throw new CalendarError('CONFLICT', `CalDAV: ${what}: another event exists under key ${draft.eventKey}`, { status: 412 });
        }
        const err = statusToCalendarError(res.status, '', res.headers, what);
        if (res.status === 409) throw await conflictOrMissingCalendar(calendarUrl(calendarId), err);
        throw err;
      }),

    updateEvent: (calendarId, draft) =>
      guarded(`CalDAV updateEvent ${draft.eventKey}`, async () => {
        const url = objectUrl(calendarId, draft.eventKey);
        const existing = await getObject(url);
        if (!existing) throw new CalendarError('NOT_FOUND', `CalDAV: no event ${draft.eventKey} in ${calendarId}`, { status: 404 });
        const sequence = (parseOwnEvent(existing.ics)?.sequence ?? 0) + 1;
        const res = await putObject(url, buildEventIcs(draft, sequence), existing.etag ? { 'If-Match': existing.etag } : {});
        if (res.ok) return { id: draft.eventKey };
        const err = statusToCalendarError(res.status, '', res.headers, `PUT ${requestPath(url)}`);
        if (res.status === 409) throw await conflictOrMissingCalendar(calendarUrl(calendarId), err);
        throw err;
      }),

    deleteEvent: (calendarId, eventKey) =>
      guarded(`CalDAV deleteEvent ${eventKey}`, async () => {
        const url = objectUrl(calendarId, eventKey);
        const c = await client();
        const res = await c.deleteObject({ url });
        await res.arrayBuffer().catch(() => undefined);
        if (res.ok || res.status === 404 || res.status === 410) return; // already gone = success
        throw statusToCalendarError(res.status, '', res.headers, `DELETE ${requestPath(url)}`);
      }),
  };
}
