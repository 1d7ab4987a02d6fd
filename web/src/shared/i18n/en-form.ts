/**
 * English of the booking widget's details step and confirmation: bundled with them in their lazy chunk
 * (loaded while the customer picks a time), not in the first load. de.ts translates every key.
 */
import { translator } from './i18n.ts';

export const form = {
  name: 'Name',
  email: 'E-mail',
  phone: 'Phone',
  optional: '(optional)',
  choose: 'Choose…',
  booking: 'Booking…',
  confirm: 'Confirm booking',
  retry: 'Retry',
  // Field problems the form checks itself (the same rules as the server: src/domain/bookings/intake.ts).
  isRequired: 'is required',
  notEmail: 'must be an e-mail address, e.g. name@example.com',
  notPhone: 'must be a phone number of 7 to 15 digits, optionally starting with +, e.g. +49 30 1234567',
  mustCheck: 'must be checked',
  tooLong: 'must be at most {n} characters',
  // Problems of an action (action-problems.ts).
  slotTakenAt: 'Sorry, someone just booked {time} — here are the times still free.',
  slotTaken: 'Sorry, that time was just taken — here are the times still free.',
  checkFields: 'Please check: {list}',
  fixFields: 'Please correct the highlighted fields.',
  securityCheck: 'We could not complete the security check for this booking. Please try again.',
  tooLate: 'This change is no longer possible online: it is too close to the appointment.',
  // The confirmation.
  withProvider: '{service} with {provider}',
  manageDetails: 'Change or cancel: {url}',
  what: 'What',
  when: 'When',
  seat: 'Seat',
  seatOf: { one: '1 seat in this group class ({n} seat per session)', other: '1 seat in this group class ({n} seats per session)' },
  status: 'Status',
  st_pending: 'awaiting approval',
  st_confirmed: 'confirmed',
  st_held: 'held',
  pendingEmailed: 'Request received — awaiting approval. We will e-mail you when it is confirmed.',
  pendingQuiet: 'Request received — awaiting approval.',
  bookedEmailed: 'You are booked. A confirmation is on its way to your inbox.',
  bookedQuiet: 'You are booked — your appointment is confirmed.',
  addToCalendar: 'Add to calendar:',
  icsFile: '.ics file',
  noEmailPending: 'No e-mail will be sent: open the link below later to see whether it was approved.',
  noEmail: 'No e-mail will be sent: add it to your calendar and keep the link below.',
  needChange: 'Need to change or cancel?',
  manageLink: 'Manage your booking',
};

export const t = translator('form', form);
