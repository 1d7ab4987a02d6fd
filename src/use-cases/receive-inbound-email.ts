/**
 * One e-mail reached slotflow (the SMTP receiver or an inbound-parse webhook): parse it, record it, and
 * either drop it on purpose or hand it to its thread's workflow. Nothing here books: the thread workflow
 * does, one message at a time.
 *
 * In order: MIME through `mailparser` (unparseable → `refused_malformed`); recorded with its Message-ID
 * (seen before → `duplicate`, nothing done twice — an MTA or webhook retry); auto-replies, bounces, lists
 * and slotflow's own messages → `ignored_automated` (no answer: no mail loops, no backscatter); over the
 * sender's or the global hourly limit → `ignored_rate_limited`; DMARC `fail` → `refused_dmarc` (a forged
 * From books and cancels nothing). Then the thread: a valid signed reply token in a recipient
 * (`book+t…` a thread, `book+b…` a booking) continues that thread; anything else starts a new one. The
 * message's new text (quoted reply and signature removed, `email-reply-parser`) is kept, no attachments.
 *
 * Durable before it answers: the row is written and the workflow signalled (signal-with-start on
 * `email-thread-<id>`) before the caller acknowledges the message, so a crash loses nothing — the sender
 * retries, and a row still `received` is signalled again (the step skips a message it already answered).
 */
import { randomBytes } from 'node:crypto';
import type { Client } from '@temporalio/client';
import EmailReplyParser from 'email-reply-parser';
import type { Kysely } from 'kysely';
import { simpleParser, type AddressObject, type ParsedMail } from 'mailparser';
import { findBooking } from '../db/booking.repository.ts';
import { addThreadMessageIds, findEmailThread, insertEmailThread, threadOfBooking, type EmailThreadRow } from '../db/email-thread.repository.ts';
import { countInboundSince, recordInboundMessage, setInboundOutcome, type InboundOutcome } from '../db/inbound-message.repository.ts';
import type { DB } from '../db/schema.ts';
import { automatedReason } from '../domain/email/automated-mail.ts';
import { detectLocale } from '../domain/email/language.ts';
import { bareMessageId } from '../domain/email/message-ids.ts';
import { replyTargetOf, threadIdFrom } from '../domain/email/reply-address.ts';
import { pickLocale } from '../domain/messages/message-context.ts';
import type { DmarcVerdict, MailAuthenticator } from '../inbound-email/mail-auth.ts';
import { emailThreadWorkflowId } from '../temporal/workflow-ids.ts';
import { emailThreadWorkflow } from '../../workflows/email-thread.workflow.ts';
import { inboundSignal } from '../../workflows/email-thread.types.ts';

export type ReceiveDeps = {
  db: Kysely<DB>;
  client: Client;
  taskQueue: string;
  now: () => number;
  inbound: { address: string; senderLimitPerHour: number; globalLimitPerHour: number; proposalTtlMs: number };
  /** The link secret (reply tokens are signed with a key derived from it). */
  secret: string;
  /** Addresses slotflow sends from (EMAIL_FROM's address): mail from them is never answered. */
  ownAddresses: readonly string[];
  /** DKIM/SPF/DMARC; absent → `not_checked`. */
  authenticate?: MailAuthenticator | undefined;
};

export type InboundEnvelope = {
  via: 'smtp' | 'webhook';
  /** MAIL FROM ('' for a bounce), RCPT TO. */
  mailFrom?: string | undefined;
  rcptTo?: readonly string[] | undefined;
  /** The sending server (for SPF / DMARC). */
  remoteAddress?: string | undefined;
  helo?: string | undefined;
};

export type ReceiveResult = { outcome: InboundOutcome; inboundId: string | null; threadId: string | null };

const MAX_BODY_CHARS = 10_000;
const HOUR_MS = 3_600_000;

function addresses(field: AddressObject | AddressObject[] | undefined): string[] {
  const list = Array.isArray(field) ? field : field ? [field] : [];
  return list.flatMap((a) => a.value.flatMap((v) => [v.address, ...(v.group ?? []).map((g) => g.address)])).filter((a): a is string => Boolean(a));
}

function headerText(mail: ParsedMail, name: string): string | undefined {
  const v = mail.headers.get(name);
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'string') return v;
  if (v instanceof Date) return v.toISOString();
  if (Array.isArray(v)) return v.map(String).join(', ');
  if (typeof v === 'object' && 'value' in v) return String((v as { value: unknown }).value);
  return String(v);
}

/** The new text of a message: plain text (or the HTML's text), quoted reply and signature removed. */
export function newTextOf(mail: ParsedMail): string {
  const text = mail.text ?? (typeof mail.html === 'string' ? mail.html.replace(/<[^>]*>/g, ' ') : '');
  const visible = new EmailReplyParser().parseReply(text.replace(/\r\n/g, '\n').slice(0, 200_000));
  return visible.trim().slice(0, MAX_BODY_CHARS);
}

