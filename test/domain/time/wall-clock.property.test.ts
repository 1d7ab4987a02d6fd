/**
 * wallClockToInstant (src/domain/time/zones.ts): the one wall-clock → instant conversion the calendar
 * connectors use for iCalendar TZID times and Graph dateTimeTimeZone values.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { localDate, localParts, wallClockToInstant } from '../../../src/domain/time/zones.ts';

const ZONES = ['Europe/Berlin', 'America/New_York', 'Australia/Lord_Howe', 'Asia/Kolkata', 'Pacific/Chatham', 'America/Santiago', 'UTC'];

describe('wallClockToInstant', () => {
  it('round-trips every instant through its wall clock (ambiguous times → the first occurrence)', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2040, 0, 1) }), fc.constantFrom(...ZONES), (instant, zone) => {
        const p = localParts(instant, zone);
        const back = wallClockToInstant(localDate(instant, zone), p.hour, p.minute, p.second, instant % 1000, zone);
        // Equal, or (fall back) an earlier instant with the same wall clock.
        if (back !== instant) {
          expect(back).toBeLessThan(instant);
          expect(localParts(back, zone)).toEqual(p);
        } else {
          expect(back).toBe(instant);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('reads a time inside a DST gap with the offset before it (RFC 5545 §3.3.5)', () => {
    // Berlin 2026-03-29: 02:00 CET → 03:00 CEST; 02:30 does not exist → 01:30Z = 03:30 CEST.
    expect(new Date(wallClockToInstant('2026-03-29', 2, 30, 0, 0, 'Europe/Berlin')).toISOString()).toBe('2026-03-29T01:30:00.000Z');
    // New York 2026-03-08: 02:00 EST → 03:00 EDT; 02:15:30.250 → 07:15:30.250Z.
    expect(new Date(wallClockToInstant('2026-03-08', 2, 15, 30, 250, 'America/New_York')).toISOString()).toBe('2026-03-08T07:15:30.250Z');
  });

  it('takes the first of two fall-back occurrences and keeps seconds and milliseconds', () => {
    // Berlin 2026-10-25: 02:30 happens at 00:30Z (CEST) and 01:30Z (CET).
    expect(new Date(wallClockToInstant('2026-10-25', 2, 30, 15, 500, 'Europe/Berlin')).toISOString()).toBe('2026-10-25T00:30:15.500Z');
  });
});
