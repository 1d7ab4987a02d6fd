/**
 * isValidTimeZone accepts IANA names only, on every Node version: Node 24's V8 also accepts UTC offsets
 * ("+03:00") as Intl time zones, and an offset has no DST rules (a booking in it would drift by an hour).
 */
import { describe, expect, it } from 'vitest';
import { isValidTimeZone } from '../../../src/domain/time/zones.ts';

describe('isValidTimeZone', () => {
  it('accepts IANA names, refuses offsets, unknown names and junk', () => {
    for (const zone of ['Europe/Berlin', 'America/Argentina/Buenos_Aires', 'UTC', 'Etc/GMT+3', 'Pacific/Kiritimati']) expect(isValidTimeZone(zone)).toBe(true);
    for (const zone of ['+03:00', '-0500', '+14', 'Mars/Olympus', '', ' Europe/Berlin', 'x'.repeat(65)]) expect(isValidTimeZone(zone)).toBe(false);
  });
});
