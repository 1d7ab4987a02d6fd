/**
 * The e-mail thread workflow's contract (`email-thread-<threadId>`), shared by the workflow, its
 * activities and the gateway: the offer it holds (times proposed, not held), the signal a new message
 * arrives by, the update a one-click link books by, and the query the confirmation page reads.
 */
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';

/** One proposed start (epoch ms), with what booking it needs. */
export type EmailProposal = { start: number; end: number; providerId: string };

/**
 * The proposals out in a thread. `set` numbers the offers of a thread (a link or a reply names the set it
 * answers, so an old e-mail's "2" cannot book a newer offer's second time). `purpose` 'move' offers new
 * times for `bookingId`. Lapses at `expiresAt` (EMAIL_PROPOSAL_TTL_HOURS after it was sent).
 */
export type ThreadOffer = {
  set: number;
  serviceId: string;
  purpose: 'book' | 'move';
  bookingId?: string | undefined;
  proposals: EmailProposal[];
  expiresAt: number;
};

export type EmailThreadInput = {
  threadId: string;
  /** How long an offer stays bookable, and how long an idle thread's workflow waits for a reply. */
  proposalTtlMs: number;
  /** Carried across continue-as-new. */
  offer?: ThreadOffer | null | undefined;
  lastSet?: number | undefined;
};

/** What choosing a proposal came to (a reply's number or a one-click link). */
export type ChoiceResult =
  | { kind: 'booked' | 'moved'; bookingId: string; start: number; end: number; status: string }
  /** The start was taken meanwhile: fresh proposals went out (`offer`), or none were free. */
  | { kind: 'taken'; freshOffer: boolean }
  /** The offer lapsed or was replaced by a newer one. */
  | { kind: 'lapsed' }
  /** The booking engine refused (e.g. a notice window, a cap); `code` is its problem code. */
  | { kind: 'refused'; code: string; message: string };

export type InboundSignal = { inboundId: string };
export type ChooseRequest = { set: number; index: number };

export const inboundSignal = defineSignal<[InboundSignal]>('inbound');
export const chooseUpdate = defineUpdate<ChoiceResult, [ChooseRequest]>('choose');
export const offerQuery = defineQuery<ThreadOffer | null>('offer');
/** True while a message or a choice is being handled (an offer may be about to change). */
export const busyQuery = defineQuery<boolean>('busy');
