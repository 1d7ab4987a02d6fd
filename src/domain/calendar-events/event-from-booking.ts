/**
 * A booking → the event slotflow writes into the provider's external calendar. Pure: no clock, no I/O.
 *
 * The event key. One key must serve all three providers:
 * - Google Calendar: `events.insert` accepts a client-chosen `id` of base32hex characters — lowercase
 *   a–v and digits 0–9 — 5 to 1024 characters long (RFC 2938 §3.1.2); a retried insert with the same id
 *   answers 409 duplicate, which is how writes stay idempotent.
 * - CalDAV: the key is the event's UID and its resource name (`<key>.ics`), so it must be URL-path-safe.
 * - Microsoft Graph: ids are the server's; the key goes into a single-value extended property and the
 *   `transactionId` (which lets Graph drop a repeated POST).
 * Format: `'sfr'` + the booking's `external_ref` (32 random hex digits the database gives every booking
 * since migration 0008; 35 characters): the key says nothing about the booking id (#21), so an event id
 * seen in a calendar URL or a shared calendar does not lead to the booking. Bookings made before 0008
 * have no external_ref and keep their legacy key, `'sf'` + the booking UUID's 32 hex digits (34
 * characters), so their events already written are still found, updated and deleted. Hex digits and the
 * letters s, f, r all lie inside base32hex's [a-v0-9]; nothing needs escaping anywhere. The prefix makes
 * slotflow's events recognisable among others.
 *
 * Content decisions:
 * - Title: "<service> – <customer>" (en dash). The event lives in the provider's calendar, so the
 *   customer's name is what the provider needs at a glance. Bookings that are not (or no longer) a firm
 *   appointment get a bracketed prefix: "[Held]", "[Pending approval]", "[Cancelled]" …
 * - Description: plain text — customer contact, intake answers as "label: value" lines (continuation
 *   lines of multi-line answers indented), then the booking id and the manage link.
 * - No attendees: adding the customer would make Google/Outlook send their own invitations next to
 *   slotflow's messages (with a different UID); the customer is named in title and description instead.
 */
import type { EventDraft } from '../../calendar-connectors/connector.ts';

export type BookingForEvent = {
  id: string;
  /** bookings.external_ref; null/absent for bookings made before migration 0008 (legacy event key). */
  externalRef?: string | null | undefined;
  serviceName: string;
  providerName: string;
  /** The rooms and equipment the booking holds, by name ("Room 2, Laser A"); absent when none. */
  resourceNames?: string | undefined;
  /** Where it takes place (the service's address or video link); the event's location. */
  location?: string | undefined;
  customer: { name: string; email?: string | null | undefined; phone?: string | null | undefined };
  /** Epoch ms. */
  start: number;
  end: number;
  /** The provider's IANA zone: the event is shown in it. */
  timeZone: string;
  /** Answers to the service's intake fields, in the form's order (labels, not keys). */
  intake: { label: string; value: string }[];
  manageUrl?: string | undefined;
  status: string;
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const EXTERNAL_REF = /^[0-9a-f]{32}$/;

/**
 * The booking's event key: `'sfr' + externalRef`, or for a booking without one (made before 0008) the
 * legacy `'sf' + the UUID's hex digits`. Throws a RangeError for a malformed ref or a non-UUID id.
 */
export function eventKeyForBooking(b: { id: string; externalRef?: string | null | undefined }): string {
  if (b.externalRef !== null && b.externalRef !== undefined) {
    if (!EXTERNAL_REF.test(b.externalRef)) throw new RangeError(`external ref is not 32 lowercase hex digits: ${String(b.externalRef)}`);
    return `sfr${b.externalRef}`;
  }
  if (typeof b.id !== 'string' || !UUID.test(b.id)) throw new RangeError(`booking id is not a UUID: ${String(b.id)}`);
  return `sf${b.id.replace(/-/g, '').toLowerCase()}`;
}

const STATUS_PREFIX: Record<string, string> = {
  held: '[Held] ',
  pending: '[Pending approval] ',
  cancelled: '[Cancelled] ',
  expired: '[Expired] ',
  rejected: '[Declined] ',
};

const STATUS_LABEL: Record<string, string> = {
  held: 'held (awaiting confirmation)',
  pending: 'pending approval',
  confirmed: 'confirmed',
  cancelled: 'cancelled',
  expired: 'expired',
  rejected: 'declined',
  completed: 'completed',
  no_show: 'no-show',
};

export function eventDraftFromBooking(b: BookingForEvent): EventDraft {
  if (!(Number.isFinite(b.start) && Number.isFinite(b.end)) || !(b.end > b.start)) {
    throw new RangeError('event must end after it starts');
  }
  const service = oneLine(b.serviceName);
  const customer = oneLine(b.customer.name);
  const title = `${STATUS_PREFIX[b.status] ?? ''}${[service, customer].filter((s) => s !== '').join(' – ')}`;

  const lines: string[] = [`Customer: ${customer}`];
  const email = b.customer.email?.trim();
  const phone = b.customer.phone?.trim();
  if (email) lines.push(`Email: ${oneLine(email)}`);
  if (phone) lines.push(`Phone: ${oneLine(phone)}`);
  lines.push(`Provider: ${oneLine(b.providerName)}`);
  if (b.resourceNames) lines.push(`Room & equipment: ${oneLine(b.resourceNames)}`);

  const answers = b.intake.filter((a) => a.value.trim() !== '');
  if (answers.length > 0) {
    lines.push('', 'Booking form:');
    for (const a of answers) lines.push(`${oneLine(a.label)}: ${indentContinuation(a.value.trim())}`);
  }

  lines.push('', `Status: ${STATUS_LABEL[b.status] ?? b.status}`, `Booking: ${b.id}`);
  if (b.manageUrl) lines.push(`Manage: ${b.manageUrl}`);
  lines.push('', 'Created by slotflow. Changes made here are not applied to the booking.');

  return {
    eventKey: eventKeyForBooking(b),
    bookingId: b.id,
    title,
    description: lines.join('\n'),
    start: b.start,
    end: b.end,
    timeZone: b.timeZone,
    ...(b.location?.trim() ? { location: oneLine(b.location) } : {}),
  };
}

/** Collapses whitespace (including line breaks) so a value fits on one line. */
function oneLine(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

/** Multi-line answers stay multi-line, with continuation lines indented under their label. */
function indentContinuation(s: string): string {
  return s
    .split(/\r\n|\r|\n/)
    .map((l, i) => (i === 0 ? l : `  ${l}`))
    .join('\n');
}
