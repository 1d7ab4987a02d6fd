/**
 * Booking statuses as the admin API reports them, in the order filters list them (`rejected` is an
 * admin's decline, shown as "Declined"). Pure: no DOM, no React — the unit tests import it under the
 * node-only tsconfig. Functions take any string, so a status added later shows as itself.
 */
import { BOOKING_STATUSES, type BookingStatus } from '../../../../src/domain/bookings/booking-status.ts';

/** The statuses in the order filters list them: the domain's one list. */
export const STATUSES = BOOKING_STATUSES;
export type StatusName = BookingStatus;

const LABELS: Record<StatusName, string> = {
  held: 'Held',
  pending: 'Pending approval',
  confirmed: 'Confirmed',
  cancelled: 'Cancelled',
  expired: 'Expired',
  rejected: 'Declined',
  completed: 'Completed',
  no_show: 'No-show',
};

export function isStatus(s: string): s is StatusName {
  return (STATUSES as readonly string[]).includes(s);
}

/** Human label of a status; an unknown one is shown as it is. */
export function statusLabel(s: string): string {
  return isStatus(s) ? LABELS[s] : s;
}
