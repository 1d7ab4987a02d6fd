/**
 * A 32-byte key for one use, derived from the link secret by HKDF-SHA256 with its own label, so the secret
 * itself never keys two things. Cached per (secret, label); a process holds one or two secrets.
 */
import { hkdfSync } from 'node:crypto';

const cache = new Map<string, Buffer>();

export function derivedKey(secret: string, salt: string, label: string): Buffer {
  const id = `${salt}\u0000${label}\u0000${secret}`;
  let key = cache.get(id);
  if (!key) {
    key = Buffer.from(hkdfSync('sha256', secret, salt, label, 32));
    if (cache.size > 16) cache.clear();
    cache.set(id, key);
  }
  return key;
}
