/**
 * How a key or token is compared without keeping it: its SHA-256 in hex. API keys are 192 random bits,
 * so an unkeyed fast hash is enough (there is nothing to brute-force); fixed-length hashes also make
 * constant-time comparison of any two tokens possible.
 */
import { createHash } from 'node:crypto';

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}
