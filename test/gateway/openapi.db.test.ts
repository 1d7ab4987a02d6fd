/**
 * #20 items 7 and 9: what /docs/openapi.json tells a client (every route's problem codes by status,
 * headers, examples), the locally served reference page, field messages in sentences, and admin booking
 * answers in the booking's zone with plain-date ranges.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertBooking } from '../../src/db/booking.repository.ts';
import { testDatabase, type TestDatabase } from '../support/databases.ts';
import { insertProvider, insertService, offerService } from '../support/factories.ts';
import { adminHeaders, testGateway } from '../support/gateway.ts';

type Response = {
  description: string;
  headers?: Record<string, unknown>;
  content?: Record<
    string,
    {
      schema?: { allOf?: { properties?: { code?: { enum: string[] } } }[] };
      example?: unknown;
      examples?: Record<string, { value: { code: string; status: number } }>;
    }
  >;
};
type Operation = {
  parameters: { name: string; in: string }[];
  requestBody?: { content: Record<string, { example?: unknown }> };
  responses: Record<string, Response>;
};
type Doc = { paths: Record<string, Record<string, Operation>>; components: { headers: Record<string, unknown> } };

const codesOf = (r: Response | undefined) => r?.content?.['application/problem+json']?.schema?.allOf?.[1]?.properties?.code?.enum ?? [];

describe('the OpenAPI document and /docs', () => {
  let d: TestDatabase;
  let gw: Awaited<ReturnType<typeof testGateway>>;
  let doc: Doc;

  beforeAll(async () => {
    d = await testDatabase('pglite');
    gw = await testGateway(d);
    doc = (await gw.app.inject({ method: 'GET', url: '/docs/openapi.json' })).json() as Doc;
  });
  afterAll(async () => {
    await gw?.close();
    await d?.dispose();
  });

  it('POST /v1/bookings: 201 with an example, each refusal under its status with its code, the Idempotency-Key header', () => {
    const op = doc.paths['/v1/bookings']!.post!;
    expect(op.responses['201']!.content!['application/json']!.example).toMatchObject({ status: 'held', start: '2026-12-08T10:00:00+01:00' });
    expect(op.requestBody!.content['application/json']!.example).toMatchObject({ start: '2026-12-08T10:00:00+01:00', timeZone: 'Europe/Berlin' });
    expect(codesOf(op.responses['409'])).toEqual(['slot_unavailable']);
    expect(codesOf(op.responses['422'])).toEqual(
      expect.arrayContaining(['invalid_request', 'not_a_slot', 'idempotency_key_mismatch', 'challenge_required', 'challenge_invalid']),
    );
    expect(codesOf(op.responses['404'])).toEqual(['not_found']);
    expect(codesOf(op.responses['429'])).toEqual(['rate_limited', 'hold_limit', 'booking_limit']);
    expect(codesOf(op.responses['503'])).toEqual(['service_unavailable', 'calendar_busy']);
    expect(op.responses['503']!.headers).toHaveProperty('Retry-After');
    expect(op.responses['429']!.headers).toHaveProperty('Retry-After');
    expect(op.responses['201']!.headers).toHaveProperty('x-ratelimit-remaining');
    // Each code has an example problem with its status.
    const examples = op.responses['409']!.content!['application/problem+json']!.examples!;
    expect(examples['slot_unavailable']!.value).toMatchObject({ code: 'slot_unavailable', status: 409, title: 'That time is no longer available' });
    expect(op.parameters).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'Idempotency-Key', in: 'header' })]));
  });

  it('manage links: 410 link_expired, 409 booking_changed, 403 policy_window, 401 link_invalid; admin routes 401/403', () => {
    const reschedule = doc.paths['/v1/manage/{token}/reschedule']!.post!;
    // A link names its booking (#20 item 2): an older version opens the current state, acting on it is 409.
    expect(codesOf(reschedule.responses['410']).sort()).toEqual(['link_expired']);
    expect(codesOf(reschedule.responses['403']).sort()).toEqual(['forbidden', 'policy_window']);
    expect(codesOf(reschedule.responses['401'])).toEqual(['link_invalid']);
    expect(codesOf(reschedule.responses['409']).sort()).toEqual(['booking_changed', 'conflict', 'slot_unavailable']);
    const cancel = doc.paths['/v1/admin/bookings/{id}/cancel']!.post!;
    expect(codesOf(cancel.responses['401'])).toEqual(['unauthorized']);
    expect(codesOf(cancel.responses['403'])).toEqual(['forbidden']);
    expect(codesOf(cancel.responses['404'])).toEqual(['not_found']);
    // Every operation can be rate limited and answer 503 (database or Temporal away, gateway closing).
    for (const [p, ops] of Object.entries(doc.paths)) {
      for (const [m, o] of Object.entries(ops)) {
        expect(codesOf(o.responses['429']), `${m} ${p}`).toContain('rate_limited');
        expect(codesOf(o.responses['503']), `${m} ${p}`).toContain('service_unavailable');
      }
    }
  });

  it('POST /v1/admin/connections lists 404 not_found, and a gateway without calendar settings answers it', async () => {
    const connect = doc.paths['/v1/admin/connections']!.post!;
    expect(codesOf(connect.responses['404'])).toEqual(['not_found']);
    const provider = await insertProvider(d.db, { name: 'Dr. Calendar' });
    const res = await gw.app.inject({ method: 'POST', url: '/v1/admin/connections', headers: adminHeaders, payload: { kind: 'google', providerId: provider } });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json()).toMatchObject({ code: 'not_found', detail: 'Calendar connections are not configured on this gateway.' });
  });

  it('/docs is Swagger UI from this gateway: its files are served with their types, rate limited, under a CSP', async () => {
    const page = await gw.app.inject({ method: 'GET', url: '/docs' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-security-policy']).toMatch(/script-src 'self';/);
    const bundle = await gw.app.inject({ method: 'GET', url: '/docs/assets/swagger-ui-bundle.js' });
    expect(bundle.statusCode).toBe(200);
    expect(bundle.headers['content-type']).toContain('text/javascript');
    expect(bundle.body).toContain('SwaggerUIBundle');
    expect(bundle.headers['x-ratelimit-limit']).toBeDefined();
    const css = await gw.app.inject({ method: 'GET', url: '/docs/assets/swagger-ui.css' });
    expect(css.headers['content-type']).toContain('text/css');
    const init = await gw.app.inject({ method: 'GET', url: '/docs/assets/docs.js' });
    expect(init.body).toContain("url: '/docs/openapi.json'");
    const other = await gw.app.inject({ method: 'GET', url: '/docs/assets/package.json' });
    expect(other.statusCode).toBe(422);
  });

  it('field messages are sentences: a date-time without offset says it needs one; no zod wording', async () => {
    const res = await gw.app.inject({
      method: 'POST',
      url: '/v1/bookings',
      payload: { serviceId: 'nope', start: '2026-12-08T10:00:00', timeZone: 'Europe/Berlin', channel: 'fax', extra: 1 },
    });
    expect(res.statusCode).toBe(422);
    const problem = res.json() as { code: string; detail: string; errors: { path: string; message: string }[] };
    expect(problem.code).toBe('invalid_request');
    const byPath = Object.fromEntries(problem.errors.map((e) => [e.path, e.message]));
    expect(byPath).toEqual({
      'body.serviceId': 'must be a UUID, e.g. 3f0c2a1e-5b7d-4c9e-8a6f-1d2e3c4b5a69',
      'body.start': 'needs a UTC offset (Z or +01:00), e.g. 2026-12-08T10:00:00+01:00',
      'body.customer': 'is required',
      'body.channel': 'must be one of "web", "phone", "email", "api"',
      body: 'has a field it does not know: "extra"',
    });
    expect(problem.detail).not.toMatch(/Invalid|expected|received/);
    const short = await gw.app.inject({
      method: 'POST',
      url: '/v1/bookings',
      payload: { serviceId: '3f0c2a1e-5b7d-4c9e-8a6f-1d2e3c4b5a69', start: 'tomorrow', timeZone: 'Europe/Berlin', customer: { name: '' } },
    });
    expect((short.json() as { errors: unknown[] }).errors).toEqual([
      { path: 'body.start', message: 'needs a date-time with a UTC offset, e.g. 2026-12-08T10:00:00+01:00' },
      { path: 'body.customer.name', message: 'must not be empty' },
    ]);
  });
});

describe('admin booking answers: the booking’s zone, plain-date ranges', () => {
  let d: TestDatabase;
  let gw: Awaited<ReturnType<typeof testGateway>>;
  let early: string;
  let late: string;
  let providerZoned: string;

  beforeAll(async () => {
    d = await testDatabase('pglite');
    gw = await testGateway(d);
    const provider = await insertProvider(d.db, { name: 'Tokyo desk', time_zone: 'Asia/Tokyo' });
    const service = await insertService(d.db, { name: 'Consult', duration_minutes: 30 });
    await offerService(d.db, provider, service);
    const book = async (start: string, customerTimeZone: string | null) =>
      (
        await insertBooking(d.db, {
          serviceId: service,
          providerId: provider,
          start: new Date(start),
          end: new Date(Date.parse(start) + 1_800_000),
          status: 'confirmed',
          customerName: 'Ada',
          customerTimeZone,
        })
      ).id;
    early = await book('2030-01-06T23:30:00Z', 'America/New_York'); // Mon 07 00:30 in Berlin, Sun 06 in UTC
    late = await book('2030-01-07T23:30:00Z', 'America/New_York'); // Tue 08 00:30 in Berlin, Mon 07 in UTC
    providerZoned = await book('2030-01-07T12:00:00Z', null);
  });
  afterAll(async () => {
    await gw?.close();
    await d?.dispose();
  });

  const list = async (query: string) => {
    const res = await gw.app.inject({ method: 'GET', url: `/v1/admin/bookings?${query}`, headers: adminHeaders });
    expect(res.statusCode, res.body).toBe(200);
    return (res.json() as { bookings: { id: string; start: string; timeZone: string; createdAt: string }[] }).bookings;
  };

  it('from / to accept plain dates (to inclusive), read in timeZone (default UTC), as /v1/availability does', async () => {
    expect((await list('from=2030-01-07&to=2030-01-07')).map((b) => b.id)).toEqual([providerZoned, late]);
    expect((await list('from=2030-01-07&to=2030-01-07&timeZone=Europe/Berlin')).map((b) => b.id)).toEqual([early, providerZoned]);
    expect((await list('from=2030-01-07T00:00:00%2B01:00&to=2030-01-07')).map((b) => b.id)).toEqual([early, providerZoned, late]);
    const bad = await gw.app.inject({ method: 'GET', url: '/v1/admin/bookings?from=2030-01-07T00:00:00', headers: adminHeaders });
    expect(bad.statusCode).toBe(422);
    expect(bad.json()).toMatchObject({ code: 'invalid_request', errors: [{ path: 'query.from' }] });
  });

  it('every instant of a booking is in its zone: the customer’s, else its provider’s', async () => {
    const all = await list('from=2030-01-06&to=2030-01-08');
    const early1 = all.find((b) => b.id === early)!;
    expect(early1).toMatchObject({ timeZone: 'America/New_York', start: '2030-01-06T18:30:00-05:00' });
    expect(early1.createdAt).toMatch(/-05:00$/);
    expect(all.find((b) => b.id === providerZoned)).toMatchObject({ timeZone: 'Asia/Tokyo', start: '2030-01-07T21:00:00+09:00' });
    const one = (await gw.app.inject({ method: 'GET', url: `/v1/admin/bookings/${early}`, headers: adminHeaders })).json() as {
      start: string;
      end: string;
      createdAt: string;
      updatedAt: string;
    };
    expect(one.start).toBe('2030-01-06T18:30:00-05:00');
    expect(one.end).toBe('2030-01-06T19:00:00-05:00');
    expect(one.updatedAt).toMatch(/-05:00$/);
  });
});
