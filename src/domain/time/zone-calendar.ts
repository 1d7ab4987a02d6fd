/**
 * A time zone's offsets over one span of time, precomputed, so converting many instants and local times
 * costs a binary search instead of an `Intl` call each (availability converts hundreds per request).
 *
 * Construction samples the zone's offset once per day across the span (plus two days either side) and
 * bisects every day whose offset changed down to the second, which finds each DST transition exactly.
 * Assumes at most one offset change per 24 hours (true of every zone in tzdb since 1970).
 * Outside the span, methods fall back to the exact `Intl` path in `zones.ts`.
 */
import { offsetMinutes, parseLocalDate } from './zones.ts';

const DAY = 86_400_000;

export class ZoneCalendar {
  /** Instants where an offset starts; parallel to `offsets`. starts[0] is the span's beginning. */
  private readonly starts: number[] = [];
  private readonly offsets: number[] = [];
  private readonly from: number;
  private readonly to: number;

  constructor(
    readonly zone: string,
    fromMs: number,
    toMs: number,
  ) {
    // Whole seconds: transitions happen on whole seconds, and the bisection below keeps the alignment of
    // its start (a span starting at …001 ms once found a transition 1 ms late).
    this.from = Math.floor((fromMs - 2 * DAY) / 1000) * 1000;
    this.to = Math.ceil((toMs + 2 * DAY) / 1000) * 1000;
    let prevT = this.from;
    let prevOff = offsetMinutes(prevT, zone);
    this.starts.push(prevT);
    this.offsets.push(prevOff);
    for (let t = prevT + DAY; ; t += DAY) {
      const tt = Math.min(t, this.to);
      const off = offsetMinutes(tt, zone);
      if (off !== prevOff) {
        // Bisect (prevT, tt] for the first second with the new offset.
        let lo = prevT;
        let hi = tt;
        while (hi - lo > 1000) {
          const mid = lo + Math.floor((hi - lo) / 2000) * 1000;
          if (offsetMinutes(mid, zone) === prevOff) lo = mid;
          else hi = mid;
        }
        this.starts.push(hi);
        this.offsets.push(off);
        prevOff = off;
      }
      prevT = tt;
      if (tt >= this.to) break;
    }
  }

  /** Offset in minutes east of UTC at `t`. */
  offsetAt(t: number): number {
    if (t < this.from || t > this.to) return offsetMinutes(t, this.zone);
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= t) lo = mid;
      else hi = mid - 1;
    }
    return this.offsets[lo]!;
  }

  /**
   * Instant of local `date` at `minutes` after midnight (may exceed 1440: rolls into following days).
   * Ambiguous → first occurrence; nonexistent → null ('skip') or the transition instant ('next'), as in
   * `zones.ts` `localToInstant`.
   */
  toInstant(date: string, minutes: number, resolve: 'skip' | 'next'): number | null {
    const [y, m, d] = parseLocalDate(date);
    return this.wallToInstant(Date.UTC(y, m - 1, d, 0, minutes), resolve);
  }

  /** Same as `toInstant`, with the wall-clock time given as if it were a UTC timestamp. */
  wallToInstant(wall: number, resolve: 'skip' | 'next'): number | null {
    const before = this.offsetAt(wall - DAY);
    const after = this.offsetAt(wall + DAY);
    let best: number | null = null;
    for (const off of before === after ? [before] : [before, after]) {
      const t = wall - off * 60_000;
      if (this.offsetAt(t) === off && (best === null || t < best)) best = t;
    }
    if (best !== null) return best;
    if (resolve === 'skip') return null;
    // In a gap: the transition is the segment start in (wall − after, wall − before].
    const lo = wall - after * 60_000;
    const hi = wall - before * 60_000;
    const boundary = this.starts.find((s) => s > lo && s <= hi);
    return boundary ?? hi;
  }

  /** Local wall-clock time of `t` as a UTC-based timestamp (for date arithmetic). */
  wallOf(t: number): number {
    return t + this.offsetAt(t) * 60_000;
  }

  /** Local day number of `t`: whole days since 1970-01-01 on the local calendar (cheap; no strings). */
  localDayOf(t: number): number {
    return Math.floor(this.wallOf(t) / DAY);
  }

  /** Local date 'YYYY-MM-DD' of `t`. */
  localDateOf(t: number): string {
    return new Date(this.wallOf(t)).toISOString().slice(0, 10);
  }

  /** ISO-8601 with the local offset, e.g. '2026-03-29T09:00:00+02:00'. */
  format(t: number): string {
    const off = this.offsetAt(t);
    const local = new Date(t + off * 60_000).toISOString().slice(0, 19);
    const abs = Math.abs(off);
    return `${local}${off < 0 ? '-' : '+'}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
  }
}
