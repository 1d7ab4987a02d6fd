/**
 * The CalDAV connector against a real Radicale server (test/support/radicale.ts; Debian package `radicale`).
 * External events are written straight through tsdav, the way another client would; the connector then
 * has to list, expand and write them correctly.
 */
import { createDAVClient } from 'tsdav';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CalendarError, type CalendarConnector, type EventDraft, type ExternalEvent } from '../../src/calendar-connectors/connector.ts';
import { createCalDavConnector } from '../../src/calendar-connectors/caldav.connector.ts';
import { startRadicale, type RunningRadicale } from '../support/radicale.ts';

const at = (iso: string) => Date.parse(iso);
/** Four weeks, Monday 2030-03-11 to Monday 2030-04-08 (UTC); Europe/Berlin goes to CEST on 2030-03-31. */
const WINDOW = { from: at('2030-03-11T00:00:00Z'), to: at('2030-04-08T00:00:00Z') };

const BERLIN = [
  'BEGIN:VTIMEZONE',
  'TZID:Europe/Berlin',
  'BEGIN:DAYLIGHT',
  'TZOFFSETFROM:+0100',
  'TZOFFSETTO:+0200',
  'TZNAME:CEST',
  'DTSTART:19700329T020000',
  'RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU',
  'END:DAYLIGHT',
  'BEGIN:STANDARD',
  'TZOFFSETFROM:+0200',
  'TZOFFSETTO:+0100',
  'TZNAME:CET',
  'DTSTART:19701025T030000',
  'RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU',
  'END:STANDARD',
  'END:VTIMEZONE',
];

function vcalendar(...lines: string[]): string {
  return ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//other client//test//EN', ...lines, 'END:VCALENDAR', ''].join('\r\n');
}

function vevent(uid: string, ...lines: string[]): string[] {
  return ['BEGIN:VEVENT', `UID:${uid}`, 'DTSTAMP:20300101T000000Z', ...lines, 'END:VEVENT'];
}

const EXTERNAL: Record<string, string> = {
  // Mondays 09:00 Berlin from 2030-02-25, 8 times; 03-11 excluded, 03-18 moved to Tuesday 14:00.
  'standup.ics': vcalendar(
    ...BERLIN,
    ...vevent(
      'weekly-standup',
      'DTSTART;TZID=Europe/Berlin:20300225T090000',
      'DTEND;TZID=Europe/Berlin:20300225T093000',
      'RRULE:FREQ=WEEKLY;COUNT=8',
      'EXDATE;TZID=Europe/Berlin:20300311T090000',
      'SUMMARY:Standup',
    ),
    ...vevent(
      'weekly-standup',
      'RECURRENCE-ID;TZID=Europe/Berlin:20300318T090000',
      'DTSTART;TZID=Europe/Berlin:20300319T140000',
      'DTEND;TZID=Europe/Berlin:20300319T143000',
      'SUMMARY:Standup (moved)',
    ),
  ),
  'holiday.ics': vcalendar(...vevent('holiday', 'DTSTART;VALUE=DATE:20300320', 'DTEND;VALUE=DATE:20300322', 'SUMMARY:Holiday')),
  'offsite.ics': vcalendar(...vevent('offsite', 'DTSTART;VALUE=DATE:20300327', 'SUMMARY:Offsite (no DTEND)')),
  'focus.ics': vcalendar(...vevent('focus-time', 'DTSTART:20300321T120000Z', 'DTEND:20300321T130000Z', 'TRANSP:TRANSPARENT', 'SUMMARY:Focus')),
  'cancelled.ics': vcalendar(...vevent('cancelled-call', 'DTSTART:20300322T090000Z', 'DTEND:20300322T100000Z', 'STATUS:CANCELLED', 'SUMMARY:Call')),
  'dentist.ics': vcalendar(
    ...BERLIN,
    ...vevent('dentist', 'DTSTART;TZID=Europe/Berlin:20300402T100000', 'DTEND;TZID=Europe/Berlin:20300402T110000', 'STATUS:TENTATIVE', 'SUMMARY:Dentist'),
  ),
  'later.ics': vcalendar(...vevent('later', 'DTSTART:20300501T090000Z', 'DTEND:20300501T100000Z', 'SUMMARY:Outside')),
};

