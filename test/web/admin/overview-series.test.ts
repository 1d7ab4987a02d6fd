/**
 * The overview's charts as data (pure): five series from a stats answer, nulls kept, text alternative and
 * description.
 */
import { describe, expect, it } from 'vitest';
import { describeSeries, overviewSeries } from '../../../web/src/admin/overview/series.ts';
import { todayRange } from '../../../web/src/admin/overview/today-range.ts';
import type { AdminStats, StatsDay, StatsFigures } from '../../../web/src/admin/overview/stats-types.ts';

const EMPTY: StatsFigures = {
  created: 0,
  confirmed: 0,
  cancelled: 0,
  expired: 0,
  declined: 0,
  completed: 0,
  noShow: 0,
  successRate: null,
  noShowRate: null,
  avgTimeToConfirmationSeconds: null,
  remindersDue: 0,
  remindersSent: 0,
  reminderDeliveryRate: null,
};
const day = (date: string, f: Partial<StatsFigures> = {}): StatsDay => ({ date, ...EMPTY, ...f });
const stats: AdminStats = {
  timeZone: 'Europe/Berlin',
  from: '2031-01-18',
  to: '2031-01-20',
  days: [
    day('2031-01-18', {
      created: 4,
      confirmed: 2,
      expired: 1,
      successRate: 2 / 3,
      avgTimeToConfirmationSeconds: 90,
      remindersDue: 2,
      remindersSent: 1,
      reminderDeliveryRate: 0.5,
    }),
    day('2031-01-19'),
    day('2031-01-20', { created: 1, confirmed: 1, successRate: 1, completed: 1, noShow: 1, noShowRate: 0.5 }),
  ],
  totals: EMPTY,
  today: { date: '2031-01-20', bookings: 2 },
};

describe('overviewSeries', () => {
  const series = overviewSeries(stats);
  const byId = (id: string) => series.find((s) => s.id === id)!;

  it('has bookings per day and the four rates, in that order', () => {
    expect(series.map((s) => [s.id, s.kind])).toEqual([
      ['bookings-per-day', 'bar'],
      ['success-rate', 'line'],
      ['no-show-rate', 'line'],
      ['time-to-confirmation', 'line'],
      ['reminder-delivery', 'line'],
    ]);
  });

  it('keeps null days null (a gap) and writes each day’s value and basis', () => {
    expect(byId('success-rate').points).toEqual([
      { date: '2031-01-18', value: 2 / 3, text: '66.7%', basis: '2 of 3' },
      { date: '2031-01-19', value: null, text: '—', basis: '0 of 0' },
      { date: '2031-01-20', value: 1, text: '100%', basis: '1 of 1' },
    ]);
    expect(byId('bookings-per-day').points.map((p) => [p.value, p.text, p.basis])).toEqual([
      [4, '4', '2'],
      [0, '0', '0'],
      [1, '1', '1'],
    ]);
    expect(byId('time-to-confirmation').points.map((p) => p.text)).toEqual(['1 min 30 s', '—', '—']);
    expect(byId('reminder-delivery').points.map((p) => p.basis)).toEqual(['1 of 2', '0 of 0', '0 of 0']);
    expect(byId('no-show-rate').points[2]).toMatchObject({ text: '50%', basis: '1 of 2' });
  });

  it('gives each kind its axis', () => {
    expect(byId('success-rate').axis.ticks).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(byId('bookings-per-day').axis.ticks).toEqual([0, 1, 2, 3, 4]);
    expect(byId('time-to-confirmation').axis).toMatchObject({ max: 90, step: 30 });
  });

  it('describes a series in one sentence, or says there is no data', () => {
    expect(describeSeries(byId('success-rate'))).toBe(
      'Share of each day’s decided new bookings that stand confirmed (not cancelled, expired or declined). 2031-01-18 to 2031-01-20: ' +
        '2 of 3 days have a value; latest 100% on 2031-01-20; lowest 66.7%, highest 100%. The table after the chart lists every day.',
    );
    const empty = overviewSeries({ ...stats, days: [day('2031-01-20')] });
    expect(describeSeries(empty.find((s) => s.id === 'no-show-rate')!)).toBe(
      'Share of each day’s finished appointments the customer missed. 2031-01-20 to 2031-01-20: no data yet.',
    );
  });
});

describe('todayRange', () => {
  it('runs from local midnight to the next, around now', () => {
    const now = new Date(2031, 0, 20, 15, 42);
    const { from, to } = todayRange(now);
    expect(new Date(from)).toEqual(new Date(2031, 0, 20));
    expect(new Date(to)).toEqual(new Date(2031, 0, 21));
    expect(Date.parse(from) <= now.getTime() && now.getTime() < Date.parse(to)).toBe(true);
    expect(from).toMatch(/Z$/);
  });
});
