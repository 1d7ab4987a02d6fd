/**
 * CORS on the public booking API only (src/gateway/cors.ts): a site embedding the BookingWidget
 * component may call services, availability, bookings and manage links from its own origin; admin,
 * webhook and connection routes never answer cross-origin.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabase, type TestDatabase } from '../support/databases.ts';
import { testGateway } from '../support/gateway.ts';

const SITE = 'https://www.salon.example';

describe('CORS on the public API (PGlite)', () => {
  let d: TestDatabase;
  let open: Awaited<ReturnType<typeof testGateway>>;
  let listed: Awaited<ReturnType<typeof testGateway>>;
  beforeAll(async () => {
    d = await testDatabase('pglite');
    open = await testGateway(d);
    listed = await testGateway(d, { corsOrigins: [SITE] });
  });
  afterAll(async () => {
    await open?.close();
    await listed?.close();
    await d?.dispose();
  });

  const preflight = (gw: typeof open, url: string, origin = SITE) =>
    gw.app.inject({
      method: 'OPTIONS',
      url,
      headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,idempotency-key' },
    });

  it('answers preflights and requests of any origin on the public routes by default', async () => {
    const pre = await preflight(open, '/v1/bookings');
    expect(pre.statusCode).toBe(204);
    expect(pre.headers['access-control-allow-origin']).toBe('*');
    expect(String(pre.headers['access-control-allow-methods'])).toContain('POST');
    expect(String(pre.headers['access-control-allow-headers']).toLowerCase()).toContain('idempotency-key');
    const services = await open.app.inject({ method: 'GET', url: '/v1/services', headers: { origin: SITE } });
    expect(services.statusCode).toBe(200);
    expect(services.headers['access-control-allow-origin']).toBe('*');
    expect(String(services.headers['access-control-expose-headers']).toLowerCase()).toContain('retry-after');
    // An error answer carries the header too, so the component can read the problem.
    const bad = await open.app.inject({ method: 'GET', url: '/v1/availability?serviceId=nope', headers: { origin: SITE } });
    expect(bad.statusCode).toBe(422);
    expect(bad.headers['access-control-allow-origin']).toBe('*');
    expect((await preflight(open, '/v1/manage/some-token/cancel')).headers['access-control-allow-origin']).toBe('*');
  });

  it('never on admin, webhook or connection routes', async () => {
    for (const url of ['/v1/admin/services', '/v1/admin/bookings', '/v1/webhooks/twilio/status', '/v1/connections/google/callback']) {
      expect((await preflight(open, url)).headers['access-control-allow-origin'], url).toBeUndefined();
      const res = await open.app.inject({ method: 'GET', url, headers: { origin: SITE } });
      expect(res.headers['access-control-allow-origin'], url).toBeUndefined();
    }
  });

  it('with CORS_ORIGINS set, only the listed origins', async () => {
    expect((await preflight(listed, '/v1/bookings')).headers['access-control-allow-origin']).toBe(SITE);
    expect((await preflight(listed, '/v1/bookings', 'https://evil.example')).headers['access-control-allow-origin']).toBeUndefined();
  });
});
