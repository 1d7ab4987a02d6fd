/**
 * Books (or moves a booking to) one proposal of a thread's offer — for a reply ("2", "10:30 works") and
 * for a one-click link alike. The start is re-checked by the booking engine (createBooking /
 * rescheduleBooking: the same rules, workflow and exclusion constraint as the widget); if it was taken
 * meanwhile, fresh proposals go out in the thread instead.
 *
 * Exactly once: a booking's id is keyed by (thread, offer, index) through the idempotency key, so a
 * retried activity finds the booking it made. The booking's `created_by` is `email:<thread id>`, which is
 * how its confirmation (sent by the booking workflow, possibly before this step returns) finds the thread
 * to answer in.
 */
import { findBooking } from '../db/booking.repository.ts';
import { findEmailThread, updateEmailThread, type EmailThreadRow } from '../db/email-thread.repository.ts';
import { isLiveStatus } from '../domain/bookings/booking-status.ts';
import { serviceName } from '../db/service.repository.ts';
import type { ThreadAnswer } from '../domain/email/thread-answers.ts';
import { understandWish, type Wish } from '../domain/email/wish.ts';
import { AppError } from '../errors.ts';
import { createBooking } from './create-booking.ts';
import { businessZone, offerOf, proposalLines, proposalsFor, sendThreadAnswer, type EmailChannelDeps } from './email-thread-common.ts';
import { rescheduleBooking } from './reschedule-booking.ts';
import { EMAIL_CREATOR } from './deliver-booking-message.ts';
import type { ChoiceResult, ThreadOffer } from '../../workflows/email-thread.types.ts';

export type ChoiceOutcome = { result: ChoiceResult; offer: ThreadOffer | null | 'keep' };

/** The idempotency scope of bookings made by e-mail (their ids are keyed by thread, offer and index). */
const EMAIL_SCOPE = 'email';

