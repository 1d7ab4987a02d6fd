/**
 * Who may act on a booking without its manage link (issue #15: agents find, move and cancel bookings for
 * a caller): the caller must name the booking's own phone number or e-mail address.
 * - A phone matches the booking's phone after normalisation (separators, `00` → `+`); an e-mail matches
 *   case-insensitively. Either one suffices.
 * - A voice platform's caller id is spoofable, so it is only ever used as a phone claim: it reaches
 *   bookings made with that same number, never one made with an e-mail only.
 * - No claim at all matches nothing.
 */
import { normalizePhone } from '../bookings/contact.ts';

export type IdentityClaim = { phone?: string | undefined; email?: string | undefined };

export function hasIdentity(claim: IdentityClaim): boolean {
  return Boolean(claim.phone?.trim() || claim.email?.trim());
}

/** True when the claim names the booking's phone or e-mail. */
export function identityMatches(booking: { phone: string | null; email: string | null }, claim: IdentityClaim): boolean {
  const phone = claim.phone?.trim();
  if (phone && booking.phone && normalizePhone(phone) === normalizePhone(booking.phone)) return true;
  const email = claim.email?.trim().toLowerCase();
  return Boolean(email && booking.email && email === booking.email.trim().toLowerCase());
}
