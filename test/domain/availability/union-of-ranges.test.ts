/**
 * `unionOfRanges` (starts and ends sorted apart, swept with a count) answers what `normalize` answers for
 * the same ranges: the availability loader folds each provider's bookings and busy blocks with it.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalize, unionOfRanges } from '../../../src/domain/availability/intervals.ts';

const union = (ranges: [number, number][]) => unionOfRanges(Float64Array.from(ranges.map((r) => r[0])), Float64Array.from(ranges.map((r) => r[1])));

describe('unionOfRanges', () => {
  it('merges overlapping and touching ranges and keeps gaps', () => {
    expect(
      union([
        [10, 20],
        [0, 5],
        [20, 25],
        [15, 18],
        [30, 40],
        [5, 6],
      ]),
    ).toEqual([
      { start: 0, end: 6 },
      { start: 10, end: 25 },
      { start: 30, end: 40 },
    ]);
    expect(union([])).toEqual([]);
    expect(union([[3, 4]])).toEqual([{ start: 3, end: 4 }]);
  });

  it('a range inside another ends at the outer end, not its own', () => {
    expect(
      union([
        [0, 100],
        [10, 20],
        [30, 40],
      ]),
    ).toEqual([{ start: 0, end: 100 }]);
  });

  it('equals normalize for any non-empty ranges', () => {
    const range = fc.tuple(fc.integer({ min: 0, max: 500 }), fc.integer({ min: 1, max: 60 })).map(([s, len]): [number, number] => [s, s + len]);
    fc.assert(
      fc.property(fc.array(range, { maxLength: 60 }), (ranges) => {
        expect(union(ranges)).toEqual(normalize(ranges.map(([start, end]) => ({ start, end }))));
      }),
    );
  });

  it('refuses starts and ends of different lengths', () => {
    expect(() => unionOfRanges(new Float64Array(2), new Float64Array(1))).toThrow(/differ in length/);
  });
});
