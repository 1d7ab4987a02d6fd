/**
 * What the e-mail channel's use cases share: their dependencies, the business zone wishes are read in,
 * finding proposals for a wish, and writing an answer into a thread (exactly once, threaded, with the
 * thread's signed Reply-To).
 */
import { businessContact, businessSettings } from './business-settings.ts';
import type { Client } from '@temporalio/client';
import type { Kysely } from 'kysely';
import type { CalendarSettings } from '../calendar-connectors/connection-connector.ts';
import type { BookingRow } from '../db/booking.repository.ts';
import { addThreadMessageIds, type EmailThreadRow } from '../db/email-thread.repository.ts';
import { enqueueMessage, FINAL_MESSAGE_STATUSES, type MessageRow } from '../db/message.repository.ts';
import { firstProviderTimeZone } from '../db/provider.repository.ts';
import type { DB } from '../db/schema.ts';
import { nearestSlots, suggestSlots } from '../domain/availability/slot-suggestions.ts';
import { MAX_RANGE_DAYS } from '../domain/availability/query.ts';
import type { Slot } from '../domain/availability/types.ts';
import { bareMessageId, bracketed } from '../domain/email/message-ids.ts';
import { signProposalChoice } from '../domain/email/proposal-link.ts';
import { replyAddress } from '../domain/email/reply-address.ts';
import { renderThreadAnswer, replySubject, type ThreadAnswer } from '../domain/email/thread-answers.ts';
import { inWish, wishRange, type Wish } from '../domain/email/wish.ts';
import type { MessageLocale } from '../domain/messages/message-context.ts';
import { smtpMessageId } from '../transports/smtp.transport.ts';
import { availableSlots } from './available-slots.ts';
import { attempt, type MessagingOptions } from './deliver-booking-message.ts';
import type { LinkSigner } from './manage-links.ts';
import { rescheduleOptions } from './reschedule-booking.ts';
import type { EmailProposal, ThreadOffer } from '../../workflows/email-thread.types.ts';

export type EmailChannelDeps = {
  db: Kysely<DB>;
  client: Client;
  taskQueue: string;
  /** Epoch ms. */
  now: () => number;
  messaging: MessagingOptions;
  /** The link secret and public base URL (one-click links, manage links). */
  links: LinkSigner;
  inbound: { address: string; proposalTtlMs: number; businessTimeZone?: string | undefined };
  booking: { holdTtlMs: number; attendanceGraceMs: number; calendar?: CalendarSettings | undefined };
};

/** How many times one answer proposes. */
export const PROPOSALS_PER_ANSWER = 3;
/** How far past a wish with nothing free the next times are looked for. */
const LOOKAHEAD_DAYS = 60;
const DAY_MS = 86_400_000;

/** The zone wishes are read in: BUSINESS_TIME_ZONE, else the first provider's, else UTC. */
export async function businessZone(deps: Pick<EmailChannelDeps, 'db' | 'inbound'>): Promise<string> {
  return deps.inbound.businessTimeZone ?? (await firstProviderTimeZone(deps.db)) ?? 'UTC';
}

/**
 * Up to three free starts for a wish, spread over it (or nearest its named time); when nothing in the
 * wish is free, the first free ones after it. `moving` looks for times the booking can move to.
 */
export async function proposalsFor(
  deps: EmailChannelDeps,
  q: { serviceId: string; wish: Wish; zone: string; moving?: BookingRow | undefined },
): Promise<{ slots: Slot[]; inWish: boolean }> {
  const now = deps.now();
  const free = (range: { start: number; end: number }) =>
    q.moving ? rescheduleOptions(deps.db, q.moving, range, now) : availableSlots(deps.db, { serviceId: q.serviceId, range }, now);
  const wanted = wishRange(q.wish, q.zone);
  const range = { start: Math.max(wanted.start, now), end: wanted.end };
  if (range.end > range.start) {
    const slots = (await free(range)).filter((s) => inWish(s.start, q.wish, q.zone) && s.start !== q.moving?.start_time.getTime());
    const picks =
      wanted.around !== undefined
        ? nearestSlots(slots, wanted.around, PROPOSALS_PER_ANSWER).sort((a, b) => a.start - b.start)
        : suggestSlots(slots, { timeZone: q.zone, limit: PROPOSALS_PER_ANSWER });
    if (picks.length > 0) return { slots: picks, inWish: true };
  }
  for (let from = Math.max(range.end, now), searched = 0; searched < LOOKAHEAD_DAYS; searched += MAX_RANGE_DAYS - 2) {
    const window = { start: from, end: from + (MAX_RANGE_DAYS - 2) * DAY_MS };
    const slots = (await free(window)).filter((s) => s.start !== q.moving?.start_time.getTime());
    if (slots.length > 0) {
      // The first free day or two, not one slot from each of the next weeks.
      const soon = slots.filter((s) => s.start < slots[0]!.start + 2 * DAY_MS);
      return { slots: suggestSlots(soon, { timeZone: q.zone, limit: PROPOSALS_PER_ANSWER }), inWish: false };
    }
    from = window.end;
  }
  return { slots: [], inWish: false };
}

