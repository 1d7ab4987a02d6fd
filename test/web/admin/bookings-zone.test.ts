/** The booking screens' Intl-based zone arithmetic, DST days included. */
import { describe, expect, it } from 'vitest';
import { addDays, dayBounds, isoInZone, isoWeekday, parseLocalDateTime, wallClock, zonedInstant } from '../../../web/src/admin/bookings/zone.ts';

const Z = (iso: string) => Date.parse(iso);

describe('zone arithmetic', () => {
  it('reads the wall clock of an instant in a zone', () => {
    expect(wallClock(Z('2026-03-02T08:30:00Z'), 'Europe/Berlin')).toEqual({ date: '2026-03-02', minutes: 9 * 60 + 30 });
    expect(wallClock(Z('2026-03-02T03:00:00Z'), 'America/New_York')).toEqual({ date: '2026-03-01', minutes: 22 * 60 });
  });

  it('turns a local wall time into its instant, with gap and overlap rules', () => {
    expect(zonedInstant('2026-07-01', 9 * 60, 'Europe/Berlin')).toBe(Z('2026-07-01T07:00:00Z'));
    expect(zonedInstant('2026-01-15', 0, 'America/New_York')).toBe(Z('2026-01-15T05:00:00Z'));
    // 02:30 does not exist on 29 Mar 2026 in Berlin: the transition (03:00 CEST = 01:00Z).
    expect(zonedInstant('2026-03-29', 150, 'Europe/Berlin')).toBe(Z('2026-03-29T01:00:00Z'));
    // 02:30 happens twice on 25 Oct 2026: the first occurrence (CEST).
    expect(zonedInstant('2026-10-25', 150, 'Europe/Berlin')).toBe(Z('2026-10-25T00:30:00Z'));
  });

  it('gives 23- and 25-hour days on DST changes', () => {
    const [s1, e1] = dayBounds('2026-03-29', 'Europe/Berlin');
    expect([s1, e1]).toEqual([Z('2026-03-28T23:00:00Z'), Z('2026-03-29T22:00:00Z')]);
    const [s2, e2] = dayBounds('2026-10-25', 'Europe/Berlin');
    expect((e2 - s2) / 3_600_000).toBe(25);
    const [s3, e3] = dayBounds('2026-03-08', 'America/New_York');
    expect((e3 - s3) / 3_600_000).toBe(23);
  });

  it('does date arithmetic across months and years', () => {
    expect(addDays('2025-12-31', 1)).toBe('2026-01-01');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
    expect(isoWeekday('2026-03-01')).toBe(7);
    expect(isoWeekday('2026-03-02')).toBe(1);
  });

  it('parses datetime-local values in a zone and prints instants with the zone offset', () => {
    expect(parseLocalDateTime('2026-07-01T09:15', 'Europe/Berlin')).toBe(Z('2026-07-01T07:15:00Z'));
    expect(parseLocalDateTime('2026-02-30T09:15', 'Europe/Berlin')).toBeNull();
    expect(parseLocalDateTime('2026-07-01 09:15', 'Europe/Berlin')).toBeNull();
    expect(isoInZone(Z('2026-07-01T07:15:00Z'), 'Europe/Berlin')).toBe('2026-07-01T09:15:00+02:00');
    expect(isoInZone(Z('2026-01-15T05:00:00Z'), 'America/New_York')).toBe('2026-01-15T00:00:00-05:00');
    expect(isoInZone(Z('2026-01-15T05:00:00Z'), 'Asia/Kolkata')).toBe('2026-01-15T10:30:00+05:30');
    expect(Date.parse(isoInZone(Z('2026-01-15T05:00:00Z'), 'Asia/Kolkata'))).toBe(Z('2026-01-15T05:00:00Z'));
  });
});
