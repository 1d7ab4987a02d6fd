/** GET /v1/availability over HTTP on PGlite and PostgreSQL: the engine fed from real rows. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertBooking } from '../../src/db/booking.repository.ts';
import { addDays, formatInZone, isoWeekday, localDate, localToInstant } from '../../src/domain/time/zones.ts';
import { createTestClock, TEST_NOW } from '../support/clock.ts';
import { DB_KINDS, skipKind, testDatabase, type TestDatabase } from '../support/databases.ts';
import { testGateway } from '../support/gateway.ts';
import { insertProvider, insertService, offerService } from '../support/factories.ts';

const BER = 'Europe/Berlin';
const NY = 'America/New_York';
/**
 * The week around the pinned now, in Berlin: FRI is the last Friday on or before its Berlin date (so a DST
 * change on the pinned weekend falls between FRI and MON), "now" is 09:00 that Friday in Berlin.
 */
const FRI = [0, 1, 2, 3, 4, 5, 6].map((n) => addDays(localDate(TEST_NOW, BER), -n)).find((d) => isoWeekday(d) === 5)!;
const MON = addDays(FRI, 3);
const TUE = addDays(FRI, 4);
const WED = addDays(FRI, 5);
const THU = addDays(FRI, 6);
/** The instant of local `date` `hh:mm` in `zone` (hours used here exist on every day). */
const local = (date: string, hhmm: string, zone = BER) => localToInstant(date, Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3)), zone, 'skip')!;
/** An instant as the API writes it in `zone`. */
const wire = (t: number, zone: string) => formatInZone(t, zone);
const NOW = new Date(local(FRI, '09:00'));
const weekdays = (ranges: [string, string][]) => JSON.stringify({ mon: ranges, tue: ranges, wed: ranges, thu: ranges, fri: ranges });

