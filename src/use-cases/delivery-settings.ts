/**
 * The admin's delivery screen (#20): which transports are active, what is missing before customers get
 * anything, and a test message through the active e-mail transport — or, with none configured, captured
 * in the outbox like every other message, so the outbox viewer shows it.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { countCapturedMessages, enqueueMessage, markMessageFailed, OUTBOX, type MessageRow } from '../db/message.repository.ts';
import { someServiceRemindsBySms } from '../db/service.repository.ts';
import { AppError } from '../errors.ts';
import { TransportError } from '../transports/transport.ts';
import { attempt, OUTBOX_ONLY, type MessagingOptions } from './deliver-booking-message.ts';

export type DeliveryWarning = { code: 'email_not_configured' | 'sms_not_configured'; message: string };

export type DeliveryStatus = {
  email: { transport: 'smtp' | 'sendgrid' | typeof OUTBOX; from: string; delivering: boolean };
  sms: { transport: 'twilio' | null; from: string | null; delivering: boolean; /** Some active service reminds by SMS. */ usedByReminders: boolean };
  /** What keeps customers from getting messages; empty when every channel in use is configured. */
  warnings: DeliveryWarning[];
  /** Messages captured in the outbox (nothing left slotflow). */
  captured: number;
};

export async function deliveryStatus(db: Kysely<DB>, messaging: MessagingOptions = OUTBOX_ONLY): Promise<DeliveryStatus> {
  const email = messaging.transports.email;
  const sms = messaging.transports.sms;
  const [usedByReminders, captured] = await Promise.all([someServiceRemindsBySms(db), countCapturedMessages(db)]);
  const warnings: DeliveryWarning[] = [];
  if (!email) {
    warnings.push({
      code: 'email_not_configured',
      message: 'No e-mail is sent: set SMTP_URL or SENDGRID_API_KEY (and EMAIL_FROM). Until then every message is only captured in the outbox.',
    });
  }
  if (usedByReminders && !sms) {
    warnings.push({
      code: 'sms_not_configured',
      message: 'Services remind by SMS but no SMS is sent: set TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and TWILIO_FROM.',
    });
  }
  return {
    email: { transport: email?.name ?? OUTBOX, from: messaging.emailFrom, delivering: Boolean(email) },
    sms: { transport: sms?.name ?? null, from: sms ? (messaging.smsFrom ?? null) : null, delivering: Boolean(sms), usedByReminders },
    warnings,
    captured,
  };
}

/**
 * Sends a test e-mail to `to` through the active transport (or captures it in the outbox) and returns its
 * message row. A transport that refuses it → `delivery_failed` (502) with the transport's reason; the row
 * is `failed`, so the admin sees it like any other.
 */
export async function sendTestEmail(db: Kysely<DB>, messaging: MessagingOptions = OUTBOX_ONLY, to: string, now: Date): Promise<MessageRow> {
  const transport = messaging.transports.email;
  const key = `test:${randomUUID()}`;
  const subject = `${messaging.businessName}: test message`;
  const text = [
    `This is a test message from ${messaging.businessName} (slotflow), sent ${now.toISOString()}.`,
    transport ? `It went through ${transport.name}: customers get their booking e-mails this way.` : 'It was captured in the outbox: nothing left slotflow.',
  ].join('\n\n');
  const html = `<p>${escapeHtml(text.split('\n\n')[0]!)}</p><p>${escapeHtml(text.split('\n\n')[1]!)}</p>`;
  const { row } = await enqueueMessage(db, {
    idempotencyKey: key,
    bookingId: null,
    providerId: null,
    kind: 'test',
    channel: 'email',
    recipient: to,
    subject,
    bodyText: text,
    bodyHtml: html,
    transport: transport?.name ?? OUTBOX,
  });
  if (!transport) return row;
  try {
    const sent = await attempt(db, row, () => transport.send({ to, from: messaging.emailFrom, subject, text, html, idempotencyKey: key }));
    if (sent.status === 'failed') throw new AppError('delivery_failed', `The ${transport.name} transport refused the test message: ${sent.error ?? 'failed'}`);
    return sent;
  } catch (err) {
    if (err instanceof AppError) throw err;
    // A retryable failure (timeout, 4xx/5xx that may pass): nobody retries a test message, so it failed.
    const reason = err instanceof Error ? err.message : String(err);
    await markMessageFailed(db, row.id, err instanceof TransportError ? err.kind : 'retryable', reason);
    throw new AppError('delivery_failed', `The ${transport.name} transport could not send the test message: ${reason}`, { cause: err });
  }
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
