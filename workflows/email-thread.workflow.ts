/**
 * `emailThreadWorkflow` (`email-thread-<threadId>`): one e-mail conversation. It holds the offer out (up
 * to three proposed times — not held: three holds per e-mail would block the calendar), lapses it by a
 * timer after EMAIL_PROPOSAL_TTL_HOURS, and handles one thing at a time: a new message (signal `inbound`,
 * answered by the `answerEmailMessage` activity — understand, book / move / cancel, write back) or a
 * one-click link (update `choose`, the `chooseEmailProposal` activity). All rules live in the use cases
 * the activities call; this file only orders the work and keeps the offer.
 *
 * The run ends when its offer lapses, or when it has been idle for the same time without one; a later
 * reply in the thread starts a fresh run (signal-with-start on the same id), which no longer knows the
 * lapsed times and says so. Long threads continue-as-new with their offer.
 */
import { allHandlersFinished, condition, continueAsNew, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../activities/index.ts';
import {
  busyQuery,
  chooseUpdate,
  inboundSignal,
  offerQuery,
  type ChoiceResult,
  type ChooseRequest,
  type EmailThreadInput,
  type ThreadOffer,
} from './email-thread.types.ts';

const acts = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute', maximumAttempts: 20 },
});

/** Messages and choices handled by one run before it continues as new (keeps the history small). */
const JOBS_PER_RUN = 40;

type Job = { kind: 'inbound'; inboundId: string } | { kind: 'choose'; request: ChooseRequest; result?: ChoiceResult };

export async function emailThreadWorkflow(input: EmailThreadInput): Promise<void> {
  const { threadId, proposalTtlMs } = input;
  let offer: ThreadOffer | null = input.offer ?? null;
  let lastSet = input.lastSet ?? offer?.set ?? 0;
  let idleUntil = Date.now() + proposalTtlMs;
  const jobs: Job[] = [];

  setHandler(inboundSignal, ({ inboundId }) => void jobs.push({ kind: 'inbound', inboundId }));
  let working = false;
  setHandler(offerQuery, () => offer);
  setHandler(busyQuery, () => working || jobs.length > 0);
  setHandler(
    chooseUpdate,
    async (request) => {
      const job: Job = { kind: 'choose', request };
      jobs.push(job);
      await condition(() => job.result !== undefined);
      return job.result!;
    },
    {
      validator: ({ set, index }) => {
        if (!Number.isInteger(set) || !Number.isInteger(index) || index < 0 || index > 9) throw new Error('invalid choice');
      },
    },
  );

  async function handle(job: Job): Promise<void> {
    working = true;
    try {
      await step(job);
    } finally {
      working = false;
    }
  }
  async function step(job: Job): Promise<void> {
    if (offer && offer.expiresAt <= Date.now()) offer = null;
    if (job.kind === 'inbound') {
      const out = await acts.answerEmailMessage({ threadId, inboundId: job.inboundId, offer, lastSet, workflowNow: Date.now() });
      if (out.offer !== 'keep') offer = out.offer;
    } else if (!offer || offer.set !== job.request.set || !offer.proposals[job.request.index]) {
      job.result = { kind: 'lapsed' };
    } else {
      const out = await acts.chooseEmailProposal({ threadId, offer, index: job.request.index, lastSet, workflowNow: Date.now() });
      job.result = out.result;
      if (out.offer !== 'keep') offer = out.offer;
    }
    if (offer) lastSet = Math.max(lastSet, offer.set);
  }

  for (let handled = 0; ; handled++) {
    const deadline = offer ? offer.expiresAt : idleUntil;
    const waitMs = deadline - Date.now();
    const woke = waitMs > 0 && (await condition(() => jobs.length > 0, waitMs));
    if (!woke && jobs.length === 0) break; // the offer lapsed, or the thread went quiet
    await handle(jobs.shift()!);
    idleUntil = Date.now() + proposalTtlMs;
    if (handled + 1 >= JOBS_PER_RUN || workflowInfo().continueAsNewSuggested) {
      await condition(allHandlersFinished);
      if (jobs.length === 0) await continueAsNew<typeof emailThreadWorkflow>({ threadId, proposalTtlMs, offer, lastSet });
    }
  }
  // The run ends with the offer. Anything that arrived in the same instant is still answered (a link
  // clicked as the offer lapsed gets "lapsed"), so no update waits on a closed run.
  offer = null;
  while (jobs.length > 0 || !allHandlersFinished()) {
    await condition(() => jobs.length > 0 || allHandlersFinished());
    const job = jobs.shift();
    if (job) await handle(job);
  }
}
