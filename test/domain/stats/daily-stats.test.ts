/** The dashboard's day list and rate maths (pure): windows in a zone, null rates, totals from summed counts. */
import { describe, expect, it } from 'vitest';
import { assembleStats, rate, statsWindow } from '../../../src/domain/stats/daily-stats.ts';
import { addDays } from '../../../src/domain/time/zones.ts';
import { TEST_NOW } from '../../support/clock.ts';

describe('statsWindow', () => {
  it('ends with today in the zone and counts back `days` local dates', () => {
    const now = new Date('2031-01-01T00:30:00Z'); // still New Year's Eve in New York
    expect(statsWindow(now, 'UTC', 3)).toEqual({ timeZone: 'UTC', first: '2030-12-30', today: '2031-01-01', days: ['2030-12-30', '2030-12-31', '2031-01-01'] });
    expect(statsWindow(now, 'America/New_York', 2).days).toEqual(['2030-12-30', '2030-12-31']);
    expect(statsWindow(now, 'Pacific/Kiritimati', 1).days).toEqual(['2031-01-01']);
  });

  it('has one entry per calendar date across DST changes and leap days', () => {
    const w = statsWindow(new Date('2032-03-30T12:00:00Z'), 'Europe/Berlin', 32);
    expect(w.days).toHaveLength(32);
    expect(w.days).toContain('2032-02-29');
    expect(w.days).toContain('2032-03-28'); // the 23-hour day
    expect(new Set(w.days).size).toBe(32);
  });

  it('refuses windows outside 1..90 days', () => {
    expect(() => statsWindow(new Date(TEST_NOW), 'UTC', 0)).toThrow(RangeError);
    expect(() => statsWindow(new Date(TEST_NOW), 'UTC', 91)).toThrow(RangeError);
    expect(() => statsWindow(new Date(TEST_NOW), 'UTC', 1.5)).toThrow(RangeError);
  });
});

describe('assembleStats', () => {
  // The three UTC days ending with the pinned "now" (across a month or year end, or a 29 February, on those instants).
  const w = statsWindow(new Date(TEST_NOW), 'UTC', 3);
  const [d1, d2, d3] = w.days as [string, string, string];

  it('null for an empty denominator, 0 for a real zero', () => {
    expect(rate(0, 0)).toBeNull();
    expect(rate(0, 4)).toBe(0);
    expect(rate(3, 4)).toBe(0.75);
  });

  it('fills missing days with zeros and nulls, ignores dates outside the window', () => {
    const s = assembleStats(
      w,
      new Map([
        [addDays(d1, -32), { created: 99 }],
        [addDays(d3, 1), { created: 98 }],
        [d2, { created: 2, confirmed: 1, expired: 1 }],
      ]),
      0,
    );
    expect(s.days.map((d) => [d.date, d.created, d.successRate])).toEqual([
      [d1, 0, null],
      [d2, 2, 0.5],
      [d3, 0, null],
    ]);
    expect(s.totals.created).toBe(2);
    expect(s.days[0]).toMatchObject({ noShowRate: null, avgTimeToConfirmationSeconds: null, reminderDeliveryRate: null, remindersDue: 0 });
  });

  it('totals divide summed counts instead of averaging daily rates', () => {
    const s = assembleStats(
      w,
      new Map([
        [d1, { confirmed: 1, cancelled: 0, completed: 1, noShow: 0, confirmationsMeasured: 1, confirmationSecondsSum: 10, remindersDue: 1, remindersSent: 1 }],
        [d3, { confirmed: 1, cancelled: 3, completed: 1, noShow: 3, confirmationsMeasured: 3, confirmationSecondsSum: 90, remindersDue: 3, remindersSent: 0 }],
      ]),
      5,
    );
    // Daily success rates 1 and 0.25 average to 0.625; summed counts give 2 / 5.
    expect(s.totals).toMatchObject({ successRate: 0.4, noShowRate: 0.6, avgTimeToConfirmationSeconds: 25, reminderDeliveryRate: 0.25 });
    expect(s.days[2]).toMatchObject({ successRate: 0.25, noShowRate: 0.75, avgTimeToConfirmationSeconds: 30, reminderDeliveryRate: 0 });
    expect(s.today).toEqual({ date: d3, bookings: 5 });
    expect(s).toMatchObject({ from: d1, to: d3, timeZone: 'UTC' });
  });
});
