/**
 * Delivers one booking message (confirmation, reminder, …) to the customer, once.
 *
 * Channels: a reminder goes to each of the service's `reminder_channels` (email, sms) the customer can be
 * reached on — SMS needs a phone number, a configured SMS transport and no opt-out (STOP); when none of
 * them can, it goes by whichever channel can. Every other kind goes by e-mail when there is an address
 * (with an .ics invitation where the kind carries one), else by SMS. An SMS that fails for good (bad
 * number, blocked, auth) falls back to e-mail when the customer has an address that was not already
 * used for this message.
 *
 * No transport for a channel (the default): the message is recorded `captured` in the outbox (e-mails with
 * the invitation they would carry) and nothing leaves; the booking goes on as if it had been delivered.
 *
 * Exactly once: every message is a `messages` row keyed by `keyBase` (+ `:sms`), stable per booking,
 * kind and version (or reminder). A row already sent, delivered, failed or skipped is never sent again;
 * a retried activity finds it. The one window left is a crash after the provider accepted a message but
 * before its row says `sent` (milliseconds; seconds when that write waits for a pooled connection under load —
 * `npm run chaos` met three such at one worker kill): the row then says `sending` and the retry sends again —
 * with the same SMTP Message-ID, so mail clients show one message. No provider offers a way to ask
 * "did you get this one?" that would close it.
 *
 * Failures: a retryable TransportError (429, 5xx, timeouts) is re-thrown for the caller's retry policy
 * (the activity maps it to a Temporal retry honouring Retry-After); the others mark the row `failed`
 * with their kind and return — the booking goes on, the admin API and metrics show the failure.
 */
import type { Kysely } from 'kysely';
import { isDatabaseUnavailable } from '../db/pg-errors.ts';
import type { LinkSigner } from './manage-links.ts';
import { findBooking, type BookingRow } from '../db/booking.repository.ts';
import {
  enqueueMessage,
  FINAL_MESSAGE_STATUSES,
  markMessageFailed,
  markMessageRetrying,
  markMessageSending,
  markMessageSent,
  countSmsTo,
  findMessage,
  type MessageRow,
  OUTBOX,
} from '../db/message.repository.ts';
import { addThreadMessageIds, findEmailThread, threadOfBooking } from '../db/email-thread.repository.ts';
import { markReminderFinished, skipReminder } from '../db/reminder.repository.ts';
import { bareMessageId, bracketed } from '../domain/email/message-ids.ts';
import { replyAddress } from '../domain/email/reply-address.ts';
import { smtpMessageId } from '../transports/smtp.transport.ts';
import { isOptedOut } from '../db/sms-opt-out.repository.ts';
import { shortCodeFor } from '../db/short-link.repository.ts';
import { findTemplateOverride, storedTemplateParts } from '../db/template.repository.ts';
import type { DB } from '../db/schema.ts';
import { bookingNames, serviceReminderChannels } from '../db/service.repository.ts';
import { resourceNamesOf } from '../db/resource-allocation.repository.ts';
import type { BookingMessageKind, MessageContext } from '../domain/messages/message-context.ts';
import { icsMethodFor } from '../domain/messages/ics.ts';
import { ICS_UID_DOMAIN, renderEmail, renderIcs, renderSms, type TemplateOverride } from '../domain/messages/render-message.ts';
import { TransportError, type EmailTransport, type SmsTransport } from '../transports/transport.ts';
import { smsRefusal, type SmsPolicy } from '../domain/messages/sms-policy.ts';
import { draftOverStored } from '../domain/messages/template-overrides.ts';
import { reminderTooLate, TOO_LATE_REASON } from '../domain/reminders/reminder-schedule.ts';
import { AppError } from '../errors.ts';
import { bookingMessageContext } from './booking-message-context.ts';
import { businessContact, businessSettings } from './business-settings.ts';

export type MessagingOptions = {
  transports: { email?: EmailTransport | undefined; sms?: SmsTransport | undefined };
  /** Sender address (`Name <addr>` or `addr`); also the ICS organizer. */
  emailFrom: string;
  /** Sender number or Messaging Service SID for SMS. */
  smsFrom?: string | undefined;
  businessName: string;
  /** Twilio StatusCallback (`<PUBLIC_BASE_URL>/v1/webhooks/twilio/status`); none = no delivery reports. */
  smsStatusCallbackUrl?: string | undefined;
  /** Allowed countries and the per-number daily cap (domain/messages/sms-policy.ts); absent: no limits. */
  smsPolicy?: SmsPolicy | undefined;
  /**
   * Booking by e-mail is on (INBOUND_EMAIL_ADDRESS): every e-mail about a booking carries a signed Reply-To
   * (`book+<token>@…`) for that booking, and one made by e-mail threads under the customer's messages.
   */
  replies?: { inboundAddress: string; secret: string } | undefined;
};

