/**
 * #20 item 4, the front desk's new booking (POST /v1/admin/bookings), on a real dev server, on PGlite and
 * PostgreSQL: a free slot books with channel `admin` through the booking workflow (confirmed, its
 * workflow running); an override books a start that is no slot (off the grid, outside working hours) and
 * records it in the `reserved` event; an override never passes the exclusion constraint (409); without
 * override a non-slot is 422 `not_a_slot`; an override needs a provider; Idempotency-Key answers the same
 * booking; no admin key is 401.
 *
 * The gateway's clock is pinned at the file's load time; the bookings are days ahead of it (and of the real
 * now, which the workflows go by).
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { listBookingEvents } from '../../src/db/booking-event.repository.ts';
import { bookingWorkflowId } from '../../src/temporal/workflow-ids.ts';
import { startWorker, type SlotflowWorker } from '../../src/temporal/worker.ts';
import { DB_KINDS, skipKind, testDatabase, type TestDatabase } from '../support/databases.ts';
import { everyDayHours, insertProvider, insertService } from '../support/factories.ts';
import { adminHeaders, testGateway } from '../support/gateway.ts';
import { utcSlotIn } from '../support/utc-slot.ts';

const LOADED = Date.now();
/** `hour`:`minute` UTC, `days` after the file's load time. */
const slotIn = (days: number, hour: number, minute = 0) => new Date(Date.parse(utcSlotIn(LOADED, days, hour)) + minute * 60_000).toISOString();

type AdminBooking = {
  id: string;
  status: string;
  channel: string;
  start: string;
  end: string;
  providerId: string;
  customer: { name: string; phone: string | null };
};

