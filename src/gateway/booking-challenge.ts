/**
 * Proof of work on public booking (issue #21): ALTCHA v2, self-hosted — challenges are made and checked
 * here with `altcha-lib`, no third party is called. Off by default; `BOOKING_CHALLENGE=on` is what an
 * operator switches on under attack (a flood of holds or bookings from many addresses, where the per-client
 * limits do not bite).
 *
 * - A challenge is ALTCHA's deterministic mode: the server picks a secret counter in [work/2, work],
 *   derives PBKDF2/SHA-256 (1,000 iterations) of nonce ‖ counter, and publishes the key's first half
 *   signed; the client must find the counter by trying 0, 1, 2 … (`work` × 0.75 × 1,000 SHA-256 rounds
 *   on average). Checking costs one HMAC: the full derived key's HMAC is signed into the challenge, and the
 *   key's second half cannot be had without doing the work.
 * - The proof travels as the `X-Altcha` header of `POST /v1/bookings`, in ALTCHA's own payload format
 *   (base64 of `{"challenge": …, "solution": …}`), so it stays out of the body the Idempotency-Key
 *   fingerprints.
 * - A proof buys one attempt: its signed nonce is claimed in the database (every gateway sees it) before
 *   the booking is tried. A retry needs a fresh proof; the widget gets one by itself.
 * - Expiry (10 minutes) is checked by altcha-lib against the real clock, so challenges are made with it
 *   too (`now` below): a security window, not a business rule — the gateway's injected clock stays for
 *   those.
 */
import { createHmac } from 'node:crypto';
import { createChallenge, randomInt, verifySolution } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/pbkdf2';
import type { Challenge } from 'altcha-lib/types';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { claimChallenge } from '../db/challenge.repository.ts';
import type { DB } from '../db/schema.ts';
import { AppError } from '../errors.ts';

export const CHALLENGE_ALGORITHM = 'PBKDF2/SHA-256';
/** PBKDF2 iterations per attempt: enough that the browser's per-attempt overhead does not dominate. */
export const CHALLENGE_COST = 1000;
export const CHALLENGE_TTL_MS = 10 * 60_000;
/** A payload is a few hundred bytes; anything much longer is not one. */
const MAX_PAYLOAD_LENGTH = 4096;

export type BookingChallengeSettings = {
  /** The counter's upper bound (BOOKING_CHALLENGE_WORK); the lower is half of it. */
  work: number;
};

/** The HMAC secrets of the challenges, derived from the server secret (the same on every gateway). */
export type ChallengeSecrets = { signature: string; key: string };

export function challengeSecrets(serverSecret: string): ChallengeSecrets {
  const derive = (label: string) => createHmac('sha256', serverSecret).update(`slotflow:altcha:${label}`).digest('hex');
  return { signature: derive('signature'), key: derive('key') };
}

export async function issueChallenge(settings: BookingChallengeSettings, secrets: ChallengeSecrets, now: number = Date.now()): Promise<Challenge> {
  const work = Math.max(2, settings.work);
  return createChallenge({
    algorithm: CHALLENGE_ALGORITHM,
    cost: CHALLENGE_COST,
    counter: randomInt(Math.floor(work / 2), work),
    deriveKey,
    expiresAt: new Date(now + CHALLENGE_TTL_MS),
    hmacSignatureSecret: secrets.signature,
    hmacKeySignatureSecret: secrets.key,
  });
}

const ZPayload = z.object({
  challenge: z.object({
    parameters: z.looseObject({
      algorithm: z.string(),
      nonce: z.string().regex(/^[0-9a-f]{8,128}$/),
      salt: z.string(),
      cost: z.number(),
      keyPrefix: z.string(),
      expiresAt: z.number().optional(),
    }),
    signature: z.string().optional(),
  }),
  solution: z.object({ counter: z.number().int().min(0), derivedKey: z.string().regex(/^[0-9a-f]{2,256}$/) }).loose(),
});

function invalidProof(): AppError {
  return new AppError('challenge_invalid', 'The proof of work is not valid or has expired. Solve a new challenge and send it again.');
}

export type VerifiedProof = { nonce: string; expiresAt: Date };

/**
 * Checks the `X-Altcha` header of a booking request. Returns the challenge's nonce and expiry for the
 * single-use claim; throws `challenge_required` when there is no proof, `challenge_invalid` when it is
 * not one of ours, expired, or wrong (one message: a prober learns nothing from the difference).
 */
export async function verifyProof(header: string | string[] | undefined, secrets: ChallengeSecrets): Promise<VerifiedProof> {
  const raw = Array.isArray(header) ? header[0] : header;
  if (raw === undefined || raw.trim() === '') {
    throw new AppError(
      'challenge_required',
      'This booking needs a proof of work: fetch GET /v1/bookings/challenge, solve it and send the result as the X-Altcha header.',
    );
  }
  const invalid = invalidProof;
  if (raw.length > MAX_PAYLOAD_LENGTH) throw invalid();
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(raw, 'base64').toString('utf8'));
  } catch {
    throw invalid();
  }
  const parsed = ZPayload.safeParse(json);
  if (!parsed.success || parsed.data.challenge.parameters.algorithm !== CHALLENGE_ALGORITHM || parsed.data.challenge.parameters.cost !== CHALLENGE_COST)
    throw invalid();
  const { challenge, solution } = parsed.data;
  let verified: boolean;
  try {
    const result = await verifySolution({
      challenge: challenge as unknown as Challenge,
      solution: { counter: solution.counter, derivedKey: solution.derivedKey },
      deriveKey,
      hmacSignatureSecret: secrets.signature,
      hmacKeySignatureSecret: secrets.key,
    });
    verified = result.verified;
  } catch {
    verified = false; // altcha-lib throws on parameters it cannot use (a forged cost, a bad counter)
  }
  const expiresAt = challenge.parameters.expiresAt;
  if (!verified || expiresAt === undefined) throw invalid();
  return { nonce: challenge.parameters.nonce, expiresAt: new Date(expiresAt * 1000) };
}

/** `verifyProof`, then the single-use claim: a proof already spent (on any gateway) is `challenge_invalid` too. */
export async function spendProof(db: Kysely<DB>, header: string | string[] | undefined, secrets: ChallengeSecrets): Promise<void> {
  const proof = await verifyProof(header, secrets);
  if (!(await claimChallenge(db, proof.nonce, proof.expiresAt, new Date()))) throw invalidProof();
}
