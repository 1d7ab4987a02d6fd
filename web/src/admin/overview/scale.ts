/**
 * Chart scales and axis ticks (pure): a linear map from values to SVG coordinates, "nice" tick steps
 * (1, 2 or 5 × 10ⁿ) and the y axes of the overview's three kinds of series: rates (0–100 %), counts
 * (whole numbers from 0) and durations (ticks on whole seconds, minutes, hours or days).
 */

/** Maps [d0, d1] onto [r0, r1] linearly; a zero-width domain maps everything to the middle of the range. */
export function linearScale(domain: readonly [number, number], range: readonly [number, number]): (v: number) => number {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  if (d1 === d0) return () => (r0 + r1) / 2;
  const k = (r1 - r0) / (d1 - d0);
  return (v) => r0 + (v - d0) * k;
}

/** The nice number (1, 2, 5 or 10 × 10ⁿ) nearest to `x` (round) or at least `x` (ceil). */
export function niceNumber(x: number, mode: 'round' | 'ceil'): number {
  if (!(x > 0) || !Number.isFinite(x)) return 1;
  const exp = Math.floor(Math.log10(x));
  const base = 10 ** exp;
  const f = x / base;
  const nice = mode === 'round' ? (f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10) : f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10;
  return nice * base;
}

export type Axis = { min: number; max: number; step: number; ticks: number[] };

/** Removes binary noise from tick values (0.1 + 0.2 → 0.3) at the step's precision. */
function clean(v: number, step: number): number {
  const decimals = Math.max(0, -Math.floor(Math.log10(step)) + 1);
  return Number(v.toFixed(decimals));
}

/**
 * Ticks covering [min, max] with a nice step and at most about `maxTicks` ticks; the axis is widened to
 * whole steps. An empty span (min = max) is widened to [min, min + 1] (or [min − 1, min] below 0).
 */
export function niceTicks(min: number, max: number, maxTicks = 5): Axis {
  if (max < min) [min, max] = [max, min];
  if (max === min) {
    if (min < 0) min -= 1;
    else max += 1;
  }
  const step = niceNumber((max - min) / Math.max(1, maxTicks - 1), 'ceil');
  const lo = clean(Math.floor(min / step) * step, step);
  const hi = clean(Math.ceil(max / step) * step, step);
  const ticks: number[] = [];
  for (let i = 0; lo + i * step <= hi + step / 2; i++) ticks.push(clean(lo + i * step, step));
  return { min: lo, max: hi, step, ticks };
}

/** Largest non-null value, or 0. */
export function maxOf(values: readonly (number | null)[]): number {
  return values.reduce<number>((m, v) => (v !== null && v > m ? v : m), 0);
}

/** Rates: always 0 to 1 in quarters, so charts of different metrics compare at a glance. */
export function rateAxis(): Axis {
  return { min: 0, max: 1, step: 0.25, ticks: [0, 0.25, 0.5, 0.75, 1] };
}

/** Counts: from 0, whole-number steps (never 0.5 bookings), at least up to 1. */
export function countAxis(values: readonly (number | null)[], maxTicks = 5): Axis {
  const a = niceTicks(0, Math.max(1, maxOf(values)), maxTicks);
  if (a.step >= 1) return a;
  const top = Math.ceil(a.max);
  return { min: 0, max: top, step: 1, ticks: Array.from({ length: top + 1 }, (_, i) => i) };
}

/** Steps a clock reader finds natural: 1…30 s, 1…30 min, 1…12 h, 1…7 d (in seconds). */
const DURATION_STEPS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10_800, 21_600, 43_200, 86_400, 172_800, 604_800];

/**
 * Durations in seconds: from 0, the smallest natural step (15 s, 30 min, 6 h …) that needs at most
 * `maxTicks` ticks — 0, 30 s, 1 min, 1 min 30 s rather than 0, 50 s, 1 min 40 s. Past weeks: nice days.
 */
export function durationAxis(values: readonly (number | null)[], maxTicks = 5): Axis {
  const max = Math.max(1, maxOf(values));
  const intervals = Math.max(1, maxTicks - 1);
  const step = DURATION_STEPS.find((s) => max / s <= intervals) ?? niceNumber(max / intervals / 86_400, 'ceil') * 86_400;
  const top = Math.ceil(max / step) * step;
  const ticks: number[] = [];
  for (let t = 0; t <= top; t += step) ticks.push(t);
  return { min: 0, max: top, step, ticks };
}

/**
 * Which of `n` days get an x-axis label: about `maxLabels` of them, evenly spaced and always including the
 * last (today), so the newest day is never the unlabelled one.
 */
export function xLabelIndices(n: number, maxLabels = 6): number[] {
  if (n <= 0) return [];
  const step = Math.max(1, Math.ceil(n / maxLabels));
  const out: number[] = [];
  for (let i = n - 1; i >= 0; i -= step) out.push(i);
  return out.reverse();
}
