/**
 * A booking's statuses — the one list the database, the workflow, the gateway and the pages use.
 * Pure (imported by workflow code and the web pages alike).
 *
 * - `held`: reserved, awaiting the customer's confirmation (expires); `pending`: awaiting the business's
 *   approval; `confirmed`: a firm appointment. These three are *live*: their range is occupied under the
 *   exclusion constraint and they can still change.
 * - `cancelled`, `expired` (a hold not confirmed in time), `rejected` (an admin's decline), `completed`,
 *   `no_show`: final.
 */
export const BOOKING_STATUSES = ['held', 'pending', 'confirmed', 'cancelled', 'expired', 'rejected', 'completed', 'no_show'] as const;

export type BookingStatus = (typeof BOOKING_STATUSES)[number];

/** Statuses whose bookings occupy their range under the exclusion constraint and may still change. */
export const LIVE_BOOKING_STATUSES = ['held', 'pending', 'confirmed'] as const satisfies readonly BookingStatus[];

export type LiveBookingStatus = (typeof LIVE_BOOKING_STATUSES)[number];

export function isLiveStatus(status: string): status is LiveBookingStatus {
  return (LIVE_BOOKING_STATUSES as readonly string[]).includes(status);
}

export function isBookingStatus(status: string): status is BookingStatus {
  return (BOOKING_STATUSES as readonly string[]).includes(status);
}

/**
 * The status a booking is reserved in: `held` when the customer must still confirm (a hold), else
 * `committedStatus`.
 */
export function initialStatus(req: { hold: boolean; requiresApproval: boolean }): LiveBookingStatus {
  return req.hold ? 'held' : committedStatus(req.requiresApproval);
}

/** A booking the customer has committed to (at once, or by confirming a hold): `pending` while the
 * service needs an admin's approval, else `confirmed`. */
export function committedStatus(requiresApproval: boolean): 'pending' | 'confirmed' {
  return requiresApproval ? 'pending' : 'confirmed';
}
