/**
 * Bookings that need a room, end to end on a real dev server, on PGlite and PostgreSQL (issue #19 item 1):
 * POST /v1/bookings races between two providers for the one room, the answer and the confirmation name the
 * room, a customer's reschedule keeps (or re-allocates) it, a cancel frees it.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createResource } from '../../src/db/resource.repository.ts';
import { startWorker, type SlotflowWorker } from '../../src/temporal/worker.ts';
import { DB_KINDS, skipKind, testDatabase, type TestDatabase } from '../support/databases.ts';
import { insertProvider, insertService } from '../support/factories.ts';
import { testGateway } from '../support/gateway.ts';
import { waitFor } from '../support/process.ts';
import { utcSlotIn } from '../support/utc-slot.ts';

/** The real now when this file loaded: the workflows run on the Temporal server's real clock. */
const LOADED = Date.now();
/** A slot of the UTC providers below (open all day every day; safe at any instant, see utc-slot.ts). */
const slotIn = (days: number, hour: number) => utcSlotIn(LOADED, days, hour);
const path = (url: string) => `/v1${new URL(url).pathname}`;
type Answer = { id: string; status: string; manageUrl: string; resources?: { name: string; pool: string }[] };

describe.each(DB_KINDS)('bookings with rooms on %s', (kind) => {
  let d: TestDatabase;
  let gw: Awaited<ReturnType<typeof testGateway>>;
  let worker: SlotflowWorker;
  let providers: string[];
  let physio: string;

  beforeAll(async () => {
    if (skipKind(kind)) return;
    d = await testDatabase(kind);
    gw = await testGateway(d, { rateLimitPerMinute: 10_000 });
    worker = await startWorker({ address: inject('temporalAddress'), namespace: 'default', taskQueue: gw.taskQueue, db: d.db });
    providers = [await insertProvider(d.db, { name: 'Dr. A' }), await insertProvider(d.db, { name: 'Dr. B' })];
    await createResource(d.db, { name: 'Room 1', pool: 'treatment-room', active: true });
    physio = await insertService(d.db, {
      name: 'Physio',
      duration_minutes: 30,
      required_resources: JSON.stringify([{ pool: 'treatment-room', count: 1 }]),
      providers,
    });
  });
  afterAll(async () => {
    await worker?.stop();
    await gw?.close();
    await d?.dispose();
  });

  const post = (providerId: string, start: string) =>
    gw.app.inject({
      method: 'POST',
      url: '/v1/bookings',
      payload: { serviceId: physio, providerId, start, timeZone: 'UTC', customer: { name: 'Ada', email: 'ada@example.com' } },
    });
  const roomsOf = async (bookingId: string) =>
    (
      await d.db
        .selectFrom('booking_resources')
        .innerJoin('resources', 'resources.id', 'booking_resources.resource_id')
        .select(['resources.name', 'booking_resources.live'])
        .where('booking_id', '=', bookingId)
        .execute()
    ).map((r) => `${r.name}${r.live ? '' : ' (freed)'}`);

  it.skipIf(skipKind(kind))('two providers, one room: 20 concurrent bookings for one time → one 201 naming the room, 19 × 409', async () => {
    const start = slotIn(20, 9);
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => post(providers[i % 2]!, start)));
    expect(results.map((r) => r.statusCode).sort()).toEqual([201, ...Array<number>(19).fill(409)]);
    for (const r of results.filter((x) => x.statusCode === 409)) expect(r.json()).toMatchObject({ code: 'slot_unavailable' });
    const won = results.find((r) => r.statusCode === 201)!.json() as Answer;
    expect(won.resources).toEqual([expect.objectContaining({ name: 'Room 1', pool: 'treatment-room' })]);
    expect(await roomsOf(won.id)).toEqual(['Room 1']);
    // The confirmation names the room.
    const message = await waitFor(
      async () =>
        (await d.db.selectFrom('messages').selectAll().where('booking_id', '=', won.id).where('kind', '=', 'confirmation').executeTakeFirst()) ?? undefined,
      15_000,
      'confirmation',
    );
    expect(message.body_text).toContain('Room & equipment: Room 1');
    // The availability of that time is gone for both providers; a service without rooms still offers it.
    const day = start.slice(0, 10);
    const res = await gw.app.inject({ method: 'GET', url: '/v1/availability', query: { serviceId: physio, from: day, to: day, timeZone: 'UTC' } });
    const times = (res.json() as { slots: { start: string }[] }).slots.map((s) => Date.parse(s.start));
    expect(times).not.toContain(Date.parse(start));
    expect(times).toContain(Date.parse(slotIn(20, 10)));
  });

  it.skipIf(skipKind(kind))("a customer's reschedule keeps the room when it is free and takes the second room when not; cancel frees it", async () => {
    const mine = (await post(providers[0]!, slotIn(21, 9))).json() as Answer;
    const theirs = (await post(providers[1]!, slotIn(21, 11))).json() as Answer;
    expect(theirs.resources?.map((r) => r.name)).toEqual(['Room 1']);
    // To 10:00 (Room 1 free then): kept.
    const moved = await gw.app.inject({ method: 'POST', url: `${path(mine.manageUrl)}/reschedule`, payload: { start: slotIn(21, 10) } });
    expect(moved.statusCode, moved.body).toBe(200);
    expect((moved.json() as Answer).resources?.map((r) => r.name)).toEqual(['Room 1']);
    // To 11:00, where the other booking holds Room 1: refused while there is one room…
    const refused = await gw.app.inject({ method: 'POST', url: `${path((moved.json() as Answer).manageUrl)}/reschedule`, payload: { start: slotIn(21, 11) } });
    expect(refused.statusCode).toBe(409);
    // …and with a second room it moves there, into Room 2.
    await createResource(d.db, { name: 'Room 2', pool: 'treatment-room', active: true });
    const second = await gw.app.inject({ method: 'POST', url: `${path((moved.json() as Answer).manageUrl)}/reschedule`, payload: { start: slotIn(21, 11) } });
    expect(second.statusCode, second.body).toBe(200);
    expect((second.json() as Answer).resources?.map((r) => r.name)).toEqual(['Room 2']);
    expect(await roomsOf(mine.id)).toEqual(['Room 2']);
    // Cancel: the room is freed at once, the booking still names it.
    const cancelled = await gw.app.inject({ method: 'POST', url: `${path((second.json() as Answer).manageUrl)}/cancel`, payload: {} });
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    expect(await roomsOf(mine.id)).toEqual(['Room 2 (freed)']);
    expect((await post(providers[0]!, slotIn(21, 11))).statusCode).toBe(201);
  });
});
