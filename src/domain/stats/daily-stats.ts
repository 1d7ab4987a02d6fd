/**
 * The admin dashboard's daily figures (`GET /v1/admin/stats`): which local days a window covers, and how
 * the per-day counts the database groups become the answer — every day present (zeros, and null rates,
 * on empty days), rates and averages null when their denominator is 0, totals summed before dividing
 * (never an average of daily rates). Pure: "now" and the zone are passed in.
 *
 * Every figure belongs to one local day in the requested zone, chosen by one instant per figure:
 *
 * - Booking outcomes, by the day the booking was **created** (`bookings.created_at`): what became of that
 *   day's new bookings, by their current status.
 *   - `created`: bookings created that day, any status.
 *   - `confirmed`: of those, the ones that stand confirmed: status confirmed, completed or no_show (the
 *     appointment was confirmed and has since been kept or missed).
 *   - `cancelled`, `expired`, `declined`: of those, status cancelled, expired, rejected (declined by an
 *     admin). Held and pending ones are the rest of `created`: not decided yet.
 *   - `successRate` = confirmed / (confirmed + cancelled + expired + declined): the share of the day's
 *     decided bookings that stand. Undecided (held, pending) bookings count in neither part, so today's
 *     rate does not dip while holds wait.
 *   - `avgTimeToConfirmationSeconds`: mean seconds from `created_at` to the first sent (or delivered)
 *     confirmation / approved message, over the day's bookings that have one — the per-booking value of
 *     `slotflow_time_to_confirmation_seconds` (src/db/message-stats.repository.ts).
 * - Appointment outcomes, by the day the appointment **starts** (`bookings.start_time`):
 *   - `completed`, `noShow`: status completed / no_show.
 *   - `noShowRate` = noShow / (completed + noShow), as `slotflow_no_show_ratio` but per day.
 * - Reminders, by the day they fell **due** (`reminders."when"`), only those due before now:
 *   - `remindersDue`: not cancelled (a cancelled reminder was never meant to go out); failed, skipped
 *     and still-scheduled ones count as due.
 *   - `remindersSent`: of those, status sent.
 *   - `reminderDeliveryRate` = remindersSent / remindersDue, as `slotflow_reminder_delivery_ratio` (which
 *     reads 1 for an empty window; here it is null).
 * - `today.bookings`: appointments starting today (local) that hold or held their slot: status held,
 *   pending, confirmed, completed or no_show (not cancelled, expired or declined).
 */
import { addDays, localDate } from '../time/zones.ts';

export const STATS_MAX_DAYS = 90;
export const STATS_DEFAULT_DAYS = 30;

/** The local days a stats answer covers: `days` of them, oldest first, ending with today. */
export type StatsWindow = { timeZone: string; first: string; today: string; days: string[] };

export function statsWindow(now: Date, timeZone: string, days: number): StatsWindow {
  if (!Number.isInteger(days) || days < 1 || days > STATS_MAX_DAYS) throw new RangeError(`days must be 1..${STATS_MAX_DAYS}: ${days}`);
  const today = localDate(now.getTime(), timeZone);
  const first = addDays(today, -(days - 1));
  const list = Array.from({ length: days }, (_, i) => addDays(first, i));
  return { timeZone, first, today, days: list };
}

/** Raw counts of one local day, as the repository groups them (a missing field is 0). */
export type DayCounts = {
  created: number;
  confirmed: number;
  cancelled: number;
  expired: number;
  declined: number;
  completed: number;
  noShow: number;
  /** Bookings created that day with a sent confirmation, and the sum of their times to it (seconds). */
  confirmationsMeasured: number;
  confirmationSecondsSum: number;
  remindersDue: number;
  remindersSent: number;
};

/** The figures of one day, or of the whole window (totals). */
export type StatsFigures = {
  created: number;
  confirmed: number;
  cancelled: number;
  expired: number;
  declined: number;
  completed: number;
  noShow: number;
  successRate: number | null;
  noShowRate: number | null;
  avgTimeToConfirmationSeconds: number | null;
  remindersDue: number;
  remindersSent: number;
  reminderDeliveryRate: number | null;
};

export type AdminStats = {
  timeZone: string;
  /** First and last (today) local date of the window. */
  from: string;
  to: string;
  days: (StatsFigures & { date: string })[];
  totals: StatsFigures;
  today: { date: string; bookings: number };
};

/** numerator / denominator, null when the denominator is 0 (no data is not 0 % nor 100 %). */
export function rate(numerator: number, denominator: number): number | null {
  return denominator === 0 ? null : numerator / denominator;
}

const COUNT_KEYS = [
  'created',
  'confirmed',
  'cancelled',
  'expired',
  'declined',
  'completed',
  'noShow',
  'confirmationsMeasured',
  'confirmationSecondsSum',
  'remindersDue',
  'remindersSent',
] as const satisfies readonly (keyof DayCounts)[];

const zeroCounts = (): DayCounts => Object.fromEntries(COUNT_KEYS.map((k) => [k, 0])) as DayCounts;

function figures(c: DayCounts): StatsFigures {
  return {
    created: c.created,
    confirmed: c.confirmed,
    cancelled: c.cancelled,
    expired: c.expired,
    declined: c.declined,
    completed: c.completed,
    noShow: c.noShow,
    successRate: rate(c.confirmed, c.confirmed + c.cancelled + c.expired + c.declined),
    noShowRate: rate(c.noShow, c.completed + c.noShow),
    avgTimeToConfirmationSeconds: rate(c.confirmationSecondsSum, c.confirmationsMeasured),
    remindersDue: c.remindersDue,
    remindersSent: c.remindersSent,
    reminderDeliveryRate: rate(c.remindersSent, c.remindersDue),
  };
}

/**
 * The answer from the window and the counts per local date ('YYYY-MM-DD' → partial counts; dates
 * outside the window are ignored). `todayBookings` is `today.bookings`.
 */
export function assembleStats(window: StatsWindow, byDay: ReadonlyMap<string, Partial<DayCounts>>, todayBookings: number): AdminStats {
  const total = zeroCounts();
  const days = window.days.map((date) => {
    const c = { ...zeroCounts(), ...byDay.get(date) };
    for (const k of COUNT_KEYS) total[k] += c[k];
    return { date, ...figures(c) };
  });
  return {
    timeZone: window.timeZone,
    from: window.first,
    to: window.today,
    days,
    totals: figures(total),
    today: { date: window.today, bookings: todayBookings },
  };
}
