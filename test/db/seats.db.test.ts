/**
 * Group sessions with seats on both databases (issue #19 item 2): seats counted under the provider lock,
 * the exclusion constraint letting one session's attendees overlap each other and nothing else, cancel
 * freeing a seat and — with the last attendee — the provider's time, and one room for the whole session.
 */
import fc from 'fast-check';
import { sql } from 'kysely';
import { loadAvailabilityInputs } from '../../src/db/availability.repository.ts';
import { getSlots } from '../../src/domain/availability/get-slots.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { releaseBooking, reserveBooking } from '../../src/db/booking.repository.ts';
import { sqlState } from '../../src/db/pg-errors.ts';
import { createResource } from '../../src/db/resource.repository.ts';
import { DB_KINDS, skipKind, testDatabase, type TestDatabase } from '../support/databases.ts';
import { insertProvider, insertService } from '../support/factories.ts';

const HOUR = 3_600_000;
const BASE = Date.parse('2031-04-07T00:00:00Z'); // a fixed future Monday; the provider is open all day (UTC)
const EVENT = { type: 'reserved', actor: 'customer', data: {} };

describe.each(DB_KINDS)('seats on %s', (kind) => {
  let d: TestDatabase;
  let provider: string;
  let yoga: string; // 5 seats
  let massage: string; // one-to-one

  const reserve = (serviceId: string, start: number, minutes = 60) =>
    reserveBooking(
      d.db,
      {
        id: crypto.randomUUID(),
        serviceId,
        providerId: provider,
        start: new Date(start),
        end: new Date(start + minutes * 60_000),
        status: 'confirmed',
        customerName: 'Ada',
      },
      EVENT,
    );
  const live = async (serviceId: string, start: number) =>
    Number(
      (
        await d.db
          .selectFrom('bookings')
          .select(sql<number>`count(*)::int`.as('n'))
          .where('service_id', '=', serviceId)
          .where('start_time', '=', new Date(start))
          .where('status', '=', 'confirmed')
          .executeTakeFirstOrThrow()
      ).n,
    );

  beforeAll(async () => {
    if (skipKind(kind)) return;
    d = await testDatabase(kind);
    provider = await insertProvider(d.db, { name: 'Teacher' });
    yoga = await insertService(d.db, { name: 'Yoga', duration_minutes: 60, seats: 5, providers: [provider] });
    massage = await insertService(d.db, { name: 'Massage', duration_minutes: 60, providers: [provider] });
  });
  afterAll(async () => {
    await d?.dispose();
  });

  it.skipIf(skipKind(kind))('50 concurrent attendees for a 5-seat session: exactly 5 get in, 45 are refused', async () => {
    const start = BASE + 9 * HOUR;
    const results = await Promise.allSettled(Array.from({ length: 50 }, () => reserve(yoga, start)));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(5);
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(refused).toHaveLength(45);
    expect(refused.every((r) => (r.reason as { code?: string }).code === 'slot_unavailable')).toBe(true);
    expect(await live(yoga, start)).toBe(5);
  });

  it.skipIf(skipKind(kind))('a session holds the provider once: no one-to-one booking overlaps it, and no session overlaps a booking', async () => {
    const day = BASE + 24 * HOUR;
    await reserve(yoga, day + 9 * HOUR);
    await reserve(yoga, day + 9 * HOUR);
    await expect(reserve(massage, day + 9.5 * HOUR)).rejects.toMatchObject({ code: 'slot_unavailable' });
    // Another session of the same class at an overlapping start is another session: refused too.
    await expect(reserve(yoga, day + 9.5 * HOUR)).rejects.toMatchObject({ code: 'slot_unavailable' });
    await reserve(massage, day + 12 * HOUR);
    await expect(reserve(yoga, day + 12.5 * HOUR)).rejects.toMatchObject({ code: 'slot_unavailable' });
    // The raw statement: a row claiming the session's key but another time still conflicts with the massage.
    const raw = await sql`INSERT INTO bookings (customer_name, service_id, provider_id, start_time, end_time, blocked, status, seat_session)
      VALUES ('Raw', ${yoga}, ${provider}, ${new Date(day + 12 * HOUR)}, ${new Date(day + 13 * HOUR)},
              tstzrange(${new Date(day + 12 * HOUR)}::timestamptz, ${new Date(day + 13 * HOUR)}::timestamptz), 'held', 'x')`
      .execute(d.db)
      .catch((e: unknown) => e);
    expect(sqlState(raw)).toBe('23P01');
  });

  it.skipIf(skipKind(kind))("cancelling frees a seat; when the last attendee cancels, the provider's time is free again", async () => {
    const day = BASE + 2 * 24 * HOUR;
    const start = day + 9 * HOUR;
    const a = await reserve(yoga, start);
    const b = await reserve(yoga, start);
    for (let i = 0; i < 3; i++) await reserve(yoga, start);
    await expect(reserve(yoga, start)).rejects.toMatchObject({ code: 'slot_unavailable', message: 'This session is full.' });
    await releaseBooking(d.db, a.row.id, 'cancelled', undefined, { type: 'cancelled', actor: 'customer' });
    const c = await reserve(yoga, start);
    expect(await live(yoga, start)).toBe(5);
    // Everybody leaves: a massage may take the hour.
    const ids = (
      await d.db
        .selectFrom('bookings')
        .select('id')
        .where('service_id', '=', yoga)
        .where('start_time', '=', new Date(start))
        .where('status', '=', 'confirmed')
        .execute()
    ).map((r) => r.id);
    expect(ids).toContain(c.row.id);
    expect(ids).toContain(b.row.id);
    for (const id of ids) await releaseBooking(d.db, id, 'cancelled', undefined, { type: 'cancelled', actor: 'customer' });
    expect((await reserve(massage, start)).created).toBe(true);
  });

  it.skipIf(skipKind(kind))('a session needing a studio holds one studio for all its attendees; another session takes the other studio', async () => {
    await createResource(d.db, { name: 'Studio A', pool: 'studio', active: true });
    await createResource(d.db, { name: 'Studio B', pool: 'studio', active: true });
    const other = await insertProvider(d.db, { name: 'Second teacher' });
    const pilates = await insertService(d.db, {
      name: 'Pilates',
      duration_minutes: 60,
      seats: 3,
      required_resources: JSON.stringify([{ pool: 'studio', count: 1 }]),
      providers: [provider, other],
    });
    const start = BASE + 3 * 24 * HOUR + 9 * HOUR;
    const book = (providerId: string) =>
      reserveBooking(
        d.db,
        {
          id: crypto.randomUUID(),
          serviceId: pilates,
          providerId,
          start: new Date(start),
          end: new Date(start + HOUR),
          status: 'confirmed',
          customerName: 'Bo',
        },
        EVENT,
      );
    const first = await Promise.all([book(provider), book(provider), book(provider)]);
    expect(new Set(first.map((r) => r.units?.map((u) => u.name).join()))).toEqual(new Set(['Studio A']));
    const second = await book(other);
    expect(second.units?.map((u) => u.name)).toEqual(['Studio B']);
    // A third session at that time finds no studio.
    const third = await insertProvider(d.db, { name: 'Third teacher' });
    await d.db.insertInto('provider_services').values({ provider_id: third, service_id: pilates }).execute();
    await expect(book(third)).rejects.toMatchObject({ code: 'slot_unavailable', message: 'No studio is free at that time.' });
  });
  it.skipIf(skipKind(kind))(
    'property: every offered seat is reserved; sessions never exceed their seats nor overlap anything else of the provider',
    async () => {
      const circle = await insertService(d.db, { name: 'Circle', duration_minutes: 45, buffer_after: 15, seats: 3, providers: [provider] });
      let run = 0;
      await fc.assert(
        fc.asyncProperty(
          // Bookings made first: (group or one-to-one, start in quarter hours of the day).
          fc.array(fc.tuple(fc.boolean(), fc.integer({ min: 0, max: 90 })), { maxLength: 12 }),
          fc.integer({ min: 0, max: 200 }),
          async (made, pick) => {
            const day = BASE + (20 + run++) * 24 * HOUR;
            for (const [group, q] of made) await reserve(group ? circle : massage, day + q * 15 * 60_000, group ? 45 : 60).catch(() => undefined);
            const range = { start: day, end: day + 24 * HOUR };
            const inputs = await loadAvailabilityInputs(d.db, { serviceId: circle, range });
            const slots = getSlots({ ...inputs, range, now: BASE - 24 * HOUR });
            if (slots.length > 0) {
              const slot = slots[pick % slots.length]!;
              expect(slot.seatsLeft).toBeGreaterThan(0);
              await reserve(circle, slot.start, 45); // must not throw
            }
            const over = await sql<{ n: number }>`
              SELECT count(*)::int AS n FROM (SELECT seat_session FROM bookings
                WHERE service_id = ${circle}::uuid AND status = 'confirmed' GROUP BY seat_session HAVING count(*) > 3) q`.execute(d.db);
            expect(Number(over.rows[0]!.n)).toBe(0);
            const clash = await sql<{ n: number }>`
              SELECT count(*)::int AS n FROM bookings a JOIN bookings b ON a.provider_id = b.provider_id AND a.id < b.id
                AND a.blocked && b.blocked AND COALESCE(a.seat_session, a.id::text) <> COALESCE(b.seat_session, b.id::text)
              WHERE a.status = 'confirmed' AND b.status = 'confirmed'`.execute(d.db);
            expect(Number(clash.rows[0]!.n)).toBe(0);
          },
        ),
        { numRuns: 15, seed: 192 },
      );
    },
    60_000,
  );
});
