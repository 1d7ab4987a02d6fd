/**
 * Which admin actions a booking allows at a given time — the change policy every part obeys
 * (src/domain/policies/change-policy.ts), so the page offers only what the API would accept:
 *
 * - approve / decline: only a `pending` booking;
 * - reschedule: `pending` or `confirmed` (a `held` one must be confirmed first), until the appointment
 *   starts; cancel: any live booking (`held`, `pending`, `confirmed`) until it starts — admins have no
 *   notice window, but once an appointment has begun only attendance is recorded;
 * - attendance (checked in / no-show): a `confirmed` booking once it has started; the workflow takes it
 *   until ATTENDANCE_GRACE_MINUTES after the end, then the booking becomes `completed` and this no
 *   longer offers it.
 */
import { attendanceRefusal, changeRefusal } from '../../../../src/domain/policies/change-policy.ts';

export type BookingActions = {
  approve: boolean;
  decline: boolean;
  reschedule: boolean;
  cancel: boolean;
  attendance: boolean;
};

export function allowedActions(b: { status: string; start: string; end: string }, now: number): BookingActions {
  const start = Date.parse(b.start);
  const adminMay = (action: 'cancel' | 'reschedule') => changeRefusal({ action, actor: 'admin', status: b.status, start, now, noticeMinutes: 0 }) === null;
  return {
    approve: b.status === 'pending',
    decline: b.status === 'pending',
    reschedule: adminMay('reschedule'),
    cancel: adminMay('cancel'),
    attendance: attendanceRefusal({ status: b.status, start }, now) === null,
  };
}
/** Milliseconds until the attendance buttons appear (a confirmed booking not started yet), else null. */
export function attendanceOpensIn(b: { status: string; start: string }, now: number): number | null {
  if (b.status !== 'confirmed') return null;
  const wait = Date.parse(b.start) - now;
  return wait > 0 ? wait : null;
}
