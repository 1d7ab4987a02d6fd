/**
 * The admin's delivery screen and outbox viewer (#20 item 1):
 *
 * - `GET /v1/admin/delivery`: which e-mail / SMS transports are active, and what keeps customers from
 *   getting messages (`warnings`: the admin shows a banner while there are any).
 * - `POST /v1/admin/delivery/test`: a test e-mail to an address through the active transport (captured in
 *   the outbox when none is configured); a refusal → 502 `delivery_failed`. Ten a minute.
 * - `GET /v1/admin/outbox`: captured messages — what customers would have got — with their HTML, text and
 *   calendar invitation.
 */
import { z } from 'zod';
import { listCapturedMessages } from '../../db/message.repository.ts';
import { deliveryStatus, sendTestEmail } from '../../use-cases/delivery-settings.ts';
import type { GatewayDeps } from '../deps.ts';
import { defineRoute, type AnyRoute } from '../route.ts';

export function adminDeliveryRoutes(deps: GatewayDeps): AnyRoute[] {
  return [
    defineRoute({
      method: 'GET',
      url: '/v1/admin/delivery',
      summary: 'Message delivery: the active e-mail and SMS transports, the sender, and warnings while customers would get nothing',
      tags: ['admin'],
      auth: 'admin',
      responses: { 200: { description: '{ email, sms, warnings, captured }' } },
      async handler() {
        return deliveryStatus(deps.db, deps.messaging);
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/v1/admin/delivery/test',
      summary: 'Send a test e-mail through the active transport (captured in the outbox when none is configured)',
      tags: ['admin'],
      auth: 'admin',
      errors: ['delivery_failed'],
      rateLimitPerMinute: 10,
      body: z.object({ to: z.email().max(254) }).strict(),
      responses: { 200: { description: '{ message }: the test message as recorded (status sent or captured)' } },
      async handler({ body }) {
        const m = await sendTestEmail(deps.db, deps.messaging, body.to, deps.clock());
        return { message: { id: m.id, recipient: m.recipient, transport: m.transport, status: m.status, subject: m.subject } };
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/v1/admin/outbox',
      summary: 'Messages captured in the outbox (no transport configured: nothing left), newest first, with HTML, text and invitation',
      tags: ['admin'],
      auth: 'admin',
      query: z.object({ bookingId: z.uuid().optional(), limit: z.coerce.number().int().min(1).max(200).default(50) }).strict(),
      responses: { 200: { description: '{ messages }' } },
      async handler({ query }) {
        const rows = await listCapturedMessages(deps.db, query);
        return {
          messages: rows.map((m) => ({
            id: m.id,
            bookingId: m.booking_id,
            kind: m.kind,
            channel: m.channel,
            recipient: m.recipient,
            subject: m.subject,
            bodyText: m.body_text,
            bodyHtml: m.body_html,
            ics: m.ics,
            createdAt: m.created_at.toISOString(),
          })),
        };
      },
    }),
  ];
}
