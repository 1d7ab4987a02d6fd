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
 *   turn: a timer that fires late (worker or server down) must still send, see `nextReminder`.
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

function byTimeThenChannel(a: ScheduledReminder, b: ScheduledReminder): number {
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

/** The appointment start a reminder belongs to. */
function startOf(r: ScheduledReminder): number {
  return r.when + Math.round(r.offsetMinutes * MINUTE);
}

/**
 * The reminder to send next, or null when none is left. The caller sleeps until `when` if it is in the
 * future, otherwise sends it at once, records its key as sent, and asks again.
 *
 * Of the reminders not in `sentKeys`:
 * - none is sent once its appointment has started (`now >= start`);
 * - a reminder that is already due (`when <= now`, a late timer) is still sent, but of several due ones
 *   only the latest per channel: after an outage the customer gets the freshest reminder, not a burst
 *   of stale ones. The skipped ones are listed by `staleReminders`.
 * Ties are broken as in the schedule (time, then channel).
 */
export function nextReminder(schedule: readonly ScheduledReminder[], sentKeys: ReadonlySet<string>, now: number): ScheduledReminder | null {
  const stale = new Set(staleReminders(schedule, sentKeys, now).map(reminderKey));
  let best: ScheduledReminder | null = null;
  for (const r of schedule) {
    if (sentKeys.has(reminderKey(r)) || stale.has(reminderKey(r))) continue;
    if (!best || byTimeThenChannel(r, best) < 0) best = r;
  }
  return best;
}

/**
 * Unsent reminders that will never go out because a later reminder of the same channel is also due
 * already (`when <= now`), or because the appointment has started. The workflow marks them `skipped`.
 */
export function staleReminders(schedule: readonly ScheduledReminder[], sentKeys: ReadonlySet<string>, now: number): ScheduledReminder[] {
  const latestDue = new Map<ReminderChannel, number>();
  for (const r of schedule) {
    if (r.when <= now && r.when > (latestDue.get(r.channel) ?? -Infinity)) latestDue.set(r.channel, r.when);
  }
  return schedule
    .filter((r) => !sentKeys.has(reminderKey(r)))
    .filter((r) => now >= startOf(r) || (r.when <= now && r.when < latestDue.get(r.channel)!))
    .sort(byTimeThenChannel);
}
