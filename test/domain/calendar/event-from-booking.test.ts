import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type BookingForEvent,
  bookingIdFromEventKey,
  eventDraftFromBooking,
  eventKeyForBooking,
} from '../../../src/domain/calendar/event-from-booking.ts';

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

describe('eventKeyForBooking / bookingIdFromEventKey', () => {
  it("is 'sf' + the UUID's hex digits, lowercase, without dashes", () => {
    expect(eventKeyForBooking(BOOKING.id)).toBe('sf0f8fad5bd9cb469fa16570867728950e');
    expect(eventKeyForBooking(BOOKING.id.toUpperCase())).toBe('sf0f8fad5bd9cb469fa16570867728950e');
  });

  it('is valid as a Google event id, a CalDAV UID/resource name and a Graph transactionId, and round-trips', () => {
    fc.assert(
      fc.property(fc.uuid(), (id) => {
        const key = eventKeyForBooking(id);
        expect(key).toMatch(GOOGLE_EVENT_ID);
        expect(encodeURIComponent(`${key}.ics`)).toBe(`${key}.ics`); // path-safe as-is
        expect(key).toBe(eventKeyForBooking(id)); // deterministic
        expect(bookingIdFromEventKey(key)).toBe(id.toLowerCase());
      }),
      { numRuns: 200 },
    );
  });

  it('refuses non-UUID booking ids', () => {
    for (const bad of ['', 'abc', '0f8fad5b-d9cb-469f-a165-70867728950', '0f8fad5bd9cb469fa16570867728950e', 'g'.repeat(36)]) {
      expect(() => eventKeyForBooking(bad)).toThrow(RangeError);
    }
  });

  it('reads only keys it made', () => {
    for (const other of ['', 'sf', 'sf0f8fad5b', 'SF0f8fad5bd9cb469fa16570867728950e', 'sf0F8FAD5BD9CB469FA16570867728950E', 'xx0f8fad5bd9cb469fa16570867728950e', 'sf0f8fad5bd9cb469fa16570867728950e0', 'sf0f8fad5bd9cb469fa16570867728950e.ics', 'abc123@google.com']) {
      expect(bookingIdFromEventKey(other)).toBeNull();
    }
  });
});

describe('eventDraftFromBooking', () => {
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
