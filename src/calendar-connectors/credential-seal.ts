/**
 * Calendar credentials at rest: AES-256-GCM with a 32-byte key (CALENDAR_ENCRYPTION_KEY, or generated into
 * DATA_DIR/secrets.json). Sealed form: `v1.<iv>.<tag>.<ciphertext>`, base64url parts; the connection id is
 * bound as additional authenticated data, so a sealed blob copied onto another connection does not open.
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

const PREFIX = 'v1';

/** A key from its configured form: 64 hex digits or base64/base64url of 32 bytes. */
export function parseSealKey(text: string): Buffer {
  const t = text.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(t) ? Buffer.from(t, 'hex') : Buffer.from(t, 'base64');
  if (key.length !== 32) throw new RangeError('the calendar encryption key must be 32 bytes (64 hex digits or base64)');
  return key;
}

export function seal(key: Buffer, connectionId: string, value: unknown): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(connectionId, 'utf8'));
  const ct = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
  return [PREFIX, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), ct.toString('base64url')].join('.');
}

/** Throws when the blob was altered, sealed for another connection or with another key. */
export function unseal<T>(key: Buffer, connectionId: string, sealed: string): T {
  const [prefix, iv, tag, ct] = sealed.split('.');
  if (prefix !== PREFIX || !iv || !tag || ct === undefined) throw new Error('not a sealed credential');
  // The tag length is pinned: without it, GCM accepts a truncated tag (down to 4 bytes), which an
  // attacker who can write the column could forge far more easily than a full 16-byte one.
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'), { authTagLength: 16 });
  decipher.setAAD(Buffer.from(connectionId, 'utf8'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  const plain = Buffer.concat([decipher.update(Buffer.from(ct, 'base64url')), decipher.final()]);
  return JSON.parse(plain.toString('utf8')) as T;
}

/**
 * The default key: derived from LINK_SIGNING_SECRET with HKDF-SHA256 under its own label, so no second
 * secret has to be generated, stored and shared between gateway and worker. Rotating the link secret
 * makes stored calendar credentials unreadable (connections then turn unhealthy and must be re-entered).
 */
export function deriveSealKey(linkSigningSecret: string): Buffer {
  return Buffer.from(hkdfSync('sha256', linkSigningSecret, 'slotflow', 'calendar-credentials/v1', 32));
}
