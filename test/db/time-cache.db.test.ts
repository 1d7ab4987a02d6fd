/**
 * The gateway's time cache (src/db/time-cache.ts, migration 0026) on both databases: folded provider and pool
 * time is reused while its version stands and read again after any change that availability sees. Property:
 * after every step of a random sequence of changes — reserve, cancel, move, busy blocks added / changed /
 * removed, unit blocks, a unit changing pool — the cached inputs equal the inputs read inside a transaction
 * (which never uses the cache). Examples: a repeated read is a hit (the same objects come back), a change to
 * one provider re-reads only that provider, a change availability does not read keeps the hit, and a rolled
 * back change leaves nothing behind.
 */
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadAvailabilityInputs } from '../../src/db/availability.repository.ts';
import { moveBooking, releaseBooking, reserveBooking, setCalendarEventRef } from '../../src/db/booking.repository.ts';
import { createResource, createResourceBlock, updateResource } from '../../src/db/resource.repository.ts';
import { DB_KINDS, skipKind, testDatabase, type TestDatabase } from '../support/databases.ts';
import { insertProvider, insertService } from '../support/factories.ts';

const HOUR = 3_600_000;
/** A fixed far-future Monday (providers open all day): the data hold at any real "now". */
const BASE = Date.parse('2032-03-01T00:00:00Z');
const NOW = new Date(BASE - 7 * 24 * HOUR);
const RANGE = { start: BASE, end: BASE + 2 * 24 * HOUR };
const EVENT = { type: 'reserved', actor: 'customer', data: {} };

