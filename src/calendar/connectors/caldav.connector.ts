/**
 * CalDAV adapter of the CalendarConnector port (`tsdav` for the DAV plumbing, `ical.js` for iCalendar).
 *
 * Verified against Radicale 3.1.8 (Debian `radicale`, see test/calendar/caldav.connector.test.ts):
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
 */
import ICAL from 'ical.js';
import { createDAVClient, getBasicAuthHeaders, serviceDiscovery, type DAVResponse } from 'tsdav';
import { caldavError } from '../errors/calendar-errors.ts';
import { CalendarAddressRefused, CalendarOriginRefused } from '../ssrf-fetch.ts';
import { isValidTimeZone, wallClockToInstant } from '../../domain/time/zones.ts';
import {
  CalendarError,
  type CalendarConnector,
  type CalendarInfo,
  type EventChanges,
  type EventDraft,
  type EventTime,
  type ExternalEvent,
} from '../connector.ts';

export type CalDavConnectorOptions = {
  /** Server URL (the root, a principal, or anything with a `.well-known/caldav` redirect). */
  url: string;
  username: string;
  password: string;
  /** Replaces the global fetch (tests, SSRF guard). */
  fetch?: typeof fetch;
  /** Per-request timeout; default 30 s. */
  requestTimeoutMs?: number;
};

type DavClient = Awaited<ReturnType<typeof createDAVClient>>;
type IcalComponent = InstanceType<typeof ICAL.Component>;
type IcalTime = InstanceType<typeof ICAL.Time>;

const ICS_CONTENT_TYPE = 'text/calendar; charset=utf-8';
const PRODID = '-//slotflow//CalDAV connector//EN';
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Widest zone offsets: a date can start 14 h before its UTC midnight and end 12 h after. */
const DATE_SLACK = 14 * HOUR;
/** Upper bound of occurrences walked per series (a daily series over 100+ years). */
const MAX_OCCURRENCES = 50_000;

