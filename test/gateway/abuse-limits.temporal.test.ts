/**
 * Abuse limits on public booking (issue #21) through POST /v1/bookings on both databases and a real dev
 * server: live holds per client address and per contact, live upcoming bookings per contact (e-mail
 * case-insensitive, or phone), and a phone-only booking in a country the business does not text. Each
 * refusal is problem+json with a stable code; cancelling a booking frees its place under the limit.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { startWorker, type SlotflowWorker } from '../../src/temporal/worker.ts';
import { seedProviderWithService } from '../support/catalog-seed.ts';
import { DB_KINDS, skipKind, testDatabase, type TestDatabase } from '../support/databases.ts';
import { adminHeaders, testGateway } from '../support/gateway.ts';
import { utcSlotIn } from '../support/utc-slot.ts';

const LOADED = Date.now();
/** A slot of the provider below (UTC, open all day; test/support/utc-slot.ts: in the future at any instant). */
const slotIn = (days: number, hour: number) => utcSlotIn(LOADED, days, hour);

describe.each(DB_KINDS)('abuse limits on %s', (kind) => {
  let d: TestDatabase;
  let gw: Awaited<ReturnType<typeof testGateway>>;
  let worker: SlotflowWorker;
  let service: string;
  let hour = 0;

  beforeAll(async () => {
    if (skipKind(kind)) return;
    d = await testDatabase(kind);
    gw = await testGateway(d, {
      rateLimitPerMinute: 10_000,
      abuseLimits: { holdsPerClient: 2, holdsPerContact: 2, bookingsPerContact: 3 },
      smsPolicy: { allowedCountries: ['DE'], dailyCapPerNumber: 5 },
    });
    worker = await startWorker({ address: inject('temporalAddress'), namespace: 'default', taskQueue: gw.taskQueue, db: d.db });
    ({ service } = await seedProviderWithService(d.db, { providerName: 'P' }));
  }, 60_000);
  afterAll(async () => {
    await worker?.stop();
    await gw?.close();
    await d?.dispose();
  });

  /** Books the next free hour (3 days ahead onwards) from `ip` for `customer`. */
  const book = (ip: string, customer: Record<string, string>, hold = false) =>
    gw.app.inject({
      method: 'POST',
      url: '/v1/bookings',
      remoteAddress: ip,
      payload: { serviceId: service, start: slotIn(3 + Math.floor(hour / 24), hour++ % 24), timeZone: 'UTC', customer: { name: 'Sam', ...customer }, hold },
    });

  it.skipIf(skipKind(kind))('holds: two per client address and two per contact; a third is 429 hold_limit', async () => {
    const ip = '203.0.113.10';
    expect((await book(ip, { email: `a-${kind}@example.com` }, true)).statusCode).toBe(201);
    expect((await book(ip, { email: `b-${kind}@example.com` }, true)).statusCode).toBe(201);
    const third = await book(ip, { email: `c-${kind}@example.com` }, true);
    expect(third.statusCode).toBe(429);
    expect(third.headers['content-type']).toContain('application/problem+json');
    expect(third.json()).toMatchObject({ code: 'hold_limit', status: 429 });
    // A plain booking from that client is not a hold: allowed.
    expect((await book(ip, { email: `c-${kind}@example.com` })).statusCode).toBe(201);
    // Another client still holds — but not for a contact that already holds twice (any client).
    expect((await book('203.0.113.11', { email: `d-${kind}@example.com` }, true)).statusCode).toBe(201);
    expect((await book('203.0.113.12', { email: `d-${kind}@example.com` }, true)).statusCode).toBe(201);
    expect((await book('203.0.113.13', { email: `D-${kind}@Example.com` }, true)).json()).toMatchObject({ code: 'hold_limit' });
  });

  it.skipIf(skipKind(kind))('upcoming bookings: three per e-mail (any case) or phone; cancelling one frees a place', async () => {
    const email = `regular-${kind}@example.com`;
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await book(`198.51.100.${i + 1}`, { email: i === 1 ? email.toUpperCase() : email });
      expect(res.statusCode, res.body).toBe(201);
      ids.push((res.json() as { id: string }).id);
    }
    const fourth = await book('198.51.100.9', { email });
    expect(fourth.statusCode).toBe(429);
    expect(fourth.json()).toMatchObject({ code: 'booking_limit', detail: expect.stringContaining('3 upcoming bookings') });
    expect(
      (await gw.app.inject({ method: 'POST', url: `/v1/admin/bookings/${ids[0]}/cancel`, headers: adminHeaders, payload: { reason: 'test' } })).statusCode,
    ).toBe(200);
    expect((await book('198.51.100.9', { email })).statusCode).toBe(201);

    const phone = kind === 'pglite' ? '+4915100000001' : '+4915100000002';
    for (let i = 0; i < 3; i++) expect((await book(`198.51.100.${20 + i}`, { phone })).statusCode).toBe(201);
    expect((await book('198.51.100.30', { phone })).json()).toMatchObject({ code: 'booking_limit' });
  });

  it.skipIf(skipKind(kind))('a phone-only booking in a country the business does not text is 422 at the phone; with an e-mail it is booked', async () => {
    const res = await book('192.0.2.50', { phone: '+37120000003' });
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ code: 'invalid_request', errors: [{ path: 'body.customer.phone' }] });
    expect((await book('192.0.2.51', { phone: '+37120000003', email: `lv-${kind}@example.com` })).statusCode).toBe(201);
  });
});
