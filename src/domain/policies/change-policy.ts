/**
 * Who may cancel or reschedule a booking, and when; and how a booking ends after its appointment.
 * Instants are epoch ms; the clock is an argument.
 *
 * Rules, checked in this order so the answer names the most fundamental problem:
 * 1. Status (everyone, admins included): only `held`, `pending` and `confirmed` bookings can be
 *    cancelled; only `pending` and `confirmed` ones rescheduled (a hold is confirmed or left to expire,
 *    not moved). Otherwise 409 `conflict`.
 * 2. Started (everyone): nothing changes once `now >= start`; that is attendance's business. 409 `conflict`.
 * 3. Notice window (customers only): a customer may act while `now <= start − notice`, so exactly at the
 *    edge is still allowed; later is 403 `policy_window`. Admins bypass the window, never rules 1–2.
 */
import type { BookingStatus } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';

export type ChangeAction = 'cancel' | 'reschedule';
export type ChangeActor = 'customer' | 'admin';

export type ChangeRequest = {
  action: ChangeAction;
  /** Appointment start, epoch ms. */
  start: number;
  now: number;
  /** The service's cancel or reschedule notice, whichever matches `action`. */
  noticeMinutes: number;
  actor: ChangeActor;
  status: BookingStatus;
};

const CHANGEABLE: Record<ChangeAction, readonly BookingStatus[]> = {
  cancel: ['held', 'pending', 'confirmed'],
  reschedule: ['pending', 'confirmed'],
};

const VERB: Record<ChangeAction, string> = { cancel: 'cancelled', reschedule: 'rescheduled' };

/** Returns normally when the change is allowed; throws `conflict` (409) or `policy_window` (403). */
export function checkChangeAllowed(req: ChangeRequest): void {
  const { action, start, now, noticeMinutes, actor, status } = req;
  if (!CHANGEABLE[action].includes(status)) {
    throw new AppError('conflict', `A ${status} booking cannot be ${VERB[action]}.`);
  }
  if (now >= start) throw new AppError('conflict', `The appointment has started; it can no longer be ${VERB[action]}.`);
  if (actor === 'admin') return;
  const deadline = start - noticeMinutes * 60_000;
  if (now > deadline) {
    throw new AppError(
      'policy_window',
      `This booking can be ${VERB[action]} online until ${formatNotice(noticeMinutes)} before the appointment (until ${new Date(deadline).toISOString()}). Please contact us.`,
    );
  }
}

/** 1440 → "24 hours", 90 → "90 minutes", 2880 → "2 days". */
function formatNotice(minutes: number): string {
  const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;
  if (minutes % 1440 === 0 && minutes >= 2880) return plural(minutes / 1440, 'day');
  if (minutes % 60 === 0) return plural(minutes / 60, 'hour');
  return plural(minutes, 'minute');
}

export type Attendance = 'checked_in' | 'no_show';
export type AttendanceOutcome = 'completed' | 'no_show' | 'wait';

export type AttendanceInput = {
  /** Appointment end, epoch ms. */
  end: number;
  now: number;
  /** How long after `end` attendance may still be recorded. */
  graceMinutes: number;
  attendance: Attendance | null;
  /**
   * What an appointment with no attendance recorded by `end + grace` becomes: `completed` (default:
   * most providers never check anyone in) or `no_show` (services that require a check-in).
   */
  unmarked?: 'completed' | 'no_show';
};

/**
 * How a booking ends: `wait` until the appointment is over (`now < end`; a mark may still be corrected);
 * from `end` on, a recorded mark decides at once (`checked_in` → completed, `no_show` → no_show); with
 * no mark, `wait` until `end + grace` and then the service's `unmarked` outcome.
 */
export function attendanceOutcome(input: AttendanceInput): AttendanceOutcome {
  const { end, now, graceMinutes, attendance, unmarked = 'completed' } = input;
  if (now < end) return 'wait';
  if (attendance === 'checked_in') return 'completed';
  if (attendance === 'no_show') return 'no_show';
  return now >= end + graceMinutes * 60_000 ? unmarked : 'wait';
}
