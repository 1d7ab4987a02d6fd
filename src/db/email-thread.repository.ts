/**
 * E-mail threads (`email_threads`, migration 0012): who a conversation is with, what it is about (service,
 * last wish), the booking it made or acts on, and its References chain. The conversation's live state
 * (the proposals out, their lapse) is its workflow's; this row is what outlives the workflow.
 */
import { sql, type Kysely, type Selectable } from 'kysely';
import type { DB, EmailThreadsTable } from './schema.ts';
import { dbNow } from './sql-values.ts';

export type EmailThreadRow = Selectable<EmailThreadsTable>;

/** A References chain keeps the first id and the latest ones (RFC 5322 §3.6.4 allows trimming the middle). */
const MAX_REFERENCES = 20;

export function cappedReferences(ids: readonly string[]): string[] {
  const unique = [...new Set(ids.filter(Boolean))];
  return unique.length <= MAX_REFERENCES ? unique : [unique[0]!, ...unique.slice(-(MAX_REFERENCES - 1))];
}

export async function insertEmailThread(
  db: Kysely<DB>,
  t: {
    id: string;
    customerEmail: string;
    customerName: string | null;
    locale: 'en' | 'de';
    subject: string;
    bookingId?: string | null;
    serviceId?: string | null;
  },
): Promise<EmailThreadRow> {
  return db
    .insertInto('email_threads')
    .values({
      id: t.id,
      customer_email: t.customerEmail,
      customer_name: t.customerName,
      locale: t.locale,
      subject: t.subject.slice(0, 998),
      booking_id: t.bookingId ?? null,
      service_id: t.serviceId ?? null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function findEmailThread(db: Kysely<DB>, id: string): Promise<EmailThreadRow | undefined> {
  return db.selectFrom('email_threads').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The newest thread that made or acts on a booking. */
export async function threadOfBooking(db: Kysely<DB>, bookingId: string): Promise<EmailThreadRow | undefined> {
  return db.selectFrom('email_threads').selectAll().where('booking_id', '=', bookingId).orderBy('created_at', 'desc').limit(1).executeTakeFirst();
}

/** Adds Message-IDs to the thread's References chain (deduplicated, capped). */
export async function addThreadMessageIds(db: Kysely<DB>, id: string, messageIds: readonly string[]): Promise<string[]> {
  const row = await db.selectFrom('email_threads').select('message_ids').where('id', '=', id).executeTakeFirst();
  if (!row) return [];
  const next = cappedReferences([...row.message_ids, ...messageIds]);
  await db
    .updateTable('email_threads')
    .set({ message_ids: sql<string[]>`${next}::text[]`, updated_at: dbNow })
    .where('id', '=', id)
    .execute();
  return next;
}

export async function updateEmailThread(
  db: Kysely<DB>,
  id: string,
  changes: { serviceId?: string | null; bookingId?: string | null; wish?: unknown; locale?: 'en' | 'de' },
): Promise<void> {
  await db
    .updateTable('email_threads')
    .set({
      ...(changes.serviceId !== undefined ? { service_id: changes.serviceId } : {}),
      ...(changes.bookingId !== undefined ? { booking_id: changes.bookingId } : {}),
      ...(changes.wish !== undefined ? { wish: JSON.stringify(changes.wish) } : {}),
      ...(changes.locale !== undefined ? { locale: changes.locale } : {}),
      updated_at: dbNow,
    })
    .where('id', '=', id)
    .execute();
}
