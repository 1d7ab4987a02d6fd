/**
 * `reminders` rows: one per booking, instant and channel (unique), so scheduling twice is harmless;
 * `sent_at` records delivery, so a replayed or retried send is skipped.
 */
import { sql, type Kysely, type Selectable } from 'kysely';
import type { DB, RemindersTable } from './schema.ts';
import { dbNow, plusOne } from './sql-values.ts';

export type ReminderRow = Selectable<RemindersTable>;

/**
 * Makes the booking's scheduled reminders exactly `plan`: inserts missing ones, cancels the rest.
 * Returns the booking's reminder rows (any status) in time order; none when the plan is empty (then
 * one statement cancels whatever was scheduled).
 */
export async function replaceScheduledReminders(db: Kysely<DB>, bookingId: string, plan: { when: Date; channel: 'email' | 'sms' }[]): Promise<ReminderRow[]> {
  if (plan.length === 0) {
    await db.updateTable('reminders').set({ status: 'cancelled' }).where('booking_id', '=', bookingId).where('status', '=', 'scheduled').execute();
    return [];
  }
  return db.transaction().execute(async (trx) => {
    const keep = plan.map((p) => `${p.when.toISOString()}|${p.channel}`);
    const existing = await trx.selectFrom('reminders').selectAll().where('booking_id', '=', bookingId).execute();
    const stale = existing.filter((r) => r.status === 'scheduled' && !keep.includes(`${r.when.toISOString()}|${r.channel}`));
    if (stale.length > 0) {
      await trx
        .updateTable('reminders')
        .set({ status: 'cancelled' })
        .where(
          'id',
          'in',
          stale.map((r) => r.id),
        )
        .execute();
    }
    if (plan.length > 0) {
      await trx
        .insertInto('reminders')
        .values(plan.map((p) => ({ booking_id: bookingId, when: p.when, channel: p.channel })))
        .onConflict((oc) =>
          oc
            .columns(['booking_id', 'when', 'channel'])
            .doUpdateSet({ status: sql`CASE WHEN reminders.sent_at IS NULL THEN 'scheduled' ELSE reminders.status END` }),
        )
        .execute();
    }
    return trx.selectFrom('reminders').selectAll().where('booking_id', '=', bookingId).orderBy('when').execute();
  });
}

/**
 * Marks a reminder done: `sent` (`captured` when its messages only reached the outbox), or `failed` with the
 * reason when `failure` is given (first call wins; returns true only when this call marked it sent or captured).
 */
export async function markReminderFinished(db: Kysely<DB>, id: string, failure: string | null, captured = false): Promise<boolean> {
  const r = await db
    .updateTable('reminders')
    .set(failure === null ? { status: captured ? 'captured' : 'sent', sent_at: dbNow } : { status: 'failed', last_error: failure })
    .set({ attempts: plusOne('attempts') })
    .where('id', '=', id)
    .where('sent_at', 'is', null)
    .where('status', '!=', 'failed')
    .executeTakeFirst();
  return failure === null && Number(r.numUpdatedRows) > 0;
}

/** Marks a reminder that will not be sent (e.g. it fell due after the appointment began). */
export async function skipReminder(db: Kysely<DB>, id: string, reason: string): Promise<void> {
  await skipReminders(db, [id], reason);
}

/** Marks several unsent reminders `skipped` with one reason, in one statement (the workflow's catch-up step). */
export async function skipReminders(db: Kysely<DB>, ids: readonly string[], reason: string): Promise<void> {
  if (ids.length === 0) return;
  await db.updateTable('reminders').set({ status: 'skipped', last_error: reason }).where('id', 'in', ids).where('sent_at', 'is', null).execute();
}

export async function cancelScheduledReminders(db: Kysely<DB>, bookingId: string): Promise<void> {
  await db.updateTable('reminders').set({ status: 'cancelled' }).where('booking_id', '=', bookingId).where('status', '=', 'scheduled').execute();
}

export async function listReminders(db: Kysely<DB>, bookingId: string): Promise<ReminderRow[]> {
  return db.selectFrom('reminders').selectAll().where('booking_id', '=', bookingId).orderBy('when').execute();
}
