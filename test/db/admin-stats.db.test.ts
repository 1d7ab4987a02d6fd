/**
 * The admin dashboard's daily figures on PGlite and PostgreSQL: rows inserted directly (bookings,
 * messages, reminders), grouped by local day in several zones by the repository, assembled by the domain
 * module exactly as `GET /v1/admin/stats` does. Every day of the window is asserted in full, so empty days
 * (zeros, null rates) and the day a near-midnight row falls on in each zone are pinned.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dailyCounts } from '../../src/db/admin-stats.repository.ts';
import type { BookingStatus, MessageStatus } from '../../src/db/schema.ts';
import { assembleStats, statsWindow, type StatsFigures } from '../../src/domain/stats/daily-stats.ts';
import { addDays, isoWeekday, localDate } from '../../src/domain/time/zones.ts';
import { TEST_NOW } from '../support/clock.ts';
import { DB_KINDS, skipKind, testDatabase, type TestDatabase } from '../support/databases.ts';
import { insertProvider, insertService } from '../support/factories.ts';

const at = (iso: string) => new Date(iso);
const plus = (d: Date, seconds: number) => new Date(d.getTime() + seconds * 1000);

/**
 * "Today" is the pinned now's UTC date; the rows sit on the days around it at fixed UTC times, each
 * chosen so that its local day in Berlin (UTC+1 or +2) and New York (UTC−5 or −4) is the one the
 * comments name whatever the season (also when a DST change falls inside the window).
 */
const TODAY = localDate(TEST_NOW, 'UTC');
/** The local date `n` days from TODAY, and the instant `hh:mm` UTC on it (ISO, for `at`). */
const date = (n: number) => addDays(TODAY, n);
const utc = (n: number, hhmm: string) => `${date(n)}T${hhmm}:00Z`;

/** The clock: 12:00 UTC = 13:00 or 14:00 in Berlin = 07:00 or 08:00 in New York, all on TODAY. */
const NOW = at(utc(0, '12:00'));

/** Berlin's spring-forward Sunday two years on (last Sunday of March): far from every row above. */
const SPRING = [31, 30, 29, 28, 27, 26, 25].map((d) => `${Number(TODAY.slice(0, 4)) + 2}-03-${d}`).find((d) => isoWeekday(d) === 7)!;

const EMPTY: StatsFigures = {
  created: 0,
  confirmed: 0,
  cancelled: 0,
  expired: 0,
  declined: 0,
  completed: 0,
  noShow: 0,
  successRate: null,
  noShowRate: null,
  avgTimeToConfirmationSeconds: null,
  remindersDue: 0,
  remindersSent: 0,
  reminderDeliveryRate: null,
};
const day = (date: string, f: Partial<StatsFigures> = {}) => ({ date, ...EMPTY, ...f });

