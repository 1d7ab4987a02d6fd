/**
 * `GET /v1/admin/messages`: every message slotflow sent or tried to send (the `messages` table records all of
 * them, whatever the transport), newest first, with delivery status and, for failures, why. With no
 * transport configured a message is `captured` (transport `outbox`): nothing left slotflow.
 */
import { z } from 'zod';
import { listMessages, MESSAGE_STATUSES } from '../../db/message.repository.ts';
import type { GatewayDeps } from '../deps.ts';
import { defineRoute, type AnyRoute } from '../route.ts';

export function adminMessageRoutes(deps: GatewayDeps): AnyRoute[] {
  return [
    defineRoute({
      method: 'GET',
      url: '/v1/admin/messages',
      summary: 'Messages (outbox) with delivery status, newest first; filter by booking or status (e.g. failed)',
      tags: ['admin'],
      auth: 'admin',
      query: z
        .object({
          bookingId: z.uuid().optional(),
          status: z.enum(MESSAGE_STATUSES).optional(),
          limit: z.coerce.number().int().min(1).max(500).default(100),
        })
        .strict(),
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
            providerMessageId: m.provider_message_id,
            attempts: m.attempts,
            failureKind: m.failure_kind,
            error: m.error,
            fallbackOf: m.fallback_of,
            createdAt: m.created_at.toISOString(),
            sentAt: m.sent_at?.toISOString() ?? null,
            deliveredAt: m.delivered_at?.toISOString() ?? null,
          })),
        };
      },
    }),
  ];
}
