import { describe, expect, it } from 'vitest';
import type { Override } from '../../../web/src/api/types.ts';
import { nextSaturday, thisAfternoon, workdayEnd } from '../../../web/src/admin/catalog/quick-actions.ts';

const WEEK = {
  mon: [
    ['09:00', '12:00'],
    ['13:00', '17:00'],
  ],
  tue: [['09:00', '11:30']],
  wed: [['18:00', '24:00']],
  thu: [],
  fri: [['09:00', '17:00']],
  sat: [],
  sun: [],
} as never;

const hoursOverride = (date: string, hours: [string, string][]): Override => ({
  id: 'x',
  providerId: 'p',
  kind: 'hours',
  date,
  hours,
  reason: null,
  createdAt: '2026-01-01T00:00:00Z',
});

describe('"Block this afternoon"', () => {
  it("is today 12:00 until the end of today's last range, in the provider's zone", () => {
    // Monday 2026-12-07 09:00 in Berlin.
    expect(thisAfternoon(Date.parse('2026-12-07T08:00:00Z'), 'Europe/Berlin', WEEK, [])).toEqual({
      ok: true,
      range: { date: '2026-12-07', from: '12:00', to: '17:00' },
    });
  });

  it('takes today from the zone, not from UTC', () => {
    // 07:30 UTC Monday is still Sunday 23:30 in Los Angeles: Sunday is off.
    expect(thisAfternoon(Date.parse('2026-12-07T07:30:00Z'), 'America/Los_Angeles', WEEK, [])).toEqual({ ok: false, reason: 'no working hours today' });
    // The same instant is Monday 20:30 in Auckland: work ended at 17:00.
    expect(thisAfternoon(Date.parse('2026-12-07T07:30:00Z'), 'Pacific/Auckland', WEEK, [])).toEqual({ ok: false, reason: "today's work ended at 17:00" });
  });

  it('uses a date override of today instead of the weekly hours', () => {
    const now = Date.parse('2026-12-07T08:00:00Z');
    expect(thisAfternoon(now, 'Europe/Berlin', WEEK, [hoursOverride('2026-12-08', []), hoursOverride('2026-12-07', [['08:00', '19:30']])])).toEqual({
      ok: true,
      range: { date: '2026-12-07', from: '12:00', to: '19:30' },
    });
    expect(thisAfternoon(now, 'Europe/Berlin', WEEK, [hoursOverride('2026-12-07', [])])).toEqual({ ok: false, reason: 'no working hours today' });
  });

  it('is unavailable when the day ends by noon, and runs to midnight (00:00) when the day does', () => {
    expect(thisAfternoon(Date.parse('2026-12-08T07:00:00Z'), 'Europe/Berlin', WEEK, [])).toEqual({
      ok: false,
      reason: "today's work ends at 11:30, before noon",
    });
    expect(thisAfternoon(Date.parse('2026-12-09T07:00:00Z'), 'Europe/Berlin', WEEK, [])).toEqual({
      ok: true,
      range: { date: '2026-12-09', from: '12:00', to: '00:00' },
    });
    expect(workdayEnd('2026-12-09', WEEK, [])).toBe(1440);
    expect(workdayEnd('2026-12-10', WEEK, [])).toBeNull();
  });
});

describe('"Open Saturday"', () => {
  it('is the next Saturday after today in the zone, 10:00–14:00 by default', () => {
    expect(nextSaturday(Date.parse('2026-12-07T08:00:00Z'), 'Europe/Berlin')).toEqual({ date: '2026-12-12', from: '10:00', to: '14:00' });
    // On a Saturday it is the one a week later.
    expect(nextSaturday(Date.parse('2026-12-12T10:00:00Z'), 'Europe/Berlin')).toEqual({ date: '2026-12-19', from: '10:00', to: '14:00' });
    // Saturday 00:30 UTC is Friday evening in New York (→ tomorrow) but Saturday in Berlin (→ a week on).
    expect(nextSaturday(Date.parse('2026-12-12T00:30:00Z'), 'America/New_York').date).toBe('2026-12-12');
    expect(nextSaturday(Date.parse('2026-12-12T00:30:00Z'), 'Europe/Berlin').date).toBe('2026-12-19');
    expect(nextSaturday(Date.parse('2026-12-07T08:00:00Z'), 'UTC', '09:00', '13:00')).toEqual({ date: '2026-12-12', from: '09:00', to: '13:00' });
  });
});
