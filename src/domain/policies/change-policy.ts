/**
 * Who may change a booking, and when; how a booking ends after its appointment. The one home of these
 * rules: the booking workflow, the gateway and the pages (manage page, admin) all call these functions.
 * Pure and deterministic (workflow code imports it); instants are epoch ms and the clock is an argument.
 *
 * Cancel / reschedule, checked in this order so the answer names the most fundamental problem:
 * 1. Status (everyone, admins included): only live bookings (`held`, `pending`, `confirmed`) can be
 *    cancelled; only `pending` and `confirmed` ones rescheduled (a hold is confirmed or left to expire,
 *    not moved). Otherwise `conflict`.
 * 2. Started (everyone, admins included): nothing changes once `now >= start`; from then on an admin
 *    records attendance instead. `conflict`.
 * 3. Notice window (customers only): a customer may act while `now <= start − notice` — exactly at the
 *    deadline is still allowed; later is `policy_window`. Admins bypass the window, never rules 1–2.
 *
 * Attendance: recorded (by an admin) for a `confirmed` booking once its appointment has started.
 */
import type { BookingStatus } from '../bookings/booking-status.ts';
import { isLiveStatus } from '../bookings/booking-status.ts';
import { AppError } from '../../errors.ts';

export type ChangeAction = 'cancel' | 'reschedule';
/** `system` acts like an admin (expiry, automation); `customer` is bound by the notice window. */
export type ChangeActor = 'customer' | 'admin' | 'system';

export type ChangeRequest = {
  action: ChangeAction;
  /** Appointment start, epoch ms. */
  start: number;
  now: number;
  /** The service's cancel or reschedule notice, whichever matches `action`. */
  noticeMinutes: number;
  actor: ChangeActor;
  status: BookingStatus | string;
};

export type ChangeRefusal = { code: 'conflict' | 'policy_window'; message: string };

const VERB: Record<ChangeAction, string> = { cancel: 'cancelled', reschedule: 'rescheduled' };

/** The last instant a customer may still `action` (the deadline itself included), epoch ms. */
export function changeDeadline(start: number, noticeMinutes: number): number {
  return start - noticeMinutes * 60_000;
}

/** Why the change is refused, or null when it is allowed. */
export function changeRefusal(req: ChangeRequest): ChangeRefusal | null {
  const { action, start, now, noticeMinutes, actor, status } = req;
  if (!isLiveStatus(status)) return { code: 'conflict', message: `A ${status} booking cannot be ${VERB[action]}.` };
  if (action === 'reschedule' && status === 'held') return { code: 'conflict', message: 'Confirm the hold before moving it.' };
  if (now >= start) return { code: 'conflict', message: `The appointment has started; it can no longer be ${VERB[action]}.` };
  if (actor !== 'customer') return null;
  const deadline = changeDeadline(start, noticeMinutes);
  if (now > deadline) {
    return {
      code: 'policy_window',
      message: `This booking can be ${VERB[action]} online until ${formatNotice(noticeMinutes)} before the appointment (until ${new Date(deadline).toISOString()}). Please contact us.`,
    };
  }
  return null;
}

/** Returns normally when the change is allowed; throws `conflict` (409) or `policy_window` (403). */
export function checkChangeAllowed(req: ChangeRequest): void {
  const refusal = changeRefusal(req);
  if (refusal) throw new AppError(refusal.code, refusal.message);
}

/** 1440 → "24 hours", 90 → "90 minutes", 2880 → "2 days". */
export function formatNotice(minutes: number): string {
  const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;
  if (minutes % 1440 === 0 && minutes >= 2880) return plural(minutes / 1440, 'day');
  if (minutes % 60 === 0) return plural(minutes / 60, 'hour');
  return plural(minutes, 'minute');
}

export type Attendance = 'checked_in' | 'no_show';
export type AttendanceOutcome = 'completed' | 'no_show' | 'wait';
/** The service's rule for an appointment nobody marked (services.no_show_policy). */
export type NoShowPolicy = 'assume_attended' | 'require_check_in';

/** Why attendance cannot be recorded now, or null when it can. */
export function attendanceRefusal(b: { status: BookingStatus | string; start: number }, now: number): string | null {
  if (b.status !== 'confirmed' || now < b.start) return 'Attendance is recorded once the appointment has started.';
  return null;
}

/** What an appointment nobody marked becomes under the service's policy (absent: assume attended). */
export function unmarkedOutcome(policy: NoShowPolicy | undefined): 'completed' | 'no_show' {
  return policy === 'require_check_in' ? 'no_show' : 'completed';
}

/** How an appointment that is over ends: a recorded mark decides, else the `unmarked` outcome. */
export function appointmentOutcome(attendance: Attendance | null, unmarked: 'completed' | 'no_show'): 'completed' | 'no_show' {
  if (attendance === 'checked_in') return 'completed';
  if (attendance === 'no_show') return 'no_show';
  return unmarked;
}

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
  if (attendance !== null) return appointmentOutcome(attendance, unmarked);
  return now >= end + graceMinutes * 60_000 ? unmarked : 'wait';
}
