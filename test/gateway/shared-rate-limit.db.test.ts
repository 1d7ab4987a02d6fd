/**
 * Rate limits across gateways (#17, item 2): with REDIS_URL two gateways share one budget per client (10 a
 * minute → 10 answers and then 429, however the requests are spread); without it each counts alone; with
 * Redis unreachable requests still pass (the limiter fails open). Needs a Redis (`.ci/run` points
 * TEST_REDIS_URL at 127.0.0.1:6379); elsewhere the Redis cases are skipped unless CI=true.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEnv } from '../../src/config.ts';
import { redisRateLimitStore, type RateLimitStore } from '../../src/gateway/rate-limit-store.ts';
import { testDatabase, type TestDatabase } from '../support/databases.ts';
import { testGateway } from '../support/gateway.ts';
import { HEALTHZ_PER_MINUTE } from '../../src/gateway/routes/ops.route.ts';

const { redisUrl, requirePostgres: inCi } = testEnv();
const LIMIT = 10;

describe('rate limits shared by gateways', () => {
  let d: TestDatabase;
  const closers: (() => Promise<unknown>)[] = [];
  beforeAll(async () => {
    d = await testDatabase('pglite');
  });
  afterAll(async () => {
    for (const c of closers.reverse()) await c();
    await d?.dispose();
  });

  async function gateways(store: () => RateLimitStore | undefined) {
    const made = [];
    for (let i = 0; i < 2; i++) {
      const s = store();
      const gw = await testGateway(d, { rateLimitPerMinute: LIMIT, ...(s ? { rateLimitStore: s } : {}) });
      closers.push(() => gw.close());
      if (s) closers.push(() => s.close());
      made.push(gw);
    }
    return made;
  }
  /** `count` requests from one client, alternating between the gateways; the status codes in order. */
  async function spread(gws: Awaited<ReturnType<typeof gateways>>, count: number, ip: string): Promise<number[]> {
    const codes: number[] = [];
    for (let i = 0; i < count; i++) codes.push((await gws[i % gws.length]!.app.inject({ method: 'GET', url: '/v1/services', remoteAddress: ip })).statusCode);
    return codes;
  }

  it.skipIf(!redisUrl && !inCi)('with Redis: two gateways enforce one budget per client', async () => {
    if (!redisUrl) throw new Error('CI=true needs TEST_REDIS_URL (a Redis at 127.0.0.1:6379)');
    const nameSpace = `test-rl-${randomUUID()}-`;
    const gws = await gateways(() => redisRateLimitStore(redisUrl, nameSpace));
    const codes = await spread(gws, LIMIT + 4, '203.0.113.7');
    expect(codes.filter((c) => c === 200)).toHaveLength(LIMIT);
    expect(codes.slice(LIMIT)).toEqual([429, 429, 429, 429]);
    // Another client has its own budget.
    expect(await spread(gws, 2, '203.0.113.8')).toEqual([200, 200]);
  });

  it('without Redis each gateway counts alone: two gateways allow twice the limit', async () => {
    const gws = await gateways(() => undefined);
    const codes = await spread(gws, 2 * LIMIT, '203.0.113.9');
    expect(codes.every((c) => c === 200)).toBe(true);
    expect((await gws[0]!.app.inject({ method: 'GET', url: '/v1/services', remoteAddress: '203.0.113.9' })).statusCode).toBe(429);
  });

  it('with Redis unreachable the limiter lets requests through (fails open)', async () => {
    const gws = await gateways(() => redisRateLimitStore('redis://127.0.0.1:1', `test-rl-${randomUUID()}-`));
    expect(await spread(gws, 2, '203.0.113.10')).toEqual([200, 200]);
  });

  it('/healthz has its own budget: a load balancer probing every second is not refused, and it is still limited', async () => {
    const [gw] = await gateways(() => undefined);
    const probe = () => gw!.app.inject({ method: 'GET', url: '/healthz', remoteAddress: '203.0.113.11' });
    const codes: number[] = [];
    for (let i = 0; i < 3 * LIMIT; i++) codes.push((await probe()).statusCode);
    expect(codes.every((c) => c === 200)).toBe(true);
    // The API budget of the same address is untouched by the probes…
    expect((await gw!.app.inject({ method: 'GET', url: '/v1/services', remoteAddress: '203.0.113.11' })).statusCode).toBe(200);
    // …and the probes' own limit holds.
    const res = await probe();
    expect(res.headers['x-ratelimit-limit']).toBe(String(HEALTHZ_PER_MINUTE));
  });
});
