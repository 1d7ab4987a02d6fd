import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decodeLinkToken,
  LINK_AFTER_END_MS,
  linkExpiresAt,
  scopeAllows,
  signLegacyLinkToken,
  signLinkToken,
  verifyLinkToken,
  type LinkTokenPayload,
} from '../../../src/domain/links/link-token.ts';
import { caught, codeOf } from '../../support/app-error.ts';
import { TEST_NOW } from '../../support/clock.ts';

const SECRET = 'test-link-secret-0123456789abcdefghijkl';
const OTHER_SECRET = 'another-secret-0123456789abcdefghijklmn';
/** A week after the pinned "now", to the second (expiry is an instant; only `now` against it matters). */
const EXPIRES = Math.floor(TEST_NOW / 1000) * 1000 + 7 * 86_400_000;
const PAYLOAD: LinkTokenPayload = { bookingId: '0f8b2c1e-6a4d-4e2b-9c3f-5d7e8a9b0c1d', scope: 'manage', version: 3, expiresAt: EXPIRES };
const token = signLinkToken(PAYLOAD, SECRET);
/** The booking as it is now: ends at EXPIRES (its link lives LINK_AFTER_END_MS longer), at version 3. */
const LIVE = { now: EXPIRES - 1, currentVersion: 3, bookingEnd: EXPIRES };
const LINK_END = EXPIRES + LINK_AFTER_END_MS;
const BASE64URL_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
/** Every base64url character plus the ones lenient decoders skip or translate. */
const TAMPER_CHARS = [...BASE64URL_ALPHABET, '.', '=', '+', '/', ' ', '%', '\n'];