export async function receiveInboundEmail(deps: ReceiveDeps, raw: Buffer, envelope: InboundEnvelope): Promise<ReceiveResult> {
  let mail: ParsedMail;
  try {
    mail = await simpleParser(raw, { skipHtmlToText: false, skipImageLinks: true, skipTextToHtml: true, skipTextLinks: true, maxHtmlLengthToParse: 1_000_000 });
  } catch (err) {
    const { row } = await recordInboundMessage(deps.db, {
      messageId: null,
      via: envelope.via,
      fromAddress: envelope.mailFrom ?? '',
      fromName: null,
      subject: '',
      sizeBytes: raw.length,
      dmarc: 'not_checked',
      bodyText: '',
      outcome: 'refused_malformed',
      detail: err instanceof Error ? err.message : String(err),
    });
    return { outcome: 'refused_malformed', inboundId: row.id, threadId: null };
  }
  const fromEntry = mail.from?.value[0];
  const from = (fromEntry?.address ?? '').trim().toLowerCase();
  const subject = (mail.subject ?? '').replace(/[\r\n]+/g, ' ').trim();
  const now = deps.now();
  const sentAt = mail.date && Number.isFinite(mail.date.getTime()) ? mail.date : null;
  const dmarc: DmarcVerdict = deps.authenticate
    ? await deps.authenticate(raw, { ip: envelope.remoteAddress, helo: envelope.helo, sender: envelope.mailFrom || undefined })
    : 'not_checked';
  const { row, duplicate } = await recordInboundMessage(deps.db, {
    messageId: bareMessageId(mail.messageId),
    via: envelope.via,
    fromAddress: from,
    fromName: fromEntry?.name?.trim() || null,
    subject,
    sizeBytes: raw.length,
    dmarc,
    bodyText: newTextOf(mail),
    outcome: 'received',
    sentAt,
  });
  if (duplicate && row.outcome !== 'received') return { outcome: 'duplicate', inboundId: row.id, threadId: row.thread_id };
  if (duplicate && row.thread_id) {
    // A retry of a message whose thread may not have been signalled (the sender saw an error): signal it
    // again; the thread's step skips a message it already answered.
    await signalThread(deps, row.thread_id, row.id);
    return { outcome: 'received', inboundId: row.id, threadId: row.thread_id };
  }
  const done = async (outcome: InboundOutcome, detail: string): Promise<ReceiveResult> => {
    await setInboundOutcome(deps.db, row.id, outcome, { detail });
    return { outcome, inboundId: row.id, threadId: null };
  };

  const reason = automatedReason({
    header: (n) => headerText(mail, n),
    from,
    envelopeFrom: envelope.mailFrom,
    subject,
    contentType: headerText(mail, 'content-type'),
    ownAddresses: deps.ownAddresses,
  });
  if (reason) return done('ignored_automated', reason);
  if (!from) return done('refused_malformed', 'no From address');
  const since = new Date(now - HOUR_MS);
  if ((await countInboundSince(deps.db, since, from)) > deps.inbound.senderLimitPerHour) return done('ignored_rate_limited', 'sender limit');
  if ((await countInboundSince(deps.db, since)) > deps.inbound.globalLimitPerHour) return done('ignored_rate_limited', 'global limit');
  if (dmarc === 'fail') return done('refused_dmarc', 'DMARC fail: the From domain disowns this message');

  const recipients = [...(envelope.rcptTo ?? []), ...addresses(mail.to), ...addresses(mail.cc), ...(headerText(mail, 'delivered-to')?.split(',') ?? [])];
  const thread = await threadFor(deps, { from, fromName: fromEntry?.name?.trim() || null, subject, recipients, bodyText: row.body_text });
  const ids = [...(mail.references ? (Array.isArray(mail.references) ? mail.references : [mail.references]) : []), mail.messageId]
    .map((id) => bareMessageId(id))
    .filter((id): id is string => id !== null);
  await addThreadMessageIds(deps.db, thread.id, ids);
  await setInboundOutcome(deps.db, row.id, 'received', { threadId: thread.id, bookingId: thread.booking_id });
  await signalThread(deps, thread.id, row.id);
  return { outcome: 'received', inboundId: row.id, threadId: thread.id };
}

/** The thread a message belongs to: its signed token's, or a new one. */
async function threadFor(
  deps: ReceiveDeps,
  m: { from: string; fromName: string | null; subject: string; recipients: string[]; bodyText: string },
): Promise<EmailThreadRow> {
  const target = replyTargetOf(m.recipients, deps.inbound.address, deps.secret);
  if (target?.kind === 'thread') {
    const thread = await findEmailThread(deps.db, target.id);
    if (thread) return thread;
  }
  if (target?.kind === 'booking') {
    const booking = await findBooking(deps.db, target.id);
    if (booking) {
      const existing = await threadOfBooking(deps.db, booking.id);
      if (existing) return existing;
      return insertEmailThread(deps.db, {
        id: threadIdFrom(randomBytes(10)),
        customerEmail: (booking.customer_email ?? m.from).toLowerCase(),
        customerName: booking.customer_name,
        locale: pickLocale(booking.locale),
        subject: m.subject,
        bookingId: booking.id,
        serviceId: booking.service_id,
      });
    }
  }
  return insertEmailThread(deps.db, {
    id: threadIdFrom(randomBytes(10)),
    customerEmail: m.from,
    customerName: m.fromName,
    locale: detectLocale(`${m.subject}\n${m.bodyText}`, 'en'),
    subject: m.subject,
  });
}

async function signalThread(deps: ReceiveDeps, threadId: string, inboundId: string): Promise<void> {
  await deps.client.workflow.signalWithStart(emailThreadWorkflow, {
    workflowId: emailThreadWorkflowId(threadId),
    taskQueue: deps.taskQueue,
    args: [{ threadId, proposalTtlMs: deps.inbound.proposalTtlMs }],
    signal: inboundSignal,
    signalArgs: [{ inboundId }],
  });
}
