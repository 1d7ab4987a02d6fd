/**
 * A booking and its service's and provider's facts → the MessageContext its messages are rendered from.
 * Pure: the caller loads the facts (`bookingNames` in src/db/service.repository.ts). Delivery
 * (deliver-booking-message.ts) and the template preview (preview-message-template.ts, with a sample
 * booking) both build their context here, so a preview shows what delivery would send.
 *
 * - Locale from the booking's language tag (`pickLocale`); times in the customer's zone, else the provider's.
 * - The manage link only for kinds that carry one, and only with a link signer; no short link (the SMS
 *   sender adds it).
 * - Intake answers in the service's question order; the reason given, else the booking's cancel reason for
 *   `cancelled` / `declined`.
 */
import type { LinkSigner } from './manage-links.ts';
import type { BookingRow } from '../db/booking.repository.ts';
import { intakeAnswerList } from '../domain/bookings/intake.ts';
import type { IntakeField } from '../domain/catalog/types.ts';
import { KINDS_WITHOUT_MANAGE_LINK, pickLocale, type BookingMessageKind, type MessageContext } from '../domain/messages/message-context.ts';

export type BookingMessageFacts = Pick<
  BookingRow,
  'id' | 'version' | 'locale' | 'customer_name' | 'customer_time_zone' | 'start_time' | 'end_time' | 'intake' | 'cancel_reason'
>;

export type BookingNames = {
  serviceName: string;
  intake_fields: unknown[] | null;
  providerName: string;
  time_zone: string;
  /** Where the service takes place (an address or a video link, #20); absent or null when it names none. */
  location_value?: string | null | undefined;
  /** The units the booking holds, by name ("Room 2, Laser A"); absent when none. */
  resourceNames?: string | undefined;
};

export function bookingMessageContext(
  b: BookingMessageFacts,
  names: BookingNames,
  opts: {
    kind: BookingMessageKind;
    reason?: string | undefined;
    businessName: string;
    /** The business's phone / e-mail for "contact us" (settings); absent when none is set. */
    businessContact?: string | null | undefined;
    links?: LinkSigner | undefined;
  },
): MessageContext {
  const { kind } = opts;
  const intake = intakeAnswerList((names.intake_fields ?? []) as IntakeField[], (b.intake ?? {}) as Record<string, unknown>);
  const cancelReason = opts.reason ?? (kind === 'cancelled' || kind === 'declined' ? (b.cancel_reason ?? undefined) : undefined);
  return {
    kind,
    locale: pickLocale(b.locale),
    bookingId: b.id,
    version: b.version,
    businessName: opts.businessName,
    businessContact: opts.businessContact || undefined,
    serviceName: names.serviceName,
    providerName: names.providerName,
    customerName: b.customer_name,
    start: b.start_time.getTime(),
    end: b.end_time.getTime(),
    timeZone: b.customer_time_zone ?? names.time_zone,
    manageUrl: KINDS_WITHOUT_MANAGE_LINK.includes(kind) ? undefined : opts.links?.manageUrl({ id: b.id, version: b.version, end: b.end_time }),
    intake: intake.length > 0 ? intake : undefined,
    resourceNames: names.resourceNames || undefined,
    location: names.location_value || undefined,
    reason: cancelReason,
  };
}
