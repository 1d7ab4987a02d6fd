/**
 * #20 item 3 in messages: a service's location becomes the message's "Where" line, the invitation's LOCATION
 * and the calendar event's location; the business's phone / e-mail from the settings sign off every e-mail
 * (and nothing is added when none is set).
 */
import { describe, expect, it } from 'vitest';
import { eventDraftFromBooking, type BookingForEvent } from '../../../src/domain/calendar-events/event-from-booking.ts';
import { renderEmail, renderIcs } from '../../../src/domain/messages/render-message.ts';
import { bookingMessageContext, type BookingMessageFacts } from '../../../src/use-cases/booking-message-context.ts';
import { businessContact } from '../../../src/use-cases/business-settings.ts';

const BOOKING: BookingMessageFacts = {
  id: '0f8fad5b-d9cb-469f-a165-70867728950e',
  version: 2,
  locale: 'en',
  customer_name: 'Lee Park',
  customer_time_zone: 'Europe/Berlin',
  start_time: new Date('2026-12-07T08:00:00Z'),
  end_time: new Date('2026-12-07T08:30:00Z'),
  intake: {},
  cancel_reason: null,
};
const NAMES = { serviceName: 'Video consult', intake_fields: [], providerName: 'Dr. Kim', time_zone: 'Europe/Berlin' };
const ICS_OPTS = {
  stamp: Date.parse('2026-12-01T00:00:00Z'),
  uidDomain: 'slotflow.test',
  externalRef: null,
  organizer: { name: 'Praxis', email: 'no-reply@praxis.example' },
  attendee: { name: 'Lee Park', email: 'lee@example.com' },
};

describe('location and business contact in messages', () => {
  it("a video link is the e-mail's Where line and the invitation's LOCATION", () => {
    const ctx = bookingMessageContext(
      BOOKING,
      { ...NAMES, location_value: 'https://meet.example/room-7' },
      { kind: 'confirmation', businessName: 'Praxis Weber', businessContact: '+49 30 1234567 · hi@weber.example' },
    );
    expect(ctx.location).toBe('https://meet.example/room-7');
    const email = renderEmail(ctx);
    expect(email.text).toContain('Where: https://meet.example/room-7');
    expect(email.text).toMatch(/Praxis Weber\n\+49 30 1234567 · hi@weber\.example\n$/);
    expect(email.html).toContain('Praxis Weber<br>+49 30 1234567 · hi@weber.example</p>');
    const ics = renderIcs(ctx, ICS_OPTS)!;
    expect(ics).toContain('LOCATION:https://meet.example/room-7');
  });

  it('an address keeps its commas escaped in LOCATION (RFC 5545 TEXT)', () => {
    const confirmation = bookingMessageContext(BOOKING, { ...NAMES, location_value: 'Hauptstr. 1, 10115 Berlin' }, { kind: 'confirmation', businessName: 'P' });
    expect(renderIcs(confirmation, ICS_OPTS)).toContain('LOCATION:Hauptstr. 1\\, 10115 Berlin');
  });

  it('no location and no contact: no Where line, no LOCATION, nothing after the name', () => {
    const ctx = bookingMessageContext(
      BOOKING,
      { ...NAMES, location_value: null },
      { kind: 'confirmation', businessName: 'Praxis Weber', businessContact: null },
    );
    expect(ctx.location).toBeUndefined();
    const email = renderEmail(ctx);
    expect(email.text).not.toContain('Where:');
    expect(email.text).toMatch(/Praxis Weber\n$/);
    expect(email.html).toContain('Praxis Weber</p>');
    expect(renderIcs(ctx, ICS_OPTS)).not.toContain('LOCATION');
  });

  it("the calendar event's location is the service's, on one line", () => {
    const b: BookingForEvent = {
      id: BOOKING.id,
      serviceName: 'Video consult',
      providerName: 'Dr. Kim',
      customer: { name: 'Lee Park' },
      start: BOOKING.start_time.getTime(),
      end: BOOKING.end_time.getTime(),
      timeZone: 'Europe/Berlin',
      intake: [],
      status: 'confirmed',
    };
    expect(eventDraftFromBooking({ ...b, location: 'Hauptstr. 1,\n10115 Berlin' }).location).toBe('Hauptstr. 1, 10115 Berlin');
    expect('location' in eventDraftFromBooking(b)).toBe(false);
    expect('location' in eventDraftFromBooking({ ...b, location: '  ' })).toBe(false);
  });

  it('the contact line joins phone and e-mail, whichever are set', () => {
    expect(businessContact({ phone: '+49 30 1', email: 'a@b.example' })).toBe('+49 30 1 · a@b.example');
    expect(businessContact({ phone: null, email: 'a@b.example' })).toBe('a@b.example');
    expect(businessContact({ phone: null, email: null })).toBeNull();
  });
});
