/**
 * When a booking's reminders go out (DESIGN.md §2: "sleep until next reminder").
 *
 * Decisions:
 * - Offsets are **real durations before the start instant**, not wall-clock arithmetic: the 24-hour
 *   reminder of an appointment the day after a DST change goes out exactly 86 400 s before it, so on the
 *   local clock it may read an hour earlier or later than the appointment's time of day. "24 hours
 *   before" then means what a customer expects of a duration, every reminder of one booking keeps its
 *   distance to the start, and the workflow sleeps for `when − now` without consulting a zone.
 * - The schedule is computed once, when the booking is confirmed and again when it is rescheduled (with
 *   that moment as `now`): reminders whose time has already come (`when <= now`) are left out, so a
 *   booking made 30 minutes ahead gets no "1 hour before" message. It is not recomputed on each loop
 *   turn: a timer that fires late (worker or server down) must still send, see `reminderStep`.
 * - Keys are `<when>:<channel>`, matching `UNIQUE (booking_id, "when", channel)` of the reminders table.
 */

export type ReminderChannel = 'email' | 'sms';

export type ScheduledReminder = {
  /** Epoch ms. */
  when: number;
  offsetMinutes: number;
  channel: ReminderChannel;
};

export type ReminderScheduleInput = {
  /** Appointment start, epoch ms. */
  start: number;
  /** Minutes before `start`; positive and finite. Fractions are allowed (compressed-clock tests). */
  offsetsMinutes: readonly number[];
  channels: readonly ReminderChannel[];
  /** The moment the schedule is made, epoch ms. */
  now: number;
};

const MINUTE = 60_000;

/** The stable identity of a reminder (as stored: instant + channel). */
export function reminderKey(r: Pick<ScheduledReminder, 'when' | 'channel'>): string {
  return `${r.when}:${r.channel}`;
}

function byTimeThenChannel(a: DueReminder, b: DueReminder): number {
  return a.when - b.when || (a.channel < b.channel ? -1 : a.channel > b.channel ? 1 : 0);
}

/**
 * One reminder per offset × channel at `start − offset` (whole milliseconds), sorted by time then
 * channel, without those whose time is not after `now`, and without repeats of the same (when, channel).
 * Throws `RangeError` for an offset that is not a positive finite number.
 */
export function reminderSchedule(input: ReminderScheduleInput): ScheduledReminder[] {
  const { start, offsetsMinutes, channels, now } = input;
  const seen = new Set<string>();
  const out: ScheduledReminder[] = [];
  for (const offsetMinutes of offsetsMinutes) {
    if (!Number.isFinite(offsetMinutes) || offsetMinutes <= 0) {
      throw new RangeError(`reminder offsets must be positive minutes, got ${offsetMinutes}`);
    }
    const when = start - Math.round(offsetMinutes * MINUTE);
    if (when <= now) continue;
    for (const channel of channels) {
      const r = { when, offsetMinutes, channel };
      const key = reminderKey(r);
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(r);
    }
  }
  return out.sort(byTimeThenChannel);
}

/** A reminder as the loop sees it: its instant (epoch ms) and channel; callers may carry more (an id). */
export type DueReminder = { when: number; channel: ReminderChannel };

/** Why a reminder is skipped once its appointment has begun. */
export const TOO_LATE_REASON = 'the appointment had started when the reminder fell due';

/** A reminder sent at `now` would come too late: the appointment has started (`now >= start`). */
export function reminderTooLate(start: number, now: number): boolean {
  return now >= start;
}

/**
 * One turn of the reminder loop (the booking workflow runs it): of the booking's `unsent` reminders at
 * `now`, which to give up (`skip`, marked `skipped` with `reason`) and which to send or sleep toward
 * next (`next`: send at once when `next.when <= now`, else sleep until then and ask again).
 *
 * - Once the appointment has started (`now >= start`) nothing more is sent: every unsent one is skipped.
 * - After an outage (timers firing late) only the latest due reminder per channel still goes out — the
 *   customer gets the freshest one, not a burst of stale ones; the older due ones are skipped.
 * - Otherwise the earliest (time, then channel) is next. Pure: the same input gives the same answer.
 */
export function reminderStep<R extends DueReminder>(unsent: readonly R[], start: number, now: number): { skip: R[]; reason: string | null; next: R | null } {
  if (reminderTooLate(start, now)) {
    const skip = [...unsent].sort(byTimeThenChannel);
    return { skip, reason: skip.length > 0 ? TOO_LATE_REASON : null, next: null };
  }
  const latestDue = new Map<ReminderChannel, number>();
  for (const r of unsent) {
    if (r.when <= now && r.when > (latestDue.get(r.channel) ?? -Infinity)) latestDue.set(r.channel, r.when);
  }
  const skip = unsent.filter((r) => r.when <= now && r.when < latestDue.get(r.channel)!).sort(byTimeThenChannel);
  const rest = unsent.filter((r) => !skip.includes(r)).sort(byTimeThenChannel);
  return { skip, reason: skip.length > 0 ? 'a later reminder was due too (sent after an outage instead)' : null, next: rest[0] ?? null };
}
