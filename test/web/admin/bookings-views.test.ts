/** Day / week views: which dates, which instants, and the prev / next steps. */
import { describe, expect, it } from 'vitest';
import { shiftDate, viewDays, viewRange, weekStart } from '../../../web/src/admin/bookings/views.ts';

describe('calendar views', () => {
  it('starts weeks on Monday, across month and year ends', () => {
    expect(weekStart('2026-03-02')).toBe('2026-03-02'); // a Monday
    expect(weekStart('2026-03-01')).toBe('2026-02-23'); // a Sunday belongs to the week before
    expect(weekStart('2026-01-01')).toBe('2025-12-29');
    expect(viewDays('week', '2026-01-01')).toEqual(['2025-12-29', '2025-12-30', '2025-12-31', '2026-01-01', '2026-01-02', '2026-01-03', '2026-01-04']);
    expect(viewDays('day', '2026-01-01')).toEqual(['2026-01-01']);
  });

  it('covers the view from local midnight to local midnight in the zone, DST weeks included', () => {
    expect(viewRange('day', '2026-03-02', 'Europe/Berlin')).toEqual([Date.parse('2026-03-01T23:00:00Z'), Date.parse('2026-03-02T23:00:00Z')]);
    const [from, to] = viewRange('week', '2026-03-25', 'Europe/Berlin');
    expect(new Date(from).toISOString()).toBe('2026-03-22T23:00:00.000Z'); // Mon 23 Mar 00:00 CET
    expect(new Date(to).toISOString()).toBe('2026-03-29T22:00:00.000Z'); // Mon 30 Mar 00:00 CEST
    expect((to - from) / 3_600_000).toBe(7 * 24 - 1);
  });

  it('steps one day or one week', () => {
    expect(shiftDate('day', '2026-02-28', 1)).toBe('2026-03-01');
    expect(shiftDate('week', '2026-03-04', -1)).toBe('2026-02-25');
    expect(shiftDate('week', '2025-12-30', 1)).toBe('2026-01-06');
  });
});
