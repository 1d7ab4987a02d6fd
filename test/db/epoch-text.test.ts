/**
 * The text the availability loader parses (src/db/epoch-text.ts): float8 epoch seconds as PostgreSQL prints
 * them, records of a fixed width. Round trip against `Number` for whole seconds, fractions and forms the
 * hand-written path leaves to `Number`.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseEpochText } from '../../src/db/epoch-text.ts';

describe('parseEpochText', () => {
  it('reads records of whole and fractional seconds as milliseconds', () => {
    expect(parseEpochText('1772431200,1772431500;1772432000.25,1772432000.5', 2)).toEqual([1772431200000, 1772431500000, 1772432000250, 1772432000500]);
    expect(parseEpochText('1,2,3', 3)).toEqual([1000, 2000, 3000]);
  });

  it('answers no records for an empty or missing text', () => {
    expect(parseEpochText('', 2)).toEqual([]);
    expect(parseEpochText(null, 3)).toEqual([]);
    expect(parseEpochText(undefined, 3)).toEqual([]);
  });

  it('leaves signs and exponents to Number', () => {
    expect(parseEpochText('-86400,1.5e9', 2)).toEqual([-86400000, 1500000000000]);
  });

  it('refuses a record of another width and a field that is no number', () => {
    expect(() => parseEpochText('1,2;3', 2)).toThrow(/1 fields, expected 2/);
    expect(() => parseEpochText('1,2,3', 2)).toThrow(/3 fields, expected 2/);
    expect(() => parseEpochText('1,x', 2)).toThrow(/"x" is not a number/);
    expect(() => parseEpochText('1,', 2)).toThrow(/is not a number/);
  });

  it('equals Math.round(Number(s) × 1000) for any instant PostgreSQL prints (microseconds, 1970–2100)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 4_102_444_800 }), fc.integer({ min: 0, max: 999_999 })), { minLength: 1 }), (pairs) => {
        // float8's shortest text of the seconds, as date_part('epoch', …) prints them.
        const texts = pairs.map(([s, us]) => String(s + us / 1e6));
        const parsed = parseEpochText(texts.join(';'), 1);
        expect(parsed).toEqual(texts.map((t) => Math.round(Number(t) * 1000)));
      }),
    );
  });
});
