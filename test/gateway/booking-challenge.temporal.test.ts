/**
 * Proof of work on public booking (issue #21, BOOKING_CHALLENGE=on) through the gateway on both databases
 * and a real dev server: with it off nothing changes; with it on a booking needs a solved challenge in
 * X-Altcha, each proof books once (a replay is refused, also when it races), a forged, tampered, expired
 * or foreign proof is refused, and the refusals are problem+json with stable codes. The solver is
 * altcha-lib's own, as the widget uses it.
 */
import { createChallenge, solveChallenge } from 'altcha-lib';
import { deriveKey as nodeDeriveKey } from 'altcha-lib/algorithms/pbkdf2';
import { deriveKey as webDeriveKey } from 'altcha-lib/algorithms/web/pbkdf2';
import type { Challenge } from 'altcha-lib/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { CHALLENGE_ALGORITHM, CHALLENGE_COST, challengeSecrets } from '../../src/gateway/booking-challenge.ts';
import { startWorker, type SlotflowWorker } from '../../src/temporal/worker.ts';
import { seedProviderWithService } from '../support/catalog-seed.ts';
import { DB_KINDS, skipKind, testDatabase, type TestDatabase } from '../support/databases.ts';
import { TEST_LINK_SECRET, testGateway } from '../support/gateway.ts';
import { utcSlotIn } from '../support/utc-slot.ts';

const LOADED = Date.now();
const slotIn = (days: number, hour: number) => utcSlotIn(LOADED, days, hour);
/** Small work keeps the suite fast; the mechanism is the same at any work. */
const WORK = 40;

/** The widget's payload: base64 of {challenge, solution} (ALTCHA's format). */
async function solved(challenge: Challenge): Promise<string> {
  const solution = await solveChallenge({ challenge, deriveKey: webDeriveKey });
  expect(solution).not.toBeNull();
  return Buffer.from(JSON.stringify({ challenge, solution })).toString('base64');
}

