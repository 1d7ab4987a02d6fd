/**
 * The message outbox (`messages`): every message slotflow sends, keyed by an idempotency key that is
 * stable per booking, kind and version, so a retried activity finds its row instead of sending twice.
 */
import type { Kysely, Selectable } from 'kysely';
import type { DB, MessagesTable } from './schema.ts';

export type MessageRow = Selectable<MessagesTable>;

export type NewMessage = {
  idempotencyKey: string;
  bookingId: string | null;
  providerId: string | null;
  kind: string;
  channel: 'email' | 'sms';
  recipient: string;
  subject: string | null;
  bodyText: string;
  bodyHtml?: string | null;
};

/** Inserts the message once; returns `{ row, created }` (created = false when the key already existed). */
export async function enqueueMessage(db: Kysely<DB>, m: NewMessage): Promise<{ row: MessageRow; created: boolean }> {
  const inserted = await db
    .insertInto('messages')
    .values({
      idempotency_key: m.idempotencyKey,
      booking_id: m.bookingId,
      provider_id: m.providerId,
      kind: m.kind,
      channel: m.channel,
      recipient: m.recipient,
      subject: m.subject,
      body_text: m.bodyText,
      body_html: m.bodyHtml ?? null,
      transport: 'outbox',
      status: 'sent',
      sent_at: new Date(),
    })
    .onConflict((oc) => oc.column('idempotency_key').doNothing())
    .returningAll()
    .executeTakeFirst();
  if (inserted) return { row: inserted, created: true };
  const row = await db.selectFrom('messages').selectAll().where('idempotency_key', '=', m.idempotencyKey).executeTakeFirstOrThrow();
  return { row, created: false };
}

export async function listMessages(db: Kysely<DB>, q: { bookingId?: string | undefined; limit: number }) {
  let query = db.selectFrom('messages').selectAll().orderBy('created_at', 'desc').orderBy('id').limit(q.limit);
  if (q.bookingId) query = query.where('booking_id', '=', q.bookingId);
  return query.execute();
}
