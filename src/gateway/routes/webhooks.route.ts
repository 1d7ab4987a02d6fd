/**
 * Twilio webhooks (form-encoded, signed with `X-Twilio-Signature` over the public URL and the POST
 * parameters; an unsigned or mis-signed request is refused with 401 before anything is read):
 *
 * - `POST /v1/webhooks/twilio/status`: delivery reports for the SMS slotflow sent. `sent`, `delivered`,
 *   `undelivered`/`failed` update `messages.status` (out-of-order reports never move a message back); an
 *   undelivered SMS starts `messageFallbackWorkflow`, which e-mails the customer where possible.
 * - `POST /v1/webhooks/twilio/inbound`: a customer's reply. `C` confirms their next held booking, `X`
 *   cancels their next upcoming one (notice windows apply), STOP/START opt out/in; the answer is TwiML.
 *   Confirm and cancel go through the same workflow updates as the manage links.
 *
 * Without Twilio configured (`deps.twilio` absent) both answer 404.
 */
import twilio from 'twilio';
import { z } from 'zod';
import { cancelBooking } from '../../use-cases/cancel-booking.ts';
import { confirmBooking } from '../../use-cases/confirm-booking.ts';
import { nextBookingByPhone } from '../../db/booking-query.repository.ts';
import { setOptOut } from '../../db/sms-opt-out.repository.ts';
import { LIVE_BOOKING_STATUSES } from '../../domain/bookings/booking-status.ts';
import { normalizePhone } from '../../domain/bookings/contact.ts';
import { pickLocale } from '../../domain/messages/message-context.ts';
import { parseSmsCommand, smsReplyText, type SmsReplyOutcome } from '../../domain/messages/sms-replies.ts';
import { AppError } from '../../errors.ts';
import { recordDeliveryReport } from '../../use-cases/record-delivery-report.ts';
import type { GatewayDeps } from '../deps.ts';
import { defineRoute, type AnyRoute } from '../route.ts';
import type { FastifyRequest } from 'fastify';

const ZStatus = z
  .object({ MessageSid: z.string().regex(/^(SM|MM)[0-9a-fA-F]{32}$/), MessageStatus: z.string().max(40), ErrorCode: z.string().max(20).optional() })
  .loose();
const ZInbound = z.object({ From: z.string().min(3).max(40), Body: z.string().max(1600).default('') }).loose();

const TWIML = 'text/xml; charset=utf-8';
const xmlEscape = (s: string) => s.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!);
const twiml = (text: string | null) => `<?xml version="1.0" encoding="UTF-8"?><Response>${text ? `<Message>${xmlEscape(text)}</Message>` : ''}</Response>`;

/** Refuses requests Twilio did not sign for this URL with this account's token. */
function requireTwilioSignature(deps: GatewayDeps, req: FastifyRequest): void {
  const tw = deps.twilio;
  if (!tw) throw new AppError('not_found', 'SMS is not configured.');
  const signature = req.headers['x-twilio-signature'];
  const url = `${tw.publicBaseUrl.replace(/\/+$/, '')}${req.url}`;
  const params = (req.body ?? {}) as Record<string, string>;
  if (typeof signature !== 'string' || !twilio.validateRequest(tw.authToken, signature, url, params)) {
    throw new AppError('unauthorized', 'Missing or invalid X-Twilio-Signature.');
  }
}

const STATUS_MAP: Record<string, 'sent' | 'delivered' | 'failed' | undefined> = {
  sent: 'sent',
  delivered: 'delivered',
  undelivered: 'failed',
  failed: 'failed',
};

export function webhookRoutes(deps: GatewayDeps): AnyRoute[] {
  return [
    defineRoute({
      method: 'POST',
      url: '/v1/webhooks/twilio/status',
      summary: 'Twilio SMS status callback (signed): updates the message, falls back to e-mail when undelivered',
      tags: ['webhooks'],
      auth: 'public',
      errors: ['not_found', 'unauthorized'],
      bodyType: 'form',
      body: ZStatus,
      responses: { 204: { description: 'Recorded' } },
      async handler({ body }, req, reply) {
        requireTwilioSignature(deps, req);
        const status = STATUS_MAP[body.MessageStatus];
        if (status) {
          await recordDeliveryReport(
            { db: deps.db, client: deps.temporal.client, taskQueue: deps.taskQueue },
            {
              transport: 'twilio',
              providerMessageId: body.MessageSid,
              status,
              error: status === 'failed' ? `Twilio ${body.MessageStatus}${body.ErrorCode ? ` (error ${body.ErrorCode})` : ''}` : undefined,
            },
          );
        }
        reply.status(204);
        return reply.send();
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/v1/webhooks/twilio/inbound',
      summary: 'Twilio inbound SMS (signed): C confirms, X cancels, STOP/START; answers TwiML',
      tags: ['webhooks'],
      auth: 'public',
      errors: ['not_found', 'unauthorized', 'conflict', 'slot_unavailable', 'policy_window', 'booking_changed'],
      bodyType: 'form',
      body: ZInbound,
      responses: { 200: { description: 'TwiML reply', contentType: TWIML } },
      async handler({ body }, req, reply) {
        requireTwilioSignature(deps, req);
        const phone = normalizePhone(body.From);
        const command = parseSmsCommand(body.Body);
        reply.type(TWIML);
        if (command === 'opt_out' || command === 'opt_in') {
          await setOptOut(deps.db, phone, command === 'opt_out');
          return twiml(null); // Twilio's own opt-out handling answers these keywords
        }
        const now = deps.clock();
        const target =
          command === 'confirm'
            ? await nextBookingByPhone(deps.db, phone, ['held'], now)
            : command === 'cancel'
              ? await nextBookingByPhone(deps.db, phone, LIVE_BOOKING_STATUSES, now)
              : undefined;
        const locale = pickLocale(target?.locale);
        if (command === 'help' || !target) {
          const kind = command === 'confirm' ? 'nothing_to_confirm' : command === 'cancel' ? 'nothing_to_cancel' : 'help';
          return twiml(smsReplyText({ kind }, locale));
        }
        const facts = {
          serviceName: target.service_name,
          start: target.start_time.getTime(),
          end: target.end_time.getTime(),
          timeZone: target.customer_time_zone ?? target.time_zone,
        };
        const client = deps.temporal.client;
        let outcome: SmsReplyOutcome;
        try {
          if (command === 'confirm') {
            await confirmBooking({ db: deps.db, client }, target.id);
            outcome = { kind: 'confirmed', ...facts };
          } else {
            await cancelBooking({ client }, { bookingId: target.id, actor: 'customer', reason: 'SMS reply X' });
            outcome = { kind: 'cancelled', ...facts };
          }
        } catch (err) {
          if (err instanceof AppError && err.code === 'policy_window') outcome = { kind: 'too_late', ...facts };
          else throw err;
        }
        return twiml(smsReplyText(outcome, locale));
      },
    }),
  ];
}
