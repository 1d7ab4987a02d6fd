/**
 * `POST /v1/channels/email/inbound`: inbound-parse webhooks. SendGrid Inbound Parse posts each message as
 * multipart/form-data (https://www.twilio.com/docs/sendgrid/for-developers/parsing-email/setting-up-the-inbound-parse-webhook):
 * with "POST the raw, full MIME message" on, the message is the `email` field; otherwise `headers`,
 * `text` and `html` (rebuilt here into a plain-text message). `envelope` is JSON `{ to: [], from }`,
 * `sender_ip` the sending server. Attachments are dropped unread.
 *
 * Authenticated by INBOUND_WEBHOOK_SECRET, given as `?secret=` in the URL or as the password of basic
 * auth (SendGrid calls `https://user:<secret>@host/...`); wrong or missing → 401. Off (404) without it.
 * A raw message with `sender_ip` gets the same DKIM / SPF / DMARC check as the SMTP receiver. The answer
 * is 200 with what became of the message (SendGrid retries non-2xx for three days; a message recorded
 * once is never acted on twice).
 */
import { z } from 'zod';
import { INBOUND_OUTCOMES } from '../../db/inbound-message.repository.ts';
import { AppError } from '../../errors.ts';
import { receiveInboundEmail, type InboundEnvelope } from '../../use-cases/receive-inbound-email.ts';
import { tokenMatcher } from '../auth.ts';
import type { GatewayDeps } from '../deps.ts';
import { receiveDeps } from '../email-channel-deps.ts';
import { defineRoute, type AnyRoute } from '../route.ts';
import type { FastifyRequest } from 'fastify';

const field = z.string().optional();
const ZSendGridParse = z
  .object({
    email: field.describe('The raw MIME message (send_raw on)'),
    headers: field,
    text: field,
    html: field,
    from: field,
    to: field,
    subject: field,
    envelope: field.describe('JSON: { "to": [...], "from": "..." }'),
    sender_ip: field,
  })
  .loose();
const ZQuery = z.object({ secret: z.string().max(200).optional() }).loose();
const ZReceived = z.object({ outcome: z.enum(INBOUND_OUTCOMES), inboundId: z.string().nullable() });

const ZEnvelope = z.object({ to: z.array(z.string().max(320)).max(50).optional(), from: z.string().max(320).nullable().optional() });

function basicPassword(req: FastifyRequest): string | undefined {
  const h = req.headers.authorization;
  if (!h?.startsWith('Basic ')) return undefined;
  const decoded = Buffer.from(h.slice(6), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon >= 0 ? decoded.slice(colon + 1) : undefined;
}

/** SendGrid's `envelope` field (JSON); anything else is a 422. */
function readEnvelope(text: string | undefined): z.output<typeof ZEnvelope> {
  if (text === undefined) return {};
  try {
    return ZEnvelope.parse(JSON.parse(text));
  } catch {
    throw new AppError('invalid_request', 'envelope is not the JSON SendGrid documents.', { errors: [{ path: 'envelope', message: 'Invalid JSON envelope' }] });
  }
}

/** A plain-text message from the non-raw fields: the original headers, minus those about the body. */
function rebuildMessage(headers: string, text: string): Buffer {
  const kept = headers
    .replace(/\r?\n/g, '\r\n')
    .replace(/\r\n[ \t]+/g, ' ') // unfold
    .split('\r\n')
    .filter((l) => l.trim() !== '' && !/^(content-type|content-transfer-encoding|mime-version)\s*:/i.test(l));
  return Buffer.from(
    `${kept.join('\r\n')}\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n${text}`,
    'utf8',
  );
}

export function emailInboundRoutes(deps: GatewayDeps): AnyRoute[] {
  const email = deps.email;
  const matches = email?.webhookSecret ? tokenMatcher(email.webhookSecret) : undefined;
  return [
    defineRoute({
      method: 'POST',
      url: '/v1/channels/email/inbound',
      summary: 'Inbound e-mail (SendGrid Inbound Parse, multipart; secret in ?secret= or basic auth): a booking request or a reply',
      tags: ['channels'],
      auth: 'public',
      errors: ['not_found', 'unauthorized'],
      bodyType: 'multipart',
      body: ZSendGridParse,
      query: ZQuery,
      responses: { 200: { description: 'Recorded (outcome says what became of it)', schema: ZReceived } },
      async handler({ body, query }, req) {
        if (!email || !matches) throw new AppError('not_found', 'Inbound e-mail webhooks are not configured (INBOUND_WEBHOOK_SECRET).');
        if (!matches(query.secret ?? basicPassword(req))) throw new AppError('unauthorized', 'Missing or wrong inbound webhook secret.');
        const raw =
          body.email !== undefined
            ? Buffer.from(body.email, 'utf8')
            : body.headers !== undefined
              ? rebuildMessage(body.headers, body.text ?? body.html ?? '')
              : undefined;
        if (!raw)
          throw new AppError('invalid_request', 'Neither `email` (raw MIME) nor `headers` was posted.', { errors: [{ path: 'email', message: 'Required' }] });
        if (raw.length > email.maxBytes) throw new AppError('payload_too_large', `The message is larger than ${email.maxBytes} bytes.`);
        const parsedEnvelope = readEnvelope(body.envelope);
        const envelope: InboundEnvelope = {
          via: 'webhook',
          mailFrom: parsedEnvelope.from ?? undefined,
          rcptTo: parsedEnvelope.to ?? [],
          // Only a raw message can be verified: a rebuilt one no longer matches its DKIM signature.
          remoteAddress: body.email !== undefined ? body.sender_ip : undefined,
        };
        const result = await receiveInboundEmail(receiveDeps(deps, email), raw, envelope);
        return { outcome: result.outcome, inboundId: result.inboundId };
      },
    }),
  ];
}