export function createCalDavConnector(options: CalDavConnectorOptions): CalendarConnector {
  const serverUrl = new URL(options.url);
  const baseFetch = options.fetch ?? globalThis.fetch;
  const timeoutMs = options.requestTimeoutMs ?? 30_000;
  const credentials = { username: options.username, password: options.password };
  const authHeaders = getBasicAuthHeaders(credentials) as Record<string, string>;

  /**
   * Every request goes through here: network failures and the statuses whose meaning does not depend on
   * the request (401, 403, 429, 5xx) become CalendarErrors before tsdav sees them; the rest (2xx, 207,
   * 404, 409, 412, …) are returned for the caller to judge in context.
   */
  const guardedFetch: typeof fetch = async (input, init) => {
    const what = `${init?.method ?? 'GET'} ${requestPath(input)}`;
    let res: Response;
    try {
      res = await baseFetch(input, { ...init, signal: init?.signal ?? AbortSignal.timeout(timeoutMs) });
    } catch (err) {
      throw thrownToCalendarError(err, what);
    }
    if (res.status === 401 || res.status === 403 || res.status === 429 || res.status >= 500) {
      const body = await res.text().catch(() => '');
      throw statusToCalendarError(res.status, body, res.headers, what);
    }
    return res;
  };

  let clientPromise: Promise<DavClient> | undefined;
  const client = (): Promise<DavClient> => {
    clientPromise ??= createDAVClient({
      serverUrl: serverUrl.href,
      credentials,
      authMethod: 'Basic',
      fetch: guardedFetch,
    }).catch((err: unknown) => {
      clientPromise = undefined;
      throw err;
    });
    return clientPromise;
  };

  /** Runs `fn`, turning anything that is not yet a CalendarError into one (TEMPORARY: unclassifiable). */
  async function guarded<T>(what: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      if (err instanceof CalendarError) throw err;
      throw thrownToCalendarError(err, what);
    }
  }

  /** Resolves a calendar id (server path, or absolute URL on the server's origin) to its collection URL. */
  function calendarUrl(calendarId: string): string {
    let url: URL;
    try {
      url = new URL(calendarId, serverUrl);
    } catch {
      throw new CalendarError('NOT_FOUND', `CalDAV: not a calendar id: ${calendarId}`);
    }
    if (url.origin !== serverUrl.origin || calendarId.length === 0) {
      throw new CalendarError('NOT_FOUND', `CalDAV: calendar ${calendarId} is not on ${serverUrl.origin}`);
    }
    url.search = '';
    url.hash = '';
    if (!url.pathname.endsWith('/')) url.pathname += '/';
    return url.href;
  }

  function objectUrl(calendarId: string, eventKey: string): string {
    return `${calendarUrl(calendarId)}${encodeURIComponent(eventKey)}.ics`;
  }

  async function propfind(url: string, props: Record<string, object>, depth: '0' | '1'): Promise<DAVResponse[]> {
    const c = await client();
    return checkMultistatus(await c.propfind({ url, props, depth }), `PROPFIND ${requestPath(url)}`);
  }

  async function findPrincipal(rootUrl: string): Promise<string | undefined> {
    let rs: DAVResponse[];
    try {
      rs = await propfind(rootUrl, { 'd:current-user-principal': {} }, '0');
    } catch (err) {
      // Missing is "try the next way"; a refusal of the SSRF fetch is an answer of its own.
      if (err instanceof CalendarError && err.kind === 'NOT_FOUND' && !isSsrfRefusal(err)) return undefined;
      throw err;
    }
    for (const r of rs) {
      const href = hrefOf(r.props?.currentUserPrincipal?.href);
      if (r.ok && href) return new URL(href, rootUrl).href;
    }
    return undefined;
  }

  let homePromise: Promise<string> | undefined;
  function calendarHome(): Promise<string> {
    homePromise ??= discoverHome().catch((err: unknown) => {
      homePromise = undefined;
      throw err;
    });
    return homePromise;
  }

  async function discoverHome(): Promise<string> {
    let principal = await findPrincipal(serverUrl.href);
    if (!principal) {
      const root = await serviceDiscovery({
        account: { serverUrl: serverUrl.href, accountType: 'caldav' },
        headers: authHeaders,
        fetch: guardedFetch,
      });
      if (root !== serverUrl.href) principal = await findPrincipal(root);
    }
    if (!principal) throw new CalendarError('NOT_FOUND', `CalDAV: ${serverUrl.origin} names no current-user-principal`);
    const rs = await propfind(principal, { 'c:calendar-home-set': {} }, '0');
    for (const r of rs) {
      const href = hrefOf(r.props?.calendarHomeSet?.href);
      if (r.ok && href) return new URL(href, principal).href;
    }
    throw new CalendarError('NOT_FOUND', `CalDAV: principal ${requestPath(principal)} names no calendar-home-set`);
  }

  /** GET of one calendar object: its text and etag, or undefined when it does not exist. */
  async function getObject(url: string): Promise<{ ics: string; etag: string | undefined } | undefined> {
    const res = await guardedFetch(url, { method: 'GET', headers: { ...authHeaders, accept: 'text/calendar' } });
    const body = await res.text().catch(() => '');
    if (res.status === 404 || res.status === 410) return undefined;
    if (!res.ok) throw statusToCalendarError(res.status, body, res.headers, `GET ${requestPath(url)}`);
    return { ics: body, etag: res.headers.get('etag') ?? undefined };
  }

  /** After a PUT's 409: NOT_FOUND when the calendar collection is gone, the CONFLICT otherwise. */
  async function conflictOrMissingCalendar(calUrl: string, conflict: CalendarError): Promise<CalendarError> {
    try {
      await propfind(calUrl, { 'd:resourcetype': {} }, '0');
      return conflict;
    } catch (err) {
      if (err instanceof CalendarError && err.kind === 'NOT_FOUND') return err;
      return conflict;
    }
  }

  async function putObject(url: string, ics: string, precondition: Record<string, string>): Promise<Response> {
    const c = await client();
    const res = await c.createObject({ url, data: ics, headers: { 'content-type': ICS_CONTENT_TYPE, ...precondition } });
    await res.arrayBuffer().catch(() => undefined);
    return res;
  }

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
        if (
          stamp !== undefined &&
          previous !== undefined &&
          previous.stamp === stamp &&
          previous.from === window.from &&
          previous.to === window.to
        ) {
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

// ─── Errors: the shared CalDAV classifier (src/calendar/errors/calendar-errors.ts), with what we did ─────

function statusToCalendarError(status: number, body: string, headers: Headers | undefined, what: string): CalendarError {
  const c = caldavError(status, body, headers);
  return new CalendarError(c.kind, `CalDAV: ${what}: ${c.message}`, c.detail);
}

/** A request the SSRF fetch refused (another origin, or an address slotflow does not connect to). */
export function isSsrfRefusal(err: CalendarError): boolean {
  return err.detail.providerCode === 'ORIGIN_REFUSED' || err.detail.providerCode === 'ADDRESS_REFUSED';
}

function thrownToCalendarError(err: unknown, what: string): CalendarError {
  if (err instanceof CalendarError) return err;
  // The SSRF fetch (ssrf-fetch.ts) refused: permanent until the admin fixes the server or its DNS.
  const refusal = [err, (err as { cause?: unknown } | null)?.cause].find((e) => e instanceof CalendarOriginRefused || e instanceof CalendarAddressRefused);
  if (refusal instanceof CalendarOriginRefused) return new CalendarError('NOT_FOUND', `CalDAV: ${what}: the server pointed elsewhere (another origin); refused`, { providerCode: 'ORIGIN_REFUSED', cause: err });
  if (refusal instanceof CalendarAddressRefused) return new CalendarError('NOT_FOUND', `CalDAV: ${what}: the host resolved to an address slotflow does not connect to; refused`, { providerCode: 'ADDRESS_REFUSED', cause: err });
  const c = caldavError(err);
  return new CalendarError(c.kind, `CalDAV: ${what}: ${c.message}`, { ...c.detail, cause: err });
}

/** A tsdav answer whose request itself failed (no multistatus) → CalendarError. */
function checkMultistatus(rs: DAVResponse[], what: string): DAVResponse[] {
  const top = rs[0];
  if (rs.length === 1 && top && !top.ok && top.props === undefined) {
    throw statusToCalendarError(top.status, typeof top.raw === 'string' ? top.raw : '', undefined, what);
  }
  return rs;
}

// ─── DAV property helpers (tsdav's xml-js output: camelCased names, `_cdata`/`_text`, native numbers) ──

function textOf(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v && typeof v === 'object') {
    const o = v as { _cdata?: unknown; _text?: unknown };
    if (o._cdata !== undefined) return textOf(o._cdata);
    if (o._text !== undefined) return textOf(o._text);
  }
  return '';
}

