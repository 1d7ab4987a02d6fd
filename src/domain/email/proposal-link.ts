/**
 * One-click links in a proposal e-mail: `<base>/email/choose/<token>`, where the token names the thread,
 * the offer (`set`), the proposal's index and the offer's expiry, signed with HMAC-SHA256 (key derived
 * from the link secret, its own HKDF label; 128-bit tag). GET shows the time and a button, POST books it
 * through the thread's workflow — which re-checks that this offer is still the thread's current one.
 * Pure, no I/O.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { derivedKey } from './derived-key.ts';
import { THREAD_ID } from './reply-address.ts';

export type ProposalChoice = { threadId: string; set: number; index: number; expiresAt: number };

const key = (secret: string) => derivedKey(secret, 'slotflow email proposal', 'one-click link');

const tag = (body: string, secret: string) => createHmac('sha256', key(secret)).update(body).digest().subarray(0, 16).toString('base64url');

export function signProposalChoice(c: ProposalChoice, secret: string): string {
  if (!THREAD_ID.test(c.threadId) || !Number.isInteger(c.set) || c.set < 0 || !Number.isInteger(c.index) || c.index < 0 || c.index > 9) {
    throw new RangeError('invalid proposal choice');
  }
  const body = `${c.threadId}.${c.set.toString(36)}.${c.index}.${Math.floor(c.expiresAt).toString(36)}`;
  return `${body}.${tag(body, secret)}`;
}

/** The choice a token names, or null when it is malformed or forged. Expiry is the caller's to judge. */
export function readProposalChoice(token: string, secret: string): ProposalChoice | null {
  const m = /^([a-z2-7]{16})\.([0-9a-z]{1,8})\.([0-9])\.([0-9a-z]{1,12})\.([A-Za-z0-9_-]{22})$/.exec(token);
  if (!m) return null;
  const body = `${m[1]}.${m[2]}.${m[3]}.${m[4]}`;
  const expected = Buffer.from(tag(body, secret));
  const given = Buffer.from(m[5]!);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  return { threadId: m[1]!, set: parseInt(m[2]!, 36), index: Number(m[3]), expiresAt: parseInt(m[4]!, 36) };
}
