/**
 * The widget's side of the booking proof of work: the payload `prepareProof` builds is what the gateway
 * accepts (its real verifier, a challenge its real issuer made), and the pool hands each proof out once,
 * prepares the next ahead, and stops asking while proofs are off.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { challengeSecrets, issueChallenge, verifyProof } from '../../../src/gateway/booking-challenge.ts';
import { prepareProof, ProofPool } from '../../../web/src/book/proof-of-work.ts';

const SECRETS = challengeSecrets('widget-test-secret-0123456789abcdef');

function serveChallenges(answer: () => Promise<object>) {
  const fetchMock = vi.fn(
    async (_url: string) => new Response(JSON.stringify(await answer()), { status: 200, headers: { 'content-type': 'application/json' } }),
  );
  vi.stubGlobal('fetch', fetchMock);
  return fetchMock;
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('prepareProof', () => {
  it('solves a challenge of the gateway into an X-Altcha value the gateway verifies', async () => {
    const fetchMock = serveChallenges(async () => ({ required: true, challenge: await issueChallenge({ work: 30 }, SECRETS) }));
    const proof = await prepareProof();
    expect(fetchMock).toHaveBeenCalledWith('/v1/bookings/challenge', expect.objectContaining({ method: 'GET' }));
    expect(proof).toMatch(/^[A-Za-z0-9+/]+=*$/);
    await expect(verifyProof(proof, SECRETS)).resolves.toMatchObject({ nonce: expect.stringMatching(/^[0-9a-f]+$/) });
    // Not for another deployment's secrets.
    await expect(verifyProof(proof, challengeSecrets('another-secret-0123456789abcdefghij'))).rejects.toMatchObject({ code: 'challenge_invalid' });
  });

  it('is undefined while the gateway needs no proof', async () => {
    serveChallenges(async () => ({ required: false }));
    expect(await prepareProof()).toBeUndefined();
  });
});

describe('ProofPool', () => {
  it('prepares one ahead and hands each proof out once', async () => {
    let n = 0;
    const prepare = vi.fn(async () => `proof-${++n}`);
    const pool = new ProofPool(prepare);
    pool.prefetch();
    pool.prefetch(); // one ahead, not two
    expect(prepare).toHaveBeenCalledTimes(1);
    expect(await pool.take()).toBe('proof-1');
    expect(await pool.take()).toBe('proof-2'); // nothing prepared: solved on demand
    pool.prefetch();
    expect(await pool.take()).toBe('proof-3');
    expect(await pool.fresh()).toBe('proof-4');
  });

  it('stops fetching challenges once the gateway said none are needed, but `fresh` still asks', async () => {
    const prepare = vi.fn(async (): Promise<string | undefined> => undefined);
    const pool = new ProofPool(prepare);
    pool.prefetch();
    expect(await pool.take()).toBeUndefined();
    pool.prefetch();
    expect(await pool.take()).toBeUndefined();
    expect(prepare).toHaveBeenCalledTimes(1);
    // Switched on meanwhile: a refused booking asks for a fresh proof, which fetches again.
    prepare.mockResolvedValueOnce('proof-now');
    expect(await pool.fresh()).toBe('proof-now');
    pool.prefetch();
    expect(prepare).toHaveBeenCalledTimes(3);
  });

  it('a failed preparation yields no proof (the server then asks, and `fresh` solves one)', async () => {
    const prepare = vi.fn(async (): Promise<string | undefined> => {
      throw new Error('offline');
    });
    const pool = new ProofPool(prepare);
    pool.prefetch();
    expect(await pool.take()).toBeUndefined();
  });
});
