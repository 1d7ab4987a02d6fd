import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decodeLinkToken,
  scopeAllows,
  signLinkToken,
  verifyLinkToken,
  type LinkTokenPayload,
} from '../../src/domain/links/link-token.ts';
import { caught, codeOf } from '../support/app-error.ts';
import { TEST_NOW } from '../support/clock.ts';

const SECRET = 'test-link-secret-0123456789abcdefghijkl';
const OTHER_SECRET = 'another-secret-0123456789abcdefghijklmn';
/** A week after the pinned "now", to the second (expiry is an instant; only `now` against it matters). */
const EXPIRES = Math.floor(TEST_NOW / 1000) * 1000 + 7 * 86_400_000;
const PAYLOAD: LinkTokenPayload = { bookingId: '0f8b2c1e-6a4d-4e2b-9c3f-5d7e8a9b0c1d', scope: 'manage', version: 3, expiresAt: EXPIRES };
const token = signLinkToken(PAYLOAD, SECRET);
const BASE64URL_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
/** Every base64url character plus the ones lenient decoders skip or translate. */
const TAMPER_CHARS = [...BASE64URL_ALPHABET, '.', '=', '+', '/', ' ', '%', '\n'];

describe('signLinkToken / verifyLinkToken', () => {
  it('round-trips every field', () => {
    expect(verifyLinkToken(token, SECRET, { now: EXPIRES - 1, currentVersion: 3 })).toEqual(PAYLOAD);
    expect(decodeLinkToken(token, SECRET)).toEqual(PAYLOAD);
  });

  it('round-trips arbitrary payloads (UUIDs, other ids, both scopes, extreme numbers)', () => {
    const id = fc.oneof(fc.uuid(), fc.string({ minLength: 1, maxLength: 60, unit: 'grapheme' }));
    fc.assert(
      fc.property(
        fc.record({
          bookingId: id,
          scope: fc.constantFrom('manage' as const, 'view' as const),
          version: fc.integer({ min: 0, max: 0xffff_ffff }),
          expiresAt: fc.integer({ min: 0, max: 2 ** 48 - 1 }),
        }),
        (p) => {
          expect(decodeLinkToken(signLinkToken(p, SECRET), SECRET)).toEqual(p);
        },
      ),
    );
  });

  it('is compact and URL-safe: v1 prefix, base64url parts, under 120 characters for a UUID', () => {
    expect(token).toMatch(/^v1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    expect(token.length).toBeLessThan(120);
    expect(encodeURIComponent(token)).toBe(token);
    fc.assert(
      fc.property(fc.uuid(), fc.integer({ min: 1, max: 1e6 }), (bookingId, version) => {
        const t = signLinkToken({ ...PAYLOAD, bookingId, version }, SECRET);
        expect(encodeURIComponent(t)).toBe(t);
        expect(t.length).toBeLessThan(120);
      }),
    );
  });

  it('rejects every single-character change of the payload or the signature (exhaustive, one token)', () => {
    let tried = 0;
    for (let i = 'v1.'.length; i < token.length; i++) {
      if (token[i] === '.') continue;
      for (const ch of TAMPER_CHARS) {
        if (ch === token[i]) continue;
        const tampered = token.slice(0, i) + ch + token.slice(i + 1);
        expect(codeOf(() => decodeLinkToken(tampered, SECRET)), tampered).toBe('link_invalid');
        tried++;
      }
    }
    expect(tried).toBeGreaterThan(5000);
  });

  it('rejects any single-character change of any token (property)', () => {
    fc.assert(
      fc.property(
        fc.record({
          bookingId: fc.oneof(fc.uuid(), fc.string({ minLength: 1, maxLength: 40 })),
          scope: fc.constantFrom('manage' as const, 'view' as const),
          version: fc.integer({ min: 0, max: 0xffff_ffff }),
          expiresAt: fc.integer({ min: 0, max: 2 ** 48 - 1 }),
        }),
        fc.nat(),
        fc.constantFrom(...TAMPER_CHARS),
        (p, at, ch) => {
          const t = signLinkToken(p, SECRET);
          const i = 'v1.'.length + (at % (t.length - 'v1.'.length));
          fc.pre(t[i] !== ch && t[i] !== '.');
          expect(codeOf(() => decodeLinkToken(t.slice(0, i) + ch + t.slice(i + 1), SECRET))).toBe('link_invalid');
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('rejects every replacement of the last signature character (its unused low bits included)', () => {
    // 32 bytes = 42 characters and 4 bits: lenient base64 decoding would ignore the last 2 bits.
    for (const ch of BASE64URL_ALPHABET) {
      if (ch === token.at(-1)) continue;
      expect(codeOf(() => decodeLinkToken(token.slice(0, -1) + ch, SECRET))).toBe('link_invalid');
    }
  });

  it.each([
    ['empty', ''],
    ['no prefix', token.slice(3)],
    ['other format version', `v2.${token.slice(3)}`],
    ['no signature', token.slice(0, token.lastIndexOf('.'))],
    ['empty signature', token.slice(0, token.lastIndexOf('.') + 1)],
    ['truncated signature', token.slice(0, -2)],
    ['extra signature bytes', `${token}AA`],
    ['padding', `${token}=`],
    ['third part', `${token}.AAAA`],
    ['truncated payload', token.replace(/^v1\.[A-Za-z0-9_-]{4}/, 'v1.')],
    ['very long', `v1.${'A'.repeat(5000)}.${'A'.repeat(43)}`],
  ])('rejects a malformed token (%s) as link_invalid', (_name, bad) => {
    expect(codeOf(() => verifyLinkToken(bad, SECRET, { now: 0, currentVersion: 1 }))).toBe('link_invalid');
  });

  it('rejects a token signed with another secret, and a forged payload with a recomputed-looking MAC', () => {
    expect(codeOf(() => decodeLinkToken(signLinkToken(PAYLOAD, OTHER_SECRET), SECRET))).toBe('link_invalid');
    // Swap in the payload of a more powerful link (later expiry) while keeping the original signature.
    const longer = signLinkToken({ ...PAYLOAD, expiresAt: EXPIRES + 86_400_000 }, OTHER_SECRET);
    const spliced = longer.slice(0, longer.lastIndexOf('.')) + token.slice(token.lastIndexOf('.'));
    expect(codeOf(() => decodeLinkToken(spliced, SECRET))).toBe('link_invalid');
  });

  it('expires exactly at expiresAt', () => {
    expect(verifyLinkToken(token, SECRET, { now: EXPIRES - 1, currentVersion: 3 }).bookingId).toBe(PAYLOAD.bookingId);
    expect(codeOf(() => verifyLinkToken(token, SECRET, { now: EXPIRES, currentVersion: 3 }))).toBe('link_expired');
    expect(codeOf(() => verifyLinkToken(token, SECRET, { now: EXPIRES + 1, currentVersion: 3 }))).toBe('link_expired');
  });

  it('is superseded once the booking version moved on (also when expired: superseded is reported)', () => {
    expect(codeOf(() => verifyLinkToken(token, SECRET, { now: EXPIRES - 1, currentVersion: 4 }))).toBe('link_superseded');
    expect(codeOf(() => verifyLinkToken(token, SECRET, { now: EXPIRES + 1, currentVersion: 4 }))).toBe('link_superseded');
  });

  it('refuses a version the booking never reached', () => {
    expect(codeOf(() => verifyLinkToken(token, SECRET, { now: EXPIRES - 1, currentVersion: 2 }))).toBe('link_invalid');
  });

  it('maps to the public statuses 401 and 410', () => {
    expect(caught(() => decodeLinkToken('v1.x.y', SECRET)).status).toBe(401);
    expect(caught(() => verifyLinkToken(token, SECRET, { now: EXPIRES, currentVersion: 3 })).status).toBe(410);
    expect(caught(() => verifyLinkToken(token, SECRET, { now: 0, currentVersion: 9 })).status).toBe(410);
  });

  it('contains no secret material', () => {
    const forms = [SECRET, Buffer.from(SECRET).toString('base64url'), Buffer.from(SECRET).toString('base64'), Buffer.from(SECRET).toString('hex')];
    const [, payloadPart] = token.split('.');
    const decoded = Buffer.from(payloadPart!, 'base64url').toString('latin1');
    for (const form of forms) {
      for (let i = 0; i + 8 <= form.length; i++) {
        const piece = form.slice(i, i + 8);
        expect(token).not.toContain(piece);
        expect(decoded).not.toContain(piece);
      }
    }
    // The signature part is exactly the HMAC of the signed part: nothing else rides along.
    const signed = token.slice(0, token.lastIndexOf('.'));
    expect(token.slice(signed.length + 1)).toBe(createHmac('sha256', SECRET).update(signed).digest('base64url'));
  });

  it('is deterministic and binds every field', () => {
    expect(signLinkToken(PAYLOAD, SECRET)).toBe(token);
    const variants: Partial<LinkTokenPayload>[] = [{ scope: 'view' }, { version: 4 }, { expiresAt: EXPIRES + 1 }, { bookingId: PAYLOAD.bookingId.replace('0f', '1f') }];
    for (const v of variants) expect(signLinkToken({ ...PAYLOAD, ...v }, SECRET)).not.toBe(token);
  });

  it('refuses caller bugs with RangeError', () => {
    expect(() => signLinkToken(PAYLOAD, 'short')).toThrow(RangeError);
    expect(() => decodeLinkToken(token, '')).toThrow(RangeError);
    expect(() => signLinkToken({ ...PAYLOAD, version: -1 }, SECRET)).toThrow(RangeError);
    expect(() => signLinkToken({ ...PAYLOAD, version: 1.5 }, SECRET)).toThrow(RangeError);
    expect(() => signLinkToken({ ...PAYLOAD, expiresAt: Number.NaN }, SECRET)).toThrow(RangeError);
    expect(() => signLinkToken({ ...PAYLOAD, expiresAt: 2 ** 48 }, SECRET)).toThrow(RangeError);
    expect(() => signLinkToken({ ...PAYLOAD, bookingId: '' }, SECRET)).toThrow(RangeError);
    expect(() => signLinkToken({ ...PAYLOAD, bookingId: 'x'.repeat(201) }, SECRET)).toThrow(RangeError);
    expect(() => signLinkToken({ ...PAYLOAD, bookingId: '\ud800' }, SECRET)).toThrow(RangeError);
    expect(() => signLinkToken({ ...PAYLOAD, scope: 'admin' as never }, SECRET)).toThrow(RangeError);
  });
});

describe('scopeAllows', () => {
  it.each([
    ['manage', 'view', true],
    ['manage', 'reschedule', true],
    ['manage', 'cancel', true],
    ['view', 'view', true],
    ['view', 'reschedule', false],
    ['view', 'cancel', false],
  ] as const)('%s link, %s → %s', (scope, action, allowed) => {
    expect(scopeAllows(scope, action)).toBe(allowed);
  });
});
