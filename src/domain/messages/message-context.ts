/**
 * The input of every booking message: what happened (`kind`), in which language, and the booking facts a
 * template may show. Pure data — the caller loads it (booking row, service, provider, business, links);
 * rendering (render-message.ts) never reads a clock or a database.
 */

export type BookingMessageKind =
  | 'confirmation'
  | 'reminder'
  | 'rescheduled'
  | 'cancelled'
  | 'hold_expiring'
  | 'hold_expired'
  | 'approval_pending'
  | 'approved'
  | 'declined'
  /** The customer asked for their link again ("e-mail me my link" on the manage page, #20). */
  | 'manage_link';

export const MESSAGE_KINDS: readonly BookingMessageKind[] = Object.freeze([
  'confirmation',
  'reminder',
  'rescheduled',
  'cancelled',
  'hold_expiring',
  'hold_expired',
  'approval_pending',
  'approved',
  'declined',
  'manage_link',
] as const);

export type MessageLocale = 'en' | 'de';

/** Kinds sent when the booking can no longer be changed: they carry no manage link. */
export const KINDS_WITHOUT_MANAGE_LINK: readonly BookingMessageKind[] = Object.freeze(['cancelled', 'declined', 'hold_expired'] as const);

/**
 * The message locale for a requested language tag. Only the primary subtag counts, case-insensitively
 * and with `-` or `_` as separator ('de', 'de-AT', 'DE_ch', 'de-DE,de;q=0.9' → 'de'); anything we have
 * no templates for, blank or missing falls back to English rather than failing a send.
 */
export function pickLocale(requested: string | null | undefined): MessageLocale {
  if (typeof requested !== 'string') return 'en';
  return /^de(?![a-z0-9])/i.test(requested.trim()) ? 'de' : 'en';
}

export type MessageContext = {
  kind: BookingMessageKind;
  locale: MessageLocale;
  bookingId: string;
  /** Booking version (bumped on every change); becomes the ICS SEQUENCE. */
  version: number;
  businessName: string;
  /** How to reach the business ("+49 30 123456 · hello@clinic.example"), from the settings; absent when unset. */
  businessContact?: string | undefined;
  serviceName: string;
  providerName: string;
  customerName: string;
  /** Epoch ms (UTC instants). */
  start: number;
  end: number;
  /** IANA zone of the customer; every time is rendered in it, with the zone named. */
  timeZone: string;
  /** Full manage link (e-mail). */
  manageUrl?: string | undefined;
  /** Short link for SMS (e.g. https://book.example.com/s/Ab3dE7kQ9x); SMS falls back to `manageUrl`. */
  shortManageUrl?: string | undefined;
  /** Where it takes place: the service's address or video link (the ICS LOCATION, the calendar event's). */
  location?: string | undefined;
  /** The rooms and equipment the booking holds, by name ("Room 2, Laser A"); absent when it holds none. */
  resourceNames?: string | undefined;
  /** Answers to the service's intake questions, in question order. */
  intake?: { label: string; value: string }[] | undefined;
  /** Cancel/decline reason, when given. */
  reason?: string | undefined;
};
