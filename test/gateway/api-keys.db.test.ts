/**
 * Scoped API keys (issue #15, item 1) over HTTP, on PGlite and PostgreSQL: issued once and stored hashed,
 * listed without the key, an agent key refused on admin routes (403), revocation at once (401), last use
 * recorded, and a rate-limit bucket per key (a made-up bearer gets none).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashApiKey } from '../../src/domain/access/api-key-hash.ts';
import { DB_KINDS, skipKind, testDatabase, type TestDatabase } from '../support/databases.ts';
import { TEST_ADMIN_KEY, testGateway } from '../support/gateway.ts';

const ADMIN = { authorization: `Bearer ${TEST_ADMIN_KEY}` };

describe.each(DB_KINDS)('API keys on %s', (kind) => {
  let d: TestDatabase;
  let gw: Awaited<ReturnType<typeof testGateway>>;
  beforeAll(async () => {
    if (skipKind(kind)) return;
    d = await testDatabase(kind);
    gw = await testGateway(d);
  });
  afterAll(async () => {
    await gw?.close();
    await d?.dispose();
  });

  const issue = async (name: string, scope: string, headers: Record<string, string> = ADMIN) =>
    gw.app.inject({ method: 'POST', url: '/v1/admin/api-keys', headers, payload: { name, scope } });

  it.skipIf(skipKind(kind))('issues a key once, stores only its hash, lists it without the key', async () => {
    const res = await issue('Vapi receptionist', 'agent');
    expect(res.statusCode).toBe(201);
    expect(res.headers['cache-control']).toBe('no-store');
    const body = res.json();
    expect(body).toMatchObject({ name: 'Vapi receptionist', scope: 'agent', lastUsedAt: null, revokedAt: null });
    expect(body.key).toMatch(/^sfk_[A-Za-z0-9_-]{32}$/);
    expect(body.prefix).toBe(body.key.slice(0, 10));

    const stored = await d.db.selectFrom('api_keys').selectAll().where('id', '=', body.id).executeTakeFirstOrThrow();
    expect(stored.key_hash).toBe(hashApiKey(body.key));
    expect(JSON.stringify(stored)).not.toContain(body.key);

    const list = await gw.app.inject({ method: 'GET', url: '/v1/admin/api-keys', headers: ADMIN });
    const listed = list.json().apiKeys.find((k: { id: string }) => k.id === body.id);
    expect(listed).toMatchObject({ name: 'Vapi receptionist', scope: 'agent', prefix: body.prefix });
    expect(listed.key).toBeUndefined();
    expect(list.body).not.toContain(body.key);
  });

  it.skipIf(skipKind(kind))('an agent key is refused on admin routes with 403; an issued admin key works; both record their last use', async () => {
    const agent = (await issue('agent', 'agent')).json();
    const admin = (await issue('ops laptop', 'admin')).json();
    const asAgent = await gw.app.inject({ method: 'GET', url: '/v1/admin/api-keys', headers: { authorization: `Bearer ${agent.key}` } });
    expect(asAgent.statusCode).toBe(403);
    expect(asAgent.json()).toMatchObject({ code: 'forbidden' });
    // An agent key cannot mint itself an admin key either.
    expect((await issue('escalate', 'admin', { authorization: `Bearer ${agent.key}` })).statusCode).toBe(403);

    const asAdmin = await gw.app.inject({ method: 'GET', url: '/v1/admin/api-keys', headers: { authorization: `Bearer ${admin.key}` } });
    expect(asAdmin.statusCode).toBe(200);
    const used = asAdmin.json().apiKeys.filter((k: { id: string }) => k.id === agent.id || k.id === admin.id);
    expect(used.every((k: { lastUsedAt: string | null }) => k.lastUsedAt !== null)).toBe(true);
  });

  it.skipIf(skipKind(kind))('revocation takes effect at once: the next request is 401; revoking again keeps the first time', async () => {
    const admin = (await issue('temp', 'admin')).json();
    const auth = { authorization: `Bearer ${admin.key}` };
    expect((await gw.app.inject({ method: 'GET', url: '/v1/admin/api-keys', headers: auth })).statusCode).toBe(200);
    const revoked = await gw.app.inject({ method: 'DELETE', url: `/v1/admin/api-keys/${admin.id}`, headers: ADMIN });
    expect(revoked.statusCode).toBe(200);
    expect(revoked.json().revokedAt).not.toBeNull();
    const after = await gw.app.inject({ method: 'GET', url: '/v1/admin/api-keys', headers: auth });
    expect(after.statusCode).toBe(401);
    expect(after.json()).toMatchObject({ code: 'unauthorized' });
    const again = await gw.app.inject({ method: 'DELETE', url: `/v1/admin/api-keys/${admin.id}`, headers: ADMIN });
    expect(again.json().revokedAt).toBe(revoked.json().revokedAt);
  });

  it.skipIf(skipKind(kind))('bad input is a problem, never a 500: unknown scope, empty name, unknown id', async () => {
    const bad = await issue('x', 'root');
    expect(bad.statusCode).toBe(422);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    expect((await issue('   ', 'agent')).statusCode).toBe(422);
    const missing = await gw.app.inject({ method: 'DELETE', url: '/v1/admin/api-keys/00000000-0000-4000-8000-000000000000', headers: ADMIN });
    expect(missing.statusCode).toBe(404);
  });
});

describe('rate limits per key', () => {
  let d: TestDatabase;
  beforeAll(async () => {
    d = await testDatabase('pglite');
  });
  afterAll(async () => d?.dispose());

  it('each valid key has its own bucket; no key, or a key that is not ours, shares the address bucket', async () => {
    const gw = await testGateway(d, { rateLimitPerMinute: 4 });
    try {
      const issued = async (name: string) =>
        (
          await gw.app.inject({ method: 'POST', url: '/v1/admin/api-keys', headers: ADMIN, payload: { name, scope: 'agent' }, remoteAddress: '192.0.2.1' })
        ).json().key as string;
      const [a, b] = [await issued('a'), await issued('b')];
      const get = async (headers: Record<string, string>) =>
        (await gw.app.inject({ method: 'GET', url: '/v1/services', headers, remoteAddress: '203.0.113.9' })).statusCode;
      const burn = async (n: number, headers: (i: number) => Record<string, string>) => {
        const codes: number[] = [];
        for (let i = 0; i < n; i++) codes.push(await get(headers(i)));
        return codes;
      };
      expect(await burn(5, () => ({ authorization: `Bearer ${a}` }))).toEqual([200, 200, 200, 200, 429]);
      // Another key from the same address has its own budget.
      expect(await burn(2, () => ({ authorization: `Bearer ${b}` }))).toEqual([200, 200]);
      // The address's own bucket was untouched by the keys; made-up keys all land in it.
      expect(await burn(5, (i) => ({ authorization: `Bearer sfk_madeup${i}xxxxxxxxxxxxxxxxxxxxxxxxx` }))).toEqual([200, 200, 200, 200, 429]);
      expect(await get({})).toBe(429);
    } finally {
      await gw.close();
    }
  });
});
