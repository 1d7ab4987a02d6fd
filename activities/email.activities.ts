/**
 * Activities of the e-mail thread workflow: thin adapters over the e-mail channel's use cases. Each is
 * safe to retry (answers are keyed messages, bookings keyed ids, the inbound row's outcome is written
 * last). Without the e-mail channel configured they fail without retrying.
 */
import { ApplicationFailure } from '@temporalio/activity';
import type { Client } from '@temporalio/client';
import type { Kysely } from 'kysely';
import type { DB } from '../src/db/schema.ts';
import { answerEmailMessage, type AnswerInput } from '../src/use-cases/answer-email-message.ts';
import { chooseEmailProposal } from '../src/use-cases/choose-email-proposal.ts';
import { OUTBOX_ONLY, type MessagingOptions } from '../src/use-cases/deliver-booking-message.ts';
import type { EmailChannelDeps } from '../src/use-cases/email-thread-common.ts';
import type { LinkSigner } from '../src/use-cases/manage-links.ts';
import type { ThreadOffer } from '../workflows/email-thread.types.ts';

/** What the e-mail channel needs beyond the worker's database, links and transports. */
export type EmailChannelSettings = {
  client: Client;
  taskQueue: string;
  inbound: EmailChannelDeps['inbound'];
  booking: EmailChannelDeps['booking'];
  /** Epoch ms (tests pin it). */
  now?: (() => number) | undefined;
};

export type EmailActivityDeps = {
  db: Kysely<DB>;
  links?: LinkSigner | undefined;
  messaging?: MessagingOptions | undefined;
  email?: EmailChannelSettings | undefined;
};

export function createEmailActivities(deps: EmailActivityDeps) {
  const channel = (): EmailChannelDeps => {
    if (!deps.email || !deps.links)
      throw ApplicationFailure.nonRetryable('The e-mail channel is not configured on this worker (INBOUND_EMAIL_ADDRESS).', 'NotConfigured');
    const { client, taskQueue, inbound, booking, now } = deps.email;
    return { db: deps.db, client, taskQueue, inbound, booking, links: deps.links, messaging: deps.messaging ?? OUTBOX_ONLY, now: now ?? Date.now };
  };
  return {
    async answerEmailMessage(input: AnswerInput) {
      return answerEmailMessage(channel(), input);
    },
    async chooseEmailProposal(input: { threadId: string; offer: ThreadOffer; index: number; lastSet: number; workflowNow?: number | undefined }) {
      return chooseEmailProposal(channel(), { ...input, keyBase: `choose:${input.threadId}:${input.offer.set}:${input.index}` });
    },
  };
}
