/**
 * Pure mapping of provider failures onto `TransportError` (see transport.ts for what each kind means to
 * the delivery code). The adapters stay thin: they catch whatever their SDK throws and hand it here.
 * Every mapper is total — an unknown shape becomes `permanent` (a bug or an unexpected refusal should
 * surface, not loop) unless it is recognisably a network failure, which is `retryable`.
 * HTTP statuses, network codes and Retry-After follow the shared outbound core (src/outbound/http-errors.ts);
 * this file adds what only the providers say (SMTP replies, SendGrid fields, Twilio codes). `now` defaults
 * to the clock at these boundaries only; the core's parsers never read it.
 */
import {
  classifyOutboundFailure,
  headerValue,
  isNetworkError,
  parseRetryAfter,
  RETRY_AFTER_MAX_MS,
  type OutboundFailureKind,
} from '../outbound/http-errors.ts';
import { TransportError, type TransportFailureKind } from './transport.ts';

// Network codes, header lookup and Retry-After are the shared outbound core's
// (src/outbound/http-errors.ts); re-exported under their old names for callers and tests.
export { headerValue, isNetworkError, parseRetryAfter };

type Headers = unknown;

// ---------------------------------------------------------------------------------------------------
// Shared helpers
// ---------------------------------------------------------------------------------------------------

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function num(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && /^\d+$/.test(value.trim())) return Number(value);
  return undefined;
}

const OUTBOUND_KIND: Record<TransportFailureKind, OutboundFailureKind> = {
  retryable: 'retryable',
  auth: 'auth',
  invalid_recipient: 'permanent',
  permanent: 'permanent',
};

/** A transport kind as the outbound core's kind (what an activity may do with it). */
export function outboundKindOf(kind: TransportFailureKind): OutboundFailureKind {
  return OUTBOUND_KIND[kind];
}

/**
 * SendGrid's `X-RateLimit-Reset` is the Unix time (seconds) at which the window resets. A small value
 * (< 10^9, i.e. before 2001) can only be a delta in seconds, which some proxies send; accept both.
 */
export function parseRateLimitReset(value: string | undefined, now: number): number | undefined {
  const n = num(value);
  if (n === undefined) return undefined;
  return Math.min(n < 1e9 ? n * 1000 : Math.max(0, n * 1000 - now), RETRY_AFTER_MAX_MS);
}

function describe(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}

// ---------------------------------------------------------------------------------------------------
// SMTP (nodemailer)
// ---------------------------------------------------------------------------------------------------

/** Reply codes at RCPT TO that mean "no such / not acceptable recipient" (RFC 5321 §4.2.2, §3.3). */
const SMTP_RCPT_INVALID = new Set([550, 551, 553, 501]);
/** 530 authentication required, 534 mechanism too weak, 535 credentials invalid, 538 encryption required. */
const SMTP_AUTH = new Set([530, 534, 535, 538]);
/** Enhanced status codes (RFC 3463) X.1.1 bad mailbox, X.1.2 bad system, X.1.3 bad syntax, X.1.10 null MX. */
const ENHANCED_BAD_DESTINATION = /\b5\.1\.(1|2|3|10)\b/;

/**
 * The error shape nodemailer attaches (`NodemailerError`): `code` (ECONNECTION, EAUTH, EENVELOPE,
 * EMESSAGE, ...), `responseCode` from the server's reply, `command` that was in flight ('RCPT TO',
 * 'AUTH PLAIN', 'DATA', 'CONN', 'API'), `response` (the raw reply line).
 *
 * Rules, in order:
 * 1. A server reply code decides when there is one:
 *    - 4xx → retryable (421/450/451/452/454 …); 503 too, which nodemailer itself marks non-permanent
 *      (bad command sequence: the same message can go through on a fresh connection).
 *    - 530/534/535/538, or any 5xx to an AUTH command → auth.
 *    - 550/551/553/501 to RCPT TO, or a 5xx at RCPT/DATA carrying enhanced status 5.1.1/5.1.2/5.1.3/5.1.10
 *      (some servers refuse unknown mailboxes only after DATA) → invalid_recipient. The same codes at
 *      MAIL FROM are about *our* sender address → permanent.
 *    - other 5xx → permanent.
 * 2. Without a reply: EAUTH/ENOAUTH (missing credentials, unsupported mechanism) → auth; socket,
 *    DNS and timeout errors → retryable; nodemailer's own "Invalid recipient" envelope check → invalid_recipient;
 *    anything else (ETLS misconfiguration, EMESSAGE, programming errors) → permanent.
 */