function hrefOf(v: unknown): string | undefined {
  if (Array.isArray(v)) return v.map(hrefOf).find((h) => h !== undefined);
  const t = textOf(v).trim();
  return t.length > 0 ? t : undefined;
}

function isCalendar(r: DAVResponse): boolean {
  const rt = r.props?.resourcetype;
  return rt !== null && typeof rt === 'object' && 'calendar' in rt;
}

function componentNames(comp: unknown): string[] {
  const list = Array.isArray(comp) ? comp : comp ? [comp] : [];
  return list
    .map((c) => (c as { _attributes?: { name?: unknown } })?._attributes?.name)
    .filter((n): n is string => typeof n === 'string')
    .map((n) => n.toUpperCase());
}

function readOnlyOf(privilegeSet: unknown): boolean | undefined {
  if (!privilegeSet || typeof privilegeSet !== 'object') return undefined;
  const raw = (privilegeSet as { privilege?: unknown }).privilege;
  const privileges = (Array.isArray(raw) ? raw : raw ? [raw] : []).flatMap((p) => (p && typeof p === 'object' ? Object.keys(p) : []));
  if (privileges.length === 0) return undefined;
  return !privileges.some((p) => p === 'all' || p === 'write' || p === 'writeContent' || p === 'bind');
}

function timeZoneOfVtimezone(text: string): string | undefined {
  if (!text.includes('VTIMEZONE')) return undefined;
  try {
    const root = new ICAL.Component(ICAL.parse(text) as unknown[]);
    const tzid = root.getFirstSubcomponent('vtimezone')?.getFirstPropertyValue('tzid');
    return typeof tzid === 'string' && tzid.length > 0 ? tzid : undefined;
  } catch {
    return undefined;
  }
}

