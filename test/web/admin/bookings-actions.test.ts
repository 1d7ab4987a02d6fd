/** Which admin actions the detail screen offers, by status and time (the domain's change policy). */
import { describe, expect, it } from 'vitest';
import { allowedActions, attendanceOpensIn } from '../../../web/src/admin/bookings/actions.ts';

const start = '2026-03-02T09:00:00Z';
const end = '2026-03-02T09:30:00Z';
const before = Date.parse('2026-03-02T08:00:00Z');
const during = Date.parse('2026-03-02T09:10:00Z');
const after = Date.parse('2026-03-02T09:45:00Z');
const offered = (status: string, now: number) =>
  Object.entries(allowedActions({ status, start, end }, now))
    .filter(([, on]) => on)
    .map(([k]) => k)
    .sort();

describe('allowedActions', () => {
  it('offers approve and decline only for pending bookings', () => {
    expect(offered('pending', before)).toEqual(['approve', 'cancel', 'decline', 'reschedule']);
    expect(offered('confirmed', before)).toEqual(['cancel', 'reschedule']);
  });

  it('offers attendance only once a confirmed booking has started, and until the workflow ends it', () => {
    expect(allowedActions({ status: 'confirmed', start, end }, before).attendance).toBe(false);
    expect(allowedActions({ status: 'confirmed', start, end }, Date.parse(start)).attendance).toBe(true);
    // Once it has started an admin records attendance; cancel and reschedule are closed (#14).
    expect(offered('confirmed', during)).toEqual(['attendance']);
    expect(offered('confirmed', Date.parse(start) - 1)).toEqual(['cancel', 'reschedule']);
    // After the end, during the grace period: only attendance.
    expect(offered('confirmed', after)).toEqual(['attendance']);
    expect(allowedActions({ status: 'pending', start, end }, during).attendance).toBe(false);
  });

  it('lets a hold be cancelled but not moved, and offers nothing for ended bookings', () => {
    expect(offered('held', before)).toEqual(['cancel']);
    for (const s of ['cancelled', 'expired', 'rejected', 'completed', 'no_show']) expect(offered(s, before), s).toEqual([]);
  });

  it('says how long until attendance can be recorded', () => {
    expect(attendanceOpensIn({ status: 'confirmed', start }, before)).toBe(3_600_000);
    expect(attendanceOpensIn({ status: 'confirmed', start }, during)).toBeNull();
    expect(attendanceOpensIn({ status: 'pending', start }, before)).toBeNull();
  });
});
