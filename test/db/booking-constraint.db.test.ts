import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getBookingOrFail, insertBooking, setBookingStatus, type NewBooking } from '../../src/db/booking.repository.ts';
import { sqlState } from '../../src/db/pg-errors.ts';
import { AppError } from '../../src/errors.ts';
import { DB_KINDS, skipKind, testDatabase, type TestDatabase } from '../support/databases.ts';
import { insertProvider, insertService } from '../support/factories.ts';

const at = (iso: string) => new Date(iso);

describe.each(DB_KINDS)('bookings exclusion constraint on %s', (kind) => {
  let d: TestDatabase;
  let providerA: string;
  let providerB: string;
  let plain: string; // no buffers
  let buffered: string; // 5 min before, 10 min after

  beforeAll(async () => {
    if (skipKind(kind)) return;
    d = await testDatabase(kind);
    const providers = await d.db
      .insertInto('providers')
      .values([
        { name: 'A', time_zone: 'Europe/Berlin', weekly_hours: '{}' },
        { name: 'B', time_zone: 'America/New_York', weekly_hours: '{}' },
      ])
      .returning('id')
      .execute();
    [providerA, providerB] = providers.map((p) => p.id) as [string, string];
    const services = await d.db
      .insertInto('services')
      .values([
        { name: 'Plain', duration_minutes: 30 },
        { name: 'Buffered', duration_minutes: 20, buffer_before: 5, buffer_after: 10 },
      ])
      .returning('id')
      .execute();
    [plain, buffered] = services.map((s) => s.id) as [string, string];
  });
  afterAll(async () => {
    await d?.dispose();
  });

  const book = (over: Partial<NewBooking> & Pick<NewBooking, 'start' | 'end'>) =>
    insertBooking(d.db, { serviceId: plain, providerId: providerA, status: 'confirmed', customerName: 'Ada', ...over });

  it.skipIf(skipKind(kind))('rejects an overlapping booking of the same provider with 23P01 → slot_unavailable', async () => {
    await book({ start: at('2030-01-07T09:00:00Z'), end: at('2030-01-07T09:30:00Z') });
    const err = await book({ start: at('2030-01-07T09:15:00Z'), end: at('2030-01-07T09:45:00Z') }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('slot_unavailable');
    expect(sqlState((err as AppError).cause)).toBe('23P01');
    // The raw statement fails with the SQLSTATE too (the guarantee is the database's, not the code's).
    const raw = await sql`INSERT INTO bookings (customer_name, service_id, provider_id, start_time, end_time, blocked, status)
      VALUES ('Raw', ${plain}, ${providerA}, '2030-01-07T09:10:00Z', '2030-01-07T09:20:00Z',
              tstzrange('2030-01-07T09:10:00Z', '2030-01-07T09:20:00Z'), 'held')`
      .execute(d.db)
      .catch((e: unknown) => e);
    expect(sqlState(raw)).toBe('23P01');
  });

  it.skipIf(skipKind(kind))('allows touching ranges (end == next start)', async () => {
    await book({ start: at('2030-01-08T09:00:00Z'), end: at('2030-01-08T09:30:00Z') });
    const next = await book({ start: at('2030-01-08T09:30:00Z'), end: at('2030-01-08T10:00:00Z') });
    const prev = await book({ start: at('2030-01-08T08:30:00Z'), end: at('2030-01-08T09:00:00Z') });
    expect(next.status).toBe('confirmed');
    expect(prev.status).toBe('confirmed');
  });

  it.skipIf(skipKind(kind))('lets another provider take the same time', async () => {
    await book({ start: at('2030-01-09T09:00:00Z'), end: at('2030-01-09T09:30:00Z') });
    const other = await book({ providerId: providerB, start: at('2030-01-09T09:00:00Z'), end: at('2030-01-09T09:30:00Z') });
    expect(other.provider_id).toBe(providerB);
  });

  it.skipIf(skipKind(kind))('frees the range when a booking is cancelled (and blocks it again for held/pending)', async () => {
    const first = await book({ start: at('2030-01-10T09:00:00Z'), end: at('2030-01-10T09:30:00Z'), status: 'held' });
    await expect(book({ start: at('2030-01-10T09:00:00Z'), end: at('2030-01-10T09:30:00Z'), status: 'pending' })).rejects.toMatchObject({
      code: 'slot_unavailable',
    });
    const cancelled = await setBookingStatus(d.db, first.id, 'cancelled', { cancelReason: 'test' });
    expect(cancelled.version).toBe(2);
    const second = await book({ start: at('2030-01-10T09:00:00Z'), end: at('2030-01-10T09:30:00Z') });
    expect((await getBookingOrFail(d.db, second.id)).status).toBe('confirmed');
  });

  it.skipIf(skipKind(kind))('widens the blocked range by the service buffers', async () => {
    const b = await book({ serviceId: buffered, start: at('2030-01-11T10:00:00Z'), end: at('2030-01-11T10:20:00Z') });
    const range = await sql<{ lo: Date; hi: Date }>`SELECT lower(blocked) AS lo, upper(blocked) AS hi FROM bookings WHERE id = ${b.id}`.execute(d.db);
    expect(range.rows[0]!.lo.toISOString()).toBe('2030-01-11T09:55:00.000Z');
    expect(range.rows[0]!.hi.toISOString()).toBe('2030-01-11T10:30:00.000Z');
    // 10:20 would touch the appointment but falls inside the 10-minute after-buffer.
    await expect(book({ start: at('2030-01-11T10:20:00Z'), end: at('2030-01-11T10:50:00Z') })).rejects.toMatchObject({
      code: 'slot_unavailable',
    });
    // 10:30 is free again; 09:25–09:55 ends where the before-buffer starts.
    await book({ start: at('2030-01-11T10:30:00Z'), end: at('2030-01-11T11:00:00Z') });
    await book({ start: at('2030-01-11T09:25:00Z'), end: at('2030-01-11T09:55:00Z') });
  });

  it.skipIf(skipKind(kind))('lets exactly one of 25 concurrent requests for one slot win', async () => {
    const start = at('2030-01-12T09:00:00Z');
    const end = at('2030-01-12T09:30:00Z');
    const results = await Promise.allSettled(Array.from({ length: 25 }, (_, i) => book({ start, end, customerName: `Racer ${i}` })));
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(24);
    for (const l of lost) expect((l.reason as AppError).code).toBe('slot_unavailable');
    const live = await d.db
      .selectFrom('bookings')
      .select(sql<number>`count(*)`.as('n'))
      .where('provider_id', '=', providerA)
      .where('start_time', '=', start)
      .where('status', 'in', ['held', 'pending', 'confirmed'])
      .executeTakeFirstOrThrow();
    expect(live.n).toBe(1);
  });

  it.skipIf(skipKind(kind))('rejects end <= start and an unknown service', async () => {
    const bad = await book({ start: at('2030-01-13T09:30:00Z'), end: at('2030-01-13T09:30:00Z') }).catch((e: unknown) => e);
    expect(sqlState(bad)).toBe('23514');
    await expect(
      book({ serviceId: '00000000-0000-4000-8000-000000000000', start: at('2030-01-13T10:00:00Z'), end: at('2030-01-13T10:30:00Z') }),
    ).rejects.toMatchObject({ code: 'not_found' });
  });
});

describe.each(DB_KINDS)('daily and weekly caps under the provider lock on %s', (kind) => {
  let d: TestDatabase;
  afterAll(async () => {
    await d?.dispose();
  });

  it.skipIf(skipKind(kind))("admits exactly the cap when 10 reserve steps for different times race (days and weeks in the provider's zone)", async () => {
    d = await testDatabase(kind);
    const { reserveBooking } = await import('../../src/db/booking.repository.ts');
    const provider = await insertProvider(d.db, { name: 'P', time_zone: 'Europe/Berlin', weekly_hours: '{}' });
    const service = await insertService(d.db, { name: 'Capped', duration_minutes: 30, max_bookings_per_day: 2, max_bookings_per_week: 3 });
    const reserve = (t: number) =>
      reserveBooking(
        d.db,
        {
          id: crypto.randomUUID(),
          serviceId: service,
          providerId: provider,
          start: new Date(t),
          end: new Date(t + 1_800_000),
          status: 'confirmed',
          customerName: 'C',
        },
        { type: 'reserved', actor: 'customer', data: {} },
      );
    // Sunday 29 March 2026 (a 23-hour DST day in Berlin), 10 different half hours.
    const starts = Array.from({ length: 10 }, (_, i) => Date.parse('2026-03-29T06:00:00Z') + i * 1_800_000);
    const results = await Promise.allSettled(starts.map(reserve));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(2);
    for (const r of results) if (r.status === 'rejected') expect((r.reason as AppError).code).toBe('slot_unavailable');
    // Monday 30 March starts a new ISO week: two more fit there, and a third booking that Monday week…
    await reserve(Date.parse('2026-03-30T08:00:00Z'));
    // …while the week of the 29th (Mon 23rd – Sun 29th) had 2 of 3: one more on Saturday 28th fits, then it is full.
    await reserve(Date.parse('2026-03-28T08:00:00Z'));
    await expect(reserve(Date.parse('2026-03-27T08:00:00Z'))).rejects.toMatchObject({ code: 'slot_unavailable', message: expect.stringMatching(/week/) });
    // 22:30 UTC on that Sunday is Monday 00:30 in Berlin: Monday's day (1 of 2) and week (1 of 3) admit it.
    expect((await reserve(Date.parse('2026-03-29T22:30:00Z'))).created).toBe(true);
  });
});

describe.each(DB_KINDS)('caps when moving a booking on %s', (kind) => {
  let d: TestDatabase;
  afterAll(async () => {
    await d?.dispose();
  });

  it.skipIf(skipKind(kind))('a move into a full day is refused; a move within its own day is not', async () => {
    d = await testDatabase(kind);
    const { moveBooking } = await import('../../src/db/booking.repository.ts');
    const { capWindows } = await import('../../src/domain/availability/cap-window.ts');
    const provider = await insertProvider(d.db, { name: 'P', time_zone: 'UTC', weekly_hours: '{}' });
    const service = await insertService(d.db, { name: 'Capped', duration_minutes: 30, max_bookings_per_day: 1 });
    const caps = (t: number) => {
      const w = capWindows(t, 'UTC');
      return {
        maxPerDay: 1,
        maxPerWeek: null,
        day: { start: new Date(w.day.start), end: new Date(w.day.end) },
        week: { start: new Date(w.week.start), end: new Date(w.week.end) },
      };
    };
    const mon = Date.parse('2030-01-07T09:00:00Z');
    const tue = Date.parse('2030-01-08T09:00:00Z');
    const a = await insertBooking(d.db, {
      serviceId: service,
      providerId: provider,
      start: new Date(mon),
      end: new Date(mon + 1_800_000),
      status: 'confirmed',
      customerName: 'A',
      caps: caps(mon),
    });
    await insertBooking(d.db, {
      serviceId: service,
      providerId: provider,
      start: new Date(tue),
      end: new Date(tue + 1_800_000),
      status: 'confirmed',
      customerName: 'B',
      caps: caps(tue),
    });
    const tueLater = tue + 3 * 3_600_000;
    await expect(moveBooking(d.db, a.id, new Date(tueLater), new Date(tueLater + 1_800_000), a.version, caps(tueLater))).rejects.toMatchObject({
      code: 'slot_unavailable',
    });
    const monLater = mon + 3 * 3_600_000;
    const moved = await moveBooking(d.db, a.id, new Date(monLater), new Date(monLater + 1_800_000), a.version, caps(monLater));
    expect(moved.start_time.getTime()).toBe(monLater);
  });
});

describe.each(DB_KINDS)('the reserve step (reserveBooking) on %s', (kind) => {
  let d: TestDatabase;
  afterAll(async () => {
    await d?.dispose();
  });

  it.skipIf(skipKind(kind))('inserts with its event once; a retry with the same id returns the row, even at the cap; another id is refused', async () => {
    d = await testDatabase(kind);
    const { reserveBooking } = await import('../../src/db/booking.repository.ts');
    const provider = await insertProvider(d.db, { name: 'P', time_zone: 'Pacific/Auckland', weekly_hours: '{}' });
    const service = await insertService(d.db, {
      name: 'Capped',
      duration_minutes: 30,
      buffer_after: 15,
      max_bookings_per_day: 1,
      reminder_offsets_minutes: [1440, 60],
      cancel_notice_minutes: 120,
    });
    const id = crypto.randomUUID();
    // 2030-01-07 09:00 Auckland (UTC+13): the provider-local day the cap counts.
    const booking = {
      id,
      serviceId: service,
      providerId: provider,
      start: at('2030-01-06T20:00:00Z'),
      end: at('2030-01-06T20:30:00Z'),
      status: 'confirmed' as const,
      customerName: 'Ada',
    };
    const event = { type: 'reserved', actor: 'customer', data: { status: 'confirmed' } };

    const first = await reserveBooking(d.db, booking, event);
    expect(first.created).toBe(true);
    expect(first.row.id).toBe(id);
    expect(first.service).toMatchObject({ reminder_offsets_minutes: [1440, 60], cancel_notice_minutes: 120 });
    // The same step again (its first attempt committed, then the worker died): the row, no error, no second event.
    const again = await reserveBooking(d.db, booking, event);
    expect(again.created).toBe(false);
    expect(again.row).toEqual(first.row);
    const events = await d.db.selectFrom('booking_events').select('type').where('booking_id', '=', id).execute();
    expect(events).toEqual([{ type: 'reserved' }]);
    // Another booking the same local day (after the first one's buffer): the cap refuses it.
    const other = { ...booking, id: crypto.randomUUID(), start: at('2030-01-06T22:00:00Z'), end: at('2030-01-06T22:30:00Z') };
    await expect(reserveBooking(d.db, other, event)).rejects.toMatchObject({ code: 'slot_unavailable' });
    // The next local day is free (2030-01-08 00:30 Auckland = 2030-01-07 11:30 UTC).
    const nextDay = { ...booking, id: crypto.randomUUID(), start: at('2030-01-07T11:30:00Z'), end: at('2030-01-07T12:00:00Z') };
    expect((await reserveBooking(d.db, nextDay, event)).created).toBe(true);
    // Overlap with another id: the exclusion constraint still decides (inside the first one's buffer).
    const overlap = {
      ...booking,
      id: crypto.randomUUID(),
      serviceId: await insertService(d.db, { name: 'Plain', duration_minutes: 30 }),
      start: at('2030-01-06T20:35:00Z'),
      end: at('2030-01-06T21:05:00Z'),
    };
    await expect(reserveBooking(d.db, overlap, event)).rejects.toMatchObject({ code: 'slot_unavailable' });
    expect(await d.db.selectFrom('bookings').select('id').where('provider_id', '=', provider).execute()).toHaveLength(2);
  });
});
