/**
 * E-mail over SMTP with nodemailer.
 *
 * Message shape (what Gmail/Outlook need to show an invite with Accept/Decline):
 *   multipart/mixed
 *   ├─ multipart/alternative
 *   │   ├─ text/plain; charset=utf-8
 *   │   ├─ text/html; charset=utf-8                       (when `html` is given)
 *   │   └─ text/calendar; charset=utf-8; method=REQUEST|CANCEL   (when `ics` is given)
 *   └─ application/ics; name=invite.ics (attachment)     (the same ICS, when `ics` is given)
 * This is exactly nodemailer's documented `icalEvent` option, so we use it rather than hand-building parts.
 *
 * Idempotency: SMTP has none. We make a resend recognisable instead: the Message-ID is derived from the
 * idempotency key (`<first 32 hex of sha256(key)@slotflow>`, see `smtpMessageId`), so a resend after an
 * ambiguous crash carries the same Message-ID (mail clients and many MTAs collapse duplicates by it), and
 * the key itself travels in `X-Slotflow-Idempotency-Key`.
 *
 * providerMessageId: the Message-ID the delivered copy carries. That is ours, unless the server announced
 * in its final 250 reply that it replaced it (Microsoft 365 / Outlook.com, Amazon SES — nodemailer
 * exposes that as `info.serverMessageId`), in which case it is the server's.
 *
 * Retries: none here. Each send opens one connection and delivers once; nodemailer does not resend a
 * message (its DNS fallback only tries another address *before* the session starts). Errors are mapped by
 * `mapSmtpError` and retries belong to the caller (Temporal).
 */
import { createHash } from 'node:crypto';
import nodemailer from 'nodemailer';
import { mapSmtpError } from './transport-errors.ts';
import type { EmailTransport, OutgoingEmail, SendResult } from './transport.ts';

export type SmtpTransportConfig = {
  /** `smtp://user:pass@host:587` (STARTTLS when offered) or `smtps://user:pass@host:465` (implicit TLS). */
  url: string;
  /** Upper bound for connecting, for the greeting, and for socket inactivity. Default 20 s. */
  timeoutMs?: number;
};

export const IDEMPOTENCY_HEADER = 'X-Slotflow-Idempotency-Key';

/** The deterministic Message-ID for an idempotency key, angle brackets included. */
export function smtpMessageId(idempotencyKey: string): string {
  const hash = createHash('sha256').update(idempotencyKey, 'utf8').digest('hex').slice(0, 32);
  return `<${hash}@slotflow>`;
}

export function createSmtpTransport(config: SmtpTransportConfig): EmailTransport {
  const timeoutMs = config.timeoutMs ?? 20_000;
  const transporter = nodemailer.createTransport({
    url: config.url,
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
  });

  return {
    name: 'smtp',

    async send(message: OutgoingEmail): Promise<SendResult> {
      const messageId = smtpMessageId(message.idempotencyKey);
      try {
        const info = await transporter.sendMail({
          from: message.from,
          to: message.to,
          subject: message.subject,
          text: message.text,
          ...(message.html === undefined ? {} : { html: message.html }),
          ...(message.ics === undefined ? {} : { icalEvent: { method: message.ics.method, filename: 'invite.ics', content: message.ics.content } }),
          messageId,
          ...(message.replyTo ? { replyTo: message.replyTo } : {}),
          ...(message.inReplyTo ? { inReplyTo: message.inReplyTo } : {}),
          ...(message.references?.length ? { references: [...message.references] } : {}),
          headers: { [IDEMPOTENCY_HEADER]: message.idempotencyKey },
        });
        return { providerMessageId: info.serverMessageId ?? info.messageId ?? messageId };
      } catch (err) {
        throw mapSmtpError(err);
      }
    },

    async close(): Promise<void> {
      transporter.close();
    },
  };
}