describe('signLinkToken / verifyLinkToken', () => {
  it('round-trips every field', () => {
    expect(verifyLinkToken(token, SECRET, LIVE)).toEqual(PAYLOAD);
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

  it('is compact and URL-safe: v2 prefix, one base64url part, 78 characters for a UUID', () => {
    expect(token).toMatch(/^v2\.[A-Za-z0-9_-]+$/);
    expect(token).toHaveLength(78);
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
    for (let i = 'v2.'.length; i < token.length; i++) {
      for (const ch of TAMPER_CHARS) {
        if (ch === token[i]) continue;
        const tampered = token.slice(0, i) + ch + token.slice(i + 1);
        expect(
          codeOf(() => decodeLinkToken(tampered, SECRET)),
          tampered,
        ).toBe('link_invalid');
        tried++;
      }
    }
    expect(tried).toBeGreaterThan(4800);
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
          const i = 'v2.'.length + (at % (t.length - 'v2.'.length));
          fc.pre(t[i] !== ch);
          expect(codeOf(() => decodeLinkToken(t.slice(0, i) + ch + t.slice(i + 1), SECRET))).toBe('link_invalid');
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('rejects every replacement of the last character (its unused low bits included)', () => {
    // 56 bytes = 74 characters and 4 bits: lenient base64 decoding would ignore the last 2 bits.
    for (const ch of BASE64URL_ALPHABET) {
      if (ch === token.at(-1)) continue;
      expect(codeOf(() => decodeLinkToken(token.slice(0, -1) + ch, SECRET))).toBe('link_invalid');
    }
  });

  it.each([
    ['empty', ''],
    ['no prefix', token.slice(3)],
    ['other format version', `v3.${token.slice(3)}`],
    ['prefix only', 'v2.'],
    ['truncated', token.slice(0, -2)],
    ['tag cut off', token.slice(0, -22)],
    ['extra bytes', `${token}AA`],
    ['padding', `${token}=`],
    ['second part', `${token}.AAAA`],
    ['nonce and tag only', `v2.${Buffer.alloc(28).toString('base64url')}`],
    ['very long', `v2.${'A'.repeat(5000)}`],
  ])('rejects a malformed token (%s) as link_invalid', (_name, bad) => {
    expect(codeOf(() => verifyLinkToken(bad, SECRET, { now: 0, currentVersion: 1, bookingEnd: EXPIRES }))).toBe('link_invalid');
  });

  it('rejects a token sealed with another secret, and halves of two tokens spliced together', () => {
    expect(codeOf(() => decodeLinkToken(signLinkToken(PAYLOAD, OTHER_SECRET), SECRET))).toBe('link_invalid');
    // The sealed payload of a more powerful link (later expiry) with the nonce and tag of this one.
    const longer = signLinkToken({ ...PAYLOAD, expiresAt: EXPIRES + 86_400_000 }, SECRET);
    const spliced = token.slice(0, 19) + longer.slice(19, -22) + token.slice(-22);
    expect(spliced).not.toBe(token);
    expect(codeOf(() => decodeLinkToken(spliced, SECRET))).toBe('link_invalid');
  });

  it('does not let anyone read the booking id (or any other field) out of a token', () => {
    fc.assert(
      fc.property(fc.uuid(), (bookingId) => {
        const t = signLinkToken({ ...PAYLOAD, bookingId }, SECRET);
        const raw = Buffer.from(t.slice(3), 'base64url');
        const idBytes = Buffer.from(bookingId.replaceAll('-', ''), 'hex');
        const hex = bookingId.replaceAll('-', '');
        // No 4-byte run of the id's bytes in the token's bytes, no 8-digit run of its hex in the text.
        for (let i = 0; i + 4 <= idBytes.length; i++) expect(raw.includes(idBytes.subarray(i, i + 4))).toBe(false);
        for (let i = 0; i + 8 <= hex.length; i += 4) expect(t.toLowerCase()).not.toContain(hex.slice(i, i + 8));
      }),
      { numRuns: 200 },
    );
    // Two links of one booking share nothing readable either: another version gives unrelated bytes.
    const next = signLinkToken({ ...PAYLOAD, version: 4 }, SECRET);
    expect(next.slice(0, 12)).not.toBe(token.slice(0, 12));
  });

  it("expires LINK_AFTER_END_MS after the booking's current end, whatever expiry the token carries", () => {
    expect(linkExpiresAt(EXPIRES)).toBe(LINK_END);
    expect(LINK_AFTER_END_MS).toBe(30 * 86_400_000);
    const at = (now: number, bookingEnd = EXPIRES) => ({ now, currentVersion: 3, bookingEnd });
    expect(verifyLinkToken(token, SECRET, at(LINK_END - 1)).bookingId).toBe(PAYLOAD.bookingId);
    expect(codeOf(() => verifyLinkToken(token, SECRET, at(LINK_END)))).toBe('link_expired');
    expect(codeOf(() => verifyLinkToken(token, SECRET, at(LINK_END + 1)))).toBe('link_expired');
    // Moved a year later: the token (sealed with the old end) follows its booking to the new end.
    const later = EXPIRES + 365 * 86_400_000;
    expect(verifyLinkToken(token, SECRET, at(LINK_END + 1, later)).bookingId).toBe(PAYLOAD.bookingId);
    expect(codeOf(() => verifyLinkToken(token, SECRET, at(linkExpiresAt(later), later)))).toBe('link_expired');
    // Moved earlier: the link ends with the booking's new end, not the old one.
    const earlier = EXPIRES - 86_400_000;
    expect(codeOf(() => verifyLinkToken(token, SECRET, at(LINK_END - 1, earlier)))).toBe('link_expired');
  });

  it('keeps opening the booking after it changed (a link names the booking, not a version of it)', () => {
    expect(verifyLinkToken(token, SECRET, { ...LIVE, currentVersion: 4 })).toEqual(PAYLOAD);
    expect(verifyLinkToken(token, SECRET, { ...LIVE, currentVersion: 40 }).version).toBe(3);
    expect(codeOf(() => verifyLinkToken(token, SECRET, { ...LIVE, now: LINK_END, currentVersion: 4 }))).toBe('link_expired');
  });

  it('refuses a version the booking never reached', () => {
    expect(codeOf(() => verifyLinkToken(token, SECRET, { ...LIVE, currentVersion: 2 }))).toBe('link_invalid');
  });

  it('maps to the public statuses 401 and 410', () => {
    expect(caught(() => decodeLinkToken('v2.xy', SECRET)).status).toBe(401);
    expect(caught(() => verifyLinkToken(token, SECRET, { ...LIVE, now: LINK_END })).status).toBe(410);
    expect(caught(() => verifyLinkToken(token, SECRET, { ...LIVE, currentVersion: 2 })).status).toBe(401);
  });

  it('contains no secret material', () => {
    const forms = [SECRET, Buffer.from(SECRET).toString('base64url'), Buffer.from(SECRET).toString('base64'), Buffer.from(SECRET).toString('hex')];
    const decoded = Buffer.from(token.slice(3), 'base64url').toString('latin1');
    for (const form of forms) {
      for (let i = 0; i + 8 <= form.length; i++) {
        const piece = form.slice(i, i + 8);
        expect(token).not.toContain(piece);
        expect(decoded).not.toContain(piece);
      }
    }
  });

  it('is deterministic and binds every field', () => {
    expect(signLinkToken(PAYLOAD, SECRET)).toBe(token);
    const variants: Partial<LinkTokenPayload>[] = [
      { scope: 'view' },
      { version: 4 },
      { expiresAt: EXPIRES + 1 },
      { bookingId: PAYLOAD.bookingId.replace('0f', '1f') },
    ];
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

describe('links issued before #21 (v1: signed, not sealed)', () => {
  const legacy = signLegacyLinkToken(PAYLOAD, SECRET);

  it('still open the booking until they expire, with the same checks as v2', () => {
    expect(legacy).toMatch(/^v1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
    expect(verifyLinkToken(legacy, SECRET, LIVE)).toEqual(PAYLOAD);
    expect(codeOf(() => verifyLinkToken(legacy, SECRET, { ...LIVE, now: LINK_END }))).toBe('link_expired');
    expect(verifyLinkToken(legacy, SECRET, { ...LIVE, currentVersion: 4 })).toEqual(PAYLOAD);
    expect(codeOf(() => verifyLinkToken(legacy, SECRET, { ...LIVE, currentVersion: 2 }))).toBe('link_invalid');
  });

  it('round-trips arbitrary payloads', () => {
    fc.assert(
      fc.property(fc.oneof(fc.uuid(), fc.string({ minLength: 1, maxLength: 60 })), fc.integer({ min: 0, max: 0xffff_ffff }), (bookingId, version) => {
        const p = { ...PAYLOAD, bookingId, version };
        expect(decodeLinkToken(signLegacyLinkToken(p, SECRET), SECRET)).toEqual(p);
      }),
    );
  });

  it('reject every single-character change, another secret, and a payload re-labelled v2', () => {
    for (let i = 'v1.'.length; i < legacy.length; i++) {
      if (legacy[i] === '.') continue;
      for (const ch of TAMPER_CHARS) {
        if (ch === legacy[i]) continue;
        expect(codeOf(() => decodeLinkToken(legacy.slice(0, i) + ch + legacy.slice(i + 1), SECRET))).toBe('link_invalid');
      }
    }
    expect(codeOf(() => decodeLinkToken(signLegacyLinkToken(PAYLOAD, OTHER_SECRET), SECRET))).toBe('link_invalid');
    expect(codeOf(() => decodeLinkToken(`v2.${legacy.slice(3)}`, SECRET))).toBe('link_invalid');
    expect(codeOf(() => decodeLinkToken(`v2.${legacy.slice(3, legacy.lastIndexOf('.'))}`, SECRET))).toBe('link_invalid');
    expect(codeOf(() => decodeLinkToken(legacy.slice(0, legacy.lastIndexOf('.')), SECRET))).toBe('link_invalid');
    // The signature is exactly the HMAC of the signed part: nothing else rides along.
    const signed = legacy.slice(0, legacy.lastIndexOf('.'));
    expect(legacy.slice(signed.length + 1)).toBe(createHmac('sha256', SECRET).update(signed).digest('base64url'));
  });

  it('are no longer issued', () => {
    expect(signLinkToken(PAYLOAD, SECRET)).not.toBe(legacy);
    expect(signLinkToken(PAYLOAD, SECRET).startsWith('v2.')).toBe(true);
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