describe.each(DB_KINDS)('front-desk new booking on %s', (kind) => {
  let d: TestDatabase;
  let gw: Awaited<ReturnType<typeof testGateway>>;
  let worker: SlotflowWorker;
  let provider: string;
  let service: string;

  beforeAll(async () => {
    if (skipKind(kind)) return;
    d = await testDatabase(kind);
    gw = await testGateway(d, { rateLimitPerMinute: 10_000, clock: () => new Date(LOADED) });
    worker = await startWorker({ address: inject('temporalAddress'), namespace: 'default', taskQueue: gw.taskQueue, db: d.db, links: gw.links });
    // Open 08:00–16:00 UTC, a 30-minute grid.
    provider = await insertProvider(d.db, { name: 'Dr. Desk', weekly_hours: everyDayHours([['08:00', '16:00']]) });
    service = await insertService(d.db, { name: 'Consultation', duration_minutes: 30, providers: [provider] });
  });
  afterAll(async () => {
    await worker?.stop();
    await gw?.close();
    await d?.dispose();
  });

  const post = (payload: Record<string, unknown>, headers: Record<string, string> = adminHeaders) =>
    gw.app.inject({ method: 'POST', url: '/v1/admin/bookings', payload, headers });
  const body = (start: string, extra: Record<string, unknown> = {}) => ({
    serviceId: service,
    start,
    customer: { name: 'Walk-in Wendy', email: 'wendy@example.com', phone: '+49 151 2345 6789' },
    ...extra,
  });

  it.skipIf(skipKind(kind))('books a free slot with channel admin through the booking workflow', async () => {
    const res = await post(body(slotIn(10, 9)));
    expect(res.statusCode, res.body).toBe(201);
    const b = res.json() as AdminBooking;
    expect(b).toMatchObject({ status: 'confirmed', channel: 'admin', providerId: provider, customer: { name: 'Walk-in Wendy', phone: '+4915123456789' } });
    expect(Date.parse(b.start)).toBe(Date.parse(slotIn(10, 9)));
    const described = await gw.temporal.client.workflow.getHandle(bookingWorkflowId(b.id)).describe();
    expect(described.status.name).toBe('RUNNING');
    const events = await listBookingEvents(d.db, b.id);
    expect(events[0]).toMatchObject({ type: 'reserved', actor: 'admin', data: { channel: 'admin' } });
    expect(events[0]!.data).not.toHaveProperty('override');
    const row = await d.db.selectFrom('bookings').select(['created_by']).where('id', '=', b.id).executeTakeFirstOrThrow();
    expect(row.created_by).toBe('admin:bootstrap');
  });

  it.skipIf(skipKind(kind))('without override a start that is no slot is 422 not_a_slot; with it, it is booked and recorded', async () => {
    const offGrid = slotIn(11, 9, 10); // 09:10: off the 30-minute grid
    const refused = await post(body(offGrid, { providerId: provider }));
    expect(refused.statusCode, refused.body).toBe(422);
    expect(refused.json()).toMatchObject({ code: 'not_a_slot' });

    const res = await post(body(offGrid, { providerId: provider, override: true }));
    expect(res.statusCode, res.body).toBe(201);
    const b = res.json() as AdminBooking;
    expect(b).toMatchObject({ status: 'confirmed', channel: 'admin' });
    expect(Date.parse(b.start)).toBe(Date.parse(offGrid));
    expect(Date.parse(b.end) - Date.parse(b.start)).toBe(30 * 60_000);
    const events = await listBookingEvents(d.db, b.id);
    expect(events[0]).toMatchObject({ type: 'reserved', actor: 'admin', data: { channel: 'admin', override: { skipped: 'not_a_slot' } } });

    // Outside working hours (20:00) too.
    const evening = await post(body(slotIn(11, 20), { providerId: provider, override: true }));
    expect(evening.statusCode, evening.body).toBe(201);
  });

  it.skipIf(skipKind(kind))('an override never passes the exclusion constraint: an overlap is 409 slot_unavailable', async () => {
    const first = await post(body(slotIn(12, 10), { providerId: provider }));
    expect(first.statusCode, first.body).toBe(201);
    // 10:15 overlaps 10:00–10:30.
    const overlap = await post(body(slotIn(12, 10, 15), { providerId: provider, override: true }));
    expect(overlap.statusCode, overlap.body).toBe(409);
    expect(overlap.json()).toMatchObject({ code: 'slot_unavailable' });
    // The slot itself, taken: 409 with or without override.
    for (const override of [false, true]) {
      const again = await post(body(slotIn(12, 10), { providerId: provider, override }));
      expect(again.statusCode, again.body).toBe(409);
      expect(again.json()).toMatchObject({ code: 'slot_unavailable' });
    }
    // Day 12 holds the one booking: no refused attempt left a row.
    const live = await d.db
      .selectFrom('bookings')
      .select('id')
      .where('provider_id', '=', provider)
      .where('start_time', '>=', new Date(slotIn(12, 0)))
      .where('start_time', '<', new Date(slotIn(13, 0)))
      .execute();
    expect(live).toHaveLength(1);
  });

  it.skipIf(skipKind(kind))('an override needs a provider; an unknown provider is 404', async () => {
    const res = await post(body(slotIn(13, 9, 10), { override: true }));
    expect(res.statusCode, res.body).toBe(422);
    expect(res.json()).toMatchObject({ code: 'invalid_request', errors: [{ path: 'body.providerId' }] });
    const unknown = await post(body(slotIn(13, 9, 10), { override: true, providerId: '00000000-0000-4000-8000-000000000000' }));
    expect(unknown.statusCode, unknown.body).toBe(404);
  });

  it.skipIf(skipKind(kind))('Idempotency-Key answers the first booking again; another body with it is 422', async () => {
    const headers = { ...adminHeaders, 'idempotency-key': `desk-${kind}-1` };
    const first = await post(body(slotIn(14, 9)), headers);
    expect(first.statusCode, first.body).toBe(201);
    const again = await post(body(slotIn(14, 9)), headers);
    expect(again.statusCode, again.body).toBe(201);
    expect((again.json() as AdminBooking).id).toBe((first.json() as AdminBooking).id);
    const other = await post(body(slotIn(14, 10)), headers);
    expect(other.statusCode, other.body).toBe(422);
    expect(other.json()).toMatchObject({ code: 'idempotency_key_mismatch' });
  });

  it.skipIf(skipKind(kind))('is 401 without the admin key, and 422 for a bad body', async () => {
    const res = await post(body(slotIn(15, 9)), {});
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ code: 'unauthorized' });
    const bad = await post({ ...body(slotIn(15, 9)), channel: 'web' });
    expect(bad.statusCode).toBe(422);
  });
});
