import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type BookingForEvent, eventDraftFromBooking, eventKeyForBooking } from '../../../src/domain/calendar-events/event-from-booking.ts';

const BOOKING: BookingForEvent = {
  id: '0f8fad5b-d9cb-469f-a165-70867728950e',
  serviceName: 'Consultation',
  providerName: 'Dr. Grace Hopper',
  customer: { name: 'Ada Lovelace', email: 'ada@example.com', phone: '+44 20 7946 0958' },
  start: Date.parse('2026-03-30T07:00:00Z'),
  end: Date.parse('2026-03-30T07:45:00Z'),
  timeZone: 'Europe/Berlin',
  intake: [
    { label: 'Topic', value: 'Analytical engines' },
    { label: 'Notes', value: 'Line one\nLine two' },
    { label: 'Empty', value: '   ' },
  ],
  manageUrl: 'https://book.example.com/m/abc.def',
  status: 'confirmed',
};

/** Google Calendar event ids: base32hex (lowercase a–v, 0–9), 5–1024 characters. */
const GOOGLE_EVENT_ID = /^[a-v0-9]{5,1024}$/;

describe('eventKeyForBooking', () => {
  const REF = '3f2a9c0e5b7d41e8a6c4f1b2d3e4a5b6';

  it("is 'sfr' + the booking's random external ref: nothing of the booking id in it", () => {
    expect(eventKeyForBooking({ id: BOOKING.id, externalRef: REF })).toBe(`sfr${REF}`);
    fc.assert(
      fc.property(fc.uuid(), fc.stringMatching(/^[0-9a-f]{32}$/), (id, ref) => {
        const key = eventKeyForBooking({ id, externalRef: ref });
        expect(key).toBe(`sfr${ref}`);
        expect(key).not.toContain(id.replace(/-/g, '').toLowerCase().slice(0, 12));
      }),
      { numRuns: 200 },
    );
  });

  it("for a booking made before migration 0008 (no ref) it stays 'sf' + the UUID's hex digits, so its written events are found", () => {
    expect(eventKeyForBooking({ id: BOOKING.id })).toBe('sf0f8fad5bd9cb469fa16570867728950e');
    expect(eventKeyForBooking({ id: BOOKING.id, externalRef: null })).toBe('sf0f8fad5bd9cb469fa16570867728950e');
    expect(eventKeyForBooking({ id: BOOKING.id.toUpperCase() })).toBe('sf0f8fad5bd9cb469fa16570867728950e');
  });

  it('is valid as a Google event id, a CalDAV UID/resource name and a Graph transactionId, in both forms', () => {
    fc.assert(
      fc.property(fc.uuid(), fc.option(fc.stringMatching(/^[0-9a-f]{32}$/)), (id, ref) => {
        const key = eventKeyForBooking({ id, externalRef: ref });
        expect(key).toMatch(GOOGLE_EVENT_ID);
        expect(encodeURIComponent(`${key}.ics`)).toBe(`${key}.ics`); // path-safe as-is
        expect(key).toBe(eventKeyForBooking({ id, externalRef: ref })); // deterministic
      }),
      { numRuns: 200 },
    );
  });

  it('refuses non-UUID legacy ids and malformed refs', () => {
    for (const bad of ['', 'abc', '0f8fad5b-d9cb-469f-a165-70867728950', '0f8fad5bd9cb469fa16570867728950e', 'g'.repeat(36)]) {
      expect(() => eventKeyForBooking({ id: bad })).toThrow(RangeError);
    }
    for (const bad of ['', 'abc', REF.toUpperCase(), `${REF}0`, REF.slice(1), 'g'.repeat(32)]) {
      expect(() => eventKeyForBooking({ id: BOOKING.id, externalRef: bad })).toThrow(RangeError);
    }
  });
});

describe('eventDraftFromBooking', () => {
  it("names the booking's rooms and equipment after the provider", () => {
    const lines = eventDraftFromBooking({ ...BOOKING, resourceNames: 'Room 2, Laser A' }).description.split('\n');
    expect(lines.slice(lines.indexOf('Provider: Dr. Grace Hopper'), lines.indexOf('Provider: Dr. Grace Hopper') + 2)).toEqual([
      'Provider: Dr. Grace Hopper',
      'Room & equipment: Room 2, Laser A',
    ]);
  });

  it('builds title, description, key and times', () => {
    const d = eventDraftFromBooking(BOOKING);
    expect(d).toEqual({
      eventKey: 'sf0f8fad5bd9cb469fa16570867728950e',
      bookingId: BOOKING.id,
      title: 'Consultation – Ada Lovelace',
      description: [
        'Customer: Ada Lovelace',
        'Email: ada@example.com',
        'Phone: +44 20 7946 0958',
        'Provider: Dr. Grace Hopper',
        '',
        'Booking form:',
        'Topic: Analytical engines',
        'Notes: Line one',
        '  Line two',
        '',
        'Status: confirmed',
        'Booking: 0f8fad5b-d9cb-469f-a165-70867728950e',
        'Manage: https://book.example.com/m/abc.def',
        '',
        'Created by slotflow. Changes made here are not applied to the booking.',
      ].join('\n'),
      start: BOOKING.start,
      end: BOOKING.end,
      timeZone: 'Europe/Berlin',
    });
    expect(d.attendees).toBeUndefined();
  });

  it('leaves out missing contact details, empty intake and a missing manage link', () => {
    const d = eventDraftFromBooking({ ...BOOKING, customer: { name: 'Ada Lovelace', email: null, phone: '' }, intake: [], manageUrl: undefined });
    expect(d.description).toBe(
      [
        'Customer: Ada Lovelace',
        'Provider: Dr. Grace Hopper',
        '',
        'Status: confirmed',
        'Booking: 0f8fad5b-d9cb-469f-a165-70867728950e',
        '',
        'Created by slotflow. Changes made here are not applied to the booking.',
      ].join('\n'),
    );
  });

  it.each([
    ['held', '[Held] Consultation – Ada Lovelace', 'Status: held (awaiting confirmation)'],
    ['pending', '[Pending approval] Consultation – Ada Lovelace', 'Status: pending approval'],
    ['confirmed', 'Consultation – Ada Lovelace', 'Status: confirmed'],
    ['cancelled', '[Cancelled] Consultation – Ada Lovelace', 'Status: cancelled'],
    ['completed', 'Consultation – Ada Lovelace', 'Status: completed'],
    ['something_new', 'Consultation – Ada Lovelace', 'Status: something_new'],
  ])('status %s → title %j', (status, title, line) => {
    const d = eventDraftFromBooking({ ...BOOKING, status });
    expect(d.title).toBe(title);
    expect(d.description.split('\n')).toContain(line);
  });

  it('keeps title and single-line fields on one line', () => {
    const d = eventDraftFromBooking({
      ...BOOKING,
      serviceName: ' Consultation\n(extended) ',
      customer: { name: 'Ada\r\nLovelace' },
      intake: [{ label: 'Multi\nline label', value: 'x' }],
    });
    expect(d.title).toBe('Consultation (extended) – Ada Lovelace');
    expect(d.description).toContain('Customer: Ada Lovelace\n');
    expect(d.description).toContain('Multi line label: x\n');
  });

  it('refuses an event that does not end after it starts', () => {
    expect(() => eventDraftFromBooking({ ...BOOKING, end: BOOKING.start })).toThrow(RangeError);
    expect(() => eventDraftFromBooking({ ...BOOKING, end: Number.NaN })).toThrow(RangeError);
  });
});