export function mapSmtpError(err: unknown): TransportError {
  if (err instanceof TransportError) return err;
  const e = isRecord(err) ? err : {};
  const responseCode = num(e.responseCode);
  const command = (str(e.command) ?? '').toUpperCase();
  const code = str(e.code);
  const response = str(e.response) ?? '';
  const detail = { status: responseCode, providerCode: code, cause: err };
  const message = `SMTP: ${describe(err)}`;

  if (responseCode !== undefined && responseCode >= 400 && responseCode < 600) {
    if (responseCode < 500 || responseCode === 503) return new TransportError('retryable', message, detail);
    if (SMTP_AUTH.has(responseCode) || command.startsWith('AUTH')) return new TransportError('auth', message, detail);
    const recipientStage = command === 'RCPT TO';
    const afterEnvelope = command !== 'MAIL FROM' && command !== 'CONN' && !command.startsWith('AUTH');
    if ((recipientStage && SMTP_RCPT_INVALID.has(responseCode)) || (afterEnvelope && ENHANCED_BAD_DESTINATION.test(response))) {
      return new TransportError('invalid_recipient', message, detail);
    }
    return new TransportError('permanent', message, detail);
  }
  if (code === 'EAUTH' || code === 'ENOAUTH') return new TransportError('auth', message, detail);
  if (isNetworkError(err)) return new TransportError('retryable', message, detail);
  if (code === 'EENVELOPE' && /invalid recipient/i.test(describe(err))) {
    return new TransportError('invalid_recipient', message, detail);
  }
  return new TransportError('permanent', message, detail);
}

// ---------------------------------------------------------------------------------------------------
// SendGrid (v3 REST, via @sendgrid/client's ResponseError)
// ---------------------------------------------------------------------------------------------------

/** One entry of SendGrid's error body `{ "errors": [{ "message", "field", "help" }] }`. */
export type SendGridErrorItem = { message?: string; field?: string | null; help?: unknown };

/**
 * Fields that name the recipient: `personalizations.N.to`, `personalizations.N.to.M`,
 * `personalizations.N.to.M.email`.
 */
const SENDGRID_RECIPIENT_FIELD = /^personalizations\.\d+\.to(\.\d+(\.email)?)?$/;

