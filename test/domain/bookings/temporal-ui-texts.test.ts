import { describe, expect, it } from 'vitest';
import { bookingDetails, bookingSummary, localTime, reminderSummary } from '../../../src/domain/bookings/temporal-ui-texts.ts';

const display = { serviceName: 'Haircut', customerName: 'Ada Lovelace', timeZone: 'Europe/Berlin' };

describe('what a booking shows in the Temporal UI', () => {
  it('names the local time with its zone, across a DST change', () => {
    expect(localTime(Date.parse('2026-12-08T09:00:00Z'), 'Europe/Berlin')).toBe('Tue 2026-12-08 10:00 Europe/Berlin');
    expect(localTime(Date.parse('2026-10-25T00:30:00Z'), 'Europe/Berlin')).toBe('Sun 2026-10-25 02:30 Europe/Berlin'); // first 02:30
    expect(localTime(Date.parse('2026-10-25T01:30:00Z'), 'Europe/Berlin')).toBe('Sun 2026-10-25 02:30 Europe/Berlin'); // repeated hour
    expect(localTime(Date.parse('2026-12-08T09:00:00Z'), 'America/New_York')).toBe('Tue 2026-12-08 04:00 America/New_York');
  });

  it('the list line: service · customer · local time', () => {
    expect(bookingSummary(display, Date.parse('2026-12-08T09:00:00Z'))).toBe('Haircut · Ada Lovelace · Tue 2026-12-08 10:00 Europe/Berlin');
  });

  it('a customer name cannot break the line or inject markdown, and long names are cut', () => {
    const s = bookingSummary({ ...display, customerName: 'Eve\n**[click](http://x)**' + 'x'.repeat(80) }, Date.parse('2026-12-08T09:00:00Z'));
    expect(s).not.toMatch(/[\n*[\]]/);
    expect(s.split(' · ')[1]!.length).toBeLessThanOrEqual(60);
  });

  it('current details: status in bold, names, time, version and reminders; UTC without display', () => {
    const b = { status: 'cancelled', start: Date.parse('2026-12-08T09:00:00Z'), version: 3, remindersSent: 1 };
    expect(bookingDetails(b, display)).toBe('**cancelled** · Haircut · Ada Lovelace\n\nTue 2026-12-08 10:00 Europe/Berlin · version 3 · reminders sent 1');
    expect(bookingDetails(b, undefined)).toBe('**cancelled**\n\nTue 2026-12-08 09:00 UTC · version 3 · reminders sent 1');
  });

  it.each([
    [1440 * 60_000, 'reminder 24 h before'],
    [2 * 1440 * 60_000, 'reminder 2 d before'],
    [60 * 60_000, 'reminder 1 h before'],
    [90 * 60_000, 'reminder 90 min before'],
    [25 * 60 * 60_000, 'reminder 25 h before'],
    [0, 'reminder 0 min before'],
  ])('reminder timer %d ms before the start → "%s"', (ms, text) => {
    expect(reminderSummary(ms)).toBe(text);
  });
});