function samePath(a: string, b: string): boolean {
  const norm = (p: string) => decodeURIComponent(p).replace(/\/+$/, '');
  return norm(a) === norm(b);
}

function requestPath(input: unknown): string {
  try {
    const u = new URL(input instanceof Request ? input.url : String(input));
    return u.pathname;
  } catch {
    return String(input);
  }
}

// ─── Cursor ──────────────────────────────────────────────────────────────────────────────────────────

type Cursor = { stamp: string | undefined; from: number; to: number };

function encodeCursor(c: Cursor): string {
  return `caldav1.${Buffer.from(JSON.stringify({ s: c.stamp ?? null, f: c.from, t: c.to })).toString('base64url')}`;
}

function decodeCursor(cursor: string | null): Cursor | undefined {
  if (!cursor?.startsWith('caldav1.')) return undefined;
  try {
    const v = JSON.parse(Buffer.from(cursor.slice('caldav1.'.length), 'base64url').toString('utf8')) as {
      s?: unknown;
      f?: unknown;
      t?: unknown;
    };
    if (typeof v.s !== 'string' || typeof v.f !== 'number' || typeof v.t !== 'number') return undefined;
    return { stamp: v.s, from: v.f, to: v.t };
  } catch {
    return undefined;
  }
}

// ─── iCalendar → ExternalEvent ───────────────────────────────────────────────────────────────────────

/** All instances of the events in one calendar object that overlap the window (all-day: loosely, ±14 h). */
export function expandCalendarObject(ics: string, window: { from: number; to: number }): ExternalEvent[] {
  let root: IcalComponent;
  try {
    root = new ICAL.Component(ICAL.parse(ics) as unknown[]);
  } catch {
    return []; // not parseable: nothing we could count as busy
  }
  const groups = new Map<string, { master?: IcalComponent; overrides: IcalComponent[] }>();
  for (const vevent of root.getAllSubcomponents('vevent')) {
    const uid = String(vevent.getFirstPropertyValue('uid') ?? '');
    if (!uid) continue;
    const g = groups.get(uid) ?? { overrides: [] };
    if (vevent.hasProperty('recurrence-id')) g.overrides.push(vevent);
    else g.master ??= vevent;
    groups.set(uid, g);
  }

  const out: ExternalEvent[] = [];
  const keep = (e: ExternalEvent | undefined) => {
    if (e && overlaps(e, window)) out.push(e);
  };
  for (const [uid, { master, overrides }] of groups) {
    try {
      if (!master) {
        // Overridden instances without their series (e.g. only invited to one instance).
        for (const o of overrides) keep(instanceOf(uid, o, undefined, ridTime(o), startOf(o), endOf(o)));
        continue;
      }
      const event = new ICAL.Event(master, { exceptions: overrides });
      if (!event.isRecurring()) {
        keep(instanceOf(uid, master, undefined, undefined, startOf(master), endOf(master)));
        continue;
      }
      const masterTzid = tzidOf(master, 'dtstart');
      // Overrides may move an instance later than its recurrence id: walk far enough to see them.
      let maxShift = 0;
      for (const o of overrides) {
        const rid = ridTime(o);
        const s = startOf(o);
        if (rid && s) maxShift = Math.max(maxShift, edgeMs(s.edge) - toInstant(rid.time, rid.tzid));
      }
      const stopAt = window.to + maxShift + DAY;
      const it = event.iterator();
      for (let n = 0; n < MAX_OCCURRENCES; n++) {
        const occurrence = it.next();
        if (!occurrence) break;
        if (toInstant(occurrence, masterTzid) >= stopAt) break;
        const details = event.getOccurrenceDetails(occurrence);
        const item: IcalComponent = details.item?.component ?? master;
        const overridden = item !== master;
        const startTzid = overridden ? tzidOf(item, 'dtstart') : masterTzid;
        const endTzid = overridden ? (tzidOf(item, 'dtend') ?? startTzid) : masterTzid;
        keep(
          instanceOf(
            uid,
            item,
            master,
            { time: occurrence, tzid: masterTzid },
            { edge: edgeOf(details.startDate, startTzid) },
            { edge: edgeOf(details.endDate, endTzid) },
          ),
        );
      }
    } catch {
      // A broken series is skipped rather than failing the whole listing.
    }
  }
  return out;
}

