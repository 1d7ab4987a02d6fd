/**
 * Busy-time sync from a real CalDAV server (Radicale) into busy_blocks, on both databases: external
 * events block the provider's slots, free/cancelled ones and slotflow's own do not, changes and deletes
 * follow, and refused credentials turn the connection unhealthy without dropping its blocks.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syncConnectionBusy } from '../../src/use-cases/sync-busy-time.ts';
import { createCalDavConnector } from '../../src/calendar-connectors/caldav.connector.ts';
import { loadAvailabilityInputs } from '../../src/db/availability.repository.ts';
import { getSlots } from '../../src/domain/availability/get-slots.ts';
import { seedProviderWithService } from '../support/catalog-seed.ts';
import { DB_KINDS, skipKind, testDatabase, type TestDatabase } from '../support/databases.ts';
import { startRadicale, type RunningRadicale } from '../support/radicale.ts';

const ics = (uid: string, body: string) =>
  [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//test//EN',
    'BEGIN:VEVENT',
    `UID:${uid}`,
    'DTSTAMP:20260101T000000Z',
    ...body
      .trim()
      .split('\n')
      .map((l) => l.trim()),
    'END:VEVENT',
    'END:VCALENDAR',
    '',
  ].join('\r\n');

/**
 * 'YYYYMMDD' of the UTC day `days` after the real now of loading (CalDAV data and the sync window follow the real
 * clock). Safe at any instant: the Berlin provider works 08:00–18:00 local, which is on the same UTC date in CET and
 * CEST and on whole UTC hours, so the UTC times below are slots (or not) whatever the season; LOADED keeps one date
 * per call across a UTC midnight during the run.
 */
const LOADED = Date.now();
const day = (days: number) => new Date(LOADED + days * 86_400_000).toISOString().slice(0, 10).replace(/-/g, '');

