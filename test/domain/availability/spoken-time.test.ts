import { describe, expect, it } from 'vitest';
import { spokenLabel } from '../../../src/domain/availability/spoken-time.ts';

describe('spokenLabel', () => {
  const t = Date.parse('2030-12-10T09:30:00Z');
  it("says the time in the caller's zone and language", () => {
    expect(spokenLabel(t, 'Europe/Berlin', 'en')).toBe('Tuesday 10 December at 10:30');
    expect(spokenLabel(t, 'Europe/Berlin', 'de-AT')).toBe('Dienstag, 10. Dezember um 10:30');
    expect(spokenLabel(t, 'America/New_York', 'en-US')).toBe('Tuesday, December 10 at 4:30 AM');
    expect(spokenLabel(t, 'Asia/Kolkata', 'fr')).toBe('Tuesday 10 December at 15:00');
  });
  it('crosses DST changes with the local wall time', () => {
    // Berlin springs forward 2030-03-31 02:00 → 03:00; New York falls back 2030-11-03 02:00 → 01:00.
    expect(spokenLabel(Date.parse('2030-03-31T00:30:00Z'), 'Europe/Berlin')).toBe('Sunday 31 March at 01:30');
    expect(spokenLabel(Date.parse('2030-03-31T01:30:00Z'), 'Europe/Berlin')).toBe('Sunday 31 March at 03:30');
    expect(spokenLabel(Date.parse('2030-11-03T05:30:00Z'), 'America/New_York', 'en-US')).toBe('Sunday, November 3 at 1:30 AM');
    expect(spokenLabel(Date.parse('2030-11-03T06:30:00Z'), 'America/New_York', 'en-US')).toBe('Sunday, November 3 at 1:30 AM');
  });
  it('midnight and noon in 24-hour and 12-hour speech', () => {
    expect(spokenLabel(Date.parse('2030-06-01T00:00:00Z'), 'UTC')).toBe('Saturday 1 June at 00:00');
    expect(spokenLabel(Date.parse('2030-06-01T12:00:00Z'), 'UTC', 'en-US')).toBe('Saturday, June 1 at 12:00 PM');
  });
});