describe.each(DB_KINDS)('GET /v1/availability on %s', (kind) => {
  let d: TestDatabase;
  let gw: Awaited<ReturnType<typeof testGateway>>;
  let berlin: string;
  let newYork: string;
  let service: string;
  let lonely: string;

  beforeAll(async () => {
    if (skipKind(kind)) return;
    d = await testDatabase(kind);
    gw = await testGateway(d, { clock: createTestClock(NOW.getTime()) });
    [berlin, newYork] = (
      await d.db
        .insertInto('providers')
        .values([
          { name: 'Berlin', time_zone: 'Europe/Berlin', weekly_hours: weekdays([['09:00', '12:00']]) },
          { name: 'New York', time_zone: 'America/New_York', weekly_hours: weekdays([['09:00', '11:00']]) },
        ])
        .returning('id')
        .execute()
    ).map((r) => r.id) as [string, string];
    // Created later, so "any provider" ranks it second on ties.
    await new Promise((r) => setTimeout(r, 5));
    [service, lonely] = (
      await d.db
        .insertInto('services')
        .values([
          { name: 'Consult', duration_minutes: 60, buffer_after: 0 },
          { name: 'Nobody offers this', duration_minutes: 30 },
        ])
        .returning('id')
        .execute()
    ).map((r) => r.id) as [string, string];
    await d.db
      .insertInto('provider_services')
      .values([
        { provider_id: berlin, service_id: service },
        { provider_id: newYork, service_id: service },
      ])
      .execute();
    // Monday: Berlin 10:00 booked, 11:00 busy elsewhere (11:15–11:45); Tuesday is a day off.
    await insertBooking(d.db, {
      serviceId: service,
      providerId: berlin,
      start: new Date(local(MON, '10:00')),
      end: new Date(local(MON, '11:00')),
      status: 'confirmed',
      customerName: 'Ada',
    });
    await d.db
      .insertInto('busy_blocks')
      .values({ provider_id: berlin, start_time: new Date(local(MON, '11:15')), end_time: new Date(local(MON, '11:45')), source: 'manual' })
      .execute();
    await d.db.insertInto('provider_overrides').values({ provider_id: berlin, kind: 'hours', date: TUE, hours: '[]' }).execute();
  });
  afterAll(async () => {
    await gw?.close();
    await d?.dispose();
  });

  const get = (q: Record<string, string>) => gw.app.inject({ method: 'GET', url: '/v1/availability', query: q });

  it.skipIf(skipKind(kind))('answers one provider’s slots in the requested zone, minus bookings, busy time and days off', async () => {
    const res = await get({ serviceId: service, providerId: berlin, from: MON, to: TUE, timeZone: BER });
    expect(res.statusCode).toBe(200);
    const body = res.json() as { timeZone: string; slots: { start: string; end: string; providerId: string }[] };
    expect(body.timeZone).toBe(BER);
    expect(body.slots).toEqual([{ start: wire(local(MON, '09:00'), BER), end: wire(local(MON, '10:00'), BER), providerId: berlin }]);
    expect(body.slots[0]!.start).toMatch(new RegExp(`^${MON}T09:00:00\\+0[12]:00$`));
  });

  it.skipIf(skipKind(kind))('gives the same instants whatever zone the customer asks in', async () => {
    const range = { from: `${WED}T00:00:00Z`, to: `${addDays(THU, 1)}T00:00:00Z` };
    const a = (await get({ serviceId: service, providerId: berlin, ...range, timeZone: 'Asia/Tokyo' })).json() as { slots: { start: string }[] };
    const b = (await get({ serviceId: service, providerId: berlin, ...range, timeZone: 'America/Los_Angeles' })).json() as { slots: { start: string }[] };
    expect(a.slots.length).toBe(6);
    // Wednesday 09:00 in Berlin: 17:00 in Tokyo (16:00 in Berlin's summer); Los Angeles reads the same instants.
    expect(a.slots[0]!.start).toBe(wire(local(WED, '09:00'), 'Asia/Tokyo'));
    expect(b.slots[0]!.start).toBe(wire(local(WED, '09:00'), 'America/Los_Angeles'));
    expect(a.slots[0]!.start).toMatch(/T1[67]:00:00\+09:00$/);
    expect(a.slots.map((s) => Date.parse(s.start))).toEqual(b.slots.map((s) => Date.parse(s.start)));
  });

  it.skipIf(skipKind(kind))('merges providers for "any provider" and says whose each slot is', async () => {
    const res = await get({ serviceId: service, from: WED, to: WED, timeZone: 'UTC' });
    const slots = (res.json() as { slots: { start: string; providerId: string }[] }).slots;
    // Berlin's 09:00–12:00 (within 07:00–11:00 UTC) and New York's 09:00–11:00 (within 13:00–16:00 UTC) never overlap.
    expect(slots.map((s) => [s.start, s.providerId === berlin ? 'berlin' : 'ny'])).toEqual([
      [wire(local(WED, '09:00'), 'UTC'), 'berlin'],
      [wire(local(WED, '10:00'), 'UTC'), 'berlin'],
      [wire(local(WED, '11:00'), 'UTC'), 'berlin'],
      [wire(local(WED, '09:00', NY), 'UTC'), 'ny'],
      [wire(local(WED, '10:00', NY), 'UTC'), 'ny'],
    ]);
  });

  it.skipIf(skipKind(kind))('clips the range to the advance window and to "now"', async () => {
    // maximum_advance_days defaults to 60: nothing at or after now + 60 × 24 h. Day 59 is a Monday (all three hours),
    // day 60 a Tuesday: its 09:00 is exactly now + 60 days (not offered) unless a DST change lies between, which
    // moves the limit to 10:00 (09:00 offered) or 08:00 on the wall clock.
    const limit = NOW.getTime() + 60 * 86_400_000;
    const [day59, day60] = [addDays(FRI, 59), addDays(FRI, 60)];
    const expected = [day59, day60].flatMap((d) => ['09:00', '10:00', '11:00'].map((hh) => local(d, hh))).filter((t) => t < limit);
    expect(expected.length).toBeGreaterThanOrEqual(3);
    expect(expected.length).toBeLessThanOrEqual(4);
    const res = await get({ serviceId: service, providerId: berlin, from: day59, to: addDays(day60, 1), timeZone: 'UTC' });
    const starts = (res.json() as { slots: { start: string }[] }).slots.map((s) => s.start);
    expect(starts).toEqual(expected.map((t) => wire(t, 'UTC')));
    const past = await get({ serviceId: service, providerId: berlin, from: addDays(FRI, -4), to: addDays(FRI, -1), timeZone: 'UTC' });
    expect((past.json() as { slots: unknown[] }).slots).toEqual([]);
    // "now" is Friday 09:00 Berlin: that slot is still offered (start >= now).
    const today = await get({ serviceId: service, providerId: berlin, from: FRI, to: FRI, timeZone: BER });
    expect((today.json() as { slots: { start: string }[] }).slots.map((s) => s.start.slice(11, 16))).toEqual(['09:00', '10:00', '11:00']);
  });

  it.skipIf(skipKind(kind))('the one-query path (one provider, no caps) and the per-booking path agree', async () => {
    // Same rules, but a (never reached) daily cap forces the per-booking rows path.
    const capped = await insertService(d.db, { name: 'Consult, capped', duration_minutes: 60, max_bookings_per_day: 1000 });
    await offerService(d.db, berlin, capped);
    const q = { providerId: berlin, from: FRI, to: addDays(FRI, 7), timeZone: BER };
    const fast = (await get({ serviceId: service, ...q })).json() as { slots: { start: string }[] };
    const rows = (await get({ serviceId: capped, ...q })).json() as { slots: { start: string }[] };
    expect(fast.slots.length).toBeGreaterThan(10);
    expect(fast.slots.map((s) => s.start)).toEqual(rows.slots.map((s) => s.start));
    expect(fast.slots.map((s) => s.start)).not.toContain(wire(local(MON, '10:00'), BER)); // the booking
  });

  it.skipIf(skipKind(kind))('the grid restarts where a booking ends (the default); "fixed" keeps one grid per window — on both query paths', async () => {
    const p = await insertProvider(d.db, { name: 'Grid', time_zone: BER, weekly_hours: weekdays([['09:00', '12:00']]) });
    const restart = await insertService(d.db, { name: 'Grid 45', duration_minutes: 45, providers: [p] });
    const restartCapped = await insertService(d.db, { name: 'Grid 45, capped', duration_minutes: 45, max_bookings_per_day: 1000, providers: [p] });
    const fixed = await insertService(d.db, { name: 'Grid 45, fixed', duration_minutes: 45, slot_alignment: 'fixed', providers: [p] });
    await insertBooking(d.db, {
      serviceId: restart,
      providerId: p,
      start: new Date(local(WED, '09:00')),
      end: new Date(local(WED, '09:15')),
      status: 'confirmed',
      customerName: 'Bo',
    });
    const starts = async (serviceId: string) => {
      const res = await get({ serviceId, providerId: p, from: WED, to: WED, timeZone: BER });
      expect(res.statusCode, res.body).toBe(200);
      return (res.json() as { slots: { start: string }[] }).slots.map((s) => s.start.slice(11, 16));
    };
    expect(await starts(restart)).toEqual(['09:15', '10:00', '10:45']);
    expect(await starts(restartCapped)).toEqual(['09:15', '10:00', '10:45']);
    expect(await starts(fixed)).toEqual(['09:45', '10:30', '11:15']);
  });

  it.skipIf(skipKind(kind))('422 for bad zones, malformed bounds, inverted or over-62-day ranges; 404 for unknown ids', async () => {
    const cases: [Record<string, string>, string][] = [
      [{ serviceId: service, from: '2026-03-23', to: '2026-03-24', timeZone: 'Mars/Olympus' }, 'query.timeZone'],
      [{ serviceId: service, from: '2026-03-23T09:00', to: '2026-03-24', timeZone: 'UTC' }, 'query.from'],
      [{ serviceId: service, from: '2026-02-30', to: '2026-03-24', timeZone: 'UTC' }, 'query.from'],
      [{ serviceId: service, from: '2026-03-24', to: '2026-03-23', timeZone: 'UTC' }, 'query.to'],
      [{ serviceId: service, from: '2026-03-01', to: '2026-05-02', timeZone: 'UTC' }, 'query.to'],
      [{ serviceId: 'nope', from: '2026-03-23', to: '2026-03-24', timeZone: 'UTC' }, 'query.serviceId'],
      [{ from: '2026-03-23', to: '2026-03-24', timeZone: 'UTC' }, 'query.serviceId'],
    ];
    for (const [q, path] of cases) {
      const res = await get(q);
      expect(res.statusCode, JSON.stringify(q)).toBe(422);
      expect((res.json() as { errors: { path: string }[] }).errors.map((e) => e.path)).toContain(path);
    }
    const okRange = await get({ serviceId: service, from: '2026-03-01', to: '2026-05-01', timeZone: 'UTC' });
    expect(okRange.statusCode).toBe(200); // 62 days exactly
    const unknown = await get({ serviceId: '00000000-0000-4000-8000-000000000000', from: '2026-03-23', to: '2026-03-24', timeZone: 'UTC' });
    expect(unknown.statusCode).toBe(404);
    const notOffered = await get({ serviceId: lonely, providerId: berlin, from: '2026-03-23', to: '2026-03-24', timeZone: 'UTC' });
    expect(notOffered.statusCode).toBe(404);
    const none = await get({ serviceId: lonely, from: '2026-03-23', to: '2026-03-24', timeZone: 'UTC' });
    expect((none.json() as { slots: unknown[] }).slots).toEqual([]);
  });
});
