/** SVG geometry of the overview charts (pure): lines broken at null days, bars from the baseline. */
import { describe, expect, it } from 'vitest';
import { bars, linePath, segments } from '../../../web/src/admin/overview/chart-path.ts';

const x = (i: number) => 10 + i * 10;
const y = (v: number) => 100 - v * 100;

describe('segments / linePath', () => {
  it('one subpath per run of values; nulls are gaps, not zeros', () => {
    const values = [0.5, 1, null, null, 0.25, 0, 1 / 3, null, 0.75];
    expect(segments(values)).toEqual([[0, 1], [4, 5, 6], [8]]);
    expect(linePath(values, x, y)).toBe('M10 50 L20 0 M50 75 L60 100 L70 66.67 M90 25');
  });
  it('is empty when every day is null, and one run without gaps', () => {
    expect(linePath([null, null], x, y)).toBe('');
    expect(linePath([0, 1, 0], x, y)).toBe('M10 100 L20 0 L30 100');
    expect(segments([NaN, 1])).toEqual([[1]]);
  });
});

describe('bars', () => {
  it('centres each bar in its band and grows it up from y(0); zero is a flat bar, null none', () => {
    expect(bars([2, 0, null, 0.5], x, (v) => 100 - v * 40, 10, 0.6)).toEqual([
      { index: 0, x: 7, y: 20, width: 6, height: 80 },
      { index: 1, x: 17, y: 100, width: 6, height: 0 },
      { index: 3, x: 37, y: 80, width: 6, height: 20 },
    ]);
  });
});