function instanceOf(
  uid: string,
  item: IcalComponent,
  master: IcalComponent | undefined,
  rid: { time: IcalTime; tzid: string | undefined } | undefined,
  start: { edge: EventTime } | undefined,
  end: { edge: EventTime } | undefined,
): ExternalEvent | undefined {
  if (!start || !end) return undefined;
  const bookingId = propText(item, 'x-slotflow-booking-id') ?? (master ? propText(master, 'x-slotflow-booking-id') : undefined);
  return {
    id: rid ? `${uid}/${ridKey(rid.time, rid.tzid)}` : uid,
    status: statusOf(propText(item, 'status')),
    transparent: (propText(item, 'transp') ?? '').toUpperCase() === 'TRANSPARENT',
    start: start.edge,
    end: end.edge,
    ...(bookingId ? { slotflowBookingId: bookingId } : {}),
  };
}

function statusOf(s: string | undefined): ExternalEvent['status'] {
  switch ((s ?? '').toUpperCase()) {
    case 'CANCELLED':
      return 'cancelled';
    case 'TENTATIVE':
      return 'tentative';
    default:
      return 'confirmed';
  }
}

function propText(c: IcalComponent, name: string): string | undefined {
  const v = c.getFirstPropertyValue(name);
  return v === null || v === undefined ? undefined : String(v);
}

function tzidOf(c: IcalComponent, prop: 'dtstart' | 'dtend' | 'recurrence-id'): string | undefined {
  const p = c.getFirstProperty(prop);
  const tzid = p?.getParameter('tzid');
  return typeof tzid === 'string' ? tzid : undefined;
}

function ridTime(c: IcalComponent): { time: IcalTime; tzid: string | undefined } | undefined {
  const t = c.getFirstPropertyValue('recurrence-id');
  return t instanceof ICAL.Time ? { time: t, tzid: tzidOf(c, 'recurrence-id') } : undefined;
}

function startOf(c: IcalComponent): { edge: EventTime } | undefined {
  const t = c.getFirstPropertyValue('dtstart');
  return t instanceof ICAL.Time ? { edge: edgeOf(t, tzidOf(c, 'dtstart')) } : undefined;
}

/** DTEND (exclusive), else DTSTART + DURATION, else one day for a date and zero length for a date-time. */
function endOf(c: IcalComponent): { edge: EventTime } | undefined {
  const dtend = c.getFirstPropertyValue('dtend');
  if (dtend instanceof ICAL.Time) return { edge: edgeOf(dtend, tzidOf(c, 'dtend')) };
  const start = c.getFirstPropertyValue('dtstart');
  if (!(start instanceof ICAL.Time)) return undefined;
  const end = start.clone();
  const duration = c.getFirstPropertyValue('duration');
  if (duration instanceof ICAL.Duration) end.addDuration(duration);
  else if (end.isDate) end.day += 1;
  return { edge: edgeOf(end, tzidOf(c, 'dtstart')) };
}

function edgeOf(t: IcalTime, tzid: string | undefined): EventTime {
  if (t.isDate) return { date: `${pad(t.year, 4)}-${pad(t.month, 2)}-${pad(t.day, 2)}` };
  return { instant: toInstant(t, tzid) };
}