describe.each(DB_KINDS)('admin stats on %s', (kind) => {
  let d: TestDatabase;
  let providerId: string;
  let serviceId: string;
  let slot = 0;

  /** A booking; without `start` it gets its own far-future hour (live bookings must not overlap). */
  const booking = async (createdAt: string, status: BookingStatus, start?: string): Promise<string> => {
    const s = start ? at(start) : new Date(Date.parse(utc(400, '00:00')) + slot++ * 3_600_000);
    const e = new Date(s.getTime() + 30 * 60_000);
    const row = await d.db
      .insertInto('bookings')
      .values({
        customer_name: 'Ada',
        service_id: serviceId,
        provider_id: providerId,
        start_time: s,
        end_time: e,
        blocked: `[${s.toISOString()},${e.toISOString()})`,
        status,
        created_at: at(createdAt),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  };
  const message = (bookingId: string, kind: string, channel: 'email' | 'sms', status: MessageStatus, sentAt: Date | null) =>
    d.db
      .insertInto('messages')
      .values({ booking_id: bookingId, kind, channel, status, recipient: 'ada@example.com', body_text: 'x', idempotency_key: randomUUID(), sent_at: sentAt })
      .execute();

  const stats = async (now: Date, timeZone: string, days: number) => {
    const w = statsWindow(now, timeZone, days);
    const c = await dailyCounts(d.db, { timeZone, first: w.first, today: w.today, now });
    return assembleStats(w, c.byDay, c.todayBookings);
  };

  beforeAll(async () => {
    if (skipKind(kind)) return;
    d = await testDatabase(kind);
    providerId = await insertProvider(d.db, { name: 'P', time_zone: 'Europe/Berlin', weekly_hours: '{}' });
    serviceId = await insertService(d.db, { name: 'S', duration_minutes: 30 });

    // Created two days ago (every zone): two that stand, an expired hold, an undecided hold.
    const b1 = await booking(utc(-2, '10:00'), 'confirmed');
    await message(b1, 'confirmation', 'email', 'sent', plus(at(utc(-2, '10:00')), 60));
    const b2 = await booking(utc(-2, '11:00'), 'completed', utc(-1, '09:00'));
    await message(b2, 'approval_pending', 'email', 'sent', plus(at(utc(-2, '11:00')), 5)); // not confirming
    await message(b2, 'approved', 'email', 'sent', plus(at(utc(-2, '11:00')), 120));
    const b3 = await booking(utc(-2, '12:00'), 'expired');
    await message(b3, 'hold_expired', 'email', 'sent', plus(at(utc(-2, '12:00')), 600)); // not confirming
    await booking(utc(-2, '13:00'), 'held');
    // Near midnight: yesterday in UTC and New York (18:30 or 19:30), today in Berlin (00:30 or 01:30).
    await booking(utc(-1, '23:30'), 'cancelled');
    await booking(utc(-1, '10:00'), 'rejected', utc(12, '10:00'));
    // Created today, its appointment this morning, missed; e-mail confirmation after 30 s, the SMS failed.
    const b6 = await booking(utc(0, '08:00'), 'no_show', utc(0, '09:00'));
    await message(b6, 'confirmation', 'sms', 'failed', null);
    await message(b6, 'confirmation', 'email', 'sent', plus(at(utc(0, '08:00')), 30));
    await booking(utc(-4, '12:00'), 'rejected', utc(-1, '15:00')); // created four days ago everywhere
    await booking(utc(-3, '03:00'), 'pending'); // three days ago in UTC and Berlin, four (22:00 or 23:00) in New York
    // Appointments of bookings made long ago.
    await booking(utc(-15, '12:00'), 'confirmed', utc(0, '15:00')); // today everywhere
    await booking(utc(-15, '12:00'), 'confirmed', utc(0, '23:30')); // today in UTC and New York, tomorrow in Berlin
    await booking(utc(-15, '12:00'), 'completed', utc(-1, '23:30')); // yesterday in UTC / New York, today in Berlin
    await booking(utc(-15, '12:00'), 'cancelled', utc(0, '10:00')); // today, but released
    // Across the spring-forward night in Berlin: 22:30 UTC on that Sunday is 00:30 CEST on the Monday.
    await booking(`${SPRING}T22:30:00Z`, 'confirmed');

    const reminders: [string, 'scheduled' | 'sent' | 'skipped' | 'failed' | 'cancelled'][] = [
      [utc(-2, '08:00'), 'sent'],
      [utc(-2, '09:00'), 'failed'],
      [utc(-2, '10:00'), 'cancelled'], // never meant to go out
      [utc(-1, '23:30'), 'sent'], // yesterday in UTC / New York, today in Berlin
      [utc(0, '11:00'), 'skipped'], // due before now
      [utc(0, '13:00'), 'scheduled'], // today but after now: not due yet
      [utc(-10, '10:00'), 'sent'], // before every window
    ];
    await d.db
      .insertInto('reminders')
      .values(
        reminders.map(([when, status]) => ({
          booking_id: b1,
          when: at(when),
          channel: 'email' as const,
          status,
          sent_at: status === 'sent' ? at(when) : null,
        })),
      )
      .execute();
  });
  afterAll(async () => {
    await d?.dispose();
  });

  it.skipIf(skipKind(kind))('groups by UTC day: every day present, rates from each day’s own counts', async () => {
    const s = await stats(NOW, 'UTC', 6);
    expect(s).toMatchObject({ timeZone: 'UTC', from: date(-5), to: date(0), today: { date: date(0), bookings: 3 } });
    expect(s.days).toEqual([
      day(date(-5)), // nothing at all: zeros and nulls
      day(date(-4), { created: 1, declined: 1, successRate: 0 }),
      day(date(-3), { created: 1 }), // pending: not decided, so no rate yet
      day(date(-2), {
        created: 4,
        confirmed: 2,
        expired: 1,
        successRate: 2 / 3,
        avgTimeToConfirmationSeconds: 90,
        remindersDue: 2,
        remindersSent: 1,
        reminderDeliveryRate: 0.5,
      }),
      day(date(-1), {
        created: 2,
        cancelled: 1,
        declined: 1,
        successRate: 0,
        completed: 2,
        noShowRate: 0,
        remindersDue: 1,
        remindersSent: 1,
        reminderDeliveryRate: 1,
      }),
      day(date(0), {
        created: 1,
        confirmed: 1,
        successRate: 1,
        noShow: 1,
        noShowRate: 1,
        avgTimeToConfirmationSeconds: 30,
        remindersDue: 1,
        remindersSent: 0,
        reminderDeliveryRate: 0,
      }),
    ]);
    // Totals divide summed counts (3 of 7 decided stand), never average the daily rates.
    expect(s.totals).toEqual({
      created: 9,
      confirmed: 3,
      cancelled: 1,
      expired: 1,
      declined: 2,
      completed: 2,
      noShow: 1,
      successRate: 3 / 7,
      noShowRate: 1 / 3,
      avgTimeToConfirmationSeconds: 70,
      remindersDue: 4,
      remindersSent: 2,
      reminderDeliveryRate: 0.5,
    });
  });

  it.skipIf(skipKind(kind))('groups by Berlin day: near-midnight rows move to the next day', async () => {
    const s = await stats(NOW, 'Europe/Berlin', 6);
    // Today: the no-show at 10:00, the 16:00 appointment and the one completed at 00:30 (CET; an hour later in summer);
    // the 23:30 UTC one is tomorrow here.
    expect(s.today).toEqual({ date: date(0), bookings: 3 });
    expect(s.days).toEqual([
      day(date(-5)),
      day(date(-4), { created: 1, declined: 1, successRate: 0 }),
      day(date(-3), { created: 1 }),
      day(date(-2), {
        created: 4,
        confirmed: 2,
        expired: 1,
        successRate: 2 / 3,
        avgTimeToConfirmationSeconds: 90,
        remindersDue: 2,
        remindersSent: 1,
        reminderDeliveryRate: 0.5,
      }),
      day(date(-1), { created: 1, declined: 1, successRate: 0, completed: 1, noShowRate: 0 }),
      day(date(0), {
        created: 2,
        confirmed: 1,
        cancelled: 1,
        successRate: 0.5,
        completed: 1,
        noShow: 1,
        noShowRate: 0.5,
        avgTimeToConfirmationSeconds: 30,
        remindersDue: 2,
        remindersSent: 1,
        reminderDeliveryRate: 0.5,
      }),
    ]);
    expect(s.totals).toMatchObject({ created: 9, confirmed: 3, successRate: 3 / 7, completed: 2, noShow: 1, remindersDue: 4, remindersSent: 2 });
  });

  it.skipIf(skipKind(kind))('groups by New York day: a late-evening booking moves to the day before', async () => {
    const s = await stats(NOW, 'America/New_York', 6);
    expect(s.today).toEqual({ date: date(0), bookings: 3 }); // the 18:30 appointment is today here
    expect(s.days[1]).toEqual(day(date(-4), { created: 2, declined: 1, successRate: 0 }));
    expect(s.days[2]).toEqual(day(date(-3))); // the pending booking was created the day before here
    expect(s.days[4]).toMatchObject({ date: date(-1), created: 2, cancelled: 1, completed: 2, remindersDue: 1 });
    // 07:00 local (08:00 in summer): the 13:00 UTC reminder is not due yet, the 11:00 UTC one is.
    expect(s.days[5]).toMatchObject({ date: date(0), remindersDue: 1, remindersSent: 0 });
  });

  it.skipIf(skipKind(kind))('takes days across a DST change in the zone, and a one-day window is today only', async () => {
    const monday = addDays(SPRING, 1);
    const dst = await stats(at(`${monday}T12:00:00Z`), 'Europe/Berlin', 2);
    expect(dst.days.map((x) => [x.date, x.created])).toEqual([
      [SPRING, 0],
      [monday, 1],
    ]);
    const inUtc = await stats(at(`${monday}T12:00:00Z`), 'UTC', 2);
    expect(inUtc.days.map((x) => [x.date, x.created])).toEqual([
      [SPRING, 1],
      [monday, 0],
    ]);

    const one = await stats(NOW, 'UTC', 1);
    expect(one.days.map((x) => x.date)).toEqual([date(0)]);
    const { date: _date, ...onlyDay } = one.days[0]!;
    expect(one.totals).toEqual(onlyDay); // one day: its totals are that day
    expect(one.totals.created).toBe(1);
  });

  it.skipIf(skipKind(kind))('fails with SQLSTATE 22023 for a zone the database does not know', async () => {
    await expect(dailyCounts(d.db, { timeZone: 'Mars/Olympus', first: date(0), today: date(0), now: NOW })).rejects.toMatchObject({ code: '22023' });
  });
});
