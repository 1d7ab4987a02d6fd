import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  nextReminder,
  reminderKey,
  reminderSchedule,
  staleReminders,
  type ReminderChannel,
  type ScheduledReminder,
} from '../../src/domain/reminders/reminder-schedule.ts';
import { localDate, localParts, localToInstant } from '../../src/domain/time/zones.ts';
import { TEST_NOW } from '../support/clock.ts';

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

describe('nextReminder', () => {
  const full = schedule(0, [1440, 60], ['email', 'sms']);
  const [dayEmail, daySms, hourEmail, hourSms] = full as [ScheduledReminder, ScheduledReminder, ScheduledReminder, ScheduledReminder];
  const sent = (...rs: ScheduledReminder[]) => new Set(rs.map(reminderKey));

  it('walks the schedule in order as reminders are sent, then returns null', () => {
    const done = new Set<string>();
    const order: ScheduledReminder[] = [];
    for (let r = nextReminder(full, done, 0); r; r = nextReminder(full, done, r.when)) {
      order.push(r);
      done.add(reminderKey(r));
    }
    expect(order).toEqual(full);
  });

  it('returns a future reminder before its time (the caller sleeps until `when`)', () => {
    expect(nextReminder(full, sent(), START - 48 * HOUR)).toBe(dayEmail);
    expect(nextReminder(full, sent(dayEmail, daySms), START - 20 * HOUR)).toBe(hourEmail);
  });

  it('still sends a reminder whose timer fired late', () => {
    expect(nextReminder(full, sent(), START - 24 * HOUR + 5 * MIN)).toBe(dayEmail);
    expect(nextReminder(full, sent(dayEmail, daySms, hourEmail), START - 30 * MIN)).toBe(hourSms);
  });

  it('after an outage sends only the latest due reminder per channel; the older ones are stale', () => {
    const now = START - 30 * MIN;
    expect(nextReminder(full, sent(), now)).toBe(hourEmail);
    expect(nextReminder(full, sent(hourEmail), now)).toBe(hourSms);
    expect(nextReminder(full, sent(hourEmail, hourSms), now)).toBeNull();
    expect(staleReminders(full, sent(hourEmail), now)).toEqual([dayEmail, daySms]);
  });

  it('sends nothing once the appointment has started; everything unsent is stale', () => {
    expect(nextReminder(full, sent(dayEmail), START)).toBeNull();
    expect(staleReminders(full, sent(dayEmail), START)).toEqual([daySms, hourEmail, hourSms]);
    expect(nextReminder(full, sent(), START - 1)).toBe(hourEmail);
  });

  it('nothing stale while everything is on time', () => {
    expect(staleReminders(full, sent(), START - 48 * HOUR)).toEqual([]);
    expect(staleReminders(full, sent(dayEmail), START - 24 * HOUR)).toEqual([]);
  });

  it('property: every reminder is either sent once, in time order, or stale — never both, never twice', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 1, max: 3 * 1440 }), { minLength: 1, maxLength: 5 }),
        fc.subarray(['email', 'sms'] as ReminderChannel[], { minLength: 1 }),
        fc.array(fc.integer({ min: 0, max: 2 * 1440 }), { minLength: 1, maxLength: 8 }),
        (offsets, channels, wakeDelays) => {
          const made = START - 4 * 1440 * MIN;
          const plan = reminderSchedule({ start: START, offsetsMinutes: offsets, channels, now: made });
          const done = new Set<string>();
          const sentOrder: ScheduledReminder[] = [];
          let now = made;
          // The worker wakes at arbitrary (possibly late) times and drains everything due.
          for (const delay of wakeDelays) {
            now += delay * MIN;
            for (let r = nextReminder(plan, done, now); r && r.when <= now; r = nextReminder(plan, done, now)) {
              expect(done.has(reminderKey(r))).toBe(false);
              expect(now).toBeLessThan(START);
              done.add(reminderKey(r));
              sentOrder.push(r);
            }
          }
          const stale = staleReminders(plan, done, now);
          for (const r of stale) expect(done.has(reminderKey(r))).toBe(false);
          for (let i = 1; i < sentOrder.length; i++) expect(sentOrder[i]!.when).toBeGreaterThanOrEqual(sentOrder[i - 1]!.when);
        },
      ),
    );
  });
});
