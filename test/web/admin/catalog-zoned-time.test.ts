import { describe, expect, it } from 'vitest';
import { describeRange, localRangeToInstants, localToIso } from '../../../web/src/admin/catalog/zoned-time.ts';

const HOUR = 3_600_000;

describe('local date + time in a zone → instant', () => {
  it('uses the offset in force on that date (winter / summer)', () => {
    const winter = localToIso('2026-12-07', '12:00', 'Europe/Berlin');
    expect(winter).toEqual({ ok: true, iso: '2026-12-07T12:00:00+01:00', ms: Date.parse('2026-12-07T11:00:00Z') });
    const summer = localToIso('2026-07-07', '12:00', 'Europe/Berlin');
    expect(summer).toMatchObject({ ok: true, iso: '2026-07-07T12:00:00+02:00' });
    expect(localToIso('2026-07-07', '12:00', 'America/New_York')).toMatchObject({ iso: '2026-07-07T12:00:00-04:00' });
  });

  it('moves a wall time in the spring-forward gap to the transition and says so', () => {
    const r = localToIso('2026-03-29', '02:30', 'Europe/Berlin');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.iso).toBe('2026-03-29T03:00:00+02:00');
    expect(r.ms).toBe(Date.parse('2026-03-29T01:00:00Z'));
    expect(r.note).toMatch(/02:30 does not exist.*03:00 is used/);
    expect(localToIso('2026-03-29', '03:30', 'Europe/Berlin')).toEqual({ ok: true, iso: '2026-03-29T03:30:00+02:00', ms: Date.parse('2026-03-29T01:30:00Z') });
  });

  it('takes the first of an ambiguous fall-back wall time and notes it; unambiguous times get no note', () => {
    const r = localToIso('2026-10-25', '02:30', 'Europe/Berlin');
    expect(r).toMatchObject({ ok: true, iso: '2026-10-25T02:30:00+02:00', ms: Date.parse('2026-10-25T00:30:00Z') });
    expect(r.ok && r.note).toMatch(/happens twice/);
    const ny = localToIso('2026-11-01', '01:30', 'America/New_York');
    expect(ny).toMatchObject({ ok: true, iso: '2026-11-01T01:30:00-04:00' });
    expect(ny.ok && ny.note).toMatch(/happens twice/);
    expect(localToIso('2026-10-25', '01:30', 'Europe/Berlin')).toEqual({ ok: true, iso: '2026-10-25T01:30:00+02:00', ms: Date.parse('2026-10-24T23:30:00Z') });
    expect(localToIso('2026-10-25', '03:30', 'Europe/Berlin')).toEqual({ ok: true, iso: '2026-10-25T03:30:00+01:00', ms: Date.parse('2026-10-25T02:30:00Z') });
  });

  it('makes a whole DST day 23 / 25 real hours long (00:00 until 00:00 = end of day)', () => {
    const spring = localRangeToInstants('2026-03-29', '00:00', '00:00', 'Europe/Berlin');
    expect(spring).toEqual({ ok: true, start: '2026-03-29T00:00:00+01:00', end: '2026-03-30T00:00:00+02:00', notes: [] });
    if (spring.ok) expect(Date.parse(spring.end) - Date.parse(spring.start)).toBe(23 * HOUR);
    const autumn = localRangeToInstants('2026-10-25', '00:00', '00:00', 'Europe/Berlin');
    expect(autumn.ok && Date.parse(autumn.end) - Date.parse(autumn.start)).toBe(25 * HOUR);
  });

  it('refuses missing dates and times and ranges that end before they start', () => {
    expect(localRangeToInstants('', '10:00', '12:00', 'UTC')).toEqual({ ok: false, errors: { date: 'enter a date' } });
    expect(localRangeToInstants('2026-02-30', '10:00', '12:00', 'UTC')).toEqual({ ok: false, errors: { date: 'enter a date' } });
    expect(localRangeToInstants('2026-02-03', '', '12:00', 'UTC')).toEqual({ ok: false, errors: { from: 'enter a time' } });
    expect(localRangeToInstants('2026-02-03', '12:00', '10:00', 'UTC')).toEqual({ ok: false, errors: { to: 'must be after the start time' } });
    // 02:00–02:30 on the spring-forward day both map to 03:00: an empty range, refused.
    expect(localRangeToInstants('2026-03-29', '02:00', '02:30', 'Europe/Berlin')).toEqual({ ok: false, errors: { to: 'must be after the start time' } });
  });

  it('describes ranges in the zone: same day, ending at midnight, and over several days', () => {
    expect(describeRange('2026-12-12T09:00:00Z', '2026-12-12T13:00:00Z', 'Europe/Berlin')).toBe('Sat 2026-12-12, 10:00–14:00');
    expect(describeRange('2026-12-12T09:00:00Z', '2026-12-12T13:00:00Z', 'America/New_York')).toBe('Sat 2026-12-12, 04:00–08:00');
    expect(describeRange('2026-12-07T11:00:00Z', '2026-12-07T23:00:00Z', 'Europe/Berlin')).toBe('Mon 2026-12-07, 12:00–24:00');
    expect(describeRange('2026-12-07T21:00:00Z', '2026-12-09T08:00:00Z', 'Europe/Berlin')).toBe('Mon 2026-12-07 22:00 → Wed 2026-12-09 09:00');
  });
});
