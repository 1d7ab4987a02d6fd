import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isInboundAddress, readReplyToken, replyAddress, replyTargetOf, replyToken, threadIdFrom } from '../../../src/domain/email/reply-address.ts';

const SECRET = 'reply-secret-0123456789abcdef-0123456789';
const OTHER = 'another-secret-0123456789abcdef-012345678';
const INBOUND = 'book@clinic.example';
const BOOKING = '3f2b8c1e-9d4a-4c7b-8e2f-1a2b3c4d5e6f';

describe('signed reply addresses', () => {
  it('a thread and a booking round-trip through a plus-address short enough for a local part', () => {
    const thread = threadIdFrom(new Uint8Array(10).fill(7));
    expect(thread).toMatch(/^[a-z2-7]{16}$/);
    for (const target of [
      { kind: 'thread' as const, id: thread },
      { kind: 'booking' as const, id: BOOKING },
    ]) {
      const address = replyAddress(INBOUND, target, SECRET);
      const local = address.split('@')[0]!;
      expect(local.length).toBeLessThanOrEqual(64);
      expect(address).toMatch(/^book\+[tb][a-z2-7]+\.[a-z2-7]{10}@clinic\.example$/);
      expect(replyTargetOf([address], INBOUND, SECRET)).toEqual(target);
      // MTAs may fold the local part's case.
      expect(replyTargetOf([address.toUpperCase()], INBOUND, SECRET)).toEqual(target);
    }
  });

  it('another secret, another domain, a changed character or a bare address name no target', () => {
    const token = replyToken({ kind: 'booking', id: BOOKING }, SECRET);
    expect(readReplyToken(token, OTHER)).toBeNull();
    expect(replyTargetOf([`book+${token}@other.example`], INBOUND, SECRET)).toBeNull();
    expect(replyTargetOf([INBOUND], INBOUND, SECRET)).toBeNull();
    fc.assert(
      fc.property(fc.integer({ min: 0, max: token.length - 1 }), fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz234567.'), (i, ch) => {
        const changed = token.slice(0, i) + ch + token.slice(i + 1);
        fc.pre(changed !== token);
        expect(readReplyToken(changed, SECRET)).toBeNull();
      }),
    );
  });

  it('the first valid token among several recipients wins; malformed ones are skipped', () => {
    const thread = threadIdFrom(new Uint8Array(10).fill(1));
    const good = replyAddress(INBOUND, { kind: 'thread', id: thread }, SECRET);
    expect(replyTargetOf(['someone@else.example', 'book+garbage@clinic.example', `<${good}>`], INBOUND, SECRET)).toEqual({ kind: 'thread', id: thread });
  });

  it('the receiver accepts the address and its plus-addresses only', () => {
    expect(isInboundAddress('book@clinic.example', INBOUND)).toBe(true);
    expect(isInboundAddress('BOOK+anything@Clinic.Example', INBOUND)).toBe(true);
    expect(isInboundAddress('booking@clinic.example', INBOUND)).toBe(false);
    expect(isInboundAddress('book@clinic.example.evil', INBOUND)).toBe(false);
    expect(isInboundAddress('victim@gmail.com', INBOUND)).toBe(false);
  });
});
