/** How the overview writes figures (pure): percentages, durations, counts, day labels, status badges. */
import { describe, expect, it } from 'vitest';
import { formatCount, formatDayShort, formatDuration, formatPercent, ofTotal, statusBadge } from '../../../web/src/admin/overview/format.ts';

describe('formatPercent', () => {
  it('one decimal at most, null as a dash', () => {
    expect([0, 0.5, 1, 2 / 3, 1 / 3, 0.12345, 0.9995].map(formatPercent)).toEqual(['0%', '50%', '100%', '66.7%', '33.3%', '12.3%', '100%']);
    expect(formatPercent(null)).toBe('—');
    expect(formatPercent(Number.NaN)).toBe('—');
  });
});

describe('formatDuration', () => {
  it('the two largest units, zero parts left out', () => {
    expect([0, 0.4, 1, 45, 59.6, 60, 200, 3600, 3900, 3661, 86_400, 183_600, 90_061].map(formatDuration)).toEqual([
      '0 s',
      '0 s',
      '1 s',
      '45 s',
      '1 min',
      '1 min',
      '3 min 20 s',
      '1 h',
      '1 h 5 min',
      '1 h 1 min',
      '1 d',
      '2 d 3 h',
      '1 d 1 h',
    ]);
    expect(formatDuration(null)).toBe('—');
    expect(formatDuration(-5)).toBe('0 s');
  });
});

describe('counts, days, badges', () => {
  it('writes counts with separators and x of y', () => {
    expect(formatCount(0)).toBe('0');
    expect(formatCount(1234567)).toBe('1,234,567');
    expect(ofTotal(2, 3)).toBe('2 of 3');
  });
  it('labels days without the year', () => {
    expect(formatDayShort('2031-01-05')).toBe('Jan 5');
    expect(formatDayShort('2031-12-31')).toBe('Dec 31');
  });
  it('shows the database’s rejected as declined', () => {
    expect(statusBadge('rejected')).toEqual({ className: 'badge declined', label: 'declined' });
    expect(statusBadge('no_show')).toEqual({ className: 'badge no_show', label: 'no-show' });
    expect(statusBadge('confirmed')).toEqual({ className: 'badge confirmed', label: 'confirmed' });
  });
});
