import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseSealKey, seal, unseal } from '../../src/calendar-connectors/credential-seal.ts';

describe('credential seal (AES-256-GCM)', () => {
  const key = randomBytes(32);
  const creds = { username: 'anna', password: 'pässwörd', refreshToken: '1//0g-very-secret' };

  it('round-trips, and the sealed form does not contain the secret', () => {
    const s = seal(key, 'conn-1', creds);
    expect(s).toMatch(/^v1\.[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(s).not.toContain('secret');
    expect(unseal(key, 'conn-1', s)).toEqual(creds);
    expect(seal(key, 'conn-1', creds)).not.toBe(s); // a fresh IV every time
  });

  it('refuses another key, another connection, and any altered byte', () => {
    const s = seal(key, 'conn-1', creds);
    expect(() => unseal(randomBytes(32), 'conn-1', s)).toThrow();
    expect(() => unseal(key, 'conn-2', s)).toThrow();
    const parts = s.split('.');
    const ct = Buffer.from(parts[3]!, 'base64url');
    ct[0] = ct[0]! ^ 1;
    expect(() => unseal(key, 'conn-1', [...parts.slice(0, 3), ct.toString('base64url')].join('.'))).toThrow();
    expect(() => unseal(key, 'conn-1', 'v2.a.b.c')).toThrow(/not a sealed credential/);
  });

  it('reads keys as 64 hex digits or base64 of 32 bytes, nothing else', () => {
    const raw = randomBytes(32);
    expect(parseSealKey(raw.toString('hex')).equals(raw)).toBe(true);
    expect(parseSealKey(raw.toString('base64')).equals(raw)).toBe(true);
    expect(() => parseSealKey('too-short')).toThrow(/32 bytes/);
    expect(() => parseSealKey(randomBytes(16).toString('hex'))).toThrow(/32 bytes/);
  });
});
