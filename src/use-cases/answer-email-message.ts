/**
 * Answers one message of an e-mail thread (the thread workflow's `answerEmailMessage` step): understands
 * it (src/domain/email: reply intent, service, wish, language) and acts through the same use cases as
 * every other channel —
 *
 * - a choice of the current offer ("2", "the second one", "10:30 works", "ja, die 2") books or moves
 *   (choose-email-proposal.ts);
 * - "cancel" / "absagen" / "stornieren" cancels the thread's booking (change policy applies; a refusal
 *   explains and links the manage page);
 * - "move to Friday" / "reschedule" on a booking's thread offers new times for that booking;
 * - anything else is a (new) wish: the service by name (asked when unclear), the times it names, and up
 *   to three proposals — or, with an offer out and nothing understood, a short "which one?".
 *
 * Only the thread's customer address may act: a message from another address (it reached the thread's
 * signed address, so it carries the token, but someone forwarded it) changes nothing and gets no answer.
 * A booking's thread answers nothing it does not understand ("thanks!" needs no reply).
 *
 * The message's row says what became of it (`inbound_messages.outcome`) and what the step handed back to
 * the workflow (`step_result`: the offer), both in one write, last. A retried step that sees `received`
 * runs again, finding its own answer and booking by their keys; one that sees an outcome (the first try
 * finished but its completion never reached the server: a worker killed at that instant, a timeout)
 * hands back the recorded result — before, it handed back "keep", and the offer its e-mail proposed was
 * lost, so the one-click link said "lapsed".
 */
import { findBooking } from '../db/booking.repository.ts';
import { findEmailThread, updateEmailThread, type EmailThreadRow } from '../db/email-thread.repository.ts';
import { findInboundMessage, setInboundOutcome, type InboundMessageRow, type InboundOutcome } from '../db/inbound-message.repository.ts';
import { listPublicServices, serviceName } from '../db/service.repository.ts';
import { isLiveStatus } from '../domain/bookings/booking-status.ts';
import { detectLocale } from '../domain/email/language.ts';
import { replyIntent } from '../domain/email/reply-intent.ts';
import { matchService } from '../domain/email/service-match.ts';
import type { ThreadAnswer } from '../domain/email/thread-answers.ts';
import { understandWish } from '../domain/email/wish.ts';
import { AppError } from '../errors.ts';
import { cancelBooking } from './cancel-booking.ts';
import { chooseEmailProposal, storedWish, ttlHours } from './choose-email-proposal.ts';
import { businessZone, offerOf, proposalLines, proposalsFor, sendThreadAnswer, type EmailChannelDeps } from './email-thread-common.ts';
import type { ThreadOffer } from '../../workflows/email-thread.types.ts';

/** `workflowNow`: the thread workflow's time (offers lapse by its timer); absent in histories before it was passed. */
export type AnswerInput = { threadId: string; inboundId: string; offer: ThreadOffer | null; lastSet: number; workflowNow?: number | undefined };
export type AnswerOutcome = { offer: ThreadOffer | null | 'keep' };

const KEEP: AnswerOutcome = { offer: 'keep' };
/** How far a message's Date may lie before its arrival and still be what "tomorrow" is relative to. */
const MAX_DATE_SKEW_MS = 7 * 86_400_000;

export async function answerEmailMessage(deps: EmailChannelDeps, input: AnswerInput): Promise<AnswerOutcome> {
  const [thread, msg] = await Promise.all([findEmailThread(deps.db, input.threadId), findInboundMessage(deps.db, input.inboundId)]);
  if (!thread || !msg) return KEEP;
  if (msg.outcome !== 'received') return recordedOutcome(msg.step_result); // answered before (a retried step)
  let finished: { outcome: InboundOutcome; detail: string | null; bookingId?: string } | undefined;
  const result = await decide(deps, input, thread, msg, (outcome, detail, bookingId) => {
    finished = { outcome, detail: detail ?? null, ...(bookingId ? { bookingId } : {}) };
  });
  if (finished)
    await setInboundOutcome(deps.db, msg.id, finished.outcome, {
      detail: finished.detail,
      stepResult: result,
      ...(finished.bookingId ? { bookingId: finished.bookingId } : {}),
    });
  return result;
}

/** What a finished step handed back (rows from before migration 0013 have none: "keep"). */
function recordedOutcome(stored: unknown): AnswerOutcome {
  const offer = (stored as AnswerOutcome | null)?.offer;
  return offer === undefined ? KEEP : { offer };
}

