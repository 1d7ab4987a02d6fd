/** The front desk's new booking, pure parts (web/src/admin/frontdesk/new-booking.ts). */
import { describe, expect, it } from 'vitest';
import { attachmentName } from '../../../web/src/admin/frontdesk/content-disposition.ts';
import { choiceStart, intakeAnswers, newBookingBody, parseTime, slotAtTime } from '../../../web/src/admin/frontdesk/new-booking.ts';

const slot = (start: string, providerId: string) => ({ start, end: start, providerId });

describe('front desk new booking', () => {
  it('reads a typed time on the chosen day in the admin zone (DST included)', () => {
    expect(parseTime('18:15')).toBe(18 * 60 + 15);
    expect(parseTime('24:00')).toBeNull();
    expect(parseTime('9:00')).toBeNull();
    expect(choiceStart({ kind: 'override', time: '18:15' }, '2026-12-07', 'Europe/Berlin')).toBe(Date.parse('2026-12-07T17:15:00Z'));
    expect(choiceStart({ kind: 'override', time: '18:15' }, '2026-07-07', 'Europe/Berlin')).toBe(Date.parse('2026-07-07T16:15:00Z'));
    expect(choiceStart({ kind: 'slot', slot: slot('2026-12-07T11:00:00+01:00', 'p') }, '2026-12-07', 'UTC')).toBe(Date.parse('2026-12-07T10:00:00Z'));
  });
  it('treats a typed time that is a free slot of the provider as that slot, not an override', () => {
    const slots = [slot('2026-12-07T11:00:00+01:00', 'a'), slot('2026-12-07T11:00:00+01:00', 'b')];
    const at = Date.parse('2026-12-07T10:00:00Z');
    expect(slotAtTime(slots, at, 'b')?.providerId).toBe('b');
    expect(slotAtTime(slots, at, 'c')).toBeUndefined();
    expect(slotAtTime(slots, at, undefined)?.providerId).toBe('a');
    expect(slotAtTime(slots, at + 60_000, 'a')).toBeUndefined();
  });
  it('builds the request: blanks left out, override only when set', () => {
    const fields = [
      { key: 'reason', label: 'Reason', type: 'text' as const, required: true },
      { key: 'consent', label: 'Consent', type: 'checkbox' as const, required: false },
      { key: 'note', label: 'Note', type: 'textarea' as const, required: false },
    ];
    expect(intakeAnswers(fields, { reason: ' Knee ', consent: false, note: '  ' })).toEqual({ reason: 'Knee' });
    expect(intakeAnswers(fields, { consent: true })).toEqual({ consent: true });
    const body = newBookingBody({
      serviceId: 's',
      providerId: undefined,
      start: Date.parse('2026-12-07T10:00:00Z'),
      override: false,
      customer: { name: ' Wendy ', email: '', phone: '+49 170 1' },
      intake: {},
    });
    expect(body).toEqual({ serviceId: 's', start: '2026-12-07T10:00:00.000Z', customer: { name: 'Wendy', phone: '+49 170 1' }, intake: {} });
    expect(
      newBookingBody({ ...{ serviceId: 's', providerId: 'p', start: 0, customer: { name: 'W', email: '', phone: '' }, intake: {} }, override: true }),
    ).toMatchObject({
      providerId: 'p',
      override: true,
    });
  });
  it("takes the export's file name from Content-Disposition", () => {
    expect(attachmentName('attachment; filename="bookings-2026-12-06.csv"', 'x.csv')).toBe('bookings-2026-12-06.csv');
    expect(attachmentName(null, 'x.csv')).toBe('x.csv');
  });
});