/**
 * Epoch ms of a date-time: through its ical.js zone (UTC, or the object's VTIMEZONE); a TZID that
 * resolved to nothing (no VTIMEZONE) but names an IANA zone goes through Intl; floating → UTC.
 */
function toInstant(t: IcalTime, tzid: string | undefined): number {
  const floating = !t.zone || t.zone.tzid === 'floating' || t.zone === ICAL.Timezone.localTimezone;
  if (t.isDate) return Date.UTC(t.year, t.month - 1, t.day);
  if (!floating) return t.toUnixTime() * 1000;
  if (tzid && isValidTimeZone(tzid)) return wallClockToInstant(`${pad(t.year, 4)}-${pad(t.month, 2)}-${pad(t.day, 2)}`, t.hour, t.minute, t.second, 0, tzid);
  return Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute, t.second);
}

function ridKey(t: IcalTime, tzid: string | undefined): string {
  if (t.isDate) return `${pad(t.year, 4)}${pad(t.month, 2)}${pad(t.day, 2)}`;
  return icalUtc(toInstant(t, tzid));
}

function overlaps(e: ExternalEvent, window: { from: number; to: number }): boolean {
  const s = 'instant' in e.start ? e.start.instant : Date.parse(`${e.start.date}T00:00:00Z`) - DATE_SLACK;
  const end = 'instant' in e.end ? e.end.instant : Date.parse(`${e.end.date}T00:00:00Z`) + DATE_SLACK;
  if (end <= s) return s >= window.from && s < window.to;
  return s < window.to && end > window.from;
}

function edgeMs(t: EventTime): number {
  return 'instant' in t ? t.instant : Date.parse(`${t.date}T00:00:00Z`);
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

/** iCalendar UTC date-time, e.g. `20300318T080000Z`. */
function icalUtc(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19).replace(/[-:]/g, '')}Z`;
}

// ─── EventDraft → iCalendar ──────────────────────────────────────────────────────────────────────────

function utcTime(ms: number): IcalTime {
  return ICAL.Time.fromJSDate(new Date(ms), true);
}

function buildEventIcs(draft: EventDraft, sequence: number): string {
  const cal = new ICAL.Component('vcalendar');
  cal.updatePropertyWithValue('prodid', PRODID);
  cal.updatePropertyWithValue('version', '2.0');
  cal.updatePropertyWithValue('calscale', 'GREGORIAN');
  const ev = new ICAL.Component('vevent');
  ev.updatePropertyWithValue('uid', draft.eventKey);
  ev.updatePropertyWithValue('dtstamp', utcTime(Date.now()));
  ev.updatePropertyWithValue('dtstart', utcTime(draft.start));
  ev.updatePropertyWithValue('dtend', utcTime(draft.end));
  ev.updatePropertyWithValue('summary', draft.title);
  if (draft.description) ev.updatePropertyWithValue('description', draft.description);
  if (draft.location) ev.updatePropertyWithValue('location', draft.location);
  ev.updatePropertyWithValue('status', 'CONFIRMED');
  ev.updatePropertyWithValue('transp', 'OPAQUE');
  ev.updatePropertyWithValue('sequence', sequence);
  ev.updatePropertyWithValue('x-slotflow-booking-id', draft.bookingId);
  cal.addSubcomponent(ev);
  return cal.toString();
}

/** UID, booking id and SEQUENCE of the event slotflow wrote (the first VEVENT without RECURRENCE-ID). */
function parseOwnEvent(ics: string): { uid: string; bookingId: string | undefined; sequence: number } | undefined {
  try {
    const root = new ICAL.Component(ICAL.parse(ics) as unknown[]);
    const ev = root.getAllSubcomponents('vevent').find((v) => !v.hasProperty('recurrence-id'));
    if (!ev) return undefined;
    const seq = Number(ev.getFirstPropertyValue('sequence') ?? 0);
    return {
      uid: String(ev.getFirstPropertyValue('uid') ?? ''),
      bookingId: propText(ev, 'x-slotflow-booking-id'),
      sequence: Number.isFinite(seq) ? seq : 0,
    };
  } catch {
    return undefined;
  }
}
