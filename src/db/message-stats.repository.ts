/**
 * Read side of messaging for the metrics: the outbox's counts, reminder delivery and time to
 * confirmation. Pure reads, the same SQL on PGlite and PostgreSQL 15. Workflows (possibly in other
 * processes) write these rows, so the gateway reads them at scrape time instead of counting in-process.
 */
import { sql, type Kysely } from 'kysely';
import type { DB, MessageStatus } from './schema.ts';

export type MessageCount = { channel: 'email' | 'sms'; kind: string; status: MessageStatus; count: number };

/** Messages per channel, kind and status (all time; only combinations that occur). */
export async function messageCounts(db: Kysely<DB>): Promise<MessageCount[]> {
  const rows = await db
    .selectFrom('messages')
    .select(['channel', 'kind', 'status', db.fn.countAll<number>().as('count')])
    .groupBy(['channel', 'kind', 'status'])
    .orderBy('channel')
    .orderBy('kind')
    .orderBy('status')
    .execute();
  return rows.map((r) => ({ channel: r.channel, kind: r.kind, status: r.status, count: Number(r.count) }));
}

export type ReminderDelivery = { due: number; sent: number; ratio: number };

/**
 * Reminders due in [since, now) — `"when"` in that range, cancelled ones excluded (they were never meant
 * to go out) — and how many of them were sent. Failed and skipped (stale after an outage) reminders, and
 * due ones still `scheduled`, count as due but not sent. `ratio` = sent / due, 1 when none was due.
 */
export async function reminderDelivery(db: Kysely<DB>, w: { since: Date; now: Date }): Promise<ReminderDelivery> {
  const row = await db
    .selectFrom('reminders')
    .select([db.fn.countAll<number>().as('due'), sql<number>`count(*) FILTER (WHERE status = 'sent')`.as('sent')])
    .where('when', '>=', w.since)
    .where('when', '<', w.now)
    .where('status', '!=', 'cancelled')
    .executeTakeFirstOrThrow();
  const due = Number(row.due);
  const sent = Number(row.sent);
  return { due, sent, ratio: due === 0 ? 1 : sent / due };
}

export type TimeToConfirmation = {
  /** Bookings measured. */
  count: number;
  /** Sum of their times to confirmation, in seconds. */
  sumSeconds: number;
  /** Median and 90th percentile in seconds (linear interpolation); null when `count` is 0. */
  p50: number | null;
  p90: number | null;
};

/**
 * Message kinds that tell the customer their booking stands: `approved` for services that need approval.
 * Shared with the admin dashboard's daily figures (admin-stats.repository.ts), so both measure alike.
 */
export const CONFIRMING_KINDS = ['confirmation', 'approved'];

/**
 * For bookings created at or after `since` that have a sent (or delivered) confirmation / approved
 * message: seconds from the booking's `created_at` to the first such message's `sent_at` (its
 * `delivered_at` when a delivery report arrived before the send was recorded). Bookings with no such
 * message yet (queued, failed, skipped) are not counted. One value per booking, even when the message
 * went out on several channels or an SMS fell back to e-mail.
 */
export async function timeToConfirmation(db: Kysely<DB>, w: { since: Date }): Promise<TimeToConfirmation> {
  const sentAt = sql<Date>`coalesce(m.sent_at, m.delivered_at)`;
  const perBooking = db
    .selectFrom('bookings as b')
    .innerJoin('messages as m', 'm.booking_id', 'b.id')
    .where('b.created_at', '>=', w.since)
    .where('m.kind', 'in', CONFIRMING_KINDS)
    .where('m.status', 'in', ['sent', 'delivered'])
    .where(sentAt, 'is not', null)
    .groupBy(['b.id', 'b.created_at'])
    .select(sql<number>`extract(epoch FROM (min(${sentAt}) - b.created_at))::float8`.as('seconds'));
  const row = await db
    .selectFrom(perBooking.as('t'))
    .select([
      db.fn.countAll<number>().as('count'),
      sql<number>`coalesce(sum(t.seconds), 0)::float8`.as('sum'),
      sql<number | null>`percentile_cont(0.5) WITHIN GROUP (ORDER BY t.seconds)`.as('p50'),
      sql<number | null>`percentile_cont(0.9) WITHIN GROUP (ORDER BY t.seconds)`.as('p90'),
    ])
    .executeTakeFirstOrThrow();
  const num = (v: number | string | null) => (v === null ? null : Number(v));
  return { count: Number(row.count), sumSeconds: Number(row.sum), p50: num(row.p50), p90: num(row.p90) };
}