/** Understands and acts; `finish` names what became of the message (written by the caller with the result). */
async function decide(
  deps: EmailChannelDeps,
  input: AnswerInput,
  thread: EmailThreadRow,
  msg: InboundMessageRow,
  finish: (outcome: InboundOutcome, detail?: string, bookingId?: string) => void,
): Promise<AnswerOutcome> {
  const now = deps.now();
  const zone = await businessZone(deps);
  // "tomorrow" is relative to the message's Date, when that is plausible by our clock.
  const sent = msg.sent_at?.getTime();
  const referenceMs = sent !== undefined && sent >= now - MAX_DATE_SKEW_MS && sent <= now + 300_000 ? sent : now;
  const workflowNow = input.workflowNow ?? now;
  const isReply = /^\s*(re|aw|sv|antw)\s*:/i.test(msg.subject);
  const text = isReply ? msg.body_text : `${msg.subject}\n${msg.body_text}`;
  const locale = detectLocale(text, thread.locale);
  const { offer } = input;

  const answer = (a: ThreadAnswer, suffix = 'answer') =>
    sendThreadAnswer(deps, thread, { answer: a, locale, zone, key: `inbound:${msg.id}:${suffix}`, inReplyTo: msg.message_id });

  const booking = thread.booking_id ? await findBooking(deps.db, thread.booking_id) : undefined;
  const live = booking && isLiveStatus(booking.status) && booking.start_time.getTime() > now ? booking : undefined;
  const intent = replyIntent(text, { proposals: offer?.proposals ?? [], timeZone: zone, locale, referenceMs });
  const acts = (intent.kind === 'choose' && offer) || intent.kind === 'cancel' || (intent.kind === 'reschedule' && live);
  if (acts && msg.from_address !== thread.customer_email) {
    finish('wrong_sender', `from ${msg.from_address}, thread of ${thread.customer_email}`);
    return KEEP;
  }

  if (intent.kind === 'choose' && offer) {
    const out = await chooseEmailProposal(deps, {
      threadId: thread.id,
      offer,
      index: intent.index,
      lastSet: input.lastSet,
      inReplyTo: msg.message_id,
      keyBase: `inbound:${msg.id}`,
    });
    const r = out.result;
    if (r.kind === 'booked' || r.kind === 'moved') finish(r.kind, undefined, r.bookingId);
    else if (r.kind === 'taken') finish(r.freshOffer ? 'proposed' : 'nothing_free', 'the chosen time was taken meanwhile');
    else if (r.kind === 'refused') finish('failed', `${r.code}: ${r.message}`);
    else finish('not_understood', 'the offer lapsed');
    return { offer: out.offer };
  }

  if (intent.kind === 'cancel') {
    if (!live) {
      await answer({ kind: 'no_booking' });
      finish('no_booking');
      return KEEP;
    }
    try {
      await cancelBooking({ client: deps.client }, { bookingId: live.id, actor: 'customer', reason: 'E-mail reply' });
      finish('cancelled', undefined, live.id);
      return { offer: null };
    } catch (err) {
      if (!(err instanceof AppError) || err.code !== 'policy_window') throw err;
      const manageUrl = deps.links.manageUrl({ id: live.id, version: live.version, end: live.end_time });
      await answer({
        kind: 'cancel_refused',
        serviceName: await serviceName(deps.db, live.service_id),
        start: live.start_time.getTime(),
        end: live.end_time.getTime(),
        manageUrl,
      });
      finish('cancel_refused', err.message, live.id);
      return KEEP;
    }
  }

  const wish = understandWish(text, { referenceMs, timeZone: zone, locale });
  if (live && (intent.kind === 'reschedule' || intent.kind === 'choose' || wish.understood)) {
    const found = await proposalsFor(deps, {
      serviceId: live.service_id,
      wish: wish.understood ? wish : storedWish(thread, zone, referenceMs),
      zone,
      moving: live,
    });
    const name = await serviceName(deps.db, live.service_id);
    if (found.slots.length === 0) {
      await answer({ kind: 'nothing_free', serviceName: name });
      finish('nothing_free', undefined, live.id);
      return { offer: null };
    }
    const next = offerOf(deps, found.slots, { serviceId: live.service_id, lastSet: input.lastSet, purpose: 'move', bookingId: live.id, workflowNow });
    await answer({
      kind: 'proposals',
      why: intent.kind === 'choose' ? 'lapsed' : found.inWish ? 'move' : 'nothing_in_wish',
      serviceName: name,
      proposals: proposalLines(deps, thread.id, next),
      ttlHours: ttlHours(deps),
    });
    finish('proposed', 'times to move the booking to', live.id);
    return { offer: next };
  }
  if (live) {
    finish('not_understood', 'no answer in a booking thread');
    return KEEP;
  }

  // A (new) wish: which service, and when.
  const services = (await listPublicServices(deps.db)).map((s) => ({ id: s.service.id, name: s.service.name }));
  const match = matchService(text, services, locale);
  const threadService = services.find((s) => s.id === thread.service_id);
  const service = match.kind === 'one' ? match.service : threadService;
  if (offer && !wish.understood && (!service || service.id === offer.serviceId) && match.kind !== 'one') {
    await answer({ kind: 'not_understood', hasProposals: true });
    finish('not_understood');
    return KEEP;
  }
  await updateEmailThread(deps.db, thread.id, { locale, ...(service ? { serviceId: service.id } : {}), ...(wish.understood ? { wish } : {}) });
  if (!service) {
    if (services.length === 0) {
      await answer({ kind: 'nothing_free', serviceName: '' });
      finish('nothing_free', 'no bookable service');
      return KEEP;
    }
    const listed = match.kind === 'several' ? match.services : services;
    await answer({ kind: 'which_service', services: listed.map((s) => s.name) });
    finish('asked_service', match.kind === 'several' ? 'several services matched' : 'no service named');
    return KEEP;
  }
  const found = await proposalsFor(deps, { serviceId: service.id, wish: wish.understood ? wish : storedWish(thread, zone, referenceMs), zone });
  if (found.slots.length === 0) {
    await answer({ kind: 'nothing_free', serviceName: service.name });
    finish('nothing_free');
    return { offer: null };
  }
  const next = offerOf(deps, found.slots, { serviceId: service.id, lastSet: input.lastSet, purpose: 'book', workflowNow });
  const why = intent.kind === 'choose' && !offer ? 'lapsed' : found.inWish ? 'wish' : 'nothing_in_wish';
  await answer({ kind: 'proposals', why, serviceName: service.name, proposals: proposalLines(deps, thread.id, next), ttlHours: ttlHours(deps) });
  finish('proposed', why);
  return { offer: next };
}