const EXPECTED_EXTERNAL: ExternalEvent[] = [
  {
    id: 'weekly-standup/20300318T080000Z',
    status: 'confirmed',
    transparent: false,
    start: { instant: at('2030-03-19T13:00:00Z') },
    end: { instant: at('2030-03-19T13:30:00Z') },
  },
  { id: 'holiday', status: 'confirmed', transparent: false, start: { date: '2030-03-20' }, end: { date: '2030-03-22' } },
  {
    id: 'focus-time',
    status: 'confirmed',
    transparent: true,
    start: { instant: at('2030-03-21T12:00:00Z') },
    end: { instant: at('2030-03-21T13:00:00Z') },
  },
  {
    id: 'cancelled-call',
    status: 'cancelled',
    transparent: false,
    start: { instant: at('2030-03-22T09:00:00Z') },
    end: { instant: at('2030-03-22T10:00:00Z') },
  },
  {
    id: 'weekly-standup/20300325T080000Z',
    status: 'confirmed',
    transparent: false,
    start: { instant: at('2030-03-25T08:00:00Z') },
    end: { instant: at('2030-03-25T08:30:00Z') },
  },
  { id: 'offsite', status: 'confirmed', transparent: false, start: { date: '2030-03-27' }, end: { date: '2030-03-28' } },
  {
    id: 'weekly-standup/20300401T070000Z',
    status: 'confirmed',
    transparent: false,
    start: { instant: at('2030-04-01T07:00:00Z') },
    end: { instant: at('2030-04-01T07:30:00Z') },
  },
  {
    id: 'dentist',
    status: 'tentative',
    transparent: false,
    start: { instant: at('2030-04-02T08:00:00Z') },
    end: { instant: at('2030-04-02T09:00:00Z') },
  },
];

async function rejection(p: Promise<unknown>): Promise<CalendarError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(CalendarError);
    return err as CalendarError;
  }
  throw new Error('expected a rejection');
}