/** `bookings.created_by` of a booking made by e-mail: this prefix and the thread's id. */
export const EMAIL_CREATOR = 'email:';

/** No transports: every message is recorded in the outbox and nothing leaves (the default). */
export const OUTBOX_ONLY: MessagingOptions = { transports: {}, emailFrom: 'slotflow <no-reply@localhost>', businessName: 'slotflow' };

export type DeliveryDeps = {
  db: Kysely<DB>;
  messaging: MessagingOptions;
  links?: LinkSigner | undefined;
  /** Epoch ms; the ICS DTSTAMP. */
  now: () => number;
};

export type DeliveryOutcome = {
  /** The message that reached (or was handed to) a transport, if any. */
  delivered: MessageRow | null;
  /** Every row this call touched, in order (e.g. a failed SMS, then its e-mail fallback). */
  rows: MessageRow[];
};

/** `Name <addr>` → { name, email }; a bare address → { name: fallback, email }. */
export function parseAddress(from: string, fallbackName: string): { name: string; email: string } {
  const m = /^\s*"?([^"<]*?)"?\s*<([^>]+)>\s*$/.exec(from);
  return m ? { name: m[1]!.trim() || fallbackName, email: m[2]!.trim() } : { name: fallbackName, email: from.trim() };
}

export async function deliverBookingMessage(
  deps: DeliveryDeps,
  bookingId: string,
  kind: BookingMessageKind,
  keyBase: string,
  extra: { reason?: string } = {},
): Promise<DeliveryOutcome> {
  const { db, messaging } = deps;
  const b = await findBooking(db, bookingId);
  if (!b) return { delivered: null, rows: [] };
  const email = b.customer_email;
  const phone = b.customer_phone;
  const smsOk = Boolean(phone && messaging.transports.sms && !(await isOptedOut(db, phone)) && (await smsAllowed(deps, phone!)));
  const reachable: ('email' | 'sms')[] = [...(email ? (['email'] as const) : []), ...(smsOk ? (['sms'] as const) : [])];
  let channels: ('email' | 'sms')[];
  if (kind === 'reminder') {
    const wanted = await serviceReminderChannels(db, b.service_id);
    channels = reachable.filter((c) => wanted.includes(c));
    if (channels.length === 0) channels = reachable.slice(0, 1);
  } else channels = reachable.slice(0, 1);
  // No address to send to: nothing is rendered or recorded.
  if (channels.length === 0) return { delivered: null, rows: [] };
  const ctx = await contextFor(deps, b, kind, extra.reason);
  const override = await overrideFor(db, b.service_id, kind, ctx.locale);

  const rows: MessageRow[] = [];
  let delivered: MessageRow | null = null;
  for (const channel of channels) {
    if (channel === 'email') {
      const row = await sendEmail(deps, b, ctx, override, keyBase, null);
      rows.push(row);
      if (row.status !== 'failed') delivered ??= row;
      continue;
    }
    const sms = await sendSms(deps, b, ctx, override, `${keyBase}:sms`);
    rows.push(sms);
    if (sms.status !== 'failed') {
      delivered ??= sms;
    } else if (email && !channels.includes('email')) {
      const fallback = await sendEmail(deps, b, ctx, override, keyBase, sms.id);
      rows.push(fallback);
      if (fallback.status !== 'failed') delivered ??= fallback;
    }
  }
  return { delivered, rows };
}

/**
 * The booking workflow's message step: `kind` for the booking's `version`, keyed `<booking>:<kind>:<version>`
 * — one message per version of the booking, however often the step is retried. `sent` is false when
 * nothing could be delivered (no address, or every channel failed for good).
 */
export async function deliverBookingMessageVersion(
  deps: DeliveryDeps,
  bookingId: string,
  kind: BookingMessageKind,
  version: number,
): Promise<{ sent: boolean }> {
  const out = await deliverBookingMessage(deps, bookingId, kind, `${bookingId}:${kind}:${version}`);
  return { sent: out.delivered !== null };
}

/**
 * Sends one reminder once: the message is keyed by the reminder row (`<booking>:reminder:<reminder id>`;
 * a retry finds it), then the row is marked — in that order, so a crash in between re-sends nothing and
 * loses nothing. A reminder that reached no one (no address, or every channel failed for good) is marked
 * `failed`. A timer that fired late (worker or server down for long) must not remind of an appointment
 * that has already begun (by `deps.now`): that reminder is marked `skipped` instead. One whose messages were
 * all captured in the outbox is marked `captured` (the workflow still counts it done). An unknown booking
 * is `not_found`.
 */
