/**
 * The calendar's provider schedule (#20 item 6): working intervals from weekly hours and 'hours' overrides
 * in the provider's zone (DST days included), 'open' ranges added, blocks clipped; and the providers' colours.
 */
import { describe, expect, it } from 'vitest';
import type { Override, WeeklyHours } from '../../../web/src/api/types.ts';
import { layoutDay } from '../../../web/src/admin/bookings/layout.ts';
import { hueOf, PALETTE_HUES, providerHues, solidColour, tintColour } from '../../../web/src/admin/bookings/provider-colour.ts';
import { blockIntervals, workingIntervals } from '../../../web/src/admin/bookings/working-hours.ts';

const none: WeeklyHours = { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] };
const berlin = {
  timeZone: 'Europe/Berlin',
  weeklyHours: {
    ...none,
    mon: [
      ['09:00', '12:00'],
      ['13:00', '17:00'],
    ],
    tue: [['08:00', '24:00']],
  } as WeeklyHours,
};
const base = { providerId: 'p', reason: null, createdAt: '2026-01-01T00:00:00Z' };
const hours = (date: string, h: [string, string][]): Override => ({ ...base, id: `h${date}`, kind: 'hours', date, hours: h });
const range = (kind: 'block' | 'open', start: string, end: string, reason: string | null = null): Override => ({
  ...base,
  id: `${kind}${start}`,
  kind,
  start,
  end,
  reason,
});
const ms = (iso: string) => Date.parse(iso);

describe('workingIntervals', () => {
  it("expands the weekly hours in the provider's zone, clipped to the range; '24:00' reaches the next midnight", () => {
    // Mon 2026-03-02 .. Wed 2026-03-04 (UTC range); Berlin is UTC+1 in March before the 29th.
    const got = workingIntervals(berlin, [], ms('2026-03-02T00:00:00Z'), ms('2026-03-04T00:00:00Z'));
    expect(got).toEqual([
      { start: '2026-03-02T08:00:00.000Z', end: '2026-03-02T11:00:00.000Z' },
      { start: '2026-03-02T12:00:00.000Z', end: '2026-03-02T16:00:00.000Z' },
      { start: '2026-03-03T07:00:00.000Z', end: '2026-03-03T23:00:00.000Z' },
    ]);
  });

  it("an 'hours' override replaces that date ([] = day off); 'open' adds and merges with touching hours", () => {
    const overrides = [hours('2026-03-02', [['10:00', '11:00']]), hours('2026-03-03', []), range('open', '2026-03-02T10:00:00Z', '2026-03-02T12:00:00Z')];
    const got = workingIntervals(berlin, overrides, ms('2026-03-02T00:00:00Z'), ms('2026-03-04T00:00:00Z'));
    expect(got).toEqual([{ start: '2026-03-02T09:00:00.000Z', end: '2026-03-02T12:00:00.000Z' }]);
  });

  it('follows the offset change on a DST day (Berlin springs forward on 2026-03-29, a Sunday)', () => {
    const p = { timeZone: 'Europe/Berlin', weeklyHours: { ...none, sat: [['09:00', '10:00']], sun: [['09:00', '10:00']] } as WeeklyHours };
    const got = workingIntervals(p, [], ms('2026-03-28T00:00:00Z'), ms('2026-03-30T00:00:00Z'));
    expect(got).toEqual([
      { start: '2026-03-28T08:00:00.000Z', end: '2026-03-28T09:00:00.000Z' },
      { start: '2026-03-29T07:00:00.000Z', end: '2026-03-29T08:00:00.000Z' },
    ]);
  });

  it("is drawn in the admin's zone: a New York provider's 09:00–12:00 is 15:00–18:00 in Berlin", () => {
    const ny = { timeZone: 'America/New_York', weeklyHours: { ...none, mon: [['09:00', '12:00']] } as WeeklyHours };
    const got = workingIntervals(ny, [], ms('2026-03-01T23:00:00Z'), ms('2026-03-02T23:00:00Z'));
    const placed = layoutDay(got, '2026-03-02', 'Europe/Berlin', 0);
    expect(placed.map((p) => [p.top, p.bottom])).toEqual([[15 * 60, 18 * 60]]);
  });
});

describe('blockIntervals', () => {
  it('keeps blocks overlapping the range, clipped, with their reason; ignores hours and open overrides', () => {
    const overrides = [
      range('block', '2026-03-02T13:00:00Z', '2026-03-02T14:00:00Z', 'Lunch talk'),
      range('block', '2026-03-01T22:00:00Z', '2026-03-02T02:00:00Z'),
      range('block', '2026-03-05T10:00:00Z', '2026-03-05T11:00:00Z'),
      range('open', '2026-03-02T15:00:00Z', '2026-03-02T16:00:00Z'),
      hours('2026-03-02', []),
    ];
    expect(blockIntervals(overrides, ms('2026-03-02T00:00:00Z'), ms('2026-03-03T00:00:00Z'))).toEqual([
      { start: '2026-03-02T00:00:00.000Z', end: '2026-03-02T02:00:00.000Z', reason: null },
      { start: '2026-03-02T13:00:00.000Z', end: '2026-03-02T14:00:00.000Z', reason: 'Lunch talk' },
    ]);
  });
});

describe('provider colours', () => {
  const p = (id: string, createdAt: string) => ({ id, createdAt });
  it('gives providers the palette in creation order, so the first twelve all differ and a new one changes no other', () => {
    const ps = Array.from({ length: 12 }, (_, i) => p(`id-${String(11 - i).padStart(2, '0')}`, `2026-01-${String(i + 1).padStart(2, '0')}T00:00:00Z`));
    const hues = providerHues(ps);
    expect(ps.map((x) => hues.get(x.id))).toEqual([...PALETTE_HUES]);
    const more = providerHues([...ps, p('id-new', '2026-02-01T00:00:00Z')]);
    for (const x of ps) expect(more.get(x.id)).toBe(hues.get(x.id));
    expect(more.get('id-new')).toBe(PALETTE_HUES[0]); // the thirteenth cycles
    // Same creation instant: the id decides, whatever order the list came in.
    expect(providerHues([p('b', '2026-01-01T00:00:00Z'), p('a', '2026-01-01T00:00:00Z')]).get('a')).toBe(PALETTE_HUES[0]);
  });

  it('falls back to a hue hashed from the id for a provider not in the list; colours are CSS hsl()', () => {
    const hues = providerHues([p('known', '2026-01-01T00:00:00Z')]);
    expect(hueOf(hues, 'known')).toBe(PALETTE_HUES[0]);
    const unknown = hueOf(hues, 'not-loaded-yet');
    expect(unknown).toBe(hueOf(undefined, 'not-loaded-yet'));
    expect(unknown).toBeGreaterThanOrEqual(0);
    expect(unknown).toBeLessThan(360);
    expect(new Set(Array.from({ length: 30 }, (_, i) => hueOf(undefined, `x${i}`))).size).toBeGreaterThan(20);
    expect(solidColour(215)).toBe('hsl(215 65% 42%)');
    expect(tintColour(215, 0.2)).toBe('hsl(215 70% 50% / 0.2)');
  });

  it('palette hues are at least 15° apart', () => {
    const sorted = [...PALETTE_HUES].sort((x, y) => x - y);
    const gaps = sorted.map((h, i) => (i === 0 ? h + 360 - sorted[sorted.length - 1]! : h - sorted[i - 1]!));
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(15);
  });
});