/**
 * An offer of `slots` as the thread's next set (the proposals are not held). It lapses
 * EMAIL_PROPOSAL_TTL_HOURS after `workflowNow`, the thread workflow's time when it asked for this step.
 */
export function offerOf(
  deps: EmailChannelDeps,
  slots: readonly Slot[],
  o: { serviceId: string; lastSet: number; purpose: 'book' | 'move'; bookingId?: string | undefined; workflowNow: number },
): ThreadOffer {
  const proposals: EmailProposal[] = slots.map((s) => ({ start: s.start, end: s.end, providerId: s.providerId }));
  return {
    set: o.lastSet + 1,
    serviceId: o.serviceId,
    purpose: o.purpose,
    ...(o.bookingId ? { bookingId: o.bookingId } : {}),
    proposals,
    // The workflow's clock: the same time its lapse timer runs on.
    expiresAt: o.workflowNow + deps.inbound.proposalTtlMs,
  };
}

/** The one-click link of each proposal in an offer. */
export function proposalLines(deps: EmailChannelDeps, threadId: string, offer: ThreadOffer): { start: number; end: number; url: string }[] {
  return offer.proposals.map((p, index) => ({
    start: p.start,
    end: p.end,
    url: `${deps.links.baseUrl}/email/choose/${signProposalChoice({ threadId, set: offer.set, index, expiresAt: offer.expiresAt }, deps.links.secret)}`,
  }));
}

/**
 * Writes `answer` into the thread, once per `key` (a retried activity finds the row): to the thread's
 * customer address, Reply-To the thread's signed address, In-Reply-To the customer's message and
 * References the thread's chain. Without an e-mail transport the answer is recorded in the outbox.
 */
export async function sendThreadAnswer(
  deps: EmailChannelDeps,
  thread: EmailThreadRow,
  a: { answer: ThreadAnswer; locale: MessageLocale; zone: string; key: string; inReplyTo: string | null },
): Promise<MessageRow> {
  const transport = deps.messaging.transports.email;
  const settings = await businessSettings(deps.db, deps.messaging.businessName);
  const body = renderThreadAnswer(a.answer, {
    locale: a.locale,
    timeZone: a.zone,
    businessName: settings.businessName,
    customerName: thread.customer_name,
    contact: businessContact(settings),
  });
  const subject = replySubject(thread.subject, a.locale);
  const { row } = await enqueueMessage(deps.db, {
    idempotencyKey: a.key,
    bookingId: null,
    providerId: null,
    kind: 'email_answer',
    channel: 'email',
    recipient: thread.customer_email,
    subject,
    bodyText: body.text,
    bodyHtml: body.html,
    transport: transport?.name ?? 'outbox',
    threadId: thread.id,
  });
  const ownId = bareMessageId(smtpMessageId(a.key))!;
  if (!transport || FINAL_MESSAGE_STATUSES.includes(row.status)) {
    await addThreadMessageIds(deps.db, thread.id, [ownId]);
    return row;
  }
  const chain = thread.message_ids.map(bracketed);
  const sent = await attempt(deps.db, row, () =>
    transport.send({
      to: row.recipient,
      from: deps.messaging.emailFrom,
      subject,
      text: row.body_text,
      html: row.body_html ?? undefined,
      idempotencyKey: a.key,
      replyTo: replyAddress(deps.inbound.address, { kind: 'thread', id: thread.id }, deps.links.secret),
      ...(a.inReplyTo ? { inReplyTo: bracketed(a.inReplyTo) } : {}),
      ...(chain.length > 0 ? { references: chain } : {}),
    }),
  );
  await addThreadMessageIds(deps.db, thread.id, [ownId]);
  return sent;
}
