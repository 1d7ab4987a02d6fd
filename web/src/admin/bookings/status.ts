/**
 * Booking statuses as the admin API reports them, in the order filters list them (`rejected` is an
 * admin's decline, shown as "Declined"). Pure: no DOM, no React — the unit tests import it under the
 * node-only tsconfig. Functions take any string, so a status added later shows as itself.
 */
import type { BookingStatus } from '../../api/types.ts';

export const STATUSES = ['held', 'pending', 'confirmed', 'cancelled', 'expired', 'rejected', 'completed', 'no_show'] as const satisfies readonly BookingStatus[];
export type StatusName = (typeof STATUSES)[number];

/** Statuses whose slot is still held: the workflow accepts changes only in these. */
export const LIVE_STATUSES: readonly string[] = ['held', 'pending', 'confirmed'];

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
