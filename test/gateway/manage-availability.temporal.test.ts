/**
 * GET /v1/manage/{token}/availability: the times a booking could move to. Unlike the public slots it
 * does not count the booking itself, so "half an hour later" (overlapping its own time) is offered —
 * and the reschedule accepts exactly what it offers.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startWorker, type SlotflowWorker } from '../../src/temporal/worker.ts';
import { seedProviderWithService } from '../support/catalog-seed.ts';
import { testDatabase, type TestDatabase } from '../support/databases.ts';
import { testGateway } from '../support/gateway.ts';

describe('manage availability (PGlite, real dev server)', () => {
  let d: TestDatabase;
  let gw: Awaited<ReturnType<typeof testGateway>>;
  let worker: SlotflowWorker;
  let service: string;
  // The UTC date 4–5 days after the real now (the workflows run on the server's real clock). Safe at any instant: the
  // provider is in UTC with 08:00–12:00 every day and every query asks in UTC, so no DST, weekend or month end matters.
  const day = new Date(Date.now() + 5 * 86_400_000).toISOString().slice(0, 10);
  const at = (hhmm: string) => `${day}T${hhmm}:00.000Z`;

  beforeAll(async () => {
    d = await testDatabase('pglite');
    gw = await testGateway(d);
    worker = await startWorker({ address: inject('temporalAddress'), namespace: 'default', taskQueue: gw.taskQueue, db: d.db });
    ({ service } = await seedProviderWithService(d.db, { providerName: 'Dr. Lin', hours: [['08:00', '12:00']] }));
    // 60-minute visits every 30 minutes.
    await d.db.updateTable('services').set({ slot_interval_minutes: 30 }).where('id', '=', service).execute();
  });
  afterAll(async () => {
    await worker?.stop();
    await gw?.close();
    await d?.dispose();
  });

  const starts = (body: unknown) => (body as { slots: { start: string }[] }).slots.map((s) => new Date(s.start).toISOString());

  it('offers times overlapping the booking’s own, which public availability does not (not its current start), and the reschedule takes one', async () => {
    const booked = await gw.app.inject({
      method: 'POST',
      url: '/v1/bookings',
      payload: { serviceId: service, start: at('09:00'), timeZone: 'UTC', customer: { name: 'Ada', email: 'ada@example.com' } },
    });
    expect(booked.statusCode, booked.body).toBe(201);
    const token = new URL((booked.json() as { manageUrl: string }).manageUrl).pathname.split('/').pop()!;

    const pub = starts((await gw.app.inject({ method: 'GET', url: `/v1/availability?serviceId=${service}&from=${day}&to=${day}&timeZone=UTC` })).json());
    expect(pub).toEqual([at('08:00'), at('10:00'), at('10:30'), at('11:00')]);

    const res = await gw.app.inject({ method: 'GET', url: `/v1/manage/${token}/availability?from=${day}&to=${day}&timeZone=UTC` });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ timeZone: 'UTC', serviceId: service });
    // 08:30 and 09:30 overlap the booking's own hour (free for the booking itself); 09:00 is where it is.
    expect(starts(res.json())).toEqual([at('08:00'), at('08:30'), at('09:30'), at('10:00'), at('10:30'), at('11:00')]);

    const moved = await gw.app.inject({ method: 'POST', url: `/v1/manage/${token}/reschedule`, payload: { start: at('09:30') } });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(Date.parse((moved.json() as { start: string }).start)).toBe(Date.parse(at('09:30')));
  });

  it('answers like the other manage routes for a bad link and a bad zone', async () => {
    expect(
      (await gw.app.inject({ method: 'GET', url: `/v1/manage/not-a-real-token-at-all/availability?from=${day}&to=${day}&timeZone=UTC` })).json(),
    ).toMatchObject({ status: 401, code: 'link_invalid' });
    const booked = await gw.app.inject({
      method: 'POST',
      url: '/v1/bookings',
      payload: { serviceId: service, start: at('11:00'), timeZone: 'UTC', customer: { name: 'Bo', email: 'bo@example.com' } },
    });
    const token = new URL((booked.json() as { manageUrl: string }).manageUrl).pathname.split('/').pop()!;
    const bad = await gw.app.inject({ method: 'GET', url: `/v1/manage/${token}/availability?from=${day}&to=${day}&timeZone=Mars/Base` });
    expect(bad.statusCode).toBe(422);
    expect(bad.json()).toMatchObject({ code: 'invalid_request', errors: [{ path: 'query.timeZone' }] });
  });
});
