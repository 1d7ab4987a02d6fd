import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { inPartOfDay, nearestSlots, PART_OF_DAYS, suggestSlots } from '../../../src/domain/availability/slot-suggestions.ts';
import type { Slot } from '../../../src/domain/availability/types.ts';
import { localDate } from '../../../src/domain/time/zones.ts';

const H = 3_600_000;
const base = Date.parse('2030-12-09T00:00:00Z'); // a Monday
const slot = (start: number, providerId = 'p1'): Slot => ({ start, end: start + H / 2, providerId });
/** Every half hour 08:00–17:30 UTC on `days` consecutive days. */
const week = (days: number) =>
  Array.from({ length: days }, (_, d) => Array.from({ length: 20 }, (_, i) => slot(base + d * 24 * H + 8 * H + (i * H) / 2))).flat();

describe('suggestSlots', () => {
  it('spreads picks across days instead of the five earliest of one morning', () => {
    const picks = suggestSlots(week(5), { timeZone: 'UTC', limit: 5 });
    expect(picks.map((s) => localDate(s.start, 'UTC'))).toEqual(['2030-12-09', '2030-12-10', '2030-12-11', '2030-12-12', '2030-12-13']);
  });
  it('a second pick on a day lies far from the first', () => {
    const picks = suggestSlots(week(1), { timeZone: 'UTC', limit: 2 });
    expect(picks.map((s) => new Date(s.start).toISOString().slice(11, 16))).toEqual(['08:00', '17:30']);
  });
  it('several providers at one start are one offer', () => {
    const picks = suggestSlots([slot(base + 9 * H, 'a'), slot(base + 9 * H, 'b'), slot(base + 10 * H, 'b')], { timeZone: 'UTC', limit: 5 });
    expect(picks.map((s) => [s.start, s.providerId])).toEqual([
      [base + 9 * H, 'a'],
      [base + 10 * H, 'b'],
    ]);
  });
  it('properties: a subset of the input starts, no duplicates, as many as possible, in the part of day, spread over days', () => {
    const zones = ['UTC', 'Europe/Berlin', 'America/New_York', 'Asia/Kolkata', 'Pacific/Auckland'];
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 14 * 48 }), { maxLength: 200 }),
        fc.integer({ min: 1, max: 20 }),
        fc.constantFrom(...zones),
        fc.option(fc.constantFrom(...PART_OF_DAYS), { nil: undefined }),
        (halfHours, limit, timeZone, partOfDay) => {
          const input = halfHours.map((n) => slot(base + (n * H) / 2, `p${n % 3}`));
          const picks = suggestSlots(input, { timeZone, limit, partOfDay });
          const eligible = new Set(input.filter((s) => !partOfDay || inPartOfDay(s.start, timeZone, partOfDay)).map((s) => s.start));
          const starts = picks.map((s) => s.start);
          expect(new Set(starts).size).toBe(starts.length);
          expect(starts.every((s) => eligible.has(s))).toBe(true);
          expect(picks.length).toBe(Math.min(limit, eligible.size));
          expect(starts).toEqual([...starts].sort((a, b) => a - b));
          const days = new Set([...eligible].map((s) => localDate(s, timeZone)));
          expect(new Set(starts.map((s) => localDate(s, timeZone))).size).toBe(Math.min(limit, days.size));
          expect(suggestSlots(input, { timeZone, limit, partOfDay })).toEqual(picks);
        },
      ),
    );
  });
});

describe('nearestSlots', () => {
  it('the nearest distinct starts, ties to the earlier, sorted', () => {
    const input = [slot(base + 8 * H), slot(base + 10 * H), slot(base + 12 * H), slot(base + 12 * H, 'p2'), slot(base + 15 * H)];
    expect(nearestSlots(input, base + 11 * H, 3).map((s) => (s.start - base) / H)).toEqual([8, 10, 12]);
  });
  it('matches a brute-force oracle', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 0, max: 1000 }), { maxLength: 50 }),
        fc.integer({ min: 0, max: 1000 }),
        fc.integer({ min: 0, max: 6 }),
        (mins, target, count) => {
          const input = mins.map((m) => slot(base + m * 60_000));
          const got = nearestSlots(input, base + target * 60_000, count).map((s) => s.start);
          const oracle = [...input]
            .sort((a, b) => Math.abs(a.start - (base + target * 60_000)) - Math.abs(b.start - (base + target * 60_000)) || a.start - b.start)
            .slice(0, count)
            .map((s) => s.start)
            .sort((a, b) => a - b);
          expect(got).toEqual(oracle);
        },
      ),
    );
  });
});
