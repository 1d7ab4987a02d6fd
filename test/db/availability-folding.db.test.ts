/**
 * The loader folds what the engine needs for several providers (issue #19 item 5): blocked ranges and busy
 * blocks merged per provider and bookings counted per provider-local day. Property, on both
 * databases: the slots — times and the provider each is offered by — equal the engine's answer from the
 * rows one by one, for random bookings (this service and another, with buffers), busy blocks and zones.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadAvailabilityInputs } from '../../src/db/availability.repository.ts';
import { insertBooking } from '../../src/db/booking.repository.ts';
import { getSlots } from '../../src/domain/availability/get-slots.ts';
import { DB_KINDS, skipKind, testDatabase, type TestDatabase } from '../support/databases.ts';
import { everyDayHours, insertProvider, insertService } from '../support/factories.ts';

const HOUR = 3_600_000;
const BASE = Date.parse('2031-10-20T00:00:00Z'); // spans the 2031-10-26 European fall-back night
const NOW = BASE - 2 * 24 * HOUR;
const ZONES = ['Europe/Berlin', 'America/New_York', 'Asia/Kolkata'];

describe.each(DB_KINDS)('folded availability inputs on %s', (kind) => {
  let d: TestDatabase;
  let providers: string[];
  let service: string; // buffers 10 / 5, 45 minutes, step 15
  let other: string; // 30 minutes, no buffers

  beforeAll(async () => {
    if (skipKind(kind)) return;
    d = await testDatabase(kind);
    providers = [];
    for (const [i, zone] of ZONES.entries())
      providers.push(await insertProvider(d.db, { name: `P${i}`, time_zone: zone, weekly_hours: everyDayHours([['08:00', '18:00']]) }));
    service = await insertService(d.db, { name: 'S', duration_minutes: 45, buffer_before: 10, buffer_after: 5, slot_interval_minutes: 15, providers });
    other = await insertService(d.db, { name: 'O', duration_minutes: 30, providers });
  });
  afterAll(async () => {
    await d?.dispose();
  });

  it.skipIf(skipKind(kind))(
    'the slots and their providers equal the engine fed row by row',
    async () => {
      let run = 0;
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.tuple(fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 4 * 24 * 7 - 1 }), fc.boolean()), { maxLength: 40 }),
          fc.array(fc.tuple(fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 4 * 24 * 7 - 1 }), fc.integer({ min: 1, max: 12 })), { maxLength: 15 }),
          async (bookings, busy) => {
            const week = BASE + run++ * 8 * 24 * HOUR;
            for (const [p, q, mine] of bookings) {
              const start = week + q * 15 * 60_000;
              const minutes = mine ? 45 : 30;
              await insertBooking(d.db, {
                serviceId: mine ? service : other,
                providerId: providers[p]!,
                start: new Date(start),
                end: new Date(start + minutes * 60_000),
                status: 'confirmed',
                customerName: 'Ada',
              }).catch(() => undefined); // overlapping ones are refused: fine
            }
            for (const [p, q, quarters] of busy) {
              const start = week + q * 15 * 60_000;
              await d.db
                .insertInto('busy_blocks')
                .values({ provider_id: providers[p]!, start_time: new Date(start), end_time: new Date(start + quarters * 15 * 60_000), external_id: null })
                .execute();
            }
            const range = { start: week, end: week + 7 * 24 * HOUR };
            const folded = await loadAvailabilityInputs(d.db, { serviceId: service, range });
            expect(folded.bookings).toEqual([]); // the folded path was taken
            // Row by row: every live booking and busy block near the range.
            const near = { start: new Date(range.start - 3 * 24 * HOUR), end: new Date(range.end + 3 * 24 * HOUR) };
            const rows = await d.db
              .selectFrom('bookings')
              .select(['provider_id', 'service_id', 'start_time', 'end_time', 'blocked'])
              .where('status', '=', 'confirmed')
              .where('start_time', '>=', near.start)
              .where('start_time', '<', near.end)
              .execute();
            const busyRows = await d.db.selectFrom('busy_blocks').selectAll().where('start_time', '<', near.end).where('end_time', '>', near.start).execute();
            const buffered = (r: (typeof rows)[number]) => (r.service_id === service ? { before: 10, after: 5 } : { before: 0, after: 0 });
            const oneByOne = {
              ...folded,
              loads: undefined,
              bookings: rows.map((r) => ({
                providerId: r.provider_id,
                serviceId: r.service_id,
                start: r.start_time.getTime(),
                end: r.end_time.getTime(),
                blockedStart: r.start_time.getTime() - buffered(r).before * 60_000,
                blockedEnd: r.end_time.getTime() + buffered(r).after * 60_000,
              })),
              busy: busyRows.map((b) => ({ providerId: b.provider_id, start: b.start_time.getTime(), end: b.end_time.getTime() })),
            };
            expect(getSlots({ ...folded, range, now: NOW })).toEqual(getSlots({ ...oneByOne, range, now: NOW }));
          },
        ),
        { numRuns: 12, seed: 195 },
      );
    },
    120_000,
  );
});
