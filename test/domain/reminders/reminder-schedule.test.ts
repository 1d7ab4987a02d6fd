import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  reminderKey,
  reminderSchedule,
  reminderStep,
  reminderTooLate,
  TOO_LATE_REASON,
  type ReminderChannel,
  type ScheduledReminder,
} from '../../../src/domain/reminders/reminder-schedule.ts';
import { localDate, localParts, localToInstant } from '../../../src/domain/time/zones.ts';
import { TEST_NOW } from '../../support/clock.ts';

const MIN = 60_000;
const HOUR = 60 * MIN;
/** The appointment: a whole hour three days after the pinned "now" (the DST cases below keep their own dates). */
const START = Math.floor(TEST_NOW / HOUR) * HOUR + 72 * HOUR;

const schedule = (now: number, offsetsMinutes = [1440, 60], channels: ReminderChannel[] = ['email']) =>
  reminderSchedule({ start: START, offsetsMinutes, channels, now });

describe('reminderSchedule', () => {
  it('one reminder per offset × channel, sorted by time then channel', () => {
    expect(schedule(START - 7 * 24 * HOUR, [60, 1440], ['sms', 'email'])).toEqual([
      { when: START - 24 * HOUR, offsetMinutes: 1440, channel: 'email' },
      { when: START - 24 * HOUR, offsetMinutes: 1440, channel: 'sms' },
      { when: START - HOUR, offsetMinutes: 60, channel: 'email' },
      { when: START - HOUR, offsetMinutes: 60, channel: 'sms' },
    ]);
  });

  it('booked 30 minutes ahead with offsets [1440, 60]: no reminders', () => {
    expect(schedule(START - 30 * MIN)).toEqual([]);
  });

  it('booked 2 hours ahead: only the 60-minute reminder', () => {
    expect(schedule(START - 2 * HOUR)).toEqual([{ when: START - HOUR, offsetMinutes: 60, channel: 'email' }]);
  });

  it('skips exactly those whose time is not after now (boundary)', () => {
    expect(schedule(START - HOUR).map((r) => r.offsetMinutes)).toEqual([]);
    expect(schedule(START - HOUR - 1).map((r) => r.offsetMinutes)).toEqual([60]);
    expect(schedule(START - 24 * HOUR).map((r) => r.offsetMinutes)).toEqual([60]);
    expect(schedule(START - 24 * HOUR - 1).map((r) => r.offsetMinutes)).toEqual([1440, 60]);
  });

  it('dedupes equal (when, channel) pairs', () => {
    expect(schedule(0, [60, 60, 1440], ['email', 'email', 'sms'])).toHaveLength(4);
    const keys = schedule(0, [60, 60, 1440], ['email', 'email', 'sms']).map(reminderKey);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('allows fractional minutes (compressed clocks) and rounds to whole ms', () => {
    expect(schedule(0, [0.05, 0.1])).toEqual([
      { when: START - 6_000, offsetMinutes: 0.1, channel: 'email' },
      { when: START - 3_000, offsetMinutes: 0.05, channel: 'email' },
    ]);
  });

  it.each([0, -5, Number.NaN, Number.POSITIVE_INFINITY])('refuses offset %s', (bad) => {
    expect(() => schedule(0, [60, bad])).toThrow(RangeError);
  });

  it('no channels, no reminders', () => {
    expect(schedule(0, [60], [])).toEqual([]);
  });

  // Offsets are real durations before the start instant, not wall-clock arithmetic (documented choice).
  describe('DST: offsets are instants, not wall clock (Europe/Berlin)', () => {
    const berlin = (date: string, hhmm: number) => localToInstant(date, hhmm, 'Europe/Berlin', 'skip')!;
    const dayReminder = (start: number) => reminderSchedule({ start, offsetsMinutes: [1440], channels: ['email'], now: 0 })[0]!;

    it('2026-03-30 09:00 (the day after spring forward): 24 real hours earlier, 09:00 on the 29th', () => {
      const start = berlin('2026-03-30', 9 * 60);
      expect(start).toBe(Date.parse('2026-03-30T07:00:00Z'));
      const r = dayReminder(start);
      expect(start - r.when).toBe(24 * HOUR);
      // The change happened at 02:00 on the 29th, before the reminder, so the wall clock agrees here.
      expect(r.when).toBe(Date.parse('2026-03-29T07:00:00Z'));
      expect([localDate(r.when, 'Europe/Berlin'), localParts(r.when, 'Europe/Berlin').hour]).toEqual(['2026-03-29', 9]);
    });

    it('2026-03-29 09:00 (spring forward between): the reminder reads 08:00 the day before, not 09:00', () => {
      const start = berlin('2026-03-29', 9 * 60);
      const r = dayReminder(start);
      expect(start - r.when).toBe(24 * HOUR);
      expect(r.when).toBe(Date.parse('2026-03-28T07:00:00Z'));
      expect([localDate(r.when, 'Europe/Berlin'), localParts(r.when, 'Europe/Berlin').hour]).toEqual(['2026-03-28', 8]);
    });

    it('2026-10-25 09:00 (fall back between): the reminder reads 10:00 the day before', () => {
      const start = berlin('2026-10-25', 9 * 60);
      const r = dayReminder(start);
      expect(start - r.when).toBe(24 * HOUR);
      expect([localDate(r.when, 'Europe/Berlin'), localParts(r.when, 'Europe/Berlin').hour]).toEqual(['2026-10-24', 10]);
    });
  });
});

describe('reminderStep', () => {
  const full = schedule(0, [1440, 60], ['email', 'sms']);
  const [dayEmail, daySms, hourEmail, hourSms] = full as [ScheduledReminder, ScheduledReminder, ScheduledReminder, ScheduledReminder];
  const without = (...rs: ScheduledReminder[]) => full.filter((r) => !rs.includes(r));

  it('walks the schedule in order as reminders are sent, then returns null', () => {
    let unsent = full;
    const order: ScheduledReminder[] = [];
    let now = 0;
    for (let step = reminderStep(unsent, START, now); step.next; step = reminderStep(unsent, START, now)) {
      expect(step.skip).toEqual([]);
      now = step.next.when;
      order.push(step.next);
      unsent = unsent.filter((r) => r !== step.next);
    }
    expect(order).toEqual(full);
  });

  it('names a future reminder before its time (the caller sleeps until `when`)', () => {
    expect(reminderStep(full, START, START - 48 * HOUR)).toEqual({ skip: [], reason: null, next: dayEmail });
    expect(reminderStep(without(dayEmail, daySms), START, START - 20 * HOUR).next).toBe(hourEmail);
  });

  it('still sends a reminder whose timer fired late', () => {
    expect(reminderStep(full, START, START - 24 * HOUR + 5 * MIN).next).toBe(dayEmail);
    expect(reminderStep([hourSms], START, START - 30 * MIN).next).toBe(hourSms);
  });

  it('after an outage sends only the latest due reminder per channel and skips the older ones, with a reason', () => {
    const now = START - 30 * MIN;
    const step = reminderStep(full, START, now);
    expect(step.skip).toEqual([dayEmail, daySms]);
    expect(step.reason).toMatch(/later reminder was due/);
    expect(step.next).toBe(hourEmail);
    expect(reminderStep([hourSms], START, now)).toEqual({ skip: [], reason: null, next: hourSms });
    expect(reminderStep([], START, now)).toEqual({ skip: [], reason: null, next: null });
  });

  it('sends nothing once the appointment has started: everything unsent is skipped', () => {
    expect(reminderStep(without(dayEmail), START, START)).toEqual({ skip: [daySms, hourEmail, hourSms], reason: expect.stringMatching(/started/), next: null });
    expect(reminderStep(full, START, START - 1).next).toBe(hourEmail);
  });

  it('skips nothing while everything is on time', () => {
    expect(reminderStep(full, START, START - 48 * HOUR).skip).toEqual([]);
    expect(reminderStep(without(dayEmail), START, START - 24 * HOUR).skip).toEqual([]);
  });

  it('keeps what the caller attached (ids) on what it returns', () => {
    const rows = full.map((r, i) => ({ ...r, id: `r${i}` }));
    const step = reminderStep(rows, START, START - 30 * MIN);
    expect(step.skip.map((r) => r.id)).toEqual(['r0', 'r1']);
    expect(step.next?.id).toBe('r2');
  });

  it('property: every reminder is either sent once, in time order, or skipped — never both, never after the start', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 1, max: 3 * 1440 }), { minLength: 1, maxLength: 5 }),
        fc.subarray(['email', 'sms'] as ReminderChannel[], { minLength: 1 }),
        fc.array(fc.integer({ min: 0, max: 2 * 1440 }), { minLength: 1, maxLength: 8 }),
        (offsets, channels, wakeDelays) => {
          const made = START - 4 * 1440 * MIN;
          let unsent = reminderSchedule({ start: START, offsetsMinutes: offsets, channels, now: made });
          const total = unsent.length;
          const sent: ScheduledReminder[] = [];
          const skipped: { r: ScheduledReminder; at: number }[] = [];
          let now = made;
          // The worker wakes at arbitrary (possibly late) times and drains everything due.
          for (const delay of wakeDelays) {
            now += delay * MIN;
            for (;;) {
              const step = reminderStep(unsent, START, now);
              skipped.push(...step.skip.map((r) => ({ r, at: now })));
              unsent = unsent.filter((r) => !step.skip.includes(r));
              if (!step.next || step.next.when > now) break;
              expect(now).toBeLessThan(START);
              sent.push(step.next);
              unsent = unsent.filter((r) => r !== step.next);
            }
          }
          expect(new Set([...sent, ...skipped.map((k) => k.r)]).size).toBe(sent.length + skipped.length);
          expect(sent.length + skipped.length + unsent.length).toBe(total);
          for (let i = 1; i < sent.length; i++) expect(sent[i]!.when).toBeGreaterThanOrEqual(sent[i - 1]!.when);
          // A reminder is skipped only once the appointment has started, or because a later one of its
          // channel, also due at that wake-up, went out instead.
          for (const { r, at } of skipped) {
            if (at >= START) continue;
            expect(sent.some((x) => x.channel === r.channel && x.when > r.when && x.when <= at)).toBe(true);
          }
        },
      ),
    );
  });
});

describe('reminderTooLate (the send activity checks it again when a timer fires late)', () => {
  it('is late from the start instant on, and reminderStep skips with the same reason', () => {
    const start = TEST_NOW + 86_400_000;
    expect(reminderTooLate(start, start - 1)).toBe(false);
    expect(reminderTooLate(start, start)).toBe(true);
    expect(reminderTooLate(start, start + 1)).toBe(true);
    const step = reminderStep([{ when: start - 60_000, channel: 'email' as const }], start, start);
    expect(step).toMatchObject({ reason: TOO_LATE_REASON, next: null });
    expect(step.skip).toHaveLength(1);
  });
});