export async function deliverReminder(deps: DeliveryDeps, bookingId: string, reminderId: string): Promise<{ sent: boolean }> {
  const booking = await findBooking(deps.db, bookingId);
  if (!booking) throw new AppError('not_found', `Booking ${bookingId} does not exist`);
  if (reminderTooLate(booking.start_time.getTime(), deps.now())) {
    await skipReminder(deps.db, reminderId, TOO_LATE_REASON);
    return { sent: false };
  }
  const out = await deliverBookingMessage(deps, bookingId, 'reminder', `${bookingId}:reminder:${reminderId}`);
  const failure = out.delivered ? null : (out.rows.at(-1)?.error ?? 'no e-mail address or phone number to send to');
  // Nothing reached a provider (every message captured in the outbox): the reminder is `captured`, not `sent`.
  const captured = out.rows.some((r) => r.status === 'captured') && out.rows.every((r) => r.status === 'captured' || r.status === 'failed');
  return { sent: await markReminderFinished(deps.db, reminderId, failure, captured) };
}

/**
 * The SMS policy (countries, per-number daily cap): a refused number is treated as unreachable by SMS —
 * e-mail instead when there is an address, else nothing goes out.
 */
async function smsAllowed(deps: DeliveryDeps, phone: string): Promise<boolean> {
  const policy = deps.messaging.smsPolicy;
  if (!policy) return true;
  const sent = policy.dailyCapPerNumber > 0 ? await countSmsTo(deps.db, phone, new Date(deps.now() - 24 * 3_600_000)) : 0;
  return smsRefusal(policy, phone, sent) === null;
}

/**
 * The e-mail for an SMS the provider reported undelivered after accepting it (status callback; the
 * message-fallback workflow's step). Keyed like the synchronous fallback (the SMS key without `:sms`), so
 * the two can never both send. `sent` is false when there is nothing to send (not a failed SMS of a
 * booking, or no e-mail address) or the e-mail failed for good.
 */
export async function deliverEmailFallback(deps: DeliveryDeps, smsMessageId: string): Promise<{ sent: boolean }> {
  const sms = await findMessage(deps.db, smsMessageId);
  if (!sms || sms.channel !== 'sms' || sms.status !== 'failed' || !sms.booking_id) return { sent: false };
  const b = await findBooking(deps.db, sms.booking_id);
  if (!b?.customer_email) return { sent: false };
  const kind = sms.kind as BookingMessageKind;
  const ctx = await contextFor(deps, b, kind, undefined);
  const row = await sendEmail(deps, b, ctx, await overrideFor(deps.db, b.service_id, kind, ctx.locale), sms.idempotency_key.replace(/:sms$/, ''), sms.id);
  return { sent: row.status !== 'failed' };
}

async function contextFor(deps: DeliveryDeps, b: BookingRow, kind: BookingMessageKind, reason: string | undefined): Promise<MessageContext> {
  const [names, resourceNames, settings] = await Promise.all([
    bookingNames(deps.db, b.service_id, b.provider_id),
    resourceNamesOf(deps.db, b.id),
    // Read per message (small, one row): a settings change applies to the next message, workflows untouched.
    businessSettings(deps.db, deps.messaging.businessName),
  ]);
  return bookingMessageContext(
    b,
    { ...names, resourceNames },
    { kind, reason, businessName: settings.businessName, businessContact: businessContact(settings), links: deps.links },
  );
}

async function overrideFor(db: Kysely<DB>, serviceId: string, kind: string, locale: 'en' | 'de'): Promise<TemplateOverride | undefined> {
  const t = await findTemplateOverride(db, serviceId, kind, locale);
  return t && draftOverStored(storedTemplateParts(t), {});
}

async function sendEmail(
  deps: DeliveryDeps,
  b: BookingRow,
  ctx: MessageContext,
  override: TemplateOverride | undefined,
  key: string,
  fallbackOf: string | null,
): Promise<MessageRow> {
  const transport = deps.messaging.transports.email;
  const rendered = renderEmail(ctx, override);
  // The invitation is rendered per attempt (DTSTAMP = now); with no transport, once, for the outbox viewer.
  const invitation = () =>
    renderIcs(ctx, {
      stamp: deps.now(),
      uidDomain: ICS_UID_DOMAIN,
      externalRef: b.external_ref,
      organizer: parseAddress(deps.messaging.emailFrom, ctx.businessName),
      attendee: { name: b.customer_name, email: b.customer_email! },
      alarmMinutesBefore: [60],
    });
  const { row } = await enqueueMessage(deps.db, {
    idempotencyKey: key,
    bookingId: b.id,
    providerId: b.provider_id,
    kind: ctx.kind,
    channel: 'email',
    recipient: b.customer_email!,
    subject: rendered.subject,
    bodyText: rendered.text,
    bodyHtml: rendered.html,
    transport: transport?.name ?? OUTBOX,
    ...(transport ? {} : { ics: invitation() ?? null }),
    fallbackOf,
  });
  if (!transport || FINAL_MESSAGE_STATUSES.includes(row.status)) return row;
  const ics = invitation();
  const threading = await replyHeaders(deps, b);
  const sent = await attempt(deps.db, row, () =>
    transport.send({
      to: row.recipient,
      from: deps.messaging.emailFrom,
      subject: row.subject ?? rendered.subject,
      text: row.body_text,
      html: row.body_html ?? undefined,
      ics: ics ? { method: icsMethodFor(ctx.kind)!, content: ics } : undefined,
      idempotencyKey: key,
      ...threading.headers,
    }),
  );
  if (threading.threadId && sent.status === 'sent') await addThreadMessageIds(deps.db, threading.threadId, [bareMessageId(smtpMessageId(key))!]);
  return sent;
}

