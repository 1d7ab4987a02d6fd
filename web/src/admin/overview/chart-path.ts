/**
 * SVG geometry of a daily series (pure): the line through the days that have a value, broken where a day
 * has none (null) — a gap, never a drop to zero nor a bridge over missing days — and bar rectangles.
 */

/** Runs of consecutive indices whose value is not null: [[0, 1, 2], [5, 6]]. */
export function segments(values: readonly (number | null)[]): number[][] {
  const out: number[][] = [];
  let run: number[] = [];
  values.forEach((v, i) => {
    if (v === null || !Number.isFinite(v)) {
      if (run.length) out.push(run);
      run = [];
    } else run.push(i);
  });
  if (run.length) out.push(run);
  return out;
}

/** Coordinates to 2 decimals: short paths, no visible difference. */
const r = (n: number) => String(Math.round(n * 100) / 100);

/**
 * An SVG path `d` with one `M … L …` subpath per run of non-null values. A run of one value is a lone
 * `M` (invisible as a stroke: the chart draws a dot on every value, so it still shows).
 */
export function linePath(values: readonly (number | null)[], x: (i: number) => number, y: (v: number) => number): string {
  return segments(values)
    .map((run) => run.map((i, k) => `${k === 0 ? 'M' : 'L'}${r(x(i))} ${r(y(values[i]!))}`).join(' '))
    .join(' ');
}

export type Bar = { index: number; x: number; y: number; width: number; height: number };

/**
 * One bar per non-null value, centred in its day's band of width `band` (`x(i)` is the band's centre),
 * `fill` of the band wide, from the baseline `y(0)` up to `y(v)`; negative values hang below it.
 */
export function bars(values: readonly (number | null)[], x: (i: number) => number, y: (v: number) => number, band: number, fill = 0.7): Bar[] {
  const width = band * fill;
  const base = y(0);
  const out: Bar[] = [];
  values.forEach((v, i) => {
    if (v === null || !Number.isFinite(v)) return;
    const top = y(v);
    out.push({ index: i, x: x(i) - width / 2, y: Math.min(top, base), width, height: Math.abs(base - top) });
  });
  return out;
}
