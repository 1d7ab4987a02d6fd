/**
 * One-click links of a proposal e-mail: `GET /email/choose/:token` shows the proposed time and a button
 * (so a mail scanner's prefetch books nothing), `POST` books it through the thread's workflow (update
 * `choose`: the same step as a reply "2", with its re-check). The token is signed (proposal-link.ts);
 * a forged one is "not valid", an offer that lapsed or was replaced says so and links the booking page.
 */
import { businessSettings } from '../../use-cases/business-settings.ts';
import { WorkflowNotFoundError } from '@temporalio/client';
import { AppError } from '../../errors.ts';
import { z } from 'zod';
import { findEmailThread } from '../../db/email-thread.repository.ts';
import { serviceName } from '../../db/service.repository.ts';
import { readProposalChoice, type ProposalChoice } from '../../domain/email/proposal-link.ts';
import { pickLocale, type MessageLocale } from '../../domain/messages/message-context.ts';
import { emailThreadWorkflowId } from '../../temporal/workflow-ids.ts';
import { businessZone } from '../../use-cases/email-thread-common.ts';
import { busyQuery, chooseUpdate, offerQuery, type ThreadOffer } from '../../../workflows/email-thread.types.ts';
import { CHOICE_PAGE_CSP, renderChoicePage, type ChoicePage } from '../presenters/email-choice-page.ts';
import type { GatewayDeps } from '../deps.ts';
import { defineRoute, type AnyRoute } from '../route.ts';
import type { FastifyReply } from 'fastify';

const ZParams = z.object({ token: z.string().min(10).max(200) });

export function emailChoiceRoutes(deps: GatewayDeps): AnyRoute[] {
  const email = deps.email;
  const bookUrl = `${deps.links?.baseUrl ?? ''}/book`;

  async function context(choice: ProposalChoice | null): Promise<{ locale: MessageLocale; timeZone: string; businessName: string }> {
    const thread = choice ? await findEmailThread(deps.db, choice.threadId) : undefined;
    const timeZone = email
      ? await businessZone({ db: deps.db, inbound: { address: email.address, proposalTtlMs: email.proposalTtlMs, businessTimeZone: email.businessTimeZone } })
      : 'UTC';
    return { locale: pickLocale(thread?.locale), timeZone, businessName: (await businessSettings(deps.db, deps.businessName ?? 'slotflow')).businessName };
  }
  function send(reply: FastifyReply, page: ChoicePage, ctx: Awaited<ReturnType<typeof context>>, status = 200) {
    reply.status(status).type('text/html; charset=utf-8').header('content-security-policy', CHOICE_PAGE_CSP).header('referrer-policy', 'no-referrer');
    reply.header('cache-control', 'no-store');
    return renderChoicePage(page, ctx);
  }
  function readToken(token: string): ProposalChoice | null {
    return email && deps.links ? readProposalChoice(token, deps.links.secret) : null;
  }
  const handle = (threadId: string) => deps.temporal.client.workflow.getHandle(emailThreadWorkflowId(threadId));
  const threadOffer = (threadId: string) => {
    const h = handle(threadId);
    return { offer: () => h.query(offerQuery), busy: () => h.query(busyQuery) };
  };

  return [
    defineRoute({
      method: 'GET',
      url: '/email/choose/:token',
      summary: 'A proposal e-mail’s one-click link: shows the time and a button (books nothing)',
      tags: ['channels'],
      auth: 'public',
      params: ZParams,
      responses: {
        200: { description: 'Confirmation page', contentType: 'text/html' },
        404: { description: 'Page: this link is not valid', contentType: 'text/html' },
        410: { description: 'Page: the offer has lapsed', contentType: 'text/html' },
      },
      async handler({ params }, _req, reply) {
        const choice = readToken(params.token);
        const ctx = await context(choice);
        if (!choice) return send(reply, { kind: 'invalid', bookUrl }, ctx, 404);
        const offer = await currentOffer(threadOffer(choice.threadId), choice.set);
        // The workflow drops its offer when the offer lapses (its timer): what it holds is bookable.
        const proposal = offer && offer.set === choice.set ? offer.proposals[choice.index] : undefined;
        if (!offer || !proposal) return send(reply, { kind: 'lapsed', bookUrl }, ctx, 410);
        const name = await serviceName(deps.db, offer.serviceId);
        return send(reply, { kind: 'confirm', serviceName: name, start: proposal.start, end: proposal.end, action: `/email/choose/${params.token}` }, ctx);
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/email/choose/:token',
      summary: 'A proposal e-mail’s one-click link: books the time (re-checked) and shows the outcome',
      tags: ['channels'],
      auth: 'public',
      bodyType: 'form',
      params: ZParams,
      responses: {
        200: { description: 'Outcome page', contentType: 'text/html' },
        404: { description: 'Page: this link is not valid', contentType: 'text/html' },
        409: { description: 'Page: the time was taken (with fresh times) or refused', contentType: 'text/html' },
        410: { description: 'Page: the offer has lapsed', contentType: 'text/html' },
      },
      async handler({ params }, _req, reply) {
        const choice = readToken(params.token);
        const ctx = await context(choice);
        if (!choice) return send(reply, { kind: 'invalid', bookUrl }, ctx, 404);
        let result;
        try {
          result = await handle(choice.threadId).executeUpdate(chooseUpdate, { args: [{ set: choice.set, index: choice.index }] });
        } catch (err) {
          if (err instanceof WorkflowNotFoundError || (err instanceof Error && /not found|already completed|closed/i.test(err.message))) {
            return send(reply, { kind: 'lapsed', bookUrl }, ctx, 410);
          }
          throw err;
        }
        if (result.kind === 'booked' || result.kind === 'moved') {
          const thread = await findEmailThread(deps.db, choice.threadId);
          const name = thread?.service_id ? await serviceName(deps.db, thread.service_id) : '';
          const kind = result.kind === 'booked' && result.status === 'pending' ? 'pending' : result.kind;
          return send(reply, { kind, serviceName: name, start: result.start, end: result.end }, ctx);
        }
        if (result.kind === 'taken') return send(reply, { kind: 'taken', freshOffer: result.freshOffer }, ctx, 409);
        if (result.kind === 'lapsed') return send(reply, { kind: 'lapsed', bookUrl }, ctx, 410);
        return send(reply, { kind: 'refused', bookUrl }, ctx, 409);
      },
    }),
  ];
}

/**
 * The thread's offer as the workflow holds it, for a link of offer `set`. While the workflow is still
 * handling a message (the e-mail with this link can arrive before the step that sent it has handed its
 * offer back), or a query fails for a moment (a busy worker), ask again, for a few seconds at most; then 503.
 * Once the workflow is idle its offer is read again: the first read may predate the step's end (found in CI:
 * offer read as none while busy, then "idle" — and the stale none answered "lapsed"). A run that ended (its
 * offer lapsed) answers no offer; a thread that never ran is not found: no offer either.
 */
export async function currentOffer(
  thread: { offer(): Promise<ThreadOffer | null>; busy(): Promise<boolean> },
  set: number,
  pauseMs = 150,
): Promise<ThreadOffer | null> {
  for (let tries = 0; tries < 30; tries++) {
    try {
      const offer = await thread.offer();
      if (offer && offer.set >= set) return offer;
      if (!(await thread.busy())) return await thread.offer();
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) return null;
    }
    await new Promise((r) => setTimeout(r, pauseMs));
  }
  throw new AppError('service_unavailable', 'The booking service is busy; try the link again in a moment.', { retryAfterSeconds: 5 });
}
