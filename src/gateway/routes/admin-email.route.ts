/**
 * The e-mail channel in the admin (#16): every inbound message and what became of it, and a thread as a
 * conversation (the customer's messages and slotflow's answers, in order) — by thread id or for a booking.
 */
import { z } from 'zod';
import { findEmailThread, threadOfBooking, type EmailThreadRow } from '../../db/email-thread.repository.ts';
import { inboundOfThread, INBOUND_OUTCOMES, listInboundMessages, type InboundMessageRow } from '../../db/inbound-message.repository.ts';
import { messagesOfThread } from '../../db/message.repository.ts';
import { AppError } from '../../errors.ts';
import type { GatewayDeps } from '../deps.ts';
import { defineRoute, type AnyRoute } from '../route.ts';
import { ZIdParams } from '../schemas/catalog.schemas.ts';

const tags = ['admin', 'email'];

const ZInbound = z.object({
  id: z.string(),
  receivedAt: z.string(),
  via: z.enum(['smtp', 'webhook']),
  messageId: z.string().nullable(),
  from: z.string(),
  fromName: z.string().nullable(),
  subject: z.string(),
  sizeBytes: z.number(),
  dmarc: z.string(),
  outcome: z.enum(INBOUND_OUTCOMES),
  detail: z.string().nullable(),
  threadId: z.string().nullable(),
  bookingId: z.string().nullable(),
});
const ZInboundList = z.object({ messages: z.array(ZInbound), nextBefore: z.string().nullable() });
const ZListQuery = z
  .object({
    limit: z.coerce.number().int().min(1).max(200).default(50),
    outcome: z.enum(INBOUND_OUTCOMES).optional(),
    before: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}T[\d:.]+Z_[0-9a-f-]{36}$/, 'a nextBefore value from the previous page')
      .optional(),
  })
  .strict();
const ZThreadEntry = z.object({
  at: z.string(),
  direction: z.enum(['in', 'out']),
  subject: z.string(),
  text: z.string(),
  /** in: the outcome; out: the delivery status. */
  status: z.string(),
  detail: z.string().nullable(),
});
const ZThread = z.object({
  id: z.string(),
  customerEmail: z.string(),
  customerName: z.string().nullable(),
  locale: z.string(),
  subject: z.string(),
  serviceId: z.string().nullable(),
  bookingId: z.string().nullable(),
  createdAt: z.string(),
  entries: z.array(ZThreadEntry),
});
const ZThreadParams = z.object({ id: z.string().regex(/^[a-z2-7]{16}$/, 'a thread id') }).strict();

function presentInbound(r: InboundMessageRow): z.output<typeof ZInbound> {
  return {
    id: r.id,
    receivedAt: r.received_at.toISOString(),
    via: r.via,
    messageId: r.message_id,
    from: r.from_address,
    fromName: r.from_name,
    subject: r.subject,
    sizeBytes: r.size_bytes,
    dmarc: r.dmarc,
    outcome: r.outcome as z.output<typeof ZInbound>['outcome'],
    detail: r.detail,
    threadId: r.thread_id,
    bookingId: r.booking_id,
  };
}

async function presentThread(deps: GatewayDeps, t: EmailThreadRow): Promise<z.output<typeof ZThread>> {
  const [inbound, answers] = await Promise.all([inboundOfThread(deps.db, t.id), messagesOfThread(deps.db, t.id)]);
  const entries = [
    ...inbound.map((m) => ({ at: m.received_at, direction: 'in' as const, subject: m.subject, text: m.body_text, status: m.outcome, detail: m.detail })),
    ...answers.map((m) => ({ at: m.created_at, direction: 'out' as const, subject: m.subject ?? '', text: m.body_text, status: m.status, detail: m.error })),
  ]
    .sort((a, b) => a.at.getTime() - b.at.getTime())
    .map((e) => ({ ...e, at: e.at.toISOString() }));
  return {
    id: t.id,
    customerEmail: t.customer_email,
    customerName: t.customer_name,
    locale: t.locale,
    subject: t.subject,
    serviceId: t.service_id,
    bookingId: t.booking_id,
    createdAt: t.created_at.toISOString(),
    entries,
  };
}

export function adminEmailRoutes(deps: GatewayDeps): AnyRoute[] {
  return [
    defineRoute({
      method: 'GET',
      url: '/v1/admin/inbound-emails',
      summary: 'Inbound e-mail, newest first: sender, subject, size, DMARC verdict and what became of each message',
      tags,
      auth: 'admin',
      query: ZListQuery,
      responses: { 200: { description: 'A page of messages; pass nextBefore as before for the next', schema: ZInboundList } },
      async handler({ query }) {
        const before = query.before ? { receivedAt: new Date(query.before.split('_')[0]!), id: query.before.split('_')[1]! } : undefined;
        const rows = await listInboundMessages(deps.db, { limit: query.limit, outcome: query.outcome, before });
        const last = rows.length === query.limit ? rows.at(-1) : undefined;
        return { messages: rows.map(presentInbound), nextBefore: last ? `${last.received_at.toISOString()}_${last.id}` : null };
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/v1/admin/email-threads/:id',
      summary: 'An e-mail thread: the customer’s messages and slotflow’s answers in order',
      tags,
      auth: 'admin',
      errors: ['not_found'],
      params: ZThreadParams,
      responses: { 200: { description: 'The thread', schema: ZThread } },
      async handler({ params }) {
        const thread = await findEmailThread(deps.db, params.id);
        if (!thread) throw new AppError('not_found', `E-mail thread ${params.id} does not exist.`);
        return presentThread(deps, thread);
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/v1/admin/bookings/:id/email-thread',
      summary: 'The e-mail thread that made or acted on a booking (404 when there is none)',
      tags,
      auth: 'admin',
      errors: ['not_found'],
      params: ZIdParams,
      responses: { 200: { description: 'The thread', schema: ZThread } },
      async handler({ params }) {
        const thread = await threadOfBooking(deps.db, params.id);
        if (!thread) throw new AppError('not_found', 'This booking has no e-mail thread.');
        return presentThread(deps, thread);
      },
    }),
  ];
}
