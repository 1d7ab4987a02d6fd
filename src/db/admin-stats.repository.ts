/**
 * Read side of the admin dashboard's daily figures: four grouped reads (bookings by creation day,
 * appointments by start day, confirmations by creation day, reminders by due day), each grouping rows by
 * their local date in the requested zone with `AT TIME ZONE` — so a booking at 23:30 UTC falls on the next
 * day in Berlin and on the same day in New York. The figures' definitions are in
 * src/domain/stats/daily-stats.ts; this file only counts. Same SQL on PGlite and PostgreSQL 15.
 *
 * The zone must be a name PostgreSQL knows (an unknown one fails with SQLSTATE 22023). Window edges are
 * local midnights computed by the database too, so the range filter and the grouping agree on every day,
 * DST days included.
 */
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { DayCounts } from '../domain/stats/daily-stats.ts';
import { CONFIRMING_KINDS } from './message-stats.repository.ts';
import type { DB } from './schema.ts';

export type StatsQuery = {
  /** IANA zone (canonical name). */
  timeZone: string;
  /** First and last local date of the window, 'YYYY-MM-DD' (inclusive). */
  first: string;
  today: string;
  /** Reminders count as due only before this instant. */
  now: Date;
};

export type DailyCounts = { byDay: Map<string, Partial<DayCounts>>; todayBookings: number };

/** Booking statuses whose appointment stands (confirmed) or stood and was kept or missed. */
const STANDING = ['confirmed', 'completed', 'no_show'];
/** Released bookings: their slot was given back (admins' "declined" is the status `rejected`). */
const RELEASED = ['cancelled', 'expired', 'rejected'];

const n = (v: number | string | null | undefined) => Number(v ?? 0);

export async function dailyCounts(db: Kysely<DB>, q: StatsQuery): Promise<DailyCounts> {
  const tz = q.timeZone;
  /** 'YYYY-MM-DD' of a timestamptz column in the zone. */
  const day = (col: RawBuilder<unknown>) => sql<string>`to_char((${col} AT TIME ZONE ${tz})::date, 'YYYY-MM-DD')`;
  /** The instant local midnight of `date` begins in the zone. */
  const midnight = (date: string) => sql<Date>`(${date}::date::timestamp AT TIME ZONE ${tz})`;
  const lo = midnight(q.first);
  const hi = sql<Date>`((${q.today}::date + 1)::timestamp AT TIME ZONE ${tz})`;
  const list = (xs: readonly string[]) => sql.join(xs.map((x) => sql.lit(x)));

  // Each inner query names the local day as a column and the outer one groups by it: grouping by the
  // expression itself would not work, as its zone is a separate bind parameter in SELECT and GROUP BY.
  const created = sql<{ day: string; created: number; confirmed: number; cancelled: number; expired: number; declined: number }>`
    SELECT day, count(*) AS created,
           count(*) FILTER (WHERE status IN (${list(STANDING)})) AS confirmed,
           count(*) FILTER (WHERE status = 'cancelled') AS cancelled,
           count(*) FILTER (WHERE status = 'expired') AS expired,
           count(*) FILTER (WHERE status = 'rejected') AS declined
      FROM (SELECT ${day(sql.ref('created_at'))} AS day, status FROM bookings
             WHERE created_at >= ${lo} AND created_at < ${hi}) b
     GROUP BY day`.execute(db);

  const appointments = sql<{ day: string; completed: number; no_show: number; booked: number }>`
    SELECT day,
           count(*) FILTER (WHERE status = 'completed') AS completed,
           count(*) FILTER (WHERE status = 'no_show') AS no_show,
           count(*) FILTER (WHERE status NOT IN (${list(RELEASED)})) AS booked
      FROM (SELECT ${day(sql.ref('start_time'))} AS day, status FROM bookings
             WHERE start_time >= ${lo} AND start_time < ${hi}) b
     GROUP BY day`.execute(db);

  // One value per booking: its first confirming message that went out (any channel, fallbacks included).
  const sentAt = sql`coalesce(m.sent_at, m.delivered_at)`;
  const confirmations = sql<{ day: string; measured: number; seconds_sum: number }>`
    SELECT day, count(*) AS measured, coalesce(sum(seconds), 0)::float8 AS seconds_sum
      FROM (SELECT ${day(sql.ref('b.created_at'))} AS day,
                   extract(epoch FROM (min(${sentAt}) - b.created_at))::float8 AS seconds
              FROM bookings b JOIN messages m ON m.booking_id = b.id
             WHERE b.created_at >= ${lo} AND b.created_at < ${hi}
               AND m.kind IN (${list(CONFIRMING_KINDS)})
               AND m.status IN ('sent', 'delivered')
               AND ${sentAt} IS NOT NULL
             GROUP BY b.id, b.created_at) t
     GROUP BY day`.execute(db);

  const reminders = sql<{ day: string; due: number; sent: number }>`
    SELECT day, count(*) AS due, count(*) FILTER (WHERE status = 'sent') AS sent
      FROM (SELECT ${day(sql.ref('when'))} AS day, status FROM reminders
             WHERE "when" >= ${lo} AND "when" < ${hi} AND "when" < ${q.now}
               AND status <> 'cancelled') r
     GROUP BY day`.execute(db);

  // All four at once: PostgreSQL runs them on separate pool connections, PGlite queues them.
  const [byCreation, byStart, byConfirmation, byDue] = await Promise.all([created, appointments, confirmations, reminders]);
  const byDay = new Map<string, Partial<DayCounts>>();
  const at = (d: string) => byDay.get(d) ?? byDay.set(d, {}).get(d)!;
  for (const r of byCreation.rows) {
    Object.assign(at(r.day), { created: n(r.created), confirmed: n(r.confirmed), cancelled: n(r.cancelled), expired: n(r.expired), declined: n(r.declined) });
  }
  let todayBookings = 0;
  for (const r of byStart.rows) {
    Object.assign(at(r.day), { completed: n(r.completed), noShow: n(r.no_show) });
    if (r.day === q.today) todayBookings = n(r.booked);
  }
  for (const r of byConfirmation.rows) Object.assign(at(r.day), { confirmationsMeasured: n(r.measured), confirmationSecondsSum: n(r.seconds_sum) });
  for (const r of byDue.rows) Object.assign(at(r.day), { remindersDue: n(r.due), remindersSent: n(r.sent) });
  return { byDay, todayBookings };
}