export async function chooseEmailProposal(
  deps: EmailChannelDeps,
  input: {
    threadId: string;
    offer: ThreadOffer;
    index: number;
    lastSet: number;
    inReplyTo?: string | null | undefined;
    keyBase: string;
    /** The thread workflow's time (a fresh offer lapses by its timer). */
    workflowNow?: number | undefined;
  },
): Promise<ChoiceOutcome> {
  const thread = await findEmailThread(deps.db, input.threadId);
  const proposal = input.offer.proposals[input.index];
  if (!thread || !proposal) return { result: { kind: 'lapsed' }, offer: 'keep' };
  const { offer } = input;
  const zone = await businessZone(deps);
  const locale = thread.locale;
  try {
    if (offer.purpose === 'move') {
      const booking = offer.bookingId ? await findBooking(deps.db, offer.bookingId) : undefined;
      if (!booking || !isLiveStatus(booking.status))
        return { result: { kind: 'refused', code: 'not_found', message: 'The booking is no longer live.' }, offer: null };
      const moved = await rescheduleBooking(
        { db: deps.db, client: deps.client, now: deps.now() },
        { booking, start: proposal.start, by: { actor: 'customer', expectedVersion: booking.version } },
      );
      return {
        result: { kind: 'moved', bookingId: booking.id, start: Date.parse(moved.start), end: Date.parse(moved.end), status: moved.status },
        offer: null,
      };
    }
    const key = `${input.threadId}:${offer.set}:${input.index}`;
    const made = await createBooking(
      {
        db: deps.db,
        client: deps.client,
        taskQueue: deps.taskQueue,
        now: deps.now(),
        holdTtlMs: deps.booking.holdTtlMs,
        attendanceGraceMs: deps.booking.attendanceGraceMs,
        calendar: deps.booking.calendar,
        idempotencySecret: deps.links.secret,
      },
      {
        serviceId: offer.serviceId,
        providerId: proposal.providerId,
        start: proposal.start,
        customer: { name: customerName(thread), email: thread.customer_email, timeZone: zone },
        intake: {},
        channel: 'email',
        hold: false,
        locale,
        idempotencyKey: key,
        idempotencyScope: EMAIL_SCOPE,
        createdBy: `${EMAIL_CREATOR}${thread.id}`,
      },
    );
    await updateEmailThread(deps.db, thread.id, { bookingId: made.id, serviceId: offer.serviceId });
    return { result: { kind: 'booked', bookingId: made.id, start: Date.parse(made.start), end: Date.parse(made.end), status: made.status }, offer: null };
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    const reply = { locale, zone, inReplyTo: input.inReplyTo ?? null };
    // Taken meanwhile, or no longer a slot at all (its notice has passed since it was proposed): fresh times.
    if (err.code === 'slot_unavailable' || err.code === 'not_a_slot') {
      const moving = offer.purpose === 'move' && offer.bookingId ? await findBooking(deps.db, offer.bookingId) : undefined;
      const found = await proposalsFor(deps, { serviceId: offer.serviceId, wish: storedWish(thread, zone, deps.now()), zone, moving });
      if (found.slots.length === 0) {
        await sendThreadAnswer(deps, thread, {
          ...reply,
          key: `${input.keyBase}:taken`,
          answer: { kind: 'nothing_free', serviceName: await serviceNameOf(deps, offer) },
        });
        return { result: { kind: 'taken', freshOffer: false }, offer: null };
      }
      const fresh = offerOf(deps, found.slots, {
        serviceId: offer.serviceId,
        lastSet: Math.max(input.lastSet, offer.set),
        purpose: offer.purpose,
        bookingId: offer.bookingId,
        workflowNow: input.workflowNow ?? deps.now(),
      });
      await sendThreadAnswer(deps, thread, {
        ...reply,
        key: `${input.keyBase}:taken`,
        answer: {
          kind: 'proposals',
          why: 'taken',
          serviceName: await serviceNameOf(deps, offer),
          proposals: proposalLines(deps, thread.id, fresh),
          ttlHours: ttlHours(deps),
        },
      });
      return { result: { kind: 'taken', freshOffer: true }, offer: fresh };
    }
    const moving = offer.purpose === 'move' && offer.bookingId ? await findBooking(deps.db, offer.bookingId) : undefined;
    const refusal: ThreadAnswer =
      moving && err.code === 'policy_window'
        ? {
            kind: 'move_refused',
            serviceName: await serviceNameOf(deps, offer),
            start: moving.start_time.getTime(),
            end: moving.end_time.getTime(),
            manageUrl: deps.links.manageUrl({ id: moving.id, version: moving.version, end: moving.end_time }),
          }
        : { kind: 'book_online', url: `${deps.links.baseUrl}/book` };
    await sendThreadAnswer(deps, thread, { ...reply, key: `${input.keyBase}:refused`, answer: refusal });
    return { result: { kind: 'refused', code: err.code, message: err.message }, offer: 'keep' };
  }
}

/** The name a booking made by e-mail carries: the From display name, else the address's local part. */
export function customerName(thread: EmailThreadRow): string {
  const name = thread.customer_name?.trim();
  return (name && name.length > 0 ? name : thread.customer_email.split('@')[0]!).slice(0, 200);
}

/** The thread's last understood wish, else the default one (the next two weeks). */
export function storedWish(thread: EmailThreadRow, zone: string, now: number): Wish {
  const w = thread.wish as Wish | null;
  return w && typeof w.fromDate === 'string' ? w : understandWish('', { referenceMs: now, timeZone: zone, locale: thread.locale });
}

export function ttlHours(deps: EmailChannelDeps): number {
  return Math.round((deps.inbound.proposalTtlMs / 3_600_000) * 10) / 10;
}

const serviceNameOf = (deps: EmailChannelDeps, offer: ThreadOffer): Promise<string> => serviceName(deps.db, offer.serviceId);
