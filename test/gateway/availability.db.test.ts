/** GET /v1/availability over HTTP on PGlite and PostgreSQL: the engine fed from real rows. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertBooking } from '../../src/db/booking.repository.ts';
import { DB_KINDS, skipKind, testDatabase, type TestDatabase } from '../support/databases.ts';
import { testGateway } from '../support/gateway.ts';

const NOW = new Date('2026-03-20T08:00:00Z');
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
    gw = await testGateway(d, { clock: () => NOW });
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
    await d.db.insertInto('provider_services').values([
      { provider_id: berlin, service_id: service },
      { provider_id: newYork, service_id: service },
    ]).execute();
    // Monday 23 March 2026: Berlin 10:00 booked, 11:00 busy elsewhere; Tuesday is a day off.
    await insertBooking(d.db, {
      serviceId: service,
      providerId: berlin,
      start: new Date('2026-03-23T09:00:00Z'),
      end: new Date('2026-03-23T10:00:00Z'),
      status: 'confirmed',
      customerName: 'Ada',
    });
    await d.db.insertInto('busy_blocks').values({ provider_id: berlin, start_time: '2026-03-23T10:15:00Z', end_time: '2026-03-23T10:45:00Z', source: 'manual' }).execute();
    await d.db.insertInto('provider_overrides').values({ provider_id: berlin, kind: 'hours', date: '2026-03-24', hours: '[]' }).execute();
  });
  afterAll(async () => {
    await gw?.close();
    await d?.dispose();
  });

  const get = (q: Record<string, string>) => gw.app.inject({ method: 'GET', url: '/v1/availability', query: q });

  it.skipIf(skipKind(kind))('answers one provider’s slots in the requested zone, minus bookings, busy time and days off', async () => {
    const res = await get({ serviceId: service, providerId: berlin, from: '2026-03-23', to: '2026-03-24', timeZone: 'Europe/Berlin' });
    expect(res.statusCode).toBe(200);
    const body = res.json() as { timeZone: string; slots: { start: string; end: string; providerId: string }[] };
    expect(body.timeZone).toBe('Europe/Berlin');
    expect(body.slots).toEqual([{ start: '2026-03-23T09:00:00+01:00', end: '2026-03-23T10:00:00+01:00', providerId: berlin }]);
  });

  it.skipIf(skipKind(kind))('gives the same instants whatever zone the customer asks in', async () => {
    const range = { from: '2026-03-25T00:00:00Z', to: '2026-03-27T00:00:00Z' };
    const a = (await get({ serviceId: service, providerId: berlin, ...range, timeZone: 'Asia/Tokyo' })).json() as { slots: { start: string }[] };
    const b = (await get({ serviceId: service, providerId: berlin, ...range, timeZone: 'America/Los_Angeles' })).json() as { slots: { start: string }[] };
    expect(a.slots.length).toBe(6);
    expect(a.slots[0]!.start).toBe('2026-03-25T17:00:00+09:00');
    expect(b.slots[0]!.start).toBe('2026-03-25T01:00:00-07:00');
    expect(a.slots.map((s) => Date.parse(s.start))).toEqual(b.slots.map((s) => Date.parse(s.start)));
  });

  it.skipIf(skipKind(kind))('merges providers for "any provider" and says whose each slot is', async () => {
    const res = await get({ serviceId: service, from: '2026-03-25', to: '2026-03-25', timeZone: 'UTC' });
    const slots = (res.json() as { slots: { start: string; providerId: string }[] }).slots;
    expect(slots.map((s) => [s.start, s.providerId === berlin ? 'berlin' : 'ny'])).toEqual([
      ['2026-03-25T08:00:00+00:00', 'berlin'],
      ['2026-03-25T09:00:00+00:00', 'berlin'],
      ['2026-03-25T10:00:00+00:00', 'berlin'],
      ['2026-03-25T13:00:00+00:00', 'ny'],
      ['2026-03-25T14:00:00+00:00', 'ny'],
    ]);
  });

  it.skipIf(skipKind(kind))('clips the range to the advance window and to "now"', async () => {
    // maximum_advance_days defaults to 60: from 20 March 08:00 UTC, nothing after 19 May 08:00 UTC.
    const res = await get({ serviceId: service, providerId: berlin, from: '2026-05-18', to: '2026-05-20', timeZone: 'UTC' });
    const starts = (res.json() as { slots: { start: string }[] }).slots.map((s) => s.start);
    expect(starts).toEqual(['2026-05-18T07:00:00+00:00', '2026-05-18T08:00:00+00:00', '2026-05-18T09:00:00+00:00', '2026-05-19T07:00:00+00:00']);
    const past = await get({ serviceId: service, providerId: berlin, from: '2026-03-16', to: '2026-03-19', timeZone: 'UTC' });
    expect((past.json() as { slots: unknown[] }).slots).toEqual([]);
    // "now" is Friday 20th 08:00 UTC = 09:00 Berlin: that slot is still offered (start >= now).
    const today = await get({ serviceId: service, providerId: berlin, from: '2026-03-20', to: '2026-03-20', timeZone: 'Europe/Berlin' });
    expect((today.json() as { slots: { start: string }[] }).slots.map((s) => s.start.slice(11, 16))).toEqual(['09:00', '10:00', '11:00']);
  });

  it.skipIf(skipKind(kind))('the one-query path (one provider, no caps) and the per-booking path agree', async () => {
    // Same rules, but a (never reached) daily cap forces the per-booking rows path.
    const capped = (
      await d.db.insertInto('services').values({ name: 'Consult, capped', duration_minutes: 60, max_bookings_per_day: 1000 }).returning('id').executeTakeFirstOrThrow()
    ).id;
    await d.db.insertInto('provider_services').values({ provider_id: berlin, service_id: capped }).execute();
    const q = { providerId: berlin, from: '2026-03-20', to: '2026-03-27', timeZone: 'Europe/Berlin' };
    const fast = (await get({ serviceId: service, ...q })).json() as { slots: { start: string }[] };
    const rows = (await get({ serviceId: capped, ...q })).json() as { slots: { start: string }[] };
    expect(fast.slots.length).toBeGreaterThan(10);
    expect(fast.slots.map((s) => s.start)).toEqual(rows.slots.map((s) => s.start));
    expect(fast.slots.map((s) => s.start)).not.toContain('2026-03-23T10:00:00+01:00'); // the booking
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
