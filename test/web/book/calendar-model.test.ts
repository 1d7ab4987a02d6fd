import { describe, expect, it } from 'vitest';
import { addMonths, monthBounds, monthGrid, moveFocus, tabStop } from '../../../web/src/book/calendar-model.ts';

describe('monthGrid (Monday-first)', () => {
  it('pads December 2026 (starts on a Tuesday, ends on a Thursday) with leading and trailing days', () => {
    const weeks = monthGrid('2026-12');
    expect(weeks).toHaveLength(5);
    expect(weeks.every((w) => w.length === 7)).toBe(true);
    expect(weeks[0]![0]).toEqual({ date: '2026-11-30', inMonth: false });
    expect(weeks[0]![1]).toEqual({ date: '2026-12-01', inMonth: true });
    expect(weeks[4]![3]).toEqual({ date: '2026-12-31', inMonth: true });
    expect(weeks[4]![6]).toEqual({ date: '2027-01-03', inMonth: false });
    expect(weeks.flat().filter((d) => d.inMonth)).toHaveLength(31);
  });

  it('has no padding for a month that is exactly four Monday-first weeks (February 2027)', () => {
    const weeks = monthGrid('2027-02');
    expect(weeks).toHaveLength(4);
    expect(weeks.flat().every((d) => d.inMonth)).toBe(true);
    expect(weeks[0]![0]!.date).toBe('2027-02-01');
  });

  it('needs six rows for a 31-day month starting on a Sunday (August 2027) and handles leap February', () => {
    const aug = monthGrid('2027-08');
    expect(aug).toHaveLength(6);
    expect(aug[0]!.slice(0, 6).every((d) => !d.inMonth)).toBe(true);
    expect(aug[0]![6]!.date).toBe('2027-08-01');
    expect(monthBounds('2028-02')).toEqual({ first: '2028-02-01', last: '2028-02-29' });
  });

  it('moves months across year boundaries', () => {
    expect(addMonths('2026-12', 1)).toBe('2027-01');
    expect(addMonths('2027-01', -1)).toBe('2026-12');
    expect(addMonths('2026-05', -17)).toBe('2024-12');
  });
});

describe('keyboard moves', () => {
  it('arrows move by day and week across month ends; Home/End go to Monday/Sunday', () => {
    expect(moveFocus('2026-12-31', 'ArrowRight')).toBe('2027-01-01');
    expect(moveFocus('2026-12-01', 'ArrowLeft')).toBe('2026-11-30');
    expect(moveFocus('2026-12-03', 'ArrowUp')).toBe('2026-11-26');
    expect(moveFocus('2026-12-30', 'ArrowDown')).toBe('2027-01-06');
    expect(moveFocus('2026-12-03', 'Home')).toBe('2026-11-30');
    expect(moveFocus('2026-12-03', 'End')).toBe('2026-12-06');
    expect(moveFocus('2026-12-03', 'a')).toBeNull();
  });

  it('PageUp/PageDown keep the day of month, clamped to the shorter month', () => {
    expect(moveFocus('2027-01-31', 'PageDown')).toBe('2027-02-28');
    expect(moveFocus('2027-03-31', 'PageUp')).toBe('2027-02-28');
    expect(moveFocus('2027-03-15', 'PageUp')).toBe('2027-02-15');
  });

  it('the single tab stop prefers the focused, then the selected, then the first enabled day of the month', () => {
    const enabled = new Set(['2026-12-09', '2026-12-04', '2027-01-02']);
    expect(tabStop('2026-12', '2026-12-20', '2026-12-09', enabled)).toBe('2026-12-20');
    expect(tabStop('2026-12', '2026-11-30', '2026-12-09', enabled)).toBe('2026-12-09');
    expect(tabStop('2026-12', null, null, enabled)).toBe('2026-12-04');
    expect(tabStop('2027-02', null, null, enabled)).toBe('2027-02-01');
  });
});
