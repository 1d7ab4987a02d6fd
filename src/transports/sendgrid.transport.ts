/**
 * E-mail through SendGrid's v3 `POST /v3/mail/send`, with the official @sendgrid/mail.
 *
 * Each transport owns a `MailService` with its own `@sendgrid/client` `Client` (API key, base URL and
 * timeout live on that instance), so two transports — or a test against a local fake next to a real
 * one — never share the module-level singleton's state. `setApiKey` resets the base URL to SendGrid's
 * region host, so a custom `baseUrl` is applied after it.
 *
 * Body: text/plain then text/html content (SendGrid requires that order), the ICS as a base64 attachment
 * `invite.ics` of type `text/calendar; method=REQUEST|CANCEL`, the idempotency key in
 * `custom_args.slotflow_idempotency_key` (echoed back on every Event Webhook event) and in the
 * `X-Slotflow-Idempotency-Key` header. SendGrid has no idempotency key for /mail/send: a resend after an
 * ambiguous failure is a second e-mail; the caller's outbox is what prevents resends.
 *
 * providerMessageId: the `X-Message-Id` response header (the prefix of the `sg_message_id` in events).
 *
 * Retries: none. @sendgrid/client does one axios request per send and has no retry logic; failures are
 * mapped by `mapSendGridError` and retried (or not) by the caller.
 */
import { Client } from '@sendgrid/client';
import { MailService } from '@sendgrid/mail';
import { headerValue, mapSendGridError } from './transport-errors.ts';
import type { EmailTransport, OutgoingEmail, SendResult } from './transport.ts';

export type SendGridTransportConfig = {
  apiKey: string;
  /** For a local fake, e.g. `http://127.0.0.1:4010`. Default: SendGrid's global API host. */
  baseUrl?: string;
  /** Per-request timeout. Default 20 s (the SDK's default is none). */
  timeoutMs?: number;
};

export const SENDGRID_IDEMPOTENCY_ARG = 'slotflow_idempotency_key';
const IDEMPOTENCY_HEADER = 'X-Slotflow-Idempotency-Key';

export function createSendGridTransport(config: SendGridTransportConfig): EmailTransport {
  const client = new Client();
  client.setApiKey(config.apiKey);
  if (config.baseUrl !== undefined) client.setDefaultRequest('baseUrl', config.baseUrl);
  const mail = new MailService();
  mail.setClient(client);
  mail.setTimeout(config.timeoutMs ?? 20_000);

  return {
    name: 'sendgrid',

    async send(message: OutgoingEmail): Promise<SendResult> {
      try {
        const [response] = await mail.send({
          to: message.to,
          from: message.from,
          subject: message.subject,
          text: message.text,
          ...(message.html === undefined ? {} : { html: message.html }),
          ...(message.ics === undefined
            ? {}
            : {
                attachments: [
                  {
                    content: Buffer.from(message.ics.content, 'utf8').toString('base64'),
                    filename: 'invite.ics',
                    type: `text/calendar; method=${message.ics.method}`,
                    disposition: 'attachment',
                  },
                ],
              }),
          ...(message.replyTo ? { replyTo: message.replyTo } : {}),
          customArgs: { [SENDGRID_IDEMPOTENCY_ARG]: message.idempotencyKey },
          headers: {
            [IDEMPOTENCY_HEADER]: message.idempotencyKey,
            ...(message.inReplyTo ? { 'In-Reply-To': message.inReplyTo } : {}),
            ...(message.references?.length ? { References: message.references.join(' ') } : {}),
          },
        });
        return { providerMessageId: headerValue(response.headers, 'x-message-id') ?? null };
      } catch (err) {
        throw mapSendGridError(err);
      }
    },
  };
}
