/** `GET /v1/admin/messages`: what slotflow sent (the outbox), newest first. */
import { z } from 'zod';
import { listMessages } from '../../db/message.repository.ts';
import type { GatewayDeps } from '../deps.ts';
import { defineRoute, type AnyRoute } from '../route.ts';

export function adminMessageRoutes(deps: GatewayDeps): AnyRoute[] {
  return [
    defineRoute({
      method: 'GET',
      url: '/v1/admin/messages',
      summary: 'Messages sent (outbox), newest first; filter by booking',
      tags: ['admin'],
      auth: 'admin',
      query: z.object({ bookingId: z.uuid().optional(), limit: z.coerce.number().int().min(1).max(500).default(100) }).strict(),
      responses: { 200: { description: '{ messages }' } },
      async handler({ query }) {
        const rows = await listMessages(deps.db, query);
        return {
          messages: rows.map((m) => ({
            id: m.id,
            bookingId: m.booking_id,
            kind: m.kind,
            channel: m.channel,
            transport: m.transport,
            recipient: m.recipient,
            subject: m.subject,
            bodyText: m.body_text,
            status: m.status,
            createdAt: m.created_at.toISOString(),
            sentAt: m.sent_at?.toISOString() ?? null,
          })),
        };
      },
    }),
  ];
}
