import { describe, expect, it } from 'vitest';
import { hasIdentity, identityMatches } from '../../../src/domain/access/customer-identity.ts';

const booking = { phone: '+4915112345678', email: 'Ada@Example.org' };

describe('identityMatches', () => {
  it('a phone matches in any spelling; an e-mail case-insensitively', () => {
    expect(identityMatches(booking, { phone: '+49 151 1234-5678' })).toBe(true);
    expect(identityMatches(booking, { phone: '0049 151 12345678' })).toBe(true);
    expect(identityMatches(booking, { email: ' ada@example.ORG ' })).toBe(true);
  });
  it('another number or address, or no claim, matches nothing', () => {
    expect(identityMatches(booking, { phone: '+4915112345679' })).toBe(false);
    expect(identityMatches(booking, { email: 'eve@example.org' })).toBe(false);
    expect(identityMatches(booking, {})).toBe(false);
    expect(identityMatches(booking, { phone: '  ', email: '' })).toBe(false);
  });
  it('one right claim suffices even beside a wrong one', () => {
    expect(identityMatches(booking, { phone: '+1555', email: 'ada@example.org' })).toBe(true);
  });
  it('a caller id never reaches a booking made with an e-mail only', () => {
    expect(identityMatches({ phone: null, email: 'ada@example.org' }, { phone: '+4915112345678' })).toBe(false);
  });
  it('hasIdentity needs a non-blank phone or e-mail', () => {
    expect([hasIdentity({}), hasIdentity({ phone: ' ' }), hasIdentity({ email: 'a@b.co' })]).toEqual([false, false, true]);
  });
});
