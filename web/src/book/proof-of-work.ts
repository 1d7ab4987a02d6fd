/**
 * The booking proof of work (README "Security": BOOKING_CHALLENGE=on), solved without the customer
 * noticing: a challenge is fetched and solved while the form is being filled in, sent as the X-Altcha
 * header of the booking POST, and replaced after every attempt (a proof books once). While the operator
 * has it off, the first answer says so and nothing more is fetched — unless a booking is refused for
 * lack of a proof (switched on meanwhile), which solves one at once and tries again.
 *
 * ALTCHA v2 (`altcha-lib`, the browser's WebCrypto PBKDF2); the payload is ALTCHA's own format, base64
 * of `{"challenge": …, "solution": …}`. Loaded with the details step, not in the widget's first load.
 */
import { solveChallenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/web/pbkdf2';
import type { Challenge } from 'altcha-lib/types';
import { api } from '../api/client.ts';

type ChallengeAnswer = { required: boolean; challenge?: Challenge };

/** The problem codes that mean "send (another) proof". */
export const CHALLENGE_CODES: readonly string[] = ['challenge_required', 'challenge_invalid'];

/** Fetches a challenge and solves it: the X-Altcha value, or undefined when no proof is required. */
export async function prepareProof(): Promise<string | undefined> {
  const answer = await api<ChallengeAnswer>('/v1/bookings/challenge');
  if (!answer.required || !answer.challenge) return undefined;
  const solution = await solveChallenge({ challenge: answer.challenge, deriveKey });
  if (!solution) throw new Error('the proof of work timed out');
  return btoa(JSON.stringify({ challenge: answer.challenge, solution }));
}

/** One details step's proofs: at most one prepared ahead, each handed out once. */
export class ProofPool {
  /** What the last challenge answer said; undefined before the first. */
  private required: boolean | undefined;
  private pending: Promise<string | undefined> | null = null;

  constructor(private readonly prepare: () => Promise<string | undefined> = prepareProof) {}

  /** Starts preparing the next proof in the background (no-op while proofs are known to be off). */
  prefetch(): void {
    if (this.required === false || this.pending) return;
    const p = this.fresh();
    p.catch(() => undefined); // a failure shows at `take`, which asks again
    this.pending = p;
  }

  /** The prepared proof (or a new one); undefined while none is required or none could be had. */
  async take(): Promise<string | undefined> {
    const p = this.pending ?? (this.required === false ? undefined : this.fresh());
    this.pending = null;
    return p?.catch(() => undefined);
  }

  /** A proof solved now, for a booking the server refused for lack of one. */
  async fresh(): Promise<string | undefined> {
    const proof = await this.prepare();
    this.required = proof !== undefined;
    return proof;
  }
}
