/**
 * The gateway's error contract: every failure is application/problem+json with a stable code, never a
 * stack trace; admin routes need the Bearer key; bodies are JSON only and bounded; everything is rate
 * limited.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { hashApiKey } from '../../src/domain/access/api-key-hash.ts';
import { defineRoute } from '../../src/gateway/route.ts';
import { testDatabase, type TestDatabase } from '../support/databases.ts';
import { testGateway } from '../support/gateway.ts';

const PROBLEM = 'application/problem+json; charset=utf-8';

describe('gateway problem+json contract', () => {
  let d: TestDatabase;
  let gw: Awaited<ReturnType<typeof testGateway>>;

  beforeAll(async () => {
    d = await testDatabase('pglite');
    gw = await testGateway(d, {
      bodyLimitBytes: 1024,
      extraRoutes: [
        defineRoute({
          method: 'POST',
          url: '/test/echo',
          summary: 'echo',
          tags: ['test'],
          auth: 'public',
          body: z.object({ name: z.string().min(1), start: z.iso.datetime({ offset: true }) }).strict(),
          responses: { 200: { description: 'echo' } },
          handler: async ({ body }) => body,
        }),
        defineRoute({
          method: 'GET',
          url: '/test/boom',
          summary: 'fails',
          tags: ['test'],
          auth: 'public',
          responses: { 200: { description: 'never' } },
          handler: async () => {
            throw new Error('secret internal detail: password=hunter2');
          },
        }),
      ],
    });
  });
  afterAll(async () => {
    await gw?.close();
    await d?.dispose();
  });

  it('401 without a key, with a wrong key, and with a revoked database key; 200 with a live one', async () => {
    const none = await gw.app.inject({ method: 'POST', url: '/v1/admin/selftest', payload: {} });
    expect(none.statusCode).toBe(401);
    expect(none.headers['content-type']).toBe(PROBLEM);
    expect(none.json()).toMatchObject({ status: 401, code: 'unauthorized', type: 'urn:slotflow:problem:unauthorized' });

    const wrong = await gw.app.inject({ method: 'POST', url: '/v1/admin/selftest', headers: { authorization: 'Bearer nope' }, payload: {} });
    expect(wrong.statusCode).toBe(401);

    const basic = await gw.app.inject({ method: 'POST', url: '/v1/admin/selftest', headers: { authorization: 'Basic Zm9vOmJhcg==' }, payload: {} });
    expect(basic.statusCode).toBe(401);

    await d.db
      .insertInto('api_keys')
      .values([
        { name: 'live', key_prefix: 'sfk_live', key_hash: hashApiKey('sfk_live_key_1234567890') },
        { name: 'revoked', key_prefix: 'sfk_rev', key_hash: hashApiKey('sfk_revoked_key_123456'), revoked_at: new Date() },
      ])
      .execute();
    // A body that fails validation proves auth passed (422 comes after the 401 check).
    const live = await gw.app.inject({
      method: 'POST',
      url: '/v1/admin/selftest',
      headers: { authorization: 'Bearer sfk_live_key_1234567890' },
      payload: { timeoutSeconds: 0 },
    });
    expect(live.statusCode).toBe(422);
    const revoked = await gw.app.inject({
      method: 'POST',
      url: '/v1/admin/selftest',
      headers: { authorization: 'Bearer sfk_revoked_key_123456' },
      payload: { timeoutSeconds: 0 },
    });
    expect(revoked.statusCode).toBe(401);
  });

  it('404 for an unknown route, as problem+json', async () => {
    const res = await gw.app.inject({ method: 'GET', url: '/v1/nothing-here?x=1' });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toBe(PROBLEM);
    expect(res.json()).toMatchObject({ code: 'not_found', detail: 'No route GET /v1/nothing-here', instance: '/v1/nothing-here?x=1' });
  });

  it('413 for a body over the limit', async () => {
    const res = await gw.app.inject({
      method: 'POST',
      url: '/test/echo',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ name: 'x'.repeat(2000), start: '2030-01-01T10:00:00Z' }),
    });
    expect(res.statusCode).toBe(413);
    expect(res.json()).toMatchObject({ code: 'payload_too_large' });
  });

  it('415 for a body that is not JSON', async () => {
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'application/xml']) {
      const res = await gw.app.inject({ method: 'POST', url: '/test/echo', headers: { 'content-type': type }, payload: 'name=x' });
      expect(res.statusCode, type).toBe(415);
      expect(res.json()).toMatchObject({ code: 'unsupported_media_type' });
    }
  });

  it('400 for malformed JSON', async () => {
    const res = await gw.app.inject({ method: 'POST', url: '/test/echo', headers: { 'content-type': 'application/json' }, payload: '{"name":' });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'malformed_request' });
  });

  it('422 names every invalid field', async () => {
    const res = await gw.app.inject({ method: 'POST', url: '/test/echo', payload: { name: '', start: '2030-01-01 10:00', extra: 1 } });
    expect(res.statusCode).toBe(422);
    const body = res.json() as { code: string; errors: { path: string }[] };
    expect(body.code).toBe('invalid_request');
    expect(body.errors.map((e) => e.path).sort()).toEqual(['body', 'body.name', 'body.start']);
    const missing = await gw.app.inject({ method: 'POST', url: '/test/echo', headers: { 'content-type': 'application/json' } });
    expect([400, 422]).toContain(missing.statusCode);
    expect(missing.headers['content-type']).toBe(PROBLEM);
  });

  it('500 hides internals behind internal_error', async () => {
    const res = await gw.app.inject({ method: 'GET', url: '/test/boom' });
    expect(res.statusCode).toBe(500);
    expect(res.json()).toMatchObject({ code: 'internal_error' });
    expect(res.body).not.toContain('hunter2');
    expect(res.body).not.toContain('at ');
  });

  it('/healthz 200 while the database and Temporal answer; /metrics counts requests', async () => {
    const ok = await gw.app.inject({ method: 'GET', url: '/healthz' });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ status: 'ok', checks: { database: 'ok', temporal: 'ok' } });
    const metrics = await gw.app.inject({ method: 'GET', url: '/metrics' });
    expect(metrics.statusCode).toBe(200);
    expect(metrics.headers['content-type']).toContain('text/plain');
    expect(metrics.body).toMatch(/slotflow_http_requests_total\{method="GET",route="\/healthz",status="200"\} [1-9]/);
    expect(metrics.body).toContain('slotflow_process_cpu_seconds_total');
  });

  it('/healthz 503 when the database is gone', async () => {
    const other = await testDatabase('pglite');
    const broken = await testGateway(other);
    try {
      await other.close();
      const res = await broken.app.inject({ method: 'GET', url: '/healthz' });
      expect(res.statusCode).toBe(503);
      expect(res.headers['content-type']).toBe(PROBLEM);
      expect(res.json()).toMatchObject({ code: 'service_unavailable' });
      // Which dependency, never its error text (paths, addresses, SQL stay in the log).
      expect((res.json() as { detail: string }).detail).toBe('database unavailable.');
    } finally {
      await broken.close();
      await other.dispose().catch(() => {});
    }
  });

  it('/docs serves an OpenAPI 3.1 document generated from the route schemas', async () => {
    const res = await gw.app.inject({ method: 'GET', url: '/docs/openapi.json' });
    const doc = res.json() as {
      openapi: string;
      paths: Record<
        string,
        Record<
          string,
          { security?: unknown; requestBody?: { content: Record<string, { schema: { properties: object } }> }; responses: Record<string, unknown> }
        >
      >;
    };
    expect(doc.openapi).toBe('3.1.0');
    const selftest = doc.paths['/v1/admin/selftest']!.post!;
    expect(selftest.security).toEqual([{ adminKey: [] }]);
    expect(Object.keys(selftest.requestBody!.content['application/json']!.schema.properties)).toEqual(['timeoutSeconds']);
    expect(Object.keys(selftest.responses)).toEqual(expect.arrayContaining(['200', '401', '413', '415', '422', '429']));
    expect(doc.paths['/test/echo']!.post!.security).toBeUndefined();
    const html = await gw.app.inject({ method: 'GET', url: '/docs' });
    expect(html.headers['content-type']).toContain('text/html');
    // Swagger UI served from this gateway (swagger-ui-dist), no CDN and no inline script.
    expect(html.body).toContain('<script src="/docs/assets/swagger-ui-bundle.js">');
    expect(html.body).not.toMatch(/https?:\/\//);
    expect(html.headers['content-security-policy']).toContain("script-src 'self'");
    const json = await gw.app.inject({ method: 'GET', url: '/docs', headers: { accept: 'application/json' } });
    expect(json.json()).toMatchObject({ openapi: '3.1.0' });
  });
});

describe('rate limiting', () => {
  it('429 rate_limited with Retry-After once the per-minute budget is spent, on public and unknown routes alike', async () => {
    const d = await testDatabase('pglite');
    const gw = await testGateway(d, { rateLimitPerMinute: 3 });
    try {
      const codes: number[] = [];
      for (let i = 0; i < 3; i++) codes.push((await gw.app.inject({ method: 'GET', url: '/v1/services' })).statusCode);
      expect(codes).toEqual([200, 200, 200]);
      const limited = await gw.app.inject({ method: 'GET', url: '/v1/services' });
      expect(limited.statusCode).toBe(429);
      expect(limited.headers['content-type']).toBe(PROBLEM);
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
      expect(limited.json()).toMatchObject({ code: 'rate_limited', status: 429 });
      const unknown = await gw.app.inject({ method: 'GET', url: '/no/such/route' });
      expect(unknown.statusCode).toBe(429);
      // Another client (by IP) still has its budget.
      const other = await gw.app.inject({ method: 'GET', url: '/v1/services', remoteAddress: '10.1.2.3' });
      expect(other.statusCode).toBe(200);
    } finally {
      await gw.close();
      await d.dispose();
    }
  });
});
