import { describe, expect, it } from 'vitest';
import { readProposalChoice, signProposalChoice } from '../../../src/domain/email/proposal-link.ts';

const SECRET = 'link-secret-0123456789abcdef-0123456789ab';
const choice = { threadId: 'abcdefghijklmnop', set: 3, index: 2, expiresAt: 1_800_000_000_000 };

describe('one-click proposal links', () => {
  it('round-trip; URL-safe', () => {
    const token = signProposalChoice(choice, SECRET);
    expect(token).toMatch(/^[A-Za-z0-9._-]+$/);
    expect(readProposalChoice(token, SECRET)).toEqual(choice);
  });

  it('tampering with any field, another secret, or junk gives null', () => {
    const token = signProposalChoice(choice, SECRET);
    expect(readProposalChoice(token, 'other-secret-0123456789abcdef-0123456789')).toBeNull();
    expect(readProposalChoice(token.replace('.3.2.', '.3.1.'), SECRET)).toBeNull();
    expect(readProposalChoice(token.replace('abcdefghijklmnop', 'abcdefghijklmnoq'), SECRET)).toBeNull();
    expect(readProposalChoice(`${token}x`, SECRET)).toBeNull();
    expect(readProposalChoice('', SECRET)).toBeNull();
  });

  it('refuses to sign what it could not read back', () => {
    expect(() => signProposalChoice({ ...choice, index: 10 }, SECRET)).toThrow(RangeError);
    expect(() => signProposalChoice({ ...choice, threadId: 'X' }, SECRET)).toThrow(RangeError);
  });
});