describe.each(DB_KINDS)('calendar busy sync from Radicale on %s', (kind) => {
  let d: TestDatabase;
  let radicale: RunningRadicale;
  let calendarUrl: string;
  let provider: string;
  let service: string;
  let connection: string;

  const put = async (name: string, body: string) => {
    const res = await fetch(new URL(`${name}.ics`, calendarUrl), {
      method: 'PUT',
      headers: {
        'content-type': 'text/calendar; charset=utf-8',
        authorization: `Basic ${Buffer.from(`${radicale.username}:${radicale.password}`).toString('base64')}`,
      },
      body,
    });
    expect(res.status, await res.text()).toBeLessThan(300);
  };
  const remove = async (name: string) => {
    const res = await fetch(new URL(`${name}.ics`, calendarUrl), {
      method: 'DELETE',
      headers: { authorization: `Basic ${Buffer.from(`${radicale.username}:${radicale.password}`).toString('base64')}` },
    });
    expect(res.status).toBeLessThan(300);
  };
  const blocks = async () =>
    d.db.selectFrom('busy_blocks').select(['external_id', 'start_time', 'end_time']).where('connection_id', '=', connection).orderBy('start_time').execute();
  const connector = (password = radicale.password) => createCalDavConnector({ url: radicale.url, username: radicale.username, password });
  // The real now: the sync window (yesterday … +2 years, whole UTC days) holds every event below at any instant.
  const sync = (password?: string) => syncConnectionBusy(d.db, connection, connector(password), { now: Date.now(), timeZone: 'Europe/Berlin' });

  beforeAll(async () => {
    if (skipKind(kind)) return;
    d = await testDatabase(kind);
    radicale = await startRadicale();
    calendarUrl = new URL(`work-${kind}/`, radicale.homeUrl).toString();
    const mk = await fetch(calendarUrl, {
      method: 'MKCALENDAR',
      headers: { authorization: `Basic ${Buffer.from(`${radicale.username}:${radicale.password}`).toString('base64')}` },
    });
    expect(mk.status).toBe(201);
    ({ provider, service } = await seedProviderWithService(d.db, { providerName: 'Dr. Weber', timeZone: 'Europe/Berlin', hours: [['08:00', '18:00']] }));
    connection = (
      await d.db
        .insertInto('calendar_connections')
        .values({ provider_id: provider, kind: 'caldav', display_name: radicale.url, calendar_id: new URL(calendarUrl).pathname })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  }, 60_000);
  afterAll(async () => {
    await radicale?.stop();
    await d?.dispose();
  });

  it.skipIf(skipKind(kind))('a busy event hides its slot; free, cancelled and slotflow-written events do not; all-day blocks the local day', async () => {
    await put('meeting', ics('meeting', `DTSTART:${day(3)}T090000Z\nDTEND:${day(3)}T100000Z\nSUMMARY:Board meeting`));
    await put('free', ics('free', `DTSTART:${day(3)}T120000Z\nDTEND:${day(3)}T130000Z\nTRANSP:TRANSPARENT\nSUMMARY:Focus (free)`));
    await put('gone', ics('gone', `DTSTART:${day(3)}T140000Z\nDTEND:${day(3)}T150000Z\nSTATUS:CANCELLED`));
    await put('ours', ics('ours', `DTSTART:${day(3)}T150000Z\nDTEND:${day(3)}T160000Z\nX-SLOTFLOW-BOOKING-ID:00000000-0000-4000-8000-000000000001`));
    await put('holiday', ics('holiday', `DTSTART;VALUE=DATE:${day(5)}\nDTEND;VALUE=DATE:${day(6)}\nSUMMARY:Holiday`));
    await put('weekly', ics('weekly', `DTSTART:${day(1)}T070000Z\nDTEND:${day(1)}T073000Z\nRRULE:FREQ=WEEKLY;COUNT=3`));

    const out = await sync();
    expect(out).toMatchObject({ status: 'healthy', full: true });
    const ids = (await blocks()).map((b) => b.external_id);
    expect(ids).toContain('meeting');
    expect(ids).toContain('holiday');
    expect(ids.filter((i) => i?.startsWith('weekly'))).toHaveLength(3);
    expect(ids).not.toContain('free');
    expect(ids).not.toContain('gone');
    expect(ids).not.toContain('ours');

    // Availability reads the synced blocks: 09:00Z is gone, 12:00Z (free event) is offered, the holiday offers nothing.
    const iso = (s: string) => `${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)}`;
    const range = { start: Date.parse(`${iso(day(3))}T00:00:00Z`), end: Date.parse(`${iso(day(6))}T00:00:00Z`) };
    const inputs = await loadAvailabilityInputs(d.db, { serviceId: service, providerId: provider, range });
    const starts = getSlots({ ...inputs, range, now: Date.now() }).map((s) => new Date(s.start).toISOString()); // range is ≥ 2 days ahead
    expect(starts).not.toContain(`${iso(day(3))}T09:00:00.000Z`);
    expect(starts).toContain(`${iso(day(3))}T12:00:00.000Z`);
    expect(starts.filter((s) => s.startsWith(iso(day(5))))).toEqual([]);
    const conn = await d.db.selectFrom('calendar_connections').selectAll().where('id', '=', connection).executeTakeFirstOrThrow();
    expect(conn).toMatchObject({ status: 'healthy', last_error: null });
    expect(conn.sync_cursor).toBeTruthy();
  });

  it.skipIf(skipKind(kind))('nothing changed → nothing rewritten; a moved and a deleted event follow on the next sync', async () => {
    const before = await blocks();
    expect(await sync()).toMatchObject({ status: 'healthy', full: false, changed: 0 });
    expect(await blocks()).toEqual(before);

    await put('meeting', ics('meeting', `DTSTART:${day(4)}T090000Z\nDTEND:${day(4)}T110000Z\nSEQUENCE:1`));
    await remove('holiday');
    await sync();
    const after = await blocks();
    const meeting = after.find((b) => b.external_id === 'meeting')!;
    expect(meeting.end_time.getTime() - meeting.start_time.getTime()).toBe(2 * 3_600_000);
    expect(meeting.start_time.toISOString().slice(0, 10).replace(/-/g, '')).toBe(day(4));
    expect(after.map((b) => b.external_id)).not.toContain('holiday');
  });

  it.skipIf(skipKind(kind))('refused credentials turn the connection unhealthy and keep its blocks', async () => {
    const before = await blocks();
    const out = await sync('wrong-password');
    expect(out).toMatchObject({ status: 'unhealthy' });
    const conn = await d.db.selectFrom('calendar_connections').selectAll().where('id', '=', connection).executeTakeFirstOrThrow();
    expect(conn).toMatchObject({ status: 'unhealthy', last_error_kind: 'AUTH_REVOKED' });
    expect(await blocks()).toEqual(before);
    // Fail closed: while the calendar cannot be read, none of the provider's slots is offered.
    // Any 48 h a week ahead hold ≥ 17 of the provider's hourly slots (at most the weekly event's one is busy): > 10
    // at any instant.
    const range = { start: Date.now() + 7 * 86_400_000, end: Date.now() + 9 * 86_400_000 };
    const slots = async () =>
      getSlots({ ...(await loadAvailabilityInputs(d.db, { serviceId: service, providerId: provider, range })), range, now: Date.now() });
    expect(await slots()).toEqual([]);
    // Fixed credentials: healthy again, and the slots come back.
    expect(await sync()).toMatchObject({ status: 'healthy' });
    expect((await slots()).length).toBeGreaterThan(10);
    // An admin may choose fail-open for a connection: then an unhealthy calendar does not hide slots.
    await d.db.updateTable('calendar_connections').set({ fail_closed: false }).where('id', '=', connection).execute();
    await sync('wrong-password');
    expect((await slots()).length).toBeGreaterThan(10);
    await d.db.updateTable('calendar_connections').set({ fail_closed: true }).where('id', '=', connection).execute();
    await sync();
  });
});
