/** The overview charts' scales and axes (pure): linear maps, nice ticks, rate / count / duration axes, day labels. */
import { describe, expect, it } from 'vitest';
import { countAxis, durationAxis, linearScale, niceNumber, niceTicks, rateAxis, xLabelIndices } from '../../../web/src/admin/overview/scale.ts';

describe('linearScale', () => {
  it('maps the domain onto the range, inverted for SVG y', () => {
    const y = linearScale([0, 1], [200, 10]);
    expect([y(0), y(0.5), y(1)]).toEqual([200, 105, 10]);
    expect(linearScale([10, 20], [0, 100])(25)).toBe(150); // extrapolates
  });
  it('maps a zero-width domain to the middle', () => {
    expect(linearScale([3, 3], [0, 100])(3)).toBe(50);
  });
});

describe('niceNumber / niceTicks', () => {
  it('picks 1, 2, 5 × 10ⁿ', () => {
    expect([0.7, 1, 1.2, 2.5, 4, 6, 9, 23, 0.013].map((x) => niceNumber(x, 'ceil'))).toEqual([1, 1, 2, 5, 5, 10, 10, 50, 0.02]);
    expect([1.2, 2.5, 4, 8].map((x) => niceNumber(x, 'round'))).toEqual([1, 2, 5, 10]);
    expect(niceNumber(0, 'ceil')).toBe(1);
  });
  it('covers the span with whole steps', () => {
    expect(niceTicks(0, 17)).toEqual({ min: 0, max: 20, step: 5, ticks: [0, 5, 10, 15, 20] });
    expect(niceTicks(0, 100)).toEqual({ min: 0, max: 100, step: 50, ticks: [0, 50, 100] });
    expect(niceTicks(3, 97, 11)).toEqual({ min: 0, max: 100, step: 10, ticks: [0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100] });
    expect(niceTicks(-7, 12).ticks).toEqual([-10, -5, 0, 5, 10, 15]);
  });
  it('has no binary noise in decimal ticks', () => {
    expect(niceTicks(0, 0.3, 4).ticks).toEqual([0, 0.1, 0.2, 0.3]);
  });
  it('widens an empty span', () => {
    expect(niceTicks(0, 0).ticks).toEqual([0, 0.5, 1]);
    expect(niceTicks(5, 5)).toMatchObject({ min: 5, max: 6 });
  });
});

describe('axes of the overview', () => {
  it('rates: 0–100 % in quarters', () => {
    expect(rateAxis()).toEqual({ min: 0, max: 1, step: 0.25, ticks: [0, 0.25, 0.5, 0.75, 1] });
  });
  it('counts: whole steps from 0, at least to 1, nulls ignored', () => {
    expect(countAxis([0, 0, null])).toEqual({ min: 0, max: 1, step: 1, ticks: [0, 1] });
    expect(countAxis([1, 2])).toEqual({ min: 0, max: 2, step: 1, ticks: [0, 1, 2] });
    expect(countAxis([3, null, 1])).toEqual({ min: 0, max: 3, step: 1, ticks: [0, 1, 2, 3] });
    expect(countAxis([0, 37])).toEqual({ min: 0, max: 40, step: 10, ticks: [0, 10, 20, 30, 40] });
  });
  it('durations: natural clock steps (seconds, minutes, hours, days) from 0', () => {
    expect(durationAxis([null, 45])).toEqual({ min: 0, max: 45, step: 15, ticks: [0, 15, 30, 45] });
    expect(durationAxis([90]).ticks).toEqual([0, 30, 60, 90]);
    expect(durationAxis([200])).toEqual({ min: 0, max: 240, step: 60, ticks: [0, 60, 120, 180, 240] });
    expect(durationAxis([5400]).ticks).toEqual([0, 1800, 3600, 5400]); // 0, 30 min, 1 h, 1 h 30 min
    expect(durationAxis([3 * 86_400]).ticks).toEqual([0, 86_400, 172_800, 259_200]);
    expect(durationAxis([40 * 86_400]).step).toBe(864_000); // ten days
    expect(durationAxis([null, null])).toEqual({ min: 0, max: 1, step: 1, ticks: [0, 1] });
  });
});

describe('xLabelIndices', () => {
  it('labels about six days, evenly, always today', () => {
    expect(xLabelIndices(30)).toEqual([4, 9, 14, 19, 24, 29]);
    expect(xLabelIndices(31)).toEqual([0, 6, 12, 18, 24, 30]);
    expect(xLabelIndices(3)).toEqual([0, 1, 2]);
    expect(xLabelIndices(1)).toEqual([0]);
    expect(xLabelIndices(0)).toEqual([]);
  });
});
