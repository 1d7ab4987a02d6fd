/**
 * The booking a caller wants to move or cancel, if they may: it exists and the caller names its phone or
 * e-mail (src/domain/access/customer-identity.ts; a voice platform's caller id counts as a phone claim).
 * Unknown id and wrong identity answer alike, so an id alone reveals nothing.
 */
import { findBooking, type BookingRow } from '../../db/booking.repository.ts';
import { providerTimeZone } from '../../db/provider.repository.ts';
import { hasIdentity, identityMatches, type IdentityClaim } from '../../domain/access/customer-identity.ts';
import { spokenLabel } from '../../domain/availability/spoken-time.ts';
import { refusal, type ToolRefusal } from '../agent-tool.ts';
import type { AgentCaller, AgentToolDeps } from '../agent-context.ts';

export type CustomerBooking = { row: BookingRow; zone: string; label: string };

/** The claim a tool call makes: the phone or e-mail the model passed, else the voice platform's caller id. */
export function claimOf(caller: AgentCaller, given: IdentityClaim): IdentityClaim {
  return hasIdentity(given) ? given : { phone: caller.callerPhone };
}

/** The zone a booking's times are said in: the customer's, else the provider's. */
export async function bookingZone(deps: AgentToolDeps, row: BookingRow): Promise<string> {
  return row.customer_time_zone ?? (await providerTimeZone(deps.db, row.provider_id));
}

export async function customerBooking(
  deps: AgentToolDeps,
  caller: AgentCaller,
  bookingId: string,
  given: IdentityClaim,
): Promise<CustomerBooking | ToolRefusal> {
  const claim = claimOf(caller, given);
  if (!hasIdentity(claim)) return refusal('identity_required', 'Ask the caller for the phone number or e-mail address the booking was made with.');
  const row = await findBooking(deps.db, bookingId);
  if (!row || !identityMatches({ phone: row.customer_phone, email: row.customer_email }, claim)) {
    return refusal('not_found', 'I cannot find that booking for this phone number or e-mail address.');
  }
  const zone = await bookingZone(deps, row);
  return { row, zone, label: spokenLabel(row.start_time.getTime(), zone, caller.locale ?? 'en') };
}