describe('CalDAV connector against Radicale', () => {
  let server: RunningRadicale;
  let dav: Awaited<ReturnType<typeof createDAVClient>>;
  let connector: CalendarConnector;
  const workId = () => new URL(`${server.homeUrl}work/`).pathname;
  const bookingsId = () => new URL(`${server.homeUrl}bookings/`).pathname;

  async function put(calendarId: string, filename: string, ics: string): Promise<void> {
    const res = await dav.createCalendarObject({ calendar: { url: new URL(calendarId, server.url).href }, filename, iCalString: ics });
    expect(res.status, `${filename}: ${await res.text()}`).toBe(201);
  }

  async function resources(calendarId: string) {
    return dav.fetchCalendarObjects({ calendar: { url: new URL(calendarId, server.url).href } });
  }

  beforeAll(async () => {
    server = await startRadicale({ readOnlyCalendars: [{ name: 'readonly-holidays', displayName: 'Public holidays' }] });
    dav = await createDAVClient({
      serverUrl: server.url,
      credentials: { username: server.username, password: server.password },
      authMethod: 'Basic',
      defaultAccountType: 'caldav',
    });
    const work = await dav.makeCalendar({
      url: `${server.homeUrl}work/`,
      props: { 'd:displayname': 'Work', 'c:calendar-timezone': { _cdata: vcalendar(...BERLIN) } },
    });
    expect(work[0]?.status).toBe(201);
    const bookings = await dav.makeCalendar({ url: `${server.homeUrl}bookings/`, props: { 'd:displayname': 'Bookings' } });
    expect(bookings[0]?.status).toBe(201);
    for (const [filename, ics] of Object.entries(EXTERNAL)) await put(workId(), filename, ics);
    connector = createCalDavConnector({ url: server.url, username: server.username, password: server.password });
  });

  afterAll(async () => {
    await server?.stop();
  });

  it('lists the calendars with name, time zone and read-only flag', async () => {
    const calendars = await connector.listCalendars();
    const byId = new Map(calendars.map((c) => [c.id, c]));
    expect([...byId.keys()].sort()).toEqual([bookingsId(), `/${server.username}/readonly-holidays/`, workId()].sort());
    expect(byId.get(workId())).toMatchObject({ name: 'Work', timeZone: 'Europe/Berlin', readOnly: false });
    expect(byId.get(bookingsId())).toMatchObject({ name: 'Bookings', readOnly: false });
    expect(byId.get(`/${server.username}/readonly-holidays/`)).toMatchObject({ name: 'Public holidays', readOnly: true, primary: false });
    const primaries = calendars.filter((c) => c.primary);
    expect(primaries).toHaveLength(1);
    expect(primaries[0]!.readOnly).toBe(false);
  });

  it('lists the window: recurring instances expanded (EXDATE, moved instance, DST), all-day as dates, TRANSP, STATUS', async () => {
    const changes = await connector.listChanges(workId(), WINDOW, null);
    expect(changes.full).toBe(true);
    expect(changes.removed).toEqual([]);
    expect(changes.events).toEqual(EXPECTED_EXTERNAL);
  });

  it('Radicale does not expand server-side: calendar-data with <C:expand> still carries the RRULE', async () => {
    // Documents why the connector expands with ical.js (see the connector's header comment).
    const objects = await dav.fetchCalendarObjects({
      calendar: { url: new URL(workId(), server.url).href },
      timeRange: { start: '2030-03-11T00:00:00Z', end: '2030-04-08T00:00:00Z' },
      expand: true,
    });
    const standup = objects.find((o) => o.url.endsWith('/standup.ics'));
    expect(String(standup?.data)).toContain('RRULE:FREQ=WEEKLY;COUNT=8');
    expect(objects.some((o) => o.url.endsWith('/later.ics'))).toBe(false); // the time-range filter does work
  });

  it('converts a TZID without VTIMEZONE through the IANA zone', async () => {
    await put(
      workId(),
      'ny.ics',
      vcalendar(...vevent('ny-call', 'DTSTART;TZID=America/New_York:20300320T090000', 'DTEND;TZID=America/New_York:20300320T093000')),
    );
    try {
      const { events } = await connector.listChanges(workId(), WINDOW, null);
      expect(events.find((e) => e.id === 'ny-call')).toEqual({
        id: 'ny-call',
        status: 'confirmed',
        transparent: false,
        start: { instant: at('2030-03-20T13:00:00Z') }, // EDT since 2030-03-10
        end: { instant: at('2030-03-20T13:30:00Z') },
      });
    } finally {
      await dav.deleteObject({ url: `${new URL(workId(), server.url).href}ny.ics` });
    }
  });

  it('cursor: unchanged ctag → empty non-full answer; a change or another window → full listing', async () => {
    const first = await connector.listChanges(workId(), WINDOW, null);
    const again = await connector.listChanges(workId(), WINDOW, first.cursor);
    expect(again).toEqual({ events: [], removed: [], cursor: first.cursor, full: false });

    const otherWindow = await connector.listChanges(workId(), { from: WINDOW.from, to: WINDOW.to + 86_400_000 }, first.cursor);
    expect(otherWindow.full).toBe(true);

    await put(workId(), 'new.ics', vcalendar(...vevent('new-meeting', 'DTSTART:20300313T150000Z', 'DTEND:20300313T160000Z')));
    const afterAdd = await connector.listChanges(workId(), WINDOW, again.cursor);
    expect(afterAdd.full).toBe(true);
    expect(afterAdd.cursor).not.toBe(first.cursor);
    expect(afterAdd.events.map((e) => e.id)).toEqual(['new-meeting', ...EXPECTED_EXTERNAL.map((e) => e.id)]);

    await dav.deleteObject({ url: `${new URL(workId(), server.url).href}new.ics` });
    const afterDelete = await connector.listChanges(workId(), WINDOW, afterAdd.cursor);
    expect(afterDelete.full).toBe(true);
    expect(afterDelete.events).toEqual(EXPECTED_EXTERNAL);
    expect(await connector.listChanges(workId(), WINDOW, afterDelete.cursor)).toMatchObject({ events: [], full: false });

    // Garbage cursors are not errors: they list everything.
    expect((await connector.listChanges(workId(), WINDOW, 'not-a-cursor')).full).toBe(true);
  });

  describe('writes', () => {
    const draft: EventDraft = {
      eventKey: 'slotflow-bk-1',
      bookingId: 'bk-1',
      title: 'Haircut with Ana',
      description: 'Booked via slotflow; line two\nwith a comma, and a semicolon;',
      start: at('2030-03-14T10:00:00Z'),
      end: at('2030-03-14T11:00:00Z'),
      timeZone: 'Europe/Berlin',
      location: 'Main St. 1, Berlin',
      attendees: [{ name: 'Ana', email: 'ana@example.com' }],
    };

    it('createEvent writes an event that listChanges reports with its booking id; a retry does not duplicate it', async () => {
      expect(await connector.createEvent(bookingsId(), draft)).toEqual({ id: draft.eventKey });
      const { events } = await connector.listChanges(bookingsId(), WINDOW, null);
      expect(events).toEqual([
        {
          id: draft.eventKey,
          status: 'confirmed',
          transparent: false,
          start: { instant: draft.start },
          end: { instant: draft.end },
          slotflowBookingId: draft.bookingId,
        },
      ]);

      // The retry of a create whose response got lost: answers the same event, still one resource.
      expect(await connector.createEvent(bookingsId(), draft)).toEqual({ id: draft.eventKey });
      const objects = await resources(bookingsId());
      expect(objects).toHaveLength(1);
      const ics = String(objects[0]!.data);
      expect(objects[0]!.url).toMatch(/\/slotflow-bk-1\.ics$/);
      expect(ics).toContain('UID:slotflow-bk-1');
      expect(ics).toContain('X-SLOTFLOW-BOOKING-ID:bk-1');
      expect(ics).toContain('DTSTART:20300314T100000Z');
      expect(ics).toContain('SEQUENCE:0');
      expect(ics).toContain('SUMMARY:Haircut with Ana');
      expect(ics).toContain('LOCATION:Main St. 1\\, Berlin');
      expect(ics).not.toContain('ATTENDEE');
    });

    it('createEvent under a key another booking already holds is a CONFLICT', async () => {
      const err = await rejection(connector.createEvent(bookingsId(), { ...draft, bookingId: 'bk-other' }));
      expect(err.kind).toBe('CONFLICT');
    });

    it('createEvent whose UID another resource already uses is a CONFLICT (no-uid-conflict)', async () => {
      await put(workId(), 'foreign.ics', vcalendar(...vevent('taken-uid', 'DTSTART:20300315T090000Z', 'DTEND:20300315T100000Z')));
      try {
        const err = await rejection(connector.createEvent(workId(), { ...draft, eventKey: 'taken-uid' }));
        expect(err.kind).toBe('CONFLICT');
        expect(err.detail.status).toBe(409);
      } finally {
        await dav.deleteObject({ url: `${new URL(workId(), server.url).href}foreign.ics` });
      }
    });

    it('updateEvent moves the event: same resource and UID, SEQUENCE bumped', async () => {
      const moved = { ...draft, title: 'Haircut with Ana (moved)', start: at('2030-03-15T12:00:00Z'), end: at('2030-03-15T13:00:00Z') };
      expect(await connector.updateEvent(bookingsId(), moved)).toEqual({ id: draft.eventKey });
      const { events } = await connector.listChanges(bookingsId(), WINDOW, null);
      expect(events).toEqual([
        {
          id: draft.eventKey,
          status: 'confirmed',
          transparent: false,
          start: { instant: moved.start },
          end: { instant: moved.end },
          slotflowBookingId: draft.bookingId,
        },
      ]);
      const objects = await resources(bookingsId());
      expect(objects).toHaveLength(1);
      expect(String(objects[0]!.data)).toContain('UID:slotflow-bk-1');
      expect(String(objects[0]!.data)).toContain('SEQUENCE:1');
      expect(String(objects[0]!.data)).toContain('SUMMARY:Haircut with Ana (moved)');
    });

    it('deleteEvent removes it; deleting again succeeds; updating it then is NOT_FOUND', async () => {
      await connector.deleteEvent(bookingsId(), draft.eventKey);
      expect(await resources(bookingsId())).toHaveLength(0);
      expect((await connector.listChanges(bookingsId(), WINDOW, null)).events).toEqual([]);
      await expect(connector.deleteEvent(bookingsId(), draft.eventKey)).resolves.toBeUndefined();
      expect((await rejection(connector.updateEvent(bookingsId(), draft))).kind).toBe('NOT_FOUND');
    });
  });

  describe('failures', () => {
    it('a wrong password is AUTH_REVOKED', async () => {
      const bad = createCalDavConnector({ url: server.url, username: server.username, password: 'wrong' });
      const list = await rejection(bad.listCalendars());
      expect(list.kind).toBe('AUTH_REVOKED');
      expect(list.detail.status).toBe(401);
      expect((await rejection(bad.listChanges(workId(), WINDOW, null))).kind).toBe('AUTH_REVOKED');
      expect((await rejection(bad.createEvent(workId(), { ...baseDraft(), eventKey: 'x' }))).kind).toBe('AUTH_REVOKED');
    });

    it('an unknown calendar is NOT_FOUND (list, create, update); a foreign origin too', async () => {
      const missing = `/${server.username}/no-such-calendar/`;
      expect((await rejection(connector.listChanges(missing, WINDOW, null))).kind).toBe('NOT_FOUND');
      expect((await rejection(connector.createEvent(missing, baseDraft()))).kind).toBe('NOT_FOUND');
      expect((await rejection(connector.updateEvent(missing, baseDraft()))).kind).toBe('NOT_FOUND');
      expect((await rejection(connector.listChanges('http://169.254.169.254/latest/', WINDOW, null))).kind).toBe('NOT_FOUND');
    });

    it('writing into a read-only calendar is refused (403 → AUTH_REVOKED)', async () => {
      const err = await rejection(connector.createEvent(`/${server.username}/readonly-holidays/`, baseDraft()));
      expect(err.kind).toBe('AUTH_REVOKED');
      expect(err.detail.status).toBe(403);
    });
  });
});

