/**
 * Which admin actions a booking allows at a given time — the booking workflow's rules
 * (workflows/booking.workflow.ts), so the page offers only what the API would accept:
 *
 * - approve / decline: only a `pending` booking;
 * - reschedule: `pending` or `confirmed` (a `held` one must be confirmed first), until it has ended —
 *   after the end the workflow only waits for attendance, so moving it then makes no sense;
 * - cancel: any live booking (`held`, `pending`, `confirmed`) until it has ended;
 * - attendance (checked in / no-show): a `confirmed` booking once it has started; the workflow takes it
 *   until ATTENDANCE_GRACE_MINUTES after the end, then the booking becomes `completed` and this no
 *   longer offers it. Recording it does not change the status at once: the workflow applies it when the
 *   appointment (and not the grace period) is over.
 * Admins have no notice windows, so the service's cancel / reschedule notice does not matter here.
 */
import { LIVE_STATUSES } from './status.ts';

export type BookingActions = {
  approve: boolean;
  decline: boolean;
  reschedule: boolean;
  cancel: boolean;
  attendance: boolean;
};

export function allowedActions(b: { status: string; start: string; end: string }, now: number): BookingActions {
  const live = LIVE_STATUSES.includes(b.status);
  const started = now >= Date.parse(b.start);
  const ended = now >= Date.parse(b.end);
  return {
    approve: b.status === 'pending',
    decline: b.status === 'pending',
    reschedule: (b.status === 'pending' || b.status === 'confirmed') && !ended,
    cancel: live && !ended,
    attendance: b.status === 'confirmed' && started,
  };
}

/** Milliseconds until the attendance buttons appear (a confirmed booking not started yet), else null. */
export function attendanceOpensIn(b: { status: string; start: string }, now: number): number | null {
  if (b.status !== 'confirmed') return null;
  const wait = Date.parse(b.start) - now;
  return wait > 0 ? wait : null;
}