function sendGridErrors(body: unknown): SendGridErrorItem[] {
  const parsed = typeof body === 'string' ? safeJson(body) : body;
  if (!isRecord(parsed) || !Array.isArray(parsed.errors)) return [];
  return parsed.errors.filter(isRecord).map((item) => ({
    message: str(item.message),
    field: str(item.field) ?? null,
    help: item.help,
  }));
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * Classifies one SendGrid HTTP response (status ≥ 400) from the documented v3 contract:
 * the outbound core decides retryable (429, 5xx, 408, 425; Retry-After honoured, and on a 429 without it
 * X-RateLimit-Reset) and auth (401/403); then a 400 with an error on `personalizations.N.to[.M.email]`
 * → invalid_recipient; other 4xx → permanent.
 */
export function classifySendGridResponse(
  response: { status: number; headers?: Headers; body?: unknown },
  now: number = Date.now(),
  cause?: unknown,
): TransportError {
  const { status } = response;
  const errors = sendGridErrors(response.body);
  const summary = errors.map((e) => (e.field ? `${e.field}: ${e.message ?? ''}` : (e.message ?? ''))).join('; ');
  const message = `SendGrid HTTP ${status}${summary ? `: ${summary}` : ''}`;
  const base = { status, cause };

  const failure = classifyOutboundFailure({ status, headers: response.headers }, now);
  if (failure.kind === 'retryable') {
    const retryAfterMs = failure.retryAfterMs ?? (status === 429 ? parseRateLimitReset(headerValue(response.headers, 'x-ratelimit-reset'), now) : undefined);
    return new TransportError('retryable', message, retryAfterMs === undefined ? base : { ...base, retryAfterMs });
  }
  if (failure.kind === 'auth') return new TransportError('auth', message, base);
  const recipientError = errors.find((e) => typeof e.field === 'string' && SENDGRID_RECIPIENT_FIELD.test(e.field));
  if (status === 400 && recipientError) {
    return new TransportError('invalid_recipient', message, { ...base, providerCode: recipientError.field ?? undefined });
  }
  return new TransportError('permanent', message, base);
}

/**
 * Maps what `MailService.send` rejects with: a `ResponseError` (`code` = HTTP status,
 * `response: { headers, body }`), an axios network error (no response), or a validation Error thrown
 * by @sendgrid/helpers before any request (→ permanent).
 */
export function mapSendGridError(err: unknown, now: number = Date.now()): TransportError {
  if (err instanceof TransportError) return err;
  if (isRecord(err) && isRecord(err.response) && 'body' in err.response) {
    const status = num(err.code);
    if (status !== undefined && status >= 400) {
      return classifySendGridResponse({ status, headers: err.response.headers, body: err.response.body }, now, err);
    }
  }
  if (isNetworkError(err)) {
    return new TransportError('retryable', `SendGrid: ${describe(err)}`, { providerCode: codeOf(err), cause: err });
  }
  return new TransportError('permanent', `SendGrid: ${describe(err)}`, { cause: err });
}

function codeOf(err: unknown): string | undefined {
  return isRecord(err) ? str(err.code) : undefined;
}

// ---------------------------------------------------------------------------------------------------
// Twilio (Messages API, via the twilio SDK's RestException / TwilioServiceException)
// ---------------------------------------------------------------------------------------------------

/**
 * Twilio error codes that mean "this number cannot receive this message":
 * 21211 invalid 'To' number, 21408 permission to send to the region not enabled, 21610 recipient has
 * replied STOP (unsubscribed), 21612 'To' not reachable from this 'From' / via this carrier,
 * 21614 'To' is not a mobile number.
 */
export const TWILIO_INVALID_RECIPIENT_CODES: ReadonlySet<number> = new Set([21211, 21408, 21610, 21612, 21614]);

/**
 * Maps a failed Twilio API call. `err` is the SDK's RestException (`status`, `code`, `message`,
 * `moreInfo`), its RFC 9457 TwilioServiceException (`status`, `code`, `title`, `detail`), or a network
 * error from axios. `headers` are the failed response's headers when the adapter captured them (the SDK's
 * exceptions drop them, and with them Retry-After).
 *
 * The outbound core's retryable statuses (429, 5xx, 408, 425) or code 20429 → retryable (Retry-After
 * honoured); invalid-recipient codes (see above) → invalid_recipient; the core's auth statuses (401/403)
 * or code 20003 → auth; other 4xx → permanent.
 */
export function mapTwilioError(err: unknown, headers?: Headers, now: number = Date.now()): TransportError {
  if (err instanceof TransportError) return err;
  const e = isRecord(err) ? err : {};
  const status = num(e.status);
  const code = num(e.code);
  if (status === undefined) {
    if (isNetworkError(err)) {
      return new TransportError('retryable', `Twilio: ${describe(err)}`, { providerCode: codeOf(err), cause: err });
    }
    return new TransportError('permanent', `Twilio: ${describe(err)}`, { cause: err });
  }
  const text = str(e.message) ?? str(e.detail) ?? str(e.title) ?? '';
  const message = `Twilio HTTP ${status}${code !== undefined ? ` (code ${code})` : ''}${text ? `: ${text}` : ''}`;
  const base = { status, providerCode: code, cause: err };

  const failure = classifyOutboundFailure({ status, headers }, now);
  if (failure.kind === 'retryable' || code === 20429) {
    const { retryAfterMs } = failure;
    return new TransportError('retryable', message, retryAfterMs === undefined ? base : { ...base, retryAfterMs });
  }
  if (code !== undefined && TWILIO_INVALID_RECIPIENT_CODES.has(code)) {
    return new TransportError('invalid_recipient', message, base);
  }
  if (failure.kind === 'auth' || code === 20003) return new TransportError('auth', message, base);
  return new TransportError('permanent', message, base);
}
