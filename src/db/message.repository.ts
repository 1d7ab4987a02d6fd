/**
 * The message outbox (`messages`): every message slotflow sends, keyed by an idempotency key that is
 * stable per booking, kind and version, so a retried activity finds its row instead of sending twice.
 */
import type { Kysely, Selectable } from 'kysely';
import type { DB, MessagesTable, MessageStatus } from './schema.ts';
import { dbNow, plusOne } from './sql-values.ts';

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
  /** `outbox` (nothing leaves: recorded as `captured` at once) or the transport that will send it. */
  transport?: string;
  /** The calendar invitation a captured e-mail would carry (outbox only; the viewer shows it). */
  ics?: string | null;
  /** The message this one replaces (an SMS that failed, falling back to e-mail). */
  fallbackOf?: string | null;
  /** The e-mail thread this message answers in (an answer to an inbound e-mail). */
  threadId?: string | null;
};

/** The transport name of messages recorded with no transport configured: they are `captured`, nothing leaves. */
export const OUTBOX = 'outbox';

/** Inserts the message once; returns `{ row, created }` (created = false when the key already existed). */
export async function enqueueMessage(db: Kysely<DB>, m: NewMessage): Promise<{ row: MessageRow; created: boolean }> {
  const transport = m.transport ?? OUTBOX;
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
      transport,
      fallback_of: m.fallbackOf ?? null,
      thread_id: m.threadId ?? null,
      ...(transport === OUTBOX ? { status: 'captured' as const, ics: m.ics ?? null } : { status: 'queued' as const }),
    })
    .onConflict((oc) => oc.column('idempotency_key').doNothing())
    .returningAll()
    .executeTakeFirst();
  if (inserted) return { row: inserted, created: true };
  const row = await db.selectFrom('messages').selectAll().where('idempotency_key', '=', m.idempotencyKey).executeTakeFirstOrThrow();
  return { row, created: false };
}

/** Statuses after which a message is never sent again. */
export const FINAL_MESSAGE_STATUSES: readonly MessageStatus[] = ['sent', 'delivered', 'failed', 'skipped', 'captured'];

/** Every status, for filters and metrics. */
export const MESSAGE_STATUSES = ['queued', 'sending', 'sent', 'delivered', 'failed', 'skipped', 'captured'] as const satisfies readonly MessageStatus[];

/** Records an attempt about to reach the provider (`sending`, attempts + 1). */
export async function markMessageSending(db: Kysely<DB>, id: string): Promise<void> {
  await db
    .updateTable('messages')
    .set({ status: 'sending', attempts: plusOne('attempts'), updated_at: dbNow })
    .where('id', '=', id)
    .execute();
}

export async function markMessageSent(db: Kysely<DB>, id: string, providerMessageId: string | null): Promise<MessageRow> {
  return db
    .updateTable('messages')
    .set({ status: 'sent', provider_message_id: providerMessageId, sent_at: dbNow, error: null, updated_at: dbNow })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** A transient failure: back to `queued` with the error, for the next attempt. */
export async function markMessageRetrying(db: Kysely<DB>, id: string, error: string): Promise<void> {
  await db.updateTable('messages').set({ status: 'queued', error, updated_at: dbNow }).where('id', '=', id).execute();
}

export async function markMessageFailed(db: Kysely<DB>, id: string, failureKind: string, error: string): Promise<MessageRow> {
  return db
    .updateTable('messages')
    .set({ status: 'failed', failure_kind: failureKind, error, updated_at: dbNow })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/**
 * A provider's delivery report (e.g. a Twilio status callback) for the message it knows as
 * `providerMessageId`. Reports arrive out of order: `delivered` and `failed` are final, and a late
 * `sent` never moves a message back. Returns the updated row, or undefined when nothing changed.
 */
/** A provider's report on a message it sent (e.g. a Twilio status callback). */
export type DeliveryReport = {
  /** The transport that sent the message (`messages.transport`), e.g. 'twilio'. */
  transport: string;
  /** The transport's id of the message (`messages.provider_message_id`). */
  providerMessageId: string;
  status: 'sent' | 'delivered' | 'failed';
  /** Why it failed, as stored in `messages.error` (failed only). */
  error?: string | undefined;
};

export async function applyDeliveryReport(db: Kysely<DB>, r: DeliveryReport): Promise<MessageRow | undefined> {
  const from: MessageStatus[] = r.status === 'sent' ? ['queued', 'sending'] : ['queued', 'sending', 'sent'];
  return db
    .updateTable('messages')
    .set({
      status: r.status,
      updated_at: dbNow,
      ...(r.status === 'delivered' ? { delivered_at: dbNow } : {}),
      ...(r.status === 'failed' ? { failure_kind: 'undelivered', error: r.error ?? 'undelivered' } : {}),
    })
    .where('transport', '=', r.transport)
    .where('provider_message_id', '=', r.providerMessageId)
    .where('status', 'in', from)
    .returningAll()
    .executeTakeFirst();
}

export async function findMessage(db: Kysely<DB>, id: string): Promise<MessageRow | undefined> {
  return db.selectFrom('messages').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findMessageByProviderId(db: Kysely<DB>, transport: string, providerMessageId: string): Promise<MessageRow | undefined> {
  return db.selectFrom('messages').selectAll().where('transport', '=', transport).where('provider_message_id', '=', providerMessageId).executeTakeFirst();
}

export async function listMessages(db: Kysely<DB>, q: { bookingId?: string | undefined; status?: MessageStatus | undefined; limit: number }) {
  let query = db.selectFrom('messages').selectAll().orderBy('created_at', 'desc').orderBy('id').limit(q.limit);
  if (q.bookingId) query = query.where('booking_id', '=', q.bookingId);
  if (q.status) query = query.where('status', '=', q.status);
  return query.execute();
}

/** SMS to `phone` recorded since `since`, skipped ones not counted (the per-number daily cap). */
export async function countSmsTo(db: Kysely<DB>, phone: string, since: Date): Promise<number> {
  const row = await db
    .selectFrom('messages')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('channel', '=', 'sms')
    .where('recipient', '=', phone)
    .where('status', '!=', 'skipped')
    .where('created_at', '>', since)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The answers slotflow wrote in an e-mail thread, oldest first. */
export async function messagesOfThread(db: Kysely<DB>, threadId: string): Promise<MessageRow[]> {
  return db.selectFrom('messages').selectAll().where('thread_id', '=', threadId).orderBy('created_at').orderBy('id').execute();
}

/** Messages captured in the outbox (nothing left slotflow), newest first: the admin's outbox viewer. */
export async function listCapturedMessages(db: Kysely<DB>, q: { limit: number; bookingId?: string | undefined }): Promise<MessageRow[]> {
  let query = db.selectFrom('messages').selectAll().where('status', '=', 'captured').orderBy('created_at', 'desc').orderBy('id').limit(q.limit);
  if (q.bookingId) query = query.where('booking_id', '=', q.bookingId);
  return query.execute();
}

/** How many messages the outbox holds captured. */
export async function countCapturedMessages(db: Kysely<DB>): Promise<number> {
  const row = await db
    .selectFrom('messages')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('status', '=', 'captured')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