function baseDraft(): EventDraft {
  return {
    eventKey: 'slotflow-bk-2',
    bookingId: 'bk-2',
    title: 'x',
    description: '',
    start: at('2030-03-12T10:00:00Z'),
    end: at('2030-03-12T11:00:00Z'),
    timeZone: 'UTC',
  };
}

describe('CalDAV connector: HTTP failure mapping (stubbed fetch)', () => {
  const connectorAnswering = (respond: () => Response | Promise<Response>) =>
    createCalDavConnector({ url: 'https://dav.example.test/', username: 'u', password: 'p', fetch: async () => respond() });

  it('429 with Retry-After → RATE_LIMITED with retryAfterMs', async () => {
    const c = connectorAnswering(() => new Response('slow down', { status: 429, headers: { 'retry-after': '7' } }));
    const err = await rejection(c.listChanges('/u/cal/', WINDOW, null));
    expect(err).toMatchObject({ kind: 'RATE_LIMITED', detail: { status: 429, retryAfterMs: 7000 } });
  });

  it('503 with Retry-After → RATE_LIMITED; without → TEMPORARY; 500 → TEMPORARY', async () => {
    const limited = connectorAnswering(() => new Response('', { status: 503, headers: { 'retry-after': '2' } }));
    expect(await rejection(limited.deleteEvent('/u/cal/', 'k'))).toMatchObject({ kind: 'RATE_LIMITED', detail: { retryAfterMs: 2000 } });
    const down = connectorAnswering(() => new Response('', { status: 503 }));
    expect((await rejection(down.listCalendars())).kind).toBe('TEMPORARY');
    const broken = connectorAnswering(() => new Response('boom', { status: 500 }));
    expect((await rejection(broken.createEvent('/u/cal/', baseDraft()))).kind).toBe('TEMPORARY');
  });

  it('a network failure → TEMPORARY', async () => {
    const c = connectorAnswering(() => Promise.reject(new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } })));
    const err = await rejection(c.listChanges('/u/cal/', WINDOW, null));
    expect(err).toMatchObject({ kind: 'TEMPORARY', detail: { providerCode: 'ECONNREFUSED' } });
  });

  it('a 401 → AUTH_REVOKED, a 404 on the calendar → NOT_FOUND, a 412 on update → CONFLICT', async () => {
    expect((await rejection(connectorAnswering(() => new Response('', { status: 401 })).listCalendars())).kind).toBe('AUTH_REVOKED');
    expect((await rejection(connectorAnswering(() => new Response('', { status: 404 })).listChanges('/u/cal/', WINDOW, null))).kind).toBe('NOT_FOUND');
    let calls = 0;
    const racing = connectorAnswering(() =>
      ++calls === 1
        ? new Response(vcalendar(...vevent('slotflow-bk-2', 'DTSTART:20300312T100000Z', 'SEQUENCE:3')), {
            status: 200,
            headers: { etag: '"v1"', 'content-type': 'text/calendar' },
          })
        : new Response('', { status: 412 }),
    );
    expect((await rejection(racing.updateEvent('/u/cal/', baseDraft()))).kind).toBe('CONFLICT');
  });
});
