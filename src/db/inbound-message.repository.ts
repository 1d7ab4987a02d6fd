/**
 * Inbound e-mail (`inbound_messages`, migration 0012): every message that reached slotflow and what became
 * of it (`outcome`). Recording is the de-duplication: a Message-ID seen before is not acted on again. The
 * per-sender and global counts behind the rate limits read this table, so every gateway shares them.
 */
import { sql, type Kysely, type Selectable } from 'kysely';
import type { DB, InboundMessagesTable } from './schema.ts';
import { dbNow } from './sql-values.ts';

export type InboundMessageRow = Selectable<InboundMessagesTable>;

/**
 * What became of a message. `received` while it is being handled; `ignored_*` got no answer on purpose
 * (loop safety); `refused_*` were not acted on; the rest name what the thread did.
 */
export const INBOUND_OUTCOMES = [
  'received',
  'duplicate',
  'ignored_automated',
  'ignored_rate_limited',
  'refused_dmarc',
  'refused_malformed',
  'proposed',
  'asked_service',
  'nothing_free',
  'booked',
  'moved',
  'cancelled',
  'cancel_refused',
  'not_understood',
  'no_booking',
  'wrong_sender',
  'failed',
] as const;
export type InboundOutcome = (typeof INBOUND_OUTCOMES)[number];

export type NewInboundMessage = {
  messageId: string | null;
  via: 'smtp' | 'webhook';
  fromAddress: string;
  fromName: string | null;
  subject: string;
  sizeBytes: number;
  dmarc: string;
  bodyText: string;
  outcome: InboundOutcome;
  sentAt?: Date | null;
  detail?: string | null;
  threadId?: string | null;
  bookingId?: string | null;
};

const clip = (s: string | null | undefined, n: number) => (s == null ? null : s.slice(0, n));

/** Records a message; `duplicate` when its Message-ID was recorded before (the earlier row is returned). */
export async function recordInboundMessage(db: Kysely<DB>, m: NewInboundMessage): Promise<{ row: InboundMessageRow; duplicate: boolean }> {
  const inserted = await db
    .insertInto('inbound_messages')
    .values({
      message_id: clip(m.messageId, 998),
      via: m.via,
      from_address: m.fromAddress.slice(0, 320),
      from_name: clip(m.fromName, 200),
      subject: m.subject.slice(0, 998),
      size_bytes: m.sizeBytes,
      dmarc: m.dmarc,
      body_text: m.bodyText.slice(0, 10_000),
      outcome: m.outcome,
      sent_at: m.sentAt ?? null,
      detail: clip(m.detail, 1000),
      thread_id: m.threadId ?? null,
      booking_id: m.bookingId ?? null,
    })
    .onConflict((oc) => oc.column('message_id').where('message_id', 'is not', null).doNothing())
    .returningAll()
    .executeTakeFirst();
  if (inserted) return { row: inserted, duplicate: false };
  const row = await db.selectFrom('inbound_messages').selectAll().where('message_id', '=', m.messageId!).executeTakeFirstOrThrow();
  return { row, duplicate: true };
}

export async function findInboundMessage(db: Kysely<DB>, id: string): Promise<InboundMessageRow | undefined> {
  return db.selectFrom('inbound_messages').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function setInboundOutcome(
  db: Kysely<DB>,
  id: string,
  outcome: InboundOutcome,
  extra: { detail?: string | null; threadId?: string | null; bookingId?: string | null; stepResult?: unknown } = {},
): Promise<void> {
  await db
    .updateTable('inbound_messages')
    .set({
      outcome,
      ...(extra.detail !== undefined ? { detail: clip(extra.detail, 1000) } : {}),
      ...(extra.threadId !== undefined ? { thread_id: extra.threadId } : {}),
      ...(extra.bookingId !== undefined ? { booking_id: extra.bookingId } : {}),
      ...(extra.stepResult !== undefined ? { step_result: JSON.stringify(extra.stepResult) } : {}),
      updated_at: dbNow,
    })
    .where('id', '=', id)
    .execute();
}

/** Messages received since `since`, from one sender or from everyone (the rate limits). */
export async function countInboundSince(db: Kysely<DB>, since: Date, fromAddress?: string): Promise<number> {
  let q = db
    .selectFrom('inbound_messages')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('received_at', '>=', since);
  if (fromAddress !== undefined) q = q.where('from_address', '=', fromAddress);
  return Number((await q.executeTakeFirstOrThrow()).n);
}

/**
 * The newest messages first, for the admin: keyset on (received_at to the millisecond, id). The cursor
 * travels as an ISO instant (milliseconds), so the order and the comparison use the same precision —
 * otherwise a message in the same millisecond as a page's last row, but later in microseconds, is skipped.
 */
export async function listInboundMessages(
  db: Kysely<DB>,
  q: { limit: number; before?: { receivedAt: Date; id: string } | undefined; outcome?: string | undefined },
): Promise<InboundMessageRow[]> {
  const ms = sql<Date>`date_trunc('milliseconds', received_at)`;
  let query = db.selectFrom('inbound_messages').selectAll();
  if (q.outcome) query = query.where('outcome', '=', q.outcome);
  if (q.before) {
    const b = q.before;
    query = query.where((eb) => eb.or([eb(ms, '<', b.receivedAt), eb.and([eb(ms, '=', b.receivedAt), eb('id', '<', b.id)])]));
  }
  return query.orderBy(ms, 'desc').orderBy('id', 'desc').limit(q.limit).execute();
}

/** A thread's inbound messages, oldest first. */
export async function inboundOfThread(db: Kysely<DB>, threadId: string): Promise<InboundMessageRow[]> {
  return db.selectFrom('inbound_messages').selectAll().where('thread_id', '=', threadId).orderBy('received_at').orderBy('id').execute();
}
