/**
 * Abuse limits on public booking (issue #21), a rule with no I/O: given what one client and one contact
 * already hold, may they hold or book one more? All limits are configurable (config.ts, README
 * "Security"); 0 switches a limit off.
 * - `holdsPerClient`: live holds created from one client address (a hold keeps its slot until it expires:
 *   without a cap one visitor at the rate limit keeps thousands alive — more than a clinic's calendar).
 * - `holdsPerContact`: live holds for one e-mail address or phone number.
 * - `bookingsPerContact`: live bookings (held, pending, confirmed) starting in the future for one e-mail
 *   address or phone number.
 * Checked before the reservation, so two requests at the same moment may both pass by one: a soft limit
 * against flooding; the hard guarantee against double booking stays the exclusion constraint.
 */
export type AbuseLimits = { holdsPerClient: number; holdsPerContact: number; bookingsPerContact: number };

export const DEFAULT_ABUSE_LIMITS: AbuseLimits = { holdsPerClient: 3, holdsPerContact: 3, bookingsPerContact: 5 };

/** Live counts for the client and the contact of a request (the larger of e-mail and phone). */
export type AbuseCounts = { holdsByClient: number; holdsByContact: number; futureByContact: number };

export type AbuseRefusal = { code: 'hold_limit' | 'booking_limit'; detail: string };

/** Why one more booking (a hold when `hold`) is refused, or null when it is within the limits. */
export function abuseRefusal(limits: AbuseLimits, counts: AbuseCounts, hold: boolean): AbuseRefusal | null {
  const over = (limit: number, count: number) => limit > 0 && count >= limit;
  if (hold && over(limits.holdsPerClient, counts.holdsByClient)) {
    return { code: 'hold_limit', detail: `You are already holding ${counts.holdsByClient} times; confirm or let one lapse before holding another.` };
  }
  if (hold && over(limits.holdsPerContact, counts.holdsByContact)) {
    return { code: 'hold_limit', detail: `This e-mail address or phone number already holds ${counts.holdsByContact} times; confirm or let one lapse first.` };
  }
  if (over(limits.bookingsPerContact, counts.futureByContact)) {
    return {
      code: 'booking_limit',
      detail: `This e-mail address or phone number already has ${counts.futureByContact} upcoming bookings, the most one customer can book online. Please call us to book more.`,
    };
  }
  return null;
}