async function sendSms(deps: DeliveryDeps, b: BookingRow, ctx: MessageContext, override: TemplateOverride | undefined, key: string): Promise<MessageRow> {
  const transport = deps.messaging.transports.sms!;
  const links = deps.links;
  const short =
    links && ctx.manageUrl
      ? links.shortUrl(await shortCodeFor(deps.db, b.id, links.manageToken({ id: b.id, version: b.version, end: b.end_time })))
      : undefined;
  const body = renderSms({ ...ctx, shortManageUrl: short }, override).body;
  const { row } = await enqueueMessage(deps.db, {
    idempotencyKey: key,
    bookingId: b.id,
    providerId: b.provider_id,
    kind: ctx.kind,
    channel: 'sms',
    recipient: b.customer_phone!,
    subject: null,
    bodyText: body,
    transport: transport.name,
  });
  if (FINAL_MESSAGE_STATUSES.includes(row.status)) return row;
  return attempt(deps.db, row, () =>
    transport.send({
      to: row.recipient,
      from: deps.messaging.smsFrom ?? '',
      body: row.body_text,
      idempotencyKey: key,
      statusCallbackUrl: deps.messaging.smsStatusCallbackUrl,
    }),
  );
}

/**
 * The Reply-To (signed, for this booking) and, for a booking that has an e-mail thread, the threading
 * headers that keep its messages under the customer's conversation. Nothing without `messaging.replies`.
 */
async function replyHeaders(
  deps: DeliveryDeps,
  b: BookingRow,
): Promise<{ headers: { replyTo?: string; inReplyTo?: string; references?: string[] }; threadId: string | null }> {
  const replies = deps.messaging.replies;
  if (!replies) return { headers: {}, threadId: null };
  const replyTo = replyAddress(replies.inboundAddress, { kind: 'booking', id: b.id }, replies.secret);
  // A booking made by e-mail names its thread in created_by (`email:<thread id>`); a reply to any other
  // booking's message starts one, found by the booking.
  const madeBy = b.created_by?.startsWith(EMAIL_CREATOR) ? b.created_by.slice(EMAIL_CREATOR.length) : undefined;
  const thread = (madeBy ? await findEmailThread(deps.db, madeBy) : undefined) ?? (await threadOfBooking(deps.db, b.id));
  const chain = (thread?.message_ids ?? []).map(bracketed);
  if (!thread || chain.length === 0) return { headers: { replyTo }, threadId: thread?.id ?? null };
  return { headers: { replyTo, inReplyTo: chain.at(-1)!, references: chain }, threadId: thread.id };
}

/**
 * One attempt at the provider, recorded before and after. Sends what the row holds (rendered once).
 *
 * Once the provider has accepted the message, recording that is the one thing between "sent once" and "sent
 * twice": an activity retried because the record failed would send again. So the record rides out a
 * database blip (PostgreSQL restarting or cutting connections: up to ~10 s) instead of failing the attempt
 * (found by `npm run chaos`: two confirmations delivered twice when every connection was terminated).
 */
export async function attempt(db: Kysely<DB>, row: MessageRow, send: () => Promise<{ providerMessageId: string | null }>): Promise<MessageRow> {
  await markMessageSending(db, row.id);
  let providerMessageId: string | null;
  try {
    ({ providerMessageId } = await send());
  } catch (err) {
    if (err instanceof TransportError && !err.retryable) return markMessageFailed(db, row.id, err.kind, err.message);
    await markMessageRetrying(db, row.id, err instanceof Error ? err.message : String(err));
    throw err;
  }
  return throughDatabaseBlips(() => markMessageSent(db, row.id, providerMessageId));
}

/** Runs a database write again while the database is unavailable for a moment (isDatabaseUnavailable). */
async function throughDatabaseBlips<T>(write: () => Promise<T>, tries = 20, pauseMs = 500): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await write();
    } catch (err) {
      if (i >= tries || !isDatabaseUnavailable(err)) throw err;
      await new Promise((r) => setTimeout(r, pauseMs));
    }
  }
}
