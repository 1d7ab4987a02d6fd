/**
 * The MessageSender port's transports: how one rendered message leaves slotflow. Each adapter (SMTP via
 * nodemailer, SendGrid via @sendgrid/mail, Twilio SMS via twilio) maps its provider's failures onto
 * `TransportError`, so the delivery code decides retry vs. fail from one shape:
 *
 * - `retryable`: 429, 5xx, timeouts, connection resets — try again later (`retryAfterMs` when the
 *   provider said how long, e.g. a Retry-After header).
 * - `auth`: 401/403, bad credentials — retrying cannot help; the message fails and is surfaced.
 * - `invalid_recipient`: the address or number is not deliverable — fails without retry (an SMS then
 *   falls back to e-mail where the customer has one).
 * - `permanent`: any other 4xx the provider will keep refusing.
 */

export type TransportFailureKind = 'retryable' | 'auth' | 'invalid_recipient' | 'permanent';

export class TransportError extends Error {
  override name = 'TransportError';
  constructor(
    readonly kind: TransportFailureKind,
    message: string,
    readonly detail: { status?: number; providerCode?: string | number; retryAfterMs?: number; cause?: unknown } = {},
  ) {
    super(message, detail.cause === undefined ? undefined : { cause: detail.cause });
  }
  get retryable(): boolean {
    return this.kind === 'retryable';
  }
}

/** An e-mail ready to send. `idempotencyKey` is stable per booking, kind and version. */
export type OutgoingEmail = {
  to: string;
  from: string;
  subject: string;
  text: string;
  html?: string | undefined;
  /** An RFC 5545 calendar object; sent as a `text/calendar; method=…` alternative and `invite.ics` attachment. */
  ics?: { method: 'REQUEST' | 'CANCEL'; content: string } | undefined;
  idempotencyKey: string;
  /** Where the customer's reply goes: a signed plus-address of the inbound address (#16). */
  replyTo?: string | undefined;
  /** Threading (RFC 5322 §3.6.4): the Message-ID answered and the chain, angle brackets included. */
  inReplyTo?: string | undefined;
  references?: readonly string[] | undefined;
};

export type OutgoingSms = {
  to: string;
  from: string;
  body: string;
  idempotencyKey: string;
  /** Where the provider posts delivery status (Twilio StatusCallback). */
  statusCallbackUrl?: string | undefined;
};

export type SendResult = { providerMessageId: string | null };

export interface EmailTransport {
  readonly name: 'smtp' | 'sendgrid';
  send(message: OutgoingEmail): Promise<SendResult>;
  close?(): Promise<void>;
}

export interface SmsTransport {
  readonly name: 'twilio';
  send(message: OutgoingSms): Promise<SendResult>;
}