describe.each(DB_KINDS)('time cache on %s', (kind) => {
  let d: TestDatabase;
  let providers: string[];
  let plain: string; // 30 minutes, buffers 5 / 10, no units
  let roomed: string; // 60 minutes, one 'treatment-room'
  let rooms: string[];

  const load = (serviceId: string) => loadAvailabilityInputs(d.db, { serviceId, range: RANGE });
  const loadUncached = (serviceId: string) => d.db.transaction().execute((trx) => loadAvailabilityInputs(trx, { serviceId, range: RANGE }));
  const reserve = (serviceId: string, providerId: string, start: number, minutes: number) =>
    reserveBooking(
      d.db,
      {
        id: crypto.randomUUID(),
        serviceId,
        providerId,
        start: new Date(start),
        end: new Date(start + minutes * 60_000),
        status: 'confirmed',
        customerName: 'Ada',
      },
      EVENT,
    ).then((r) => r.row.id);

  beforeAll(async () => {
    if (skipKind(kind)) return;
    d = await testDatabase(kind);
    providers = [await insertProvider(d.db, { name: 'A' }), await insertProvider(d.db, { name: 'B' })];
    rooms = [];
    for (const name of ['Room 1', 'Room 2']) rooms.push((await createResource(d.db, { name, pool: 'treatment-room', active: true })).id);
    plain = await insertService(d.db, { name: 'Plain', duration_minutes: 30, buffer_before: 5, buffer_after: 10, providers });
    roomed = await insertService(d.db, {
      name: 'Physio',
      duration_minutes: 60,
      required_resources: JSON.stringify([{ pool: 'treatment-room', count: 1 }]),
      providers,
    });
  });
  afterAll(async () => {
    await d?.dispose();
  });

  it.skipIf(skipKind(kind))('a repeated read is a hit; a change re-reads only the provider it touches; an unread column keeps the hit', async () => {
    const booking = await reserve(plain, providers[0]!, BASE + 9 * HOUR, 30);
    await d.db
      .insertInto('busy_blocks')
      .values({ provider_id: providers[1]!, start_time: new Date(BASE + 11 * HOUR), end_time: new Date(BASE + 12 * HOUR), external_id: null })
      .execute();
    const first = await load(plain);
    const second = await load(plain);
    const of = (i: Awaited<typeof first>, p: string) => i.busy.filter((b) => b.providerId === p);
    expect(of(second, providers[0]!)[0]).toBe(of(first, providers[0]!)[0]); // the very object: no second read
    expect(of(second, providers[1]!)[0]).toBe(of(first, providers[1]!)[0]);

    await setCalendarEventRef(d.db, booking, 'evt-1'); // availability does not read it
    expect(of(await load(plain), providers[0]!)[0]).toBe(of(first, providers[0]!)[0]);

    await d.db
      .insertInto('busy_blocks')
      .values({ provider_id: providers[0]!, start_time: new Date(BASE + 14 * HOUR), end_time: new Date(BASE + 15 * HOUR), external_id: null })
      .execute();
    const third = await load(plain);
    expect(of(third, providers[0]!)).toHaveLength(2);
    expect(of(third, providers[0]!)[0]).not.toBe(of(first, providers[0]!)[0]); // A was read again
    expect(of(third, providers[1]!)[0]).toBe(of(first, providers[1]!)[0]); // B was not
    expect(third).toEqual(await loadUncached(plain));
  });

  it.skipIf(skipKind(kind))('a change rolled back leaves the cached time as it was', async () => {
    const before = await load(plain);
    await expect(
      d.db.transaction().execute(async (trx) => {
        await trx
          .insertInto('busy_blocks')
          .values({ provider_id: providers[0]!, start_time: new Date(BASE + 20 * HOUR), end_time: new Date(BASE + 21 * HOUR), external_id: null })
          .execute();
        const inside = await loadAvailabilityInputs(trx, { serviceId: plain, range: RANGE });
        expect(inside.busy.length).toBe(before.busy.length + 1);
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    const after = await load(plain);
    expect(after.busy).toEqual(before.busy);
    expect(after.busy[0]).toBe(before.busy[0]);
  });

  it.skipIf(skipKind(kind))('reserves and cancels of one provider with rooms, all at once, never deadlock on the versions', async () => {
    const day = BASE + 10 * 24 * HOUR;
    const existing: string[] = [];
    for (let i = 0; i < 12; i++) existing.push(await reserve(roomed, providers[0]!, day + i * 2 * HOUR, 60));
    const results = await Promise.allSettled([
      ...existing.map((id) => releaseBooking(d.db, id, 'cancelled', undefined, { type: 'cancelled', actor: 'customer', data: {} })),
      ...existing.map((_, i) => reserve(roomed, providers[0]!, day + i * 2 * HOUR + HOUR, 60)),
    ]);
    expect(results.filter((r) => r.status === 'rejected').map((r) => String((r as PromiseRejectedResult).reason))).toEqual([]);
    expect(await load(roomed)).toEqual(await loadUncached(roomed));
  });

  it.skipIf(skipKind(kind))(
    'after every change the cached inputs equal a fresh read (providers and pools)',
    async () => {
      const step = fc.oneof(
        fc.record({ op: fc.constant('reserve' as const), roomed: fc.boolean(), p: fc.integer({ min: 0, max: 1 }), q: fc.integer({ min: 0, max: 40 }) }),
        fc.record({ op: fc.constant('cancel' as const), i: fc.nat() }),
        fc.record({ op: fc.constant('move' as const), i: fc.nat(), q: fc.integer({ min: 0, max: 40 }) }),
        fc.record({
          op: fc.constant('busy' as const),
          p: fc.integer({ min: 0, max: 1 }),
          q: fc.integer({ min: 0, max: 40 }),
          n: fc.integer({ min: 1, max: 8 }),
        }),
        fc.record({ op: fc.constant('stretch' as const), i: fc.nat(), n: fc.integer({ min: 1, max: 8 }) }),
        fc.record({ op: fc.constant('unbusy' as const), i: fc.nat() }),
        fc.record({ op: fc.constant('block' as const), r: fc.integer({ min: 0, max: 1 }), q: fc.integer({ min: 0, max: 40 }) }),
        fc.record({ op: fc.constant('unblock' as const), i: fc.nat() }),
        fc.record({ op: fc.constant('repool' as const), spare: fc.boolean() }),
      );
      const at = (q: number) => BASE + 8 * HOUR + q * 15 * 60_000;
      await fc.assert(
        fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 12 }), async (steps) => {
          for (const s of steps) {
            const live = await d.db.selectFrom('bookings').select(['id', 'version']).where('status', '=', 'confirmed').orderBy('id').execute();
            const blocks = await d.db.selectFrom('busy_blocks').select('id').orderBy('id').execute();
            const unitBlocks = await d.db.selectFrom('resource_blocks').select('id').orderBy('id').execute();
            const pick = <T>(rows: T[], i: number) => (rows.length > 0 ? rows[i % rows.length] : undefined);
            switch (s.op) {
              case 'reserve':
                await reserve(s.roomed ? roomed : plain, providers[s.p]!, at(s.q), s.roomed ? 60 : 30).catch(() => undefined); // refused overlaps: fine
                break;
              case 'cancel': {
                const b = pick(live, s.i);
                if (b) await releaseBooking(d.db, b.id, 'cancelled', undefined, { type: 'cancelled', actor: 'customer', data: {} });
                break;
              }
              case 'move': {
                const b = pick(live, s.i);
                const row = b && (await d.db.selectFrom('bookings').select(['start_time', 'end_time']).where('id', '=', b.id).executeTakeFirstOrThrow());
                if (b && row) {
                  const length = row.end_time.getTime() - row.start_time.getTime();
                  await moveBooking(d.db, b.id, new Date(at(s.q)), new Date(at(s.q) + length), b.version).catch(() => undefined);
                }
                break;
              }
              case 'busy':
                await d.db
                  .insertInto('busy_blocks')
                  .values({ provider_id: providers[s.p]!, start_time: new Date(at(s.q)), end_time: new Date(at(s.q) + s.n * 15 * 60_000), external_id: null })
                  .execute();
                break;
              case 'stretch': {
                const b = pick(blocks, s.i);
                if (b)
                  await d.db
                    .updateTable('busy_blocks')
                    .set({ end_time: sql<Date>`start_time + make_interval(mins => ${s.n * 15})` })
                    .where('id', '=', b.id)
                    .execute();
                break;
              }
              case 'unbusy': {
                const b = pick(blocks, s.i);
                if (b) await d.db.deleteFrom('busy_blocks').where('id', '=', b.id).execute();
                break;
              }
              case 'block':
                await createResourceBlock(d.db, rooms[s.r]!, { start: new Date(at(s.q)).toISOString(), end: new Date(at(s.q) + HOUR).toISOString() }, NOW);
                break;
              case 'unblock': {
                const b = pick(unitBlocks, s.i);
                if (b) await d.db.deleteFrom('resource_blocks').where('id', '=', b.id).execute();
                break;
              }
              case 'repool':
                await updateResource(d.db, rooms[1]!, { pool: s.spare ? 'spare' : 'treatment-room' });
                break;
            }
            for (const service of [plain, roomed]) expect(await load(service)).toEqual(await loadUncached(service));
          }
        }),
        { numRuns: 15, seed: 2032 },
      );
    },
    180_000,
  );
});
