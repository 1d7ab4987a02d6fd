/**
 * Group sessions with seats end to end on a real dev server, on PGlite and PostgreSQL (issue #19 item 2):
 * POST /v1/bookings — a 50-way race for the last 3 seats gives exactly 3 × 201 and 47 × 409; each attendee
 * is a booking (and workflow) of its own; availability counts the seats left; a cancel frees a seat.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { bookingWorkflowId } from '../../src/temporal/workflow-ids.ts';
import { startWorker, type SlotflowWorker } from '../../src/temporal/worker.ts';
import { DB_KINDS, skipKind, testDatabase, type TestDatabase } from '../support/databases.ts';
import { insertProvider, insertService } from '../support/factories.ts';
import { testGateway } from '../support/gateway.ts';
import { utcSlotIn } from '../support/utc-slot.ts';

/** The real now when this file loaded: the workflows run on the Temporal server's real clock. */
const LOADED = Date.now();
/** A slot of the UTC provider below (open all day every day; safe at any instant, see utc-slot.ts). */
const slotIn = (days: number, hour: number) => utcSlotIn(LOADED, days, hour);
const path = (url: string) => `/v1${new URL(url).pathname}`;

describe.each(DB_KINDS)('group sessions on %s', (kind) => {
  let d: TestDatabase;
  let gw: Awaited<ReturnType<typeof testGateway>>;
  let worker: SlotflowWorker;
  let yoga: string;

  beforeAll(async () => {
    if (skipKind(kind)) return;
    d = await testDatabase(kind);
    gw = await testGateway(d, { rateLimitPerMinute: 10_000 });
    worker = await startWorker({ address: inject('temporalAddress'), namespace: 'default', taskQueue: gw.taskQueue, db: d.db });
    const teacher = await insertProvider(d.db, { name: 'Teacher' });
    yoga = await insertService(d.db, { name: 'Yoga', duration_minutes: 60, seats: 12, providers: [teacher] });
  });
  afterAll(async () => {
    await worker?.stop();
    await gw?.close();
    await d?.dispose();
  });

  const post = (start: string, name: string) =>
    gw.app.inject({
      method: 'POST',
      url: '/v1/bookings',
      payload: { serviceId: yoga, start, timeZone: 'UTC', customer: { name, email: `${name.toLowerCase()}@example.com` } },
    });
  const seatsLeft = async (start: string) => {
    const day = start.slice(0, 10);
    const res = await gw.app.inject({ method: 'GET', url: '/v1/availability', query: { serviceId: yoga, from: day, to: day, timeZone: 'UTC' } });
    return (res.json() as { slots: { start: string; seatsLeft?: number }[] }).slots.find((s) => Date.parse(s.start) === Date.parse(start))?.seatsLeft;
  };

  it.skipIf(skipKind(kind))('9 seats taken, then 50 at once for the last 3: exactly 3 × 201 and 47 × 409; a cancel frees one seat', async () => {
    const start = slotIn(25, 18);
    expect(await seatsLeft(start)).toBe(12);
    const first = [];
    for (let i = 0; i < 9; i++) first.push((await post(start, `Early${i}`)).json() as { id: string; manageUrl: string });
    expect(await seatsLeft(start)).toBe(3);
    const race = await Promise.all(Array.from({ length: 50 }, (_, i) => post(start, `Late${i}`)));
    const codes = race.map((r) => r.statusCode);
    expect(codes.filter((c) => c === 201)).toHaveLength(3);
    expect(codes.filter((c) => c === 409)).toHaveLength(47);
    for (const r of race.filter((x) => x.statusCode === 409)) expect(r.json()).toMatchObject({ code: 'slot_unavailable' });
    // Full: the start is no longer offered, and the next hour is a new session with every seat.
    expect(await seatsLeft(start)).toBeUndefined();
    expect(await seatsLeft(slotIn(25, 19))).toBe(12);
    // Each attendee is a booking of its own with its own workflow and manage link.
    const winners = race.filter((r) => r.statusCode === 201).map((r) => r.json() as { id: string; manageUrl: string });
    expect(new Set([...first, ...winners].map((b) => b.id)).size).toBe(12);
    expect(new Set([...first, ...winners].map((b) => b.manageUrl)).size).toBe(12);
    const desc = await gw.temporal.client.workflow.getHandle(bookingWorkflowId(winners[0]!.id)).describe();
    expect(desc.status.name).toBe('RUNNING');
    // One attendee cancels through their link: one seat is offered again.
    const cancelled = await gw.app.inject({ method: 'POST', url: `${path(first[0]!.manageUrl)}/cancel`, payload: {} });
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    expect(await seatsLeft(start)).toBe(1);
    expect((await post(start, 'Last')).statusCode).toBe(201);
    expect(await seatsLeft(start)).toBeUndefined();
  });
});