describe.each(DB_KINDS)('proof of work on public booking on %s', (kind) => {
  let d: TestDatabase;
  let on: Awaited<ReturnType<typeof testGateway>>;
  let off: Awaited<ReturnType<typeof testGateway>>;
  let worker: SlotflowWorker;
  let service: string;
  let hour = 0;

  beforeAll(async () => {
    if (skipKind(kind)) return;
    d = await testDatabase(kind);
    on = await testGateway(d, { rateLimitPerMinute: 10_000, challenge: { work: WORK } });
    off = await testGateway(d, { rateLimitPerMinute: 10_000, taskQueue: on.taskQueue });
    worker = await startWorker({ address: inject('temporalAddress'), namespace: 'default', taskQueue: on.taskQueue, db: d.db });
    ({ service } = await seedProviderWithService(d.db, { providerName: 'P' }));
  }, 60_000);
  afterAll(async () => {
    await worker?.stop();
    await off?.close();
    await on?.close();
    await d?.dispose();
  });

  const body = () => ({
    serviceId: service,
    start: slotIn(3 + Math.floor(hour / 24), hour++ % 24),
    timeZone: 'UTC',
    customer: { name: 'Sam', email: `sam-${hour}@example.com` },
  });
  const book = (gw: typeof on, altcha?: string, payload: object = body()) =>
    gw.app.inject({ method: 'POST', url: '/v1/bookings', payload, headers: altcha === undefined ? {} : { 'x-altcha': altcha } });
  const challenge = async (gw: typeof on) => {
    const res = await gw.app.inject({ method: 'GET', url: '/v1/bookings/challenge' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    return res.json() as { required: boolean; challenge?: Challenge };
  };

  it.skipIf(skipKind(kind))('off: the challenge endpoint says so and bookings need no proof', async () => {
    expect(await challenge(off)).toEqual({ required: false });
    expect((await book(off)).statusCode).toBe(201);
  });

  it.skipIf(skipKind(kind))('on: no proof → 422 challenge_required; a solved challenge books once; its replay → 422 challenge_invalid', async () => {
    const none = await book(on);
    expect(none.statusCode).toBe(422);
    expect(none.headers['content-type']).toContain('application/problem+json');
    expect(none.json()).toMatchObject({ code: 'challenge_required', status: 422, detail: expect.stringContaining('GET /v1/bookings/challenge') });

    const answer = await challenge(on);
    expect(answer.required).toBe(true);
    expect(answer.challenge!.parameters).toMatchObject({ algorithm: CHALLENGE_ALGORITHM, cost: CHALLENGE_COST });
    expect(answer.challenge!.signature).toMatch(/^[0-9a-f]{64}$/);
    const proof = await solved(answer.challenge!);
    const first = await book(on, proof);
    expect(first.statusCode, first.body).toBe(201);
    const replay = await book(on, proof);
    expect(replay.statusCode).toBe(422);
    expect(replay.json()).toMatchObject({ code: 'challenge_invalid' });
    // Each challenge is new: two in a row differ.
    expect((await challenge(on)).challenge!.parameters.nonce).not.toBe(answer.challenge!.parameters.nonce);
  });

  it.skipIf(skipKind(kind))('one proof sent by 8 requests at once books exactly once', async () => {
    const proof = await solved((await challenge(on)).challenge!);
    const results = await Promise.all(Array.from({ length: 8 }, () => book(on, proof)));
    const codes = results.map((r) => r.statusCode).sort();
    expect(codes).toEqual([201, 422, 422, 422, 422, 422, 422, 422]);
    expect(results.filter((r) => r.statusCode === 422).every((r) => (r.json() as { code: string }).code === 'challenge_invalid')).toBe(true);
  });

  it.skipIf(skipKind(kind))('a wrong, tampered, foreign, expired or malformed proof is 422 challenge_invalid and books nothing', async () => {
    const before = await d.db
      .selectFrom('bookings')
      .select(({ fn }) => fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const { challenge: fresh } = await challenge(on);
    const good = await solveChallenge({ challenge: fresh!, deriveKey: webDeriveKey });
    const enc = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64');
    const secrets = challengeSecrets(TEST_LINK_SECRET);
    const ours = (opts: { expiresAt: Date; secret?: string }) =>
      createChallenge({
        algorithm: CHALLENGE_ALGORITHM,
        cost: CHALLENGE_COST,
        counter: 3,
        deriveKey: nodeDeriveKey,
        expiresAt: opts.expiresAt,
        hmacSignatureSecret: opts.secret ?? secrets.signature,
        hmacKeySignatureSecret: opts.secret ? `${opts.secret}-key` : secrets.key,
      });
    const expired = await ours({ expiresAt: new Date(Date.now() - 60_000) });
    const foreign = await ours({ expiresAt: new Date(Date.now() + 60_000), secret: 'another-deployment-secret-0123456789' });
    const cheap = { ...fresh!, parameters: { ...fresh!.parameters, cost: 1 } }; // less work, same signature
    const cases: [string, string][] = [
      // The key's first half is public (the prefix to reach); the rest can only come from doing the work.
      ['the public prefix padded out', enc({ challenge: fresh, solution: { ...good, derivedKey: fresh!.parameters.keyPrefix.padEnd(64, '0') } })],
      ['wrong key', enc({ challenge: fresh, solution: { ...good, derivedKey: '00'.repeat(32) } })],
      ['cheaper parameters', enc({ challenge: cheap, solution: good })],
      ['expired', await solved(expired)],
      ['signed by another deployment', await solved(foreign)],
      ['not base64 JSON', 'definitely-not-a-payload'],
      ['JSON of another shape', enc({ hello: 'world' })],
      ['huge', 'A'.repeat(10_000)],
    ];
    for (const [name, proof] of cases) {
      const res = await book(on, proof);
      expect(res.statusCode, name).toBe(422);
      expect(res.json(), name).toMatchObject({ code: 'challenge_invalid' });
    }
    const after = await d.db
      .selectFrom('bookings')
      .select(({ fn }) => fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
    // The untouched solution still books (nothing above spent it).
    expect((await book(on, enc({ challenge: fresh, solution: good }))).statusCode).toBe(201);
  });

  it.skipIf(skipKind(kind))('spent challenges are kept until they expire, then purged', async () => {
    const rows = await d.db.selectFrom('used_challenges').selectAll().execute();
    expect(rows.length).toBeGreaterThanOrEqual(3);
    for (const r of rows) expect(r.expires_at.getTime()).toBeGreaterThan(Date.now());
    await d.db
      .insertInto('used_challenges')
      .values({ nonce: 'ab'.repeat(16), expires_at: new Date(Date.now() - 1000) })
      .execute();
    expect((await book(on, await solved((await challenge(on)).challenge!))).statusCode).toBe(201);
    expect(await d.db.selectFrom('used_challenges').select('nonce').where('nonce', '=', 'ab'.repeat(16)).execute()).toEqual([]);
  });

  it.skipIf(skipKind(kind))('the widget on another site may send X-Altcha (CORS preflight)', async () => {
    const res = await on.app.inject({
      method: 'OPTIONS',
      url: '/v1/bookings',
      headers: { origin: 'https://clinic.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,x-altcha' },
    });
    expect(res.statusCode).toBe(204);
    expect(String(res.headers['access-control-allow-headers'])).toContain('x-altcha');
  });
});
