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
import { DB_KINDS, skipKind, testDatabase, type TestDatabase } from '../support/databases.ts';

const at = (iso: string) => new Date(iso);
const plus = (d: Date, seconds: number) => new Date(d.getTime() + seconds * 1000);

/** The clock: 12:00 UTC = 13:00 in Berlin = 07:00 in New York, all on 2031-01-20. */
const NOW = at('2031-01-20T12:00:00Z');

const EMPTY: StatsFigures = {
  created: 0, confirmed: 0, cancelled: 0, expired: 0, declined: 0, completed: 0, noShow: 0,
  successRate: null, noShowRate: null, avgTimeToConfirmationSeconds: null,
  remindersDue: 0, remindersSent: 0, reminderDeliveryRate: null,
};
const day = (date: string, f: Partial<StatsFigures> = {}) => ({ date, ...EMPTY, ...f });

describe.each(DB_KINDS)('admin stats on %s', (kind) => {
  let d: TestDatabase;
  let providerId: string;
  let serviceId: string;
  let slot = 0;

  /** A booking; without `start` it gets its own far-future hour (live bookings must not overlap). */
  const booking = async (createdAt: string, status: BookingStatus, start?: string): Promise<string> => {
    const s = start ? at(start) : new Date(Date.UTC(2032, 0, 1) + slot++ * 3_600_000);
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
    providerId = (await d.db.insertInto('providers').values({ name: 'P', time_zone: 'Europe/Berlin', weekly_hours: '{}' }).returning('id').executeTakeFirstOrThrow()).id;
    serviceId = (await d.db.insertInto('services').values({ name: 'S', duration_minutes: 30 }).returning('id').executeTakeFirstOrThrow()).id;

    // Created on the 18th (every zone): two that stand, an expired hold, an undecided hold.
    const b1 = await booking('2031-01-18T10:00:00Z', 'confirmed');
    await message(b1, 'confirmation', 'email', 'sent', plus(at('2031-01-18T10:00:00Z'), 60));
    const b2 = await booking('2031-01-18T11:00:00Z', 'completed', '2031-01-19T09:00:00Z');
    await message(b2, 'approval_pending', 'email', 'sent', plus(at('2031-01-18T11:00:00Z'), 5)); // not confirming
    await message(b2, 'approved', 'email', 'sent', plus(at('2031-01-18T11:00:00Z'), 120));
    const b3 = await booking('2031-01-18T12:00:00Z', 'expired');
    await message(b3, 'hold_expired', 'email', 'sent', plus(at('2031-01-18T12:00:00Z'), 600)); // not confirming
    await booking('2031-01-18T13:00:00Z', 'held');
    // Near midnight: the 19th in UTC and New York (18:30), the 20th in Berlin (00:30).
    await booking('2031-01-19T23:30:00Z', 'cancelled');
    await booking('2031-01-19T10:00:00Z', 'rejected', '2031-02-01T10:00:00Z');
    // Created today, its appointment this morning, missed; e-mail confirmation after 30 s, the SMS failed.
    const b6 = await booking('2031-01-20T08:00:00Z', 'no_show', '2031-01-20T09:00:00Z');
    await message(b6, 'confirmation', 'sms', 'failed', null);
    await message(b6, 'confirmation', 'email', 'sent', plus(at('2031-01-20T08:00:00Z'), 30));
    await booking('2031-01-16T12:00:00Z', 'rejected', '2031-01-19T15:00:00Z'); // 16th everywhere
    await booking('2031-01-17T03:00:00Z', 'pending'); // 17th in UTC and Berlin, 16th (22:00) in New York
    // Appointments of bookings made long ago.
    await booking('2031-01-05T12:00:00Z', 'confirmed', '2031-01-20T15:00:00Z'); // today everywhere
    await booking('2031-01-05T12:00:00Z', 'confirmed', '2031-01-20T23:30:00Z'); // today in UTC and New York, tomorrow in Berlin
    await booking('2031-01-05T12:00:00Z', 'completed', '2031-01-19T23:30:00Z'); // 19th in UTC / New York, 20th in Berlin
    await booking('2031-01-05T12:00:00Z', 'cancelled', '2031-01-20T10:00:00Z'); // today, but released
    // Across the spring-forward night in Berlin: 22:30 UTC on the 30th is 00:30 CEST on the 31st.
    await booking('2031-03-30T22:30:00Z', 'confirmed');

    const reminders: [string, 'scheduled' | 'sent' | 'skipped' | 'failed' | 'cancelled'][] = [
      ['2031-01-18T08:00:00Z', 'sent'],
      ['2031-01-18T09:00:00Z', 'failed'],
      ['2031-01-18T10:00:00Z', 'cancelled'], // never meant to go out
      ['2031-01-19T23:30:00Z', 'sent'], // 19th in UTC / New York, 20th in Berlin
      ['2031-01-20T11:00:00Z', 'skipped'], // due before now
      ['2031-01-20T13:00:00Z', 'scheduled'], // today but after now: not due yet
      ['2031-01-10T10:00:00Z', 'sent'], // before every window
    ];
    await d.db
      .insertInto('reminders')
      .values(reminders.map(([when, status]) => ({ booking_id: b1, when: at(when), channel: 'email' as const, status, sent_at: status === 'sent' ? at(when) : null })))
      .execute();
  });
  afterAll(async () => {
    await d?.dispose();
  });

  it.skipIf(skipKind(kind))('groups by UTC day: every day present, rates from each day’s own counts', async () => {
    const s = await stats(NOW, 'UTC', 6);
    expect(s).toMatchObject({ timeZone: 'UTC', from: '2031-01-15', to: '2031-01-20', today: { date: '2031-01-20', bookings: 3 } });
    expect(s.days).toEqual([
      day('2031-01-15'), // nothing at all: zeros and nulls
      day('2031-01-16', { created: 1, declined: 1, successRate: 0 }),
      day('2031-01-17', { created: 1 }), // pending: not decided, so no rate yet
      day('2031-01-18', { created: 4, confirmed: 2, expired: 1, successRate: 2 / 3, avgTimeToConfirmationSeconds: 90, remindersDue: 2, remindersSent: 1, reminderDeliveryRate: 0.5 }),
      day('2031-01-19', { created: 2, cancelled: 1, declined: 1, successRate: 0, completed: 2, noShowRate: 0, remindersDue: 1, remindersSent: 1, reminderDeliveryRate: 1 }),
      day('2031-01-20', { created: 1, confirmed: 1, successRate: 1, noShow: 1, noShowRate: 1, avgTimeToConfirmationSeconds: 30, remindersDue: 1, remindersSent: 0, reminderDeliveryRate: 0 }),
    ]);
    // Totals divide summed counts (3 of 7 decided stand), never average the daily rates.
    expect(s.totals).toEqual({
      created: 9, confirmed: 3, cancelled: 1, expired: 1, declined: 2, completed: 2, noShow: 1,
      successRate: 3 / 7, noShowRate: 1 / 3, avgTimeToConfirmationSeconds: 70,
      remindersDue: 4, remindersSent: 2, reminderDeliveryRate: 0.5,
    });
  });

  it.skipIf(skipKind(kind))('groups by Berlin day: near-midnight rows move to the next day', async () => {
    const s = await stats(NOW, 'Europe/Berlin', 6);
    // Today: the no-show at 10:00, the 16:00 appointment and the one completed at 00:30; the 23:30 UTC one is tomorrow here.
    expect(s.today).toEqual({ date: '2031-01-20', bookings: 3 });
    expect(s.days).toEqual([
      day('2031-01-15'),
      day('2031-01-16', { created: 1, declined: 1, successRate: 0 }),
      day('2031-01-17', { created: 1 }),
      day('2031-01-18', { created: 4, confirmed: 2, expired: 1, successRate: 2 / 3, avgTimeToConfirmationSeconds: 90, remindersDue: 2, remindersSent: 1, reminderDeliveryRate: 0.5 }),
      day('2031-01-19', { created: 1, declined: 1, successRate: 0, completed: 1, noShowRate: 0 }),
      day('2031-01-20', { created: 2, confirmed: 1, cancelled: 1, successRate: 0.5, completed: 1, noShow: 1, noShowRate: 0.5, avgTimeToConfirmationSeconds: 30, remindersDue: 2, remindersSent: 1, reminderDeliveryRate: 0.5 }),
    ]);
    expect(s.totals).toMatchObject({ created: 9, confirmed: 3, successRate: 3 / 7, completed: 2, noShow: 1, remindersDue: 4, remindersSent: 2 });
  });

  it.skipIf(skipKind(kind))('groups by New York day: a late-evening booking moves to the day before', async () => {
    const s = await stats(NOW, 'America/New_York', 6);
    expect(s.today).toEqual({ date: '2031-01-20', bookings: 3 }); // the 18:30 appointment is today here
    expect(s.days[1]).toEqual(day('2031-01-16', { created: 2, declined: 1, successRate: 0 }));
    expect(s.days[2]).toEqual(day('2031-01-17')); // the pending booking was created on the 16th here
    expect(s.days[4]).toMatchObject({ date: '2031-01-19', created: 2, cancelled: 1, completed: 2, remindersDue: 1 });
    // 07:00 local: the 08:00 reminder is not due yet, the 06:00 one is.
    expect(s.days[5]).toMatchObject({ date: '2031-01-20', remindersDue: 1, remindersSent: 0 });
  });

  it.skipIf(skipKind(kind))('takes days across a DST change in the zone, and a one-day window is today only', async () => {
    const dst = await stats(at('2031-03-31T12:00:00Z'), 'Europe/Berlin', 2);
    expect(dst.days.map((x) => [x.date, x.created])).toEqual([['2031-03-30', 0], ['2031-03-31', 1]]);
    const utc = await stats(at('2031-03-31T12:00:00Z'), 'UTC', 2);
    expect(utc.days.map((x) => [x.date, x.created])).toEqual([['2031-03-30', 1], ['2031-03-31', 0]]);

    const one = await stats(NOW, 'UTC', 1);
    expect(one.days.map((x) => x.date)).toEqual(['2031-01-20']);
    const { date: _date, ...onlyDay } = one.days[0]!;
    expect(one.totals).toEqual(onlyDay); // one day: its totals are that day
    expect(one.totals.created).toBe(1);
  });

  it.skipIf(skipKind(kind))('fails with SQLSTATE 22023 for a zone the database does not know', async () => {
    await expect(dailyCounts(d.db, { timeZone: 'Mars/Olympus', first: '2031-01-20', today: '2031-01-20', now: NOW })).rejects.toMatchObject({ code: '22023' });
  });
});
