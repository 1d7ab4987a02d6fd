/**
 * Table tests of the pure provider-error mappers, fed with error bodies and shapes as the providers and
 * SDKs produce them (SendGrid v3 error bodies, Twilio REST error bodies through the SDK's RestException,
 * nodemailer's NodemailerError fields).
 */
import twilio from 'twilio';
import { describe, expect, it } from 'vitest';
import { headerValue, mapSendGridError, mapSmtpError, mapTwilioError, parseRateLimitReset, parseRetryAfter } from '../../src/transports/transport-errors.ts';
import { TransportError, type TransportFailureKind } from '../../src/transports/transport.ts';

const NOW = Date.parse('2025-03-01T12:00:00Z');

describe('parseRetryAfter', () => {
  it.each([
    ['2', 2000],
    ['0', 0],
    [' 120 ', 120_000],
    ['1.5', 1500],
    ['Sat, 01 Mar 2025 12:00:30 GMT', 30_000],
    ['Sat, 01 Mar 2025 11:00:00 GMT', 0], // in the past: no wait
    ['-5', undefined], // was 0: Date.parse read '-5' as a date in 2001 (fixed by the outbound core)
    ['soon', undefined],
    ['', undefined],
    [undefined, undefined],
  ])('%j → %j ms', (value, expected) => {
    expect(parseRetryAfter(value, NOW)).toBe(expected);
  });

  it('reads X-RateLimit-Reset as Unix seconds (or a small delta)', () => {
    expect(parseRateLimitReset(String(NOW / 1000 + 7), NOW)).toBe(7000);
    expect(parseRateLimitReset('5', NOW)).toBe(5000);
    expect(parseRateLimitReset('x', NOW)).toBeUndefined();
  });

  it('finds headers case-insensitively in plain objects and Headers-like objects', () => {
    expect(headerValue({ 'retry-after': '3' }, 'Retry-After')).toBe('3');
    expect(headerValue({ 'X-Message-Id': 'abc' }, 'x-message-id')).toBe('abc');
    expect(headerValue({ 'set-cookie': ['a', 'b'] }, 'set-cookie')).toBe('a');
    expect(headerValue(new Headers({ 'Retry-After': '9' }), 'retry-after')).toBe('9');
    expect(headerValue(undefined, 'retry-after')).toBeUndefined();
  });
});

type Row = { name: string; err: unknown; kind: TransportFailureKind; status?: number; retryAfterMs?: number };

function expectMapped(mapped: TransportError, row: Row): void {
  expect(mapped).toBeInstanceOf(TransportError);
  expect(mapped.kind).toBe(row.kind);
  if (row.status !== undefined) expect(mapped.detail.status).toBe(row.status);
  expect(mapped.detail.retryAfterMs).toBe(row.retryAfterMs);
  expect(mapped.retryable).toBe(row.kind === 'retryable');
}

/** The shape @sendgrid/client rejects with for an HTTP error: `ResponseError` (code = status). */
function sendGridResponseError(status: number, body: unknown, headers: Record<string, string> = {}) {
  return Object.assign(new Error('Response error'), { code: status, response: { headers, body } });
}

const SG_HELP = 'http://sendgrid.com/docs/API_Reference/Web_API_v3/Mail/errors.html';

describe('mapSendGridError', () => {
  const rows: Row[] = [
    {
      name: '401 bad key',
      err: sendGridResponseError(401, {
        errors: [{ message: 'The provided authorization grant is invalid, expired, or revoked', field: null, help: null }],
      }),
      kind: 'auth',
      status: 401,
    },
    {
      name: '403 key without mail.send scope',
      err: sendGridResponseError(403, { errors: [{ message: 'access forbidden', field: null, help: null }] }),
      kind: 'auth',
      status: 403,
    },
    {
      name: '429 with Retry-After seconds',
      err: sendGridResponseError(429, { errors: [{ field: null, message: 'too many requests' }] }, { 'retry-after': '2' }),
      kind: 'retryable',
      status: 429,
      retryAfterMs: 2000,
    },
    {
      name: '429 with Retry-After HTTP-date',
      err: sendGridResponseError(
        429,
        { errors: [{ field: null, message: 'too many requests' }] },
        {
          'retry-after': 'Sat, 01 Mar 2025 12:01:00 GMT',
        },
      ),
      kind: 'retryable',
      retryAfterMs: 60_000,
    },
    {
      name: '429 with only X-RateLimit-Reset',
      err: sendGridResponseError(
        429,
        { errors: [{ field: null, message: 'too many requests' }] },
        {
          'x-ratelimit-limit': '600',
          'x-ratelimit-remaining': '0',
          'x-ratelimit-reset': String(NOW / 1000 + 12),
        },
      ),
      kind: 'retryable',
      retryAfterMs: 12_000,
    },
    { name: '429 without hints', err: sendGridResponseError(429, ''), kind: 'retryable' },
    {
      name: '500 internal error',
      err: sendGridResponseError(500, { errors: [{ field: null, message: 'internal error' }] }),
      kind: 'retryable',
      status: 500,
    },
    { name: '502 from a proxy (HTML body)', err: sendGridResponseError(502, '<html>Bad Gateway</html>'), kind: 'retryable' },
    {
      name: '400 invalid recipient address',
      err: sendGridResponseError(400, {
        errors: [{ message: 'Does not contain a valid address.', field: 'personalizations.0.to.0.email', help: `${SG_HELP}#message.personalizations.to` }],
      }),
      kind: 'invalid_recipient',
      status: 400,
    },
    {
      name: '400 missing to array',
      err: sendGridResponseError(400, {
        errors: [
          {
            message: 'The to array is required for all personalization objects, and must have at least one email object with a valid email address.',
            field: 'personalizations.0.to',
            help: `${SG_HELP}#message.personalizations.to`,
          },
        ],
      }),
      kind: 'invalid_recipient',
    },
    {
      name: '400 body as a JSON string',
      err: sendGridResponseError(400, JSON.stringify({ errors: [{ message: 'Does not contain a valid address.', field: 'personalizations.0.to.0.email' }] })),
      kind: 'invalid_recipient',
    },
    {
      name: '400 invalid from (our misconfiguration)',
      err: sendGridResponseError(400, {
        errors: [{ message: 'The from email does not contain a valid address.', field: 'from.email', help: `${SG_HELP}#message.from` }],
      }),
      kind: 'permanent',
      status: 400,
    },
    {
      name: '403 unverified sender identity',
      err: sendGridResponseError(403, {
        errors: [{ message: 'The from address does not match a verified Sender Identity.', field: 'from', help: null }],
      }),
      kind: 'auth',
    },
    { name: '425 too early (outbound core: retryable)', err: sendGridResponseError(425, ''), kind: 'retryable', status: 425 },
    { name: '413 payload too large', err: sendGridResponseError(413, { errors: [{ message: 'Payload Too Large', field: null }] }), kind: 'permanent' },
    { name: 'network: connection refused', err: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }), kind: 'retryable' },
    { name: 'network: axios timeout', err: Object.assign(new Error('timeout of 20000ms exceeded'), { code: 'ECONNABORTED' }), kind: 'retryable' },
    { name: 'helper validation error before any request', err: new Error('Expected each `content` entry to contain a `type` string'), kind: 'permanent' },
  ];

  it.each(rows)('$name → $kind', (row) => {
    expectMapped(mapSendGridError(row.err, NOW), row);
  });
});

/** The SDK's own exception, built the way twilio's Version.create builds it from a response. */
function restException(statusCode: number, body: unknown): unknown {
  return new twilio.RestException({ statusCode, body: typeof body === 'string' ? body : JSON.stringify(body), headers: {} });
}

const twilioBody = (status: number, code: number, message: string) => ({
  code,
  message,
  more_info: `https://www.twilio.com/docs/errors/${code}`,
  status,
});

describe('mapTwilioError', () => {
  const rows: (Row & { headers?: Record<string, string> })[] = [
    { name: '401 code 20003', err: restException(401, twilioBody(401, 20003, 'Authenticate')), kind: 'auth', status: 401 },
    { name: '403 code 20003', err: restException(403, twilioBody(403, 20003, 'Permission Denied')), kind: 'auth' },
    {
      name: '429 code 20429 with Retry-After',
      err: restException(429, twilioBody(429, 20429, 'Too Many Requests')),
      headers: { 'retry-after': '3' },
      kind: 'retryable',
      status: 429,
      retryAfterMs: 3000,
    },
    { name: '429 without Retry-After', err: restException(429, twilioBody(429, 20429, 'Too Many Requests')), kind: 'retryable' },
    { name: '400 with code 20429 (queue overflow)', err: restException(400, twilioBody(400, 20429, 'Too Many Requests')), kind: 'retryable' },
    { name: '500', err: restException(500, twilioBody(500, 20500, 'Internal Server Error')), kind: 'retryable', status: 500 },
    { name: '503 with an HTML body', err: restException(503, '<html>unavailable</html>'), kind: 'retryable', status: 503 },
    { name: '408 request timeout (outbound core: retryable)', err: restException(408, '<html>timeout</html>'), kind: 'retryable', status: 408 },
    { name: '503 with a fractional Retry-After', err: restException(503, ''), headers: { 'Retry-After': '1.5' }, kind: 'retryable', retryAfterMs: 1500 },
    { name: "21211 invalid 'To'", err: restException(400, twilioBody(400, 21211, "Invalid 'To' Phone Number: +1500555000")), kind: 'invalid_recipient' },
    {
      name: '21614 not a mobile number',
      err: restException(400, twilioBody(400, 21614, "'To' number is not a valid mobile number")),
      kind: 'invalid_recipient',
    },
    {
      name: '21610 unsubscribed (STOP)',
      err: restException(400, twilioBody(400, 21610, 'Attempt to send to unsubscribed recipient')),
      kind: 'invalid_recipient',
    },
    {
      name: '21408 region not enabled',
      err: restException(400, twilioBody(400, 21408, 'Permission to send an SMS has not been enabled for the region')),
      kind: 'invalid_recipient',
    },
    {
      name: '21612 cannot route',
      err: restException(400, twilioBody(400, 21612, "The 'To' phone number is not currently reachable")),
      kind: 'invalid_recipient',
    },
    {
      name: "21606 'From' not owned (our config)",
      err: restException(400, twilioBody(400, 21606, "The 'From' phone number provided is not a valid message-capable Twilio phone number")),
      kind: 'permanent',
    },
    { name: '21602 body missing', err: restException(400, twilioBody(400, 21602, 'Message body is required.')), kind: 'permanent' },
    { name: '404 unknown account', err: restException(404, twilioBody(404, 20404, 'The requested resource was not found')), kind: 'permanent' },
    {
      name: 'RFC 9457 TwilioServiceException shape, 21211',
      err: Object.assign(new Error('[HTTP 400] Invalid To'), {
        type: 'https://www.twilio.com/docs/errors/21211',
        title: 'Invalid To',
        status: 400,
        code: 21211,
      }),
      kind: 'invalid_recipient',
    },
    { name: 'network: reset', err: Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }), kind: 'retryable' },
    { name: 'SDK argument check', err: new Error('Required parameter "params[\'to\']" missing.'), kind: 'permanent' },
  ];

  it.each(rows)('$name → $kind', (row) => {
    expectMapped(mapTwilioError(row.err, row.headers, NOW), row);
  });

  it('keeps the Twilio error code as providerCode', () => {
    const mapped = mapTwilioError(restException(400, twilioBody(400, 21211, 'Invalid')));
    expect(mapped.detail.providerCode).toBe(21211);
  });
});

/** A NodemailerError as smtp-connection's _formatError builds it. */
function smtpError(message: string, fields: { code: string; response?: string; command?: string; originalCode?: string }) {
  const responseCode = fields.response ? Number(/^\d+/.exec(fields.response)?.[0]) : undefined;
  return Object.assign(new Error(fields.response ? `${message}: ${fields.response}` : message), {
    ...fields,
    ...(responseCode ? { responseCode, permanent: responseCode >= 500 && responseCode !== 503 } : {}),
  });
}

describe('mapSmtpError', () => {
  const rows: Row[] = [
    {
      name: '421 at greeting',
      err: smtpError('Greeting never received', { code: 'EPROTOCOL', response: '421 4.3.2 Service not available', command: 'CONN' }),
      kind: 'retryable',
      status: 421,
    },
    {
      name: '450 mailbox busy at RCPT',
      err: smtpError("Can't send mail - all recipients were rejected", { code: 'EENVELOPE', response: '450 4.2.1 Mailbox busy', command: 'RCPT TO' }),
      kind: 'retryable',
    },
    {
      name: '451 at DATA',
      err: smtpError('Message failed', { code: 'EMESSAGE', response: '451 4.3.0 Try again later', command: 'DATA' }),
      kind: 'retryable',
      status: 451,
    },
    {
      name: '452 insufficient storage',
      err: smtpError('Message failed', { code: 'EMESSAGE', response: '452 4.3.1 Insufficient system storage', command: 'DATA' }),
      kind: 'retryable',
    },
    {
      name: '454 temporary auth failure',
      err: smtpError('Invalid login', { code: 'EAUTH', response: '454 4.7.0 Temporary authentication failure', command: 'AUTH PLAIN' }),
      kind: 'retryable',
    },
    {
      name: '535 bad credentials',
      err: smtpError('Invalid login', { code: 'EAUTH', response: '535 5.7.8 Authentication credentials invalid', command: 'AUTH PLAIN' }),
      kind: 'auth',
      status: 535,
    },
    {
      name: '530 auth required at MAIL FROM',
      err: smtpError('Mail command failed', { code: 'EENVELOPE', response: '530 5.7.0 Authentication required', command: 'MAIL FROM' }),
      kind: 'auth',
    },
    { name: 'missing credentials (no reply)', err: smtpError('Missing credentials for "PLAIN"', { code: 'EAUTH', command: 'API' }), kind: 'auth' },
    {
      name: '550 unknown mailbox at RCPT',
      err: smtpError("Can't send mail - all recipients were rejected", { code: 'EENVELOPE', response: '550 5.1.1 User unknown', command: 'RCPT TO' }),
      kind: 'invalid_recipient',
      status: 550,
    },
    {
      name: '551 user not local',
      err: smtpError("Can't send mail - all recipients were rejected", { code: 'EENVELOPE', response: '551 5.1.6 User not local', command: 'RCPT TO' }),
      kind: 'invalid_recipient',
    },
    {
      name: '553 mailbox name not allowed',
      err: smtpError("Can't send mail - all recipients were rejected", {
        code: 'EENVELOPE',
        response: '553 5.1.3 Bad recipient address syntax',
        command: 'RCPT TO',
      }),
      kind: 'invalid_recipient',
    },
    {
      name: '501 syntax error in RCPT',
      err: smtpError("Can't send mail - all recipients were rejected", { code: 'EENVELOPE', response: '501 5.1.3 Invalid address', command: 'RCPT TO' }),
      kind: 'invalid_recipient',
    },
    {
      name: '550 5.1.1 after DATA',
      err: smtpError('Message failed', { code: 'EMESSAGE', response: '550 5.1.1 The email account does not exist', command: 'DATA' }),
      kind: 'invalid_recipient',
    },
    {
      name: '550 spam rejection at DATA',
      err: smtpError('Message failed', { code: 'EMESSAGE', response: '550 5.7.1 Message rejected as spam', command: 'DATA' }),
      kind: 'permanent',
    },
    {
      name: '552 message too big',
      err: smtpError('Message failed', { code: 'EMESSAGE', response: '552 5.3.4 Message size exceeds fixed limit', command: 'DATA' }),
      kind: 'permanent',
    },
    {
      name: '554 transaction failed',
      err: smtpError('Message failed', { code: 'EMESSAGE', response: '554 5.7.1 Relay access denied', command: 'DATA' }),
      kind: 'permanent',
    },
    {
      name: '501 5.1.3 bad sender syntax at MAIL FROM',
      err: smtpError('Mail command failed', { code: 'EENVELOPE', response: '501 5.1.3 Bad sender address syntax', command: 'MAIL FROM' }),
      kind: 'permanent',
    },
    {
      name: '553 sender rejected at MAIL FROM',
      err: smtpError('Mail command failed', { code: 'EENVELOPE', response: '553 5.7.1 Sender address rejected', command: 'MAIL FROM' }),
      kind: 'permanent',
    },
    {
      name: 'connection refused',
      err: smtpError('connect ECONNREFUSED 127.0.0.1:25', { code: 'ESOCKET', originalCode: 'ECONNREFUSED', command: 'CONN' }),
      kind: 'retryable',
    },
    { name: 'connection reset', err: smtpError('read ECONNRESET', { code: 'ECONNRESET' }), kind: 'retryable' },
    { name: 'greeting timeout', err: smtpError('Greeting never received', { code: 'ETIMEDOUT', command: 'CONN' }), kind: 'retryable' },
    { name: 'connection closed unexpectedly', err: smtpError('Connection closed unexpectedly', { code: 'ECONNECTION', command: 'CONN' }), kind: 'retryable' },
    { name: 'DNS failure', err: smtpError('getaddrinfo EAI_AGAIN smtp.example.com', { code: 'EDNS', command: 'CONN' }), kind: 'retryable' },
    {
      name: 'malformed recipient caught by nodemailer',
      err: smtpError('Invalid recipient "a b@"', { code: 'EENVELOPE', command: 'API' }),
      kind: 'invalid_recipient',
    },
    {
      name: 'TLS certificate mismatch',
      err: smtpError("Hostname/IP does not match certificate's altnames", { code: 'ETLS', command: 'CONN' }),
      kind: 'permanent',
    },
    {
      name: 'reset during the TLS handshake',
      err: smtpError('Client network socket disconnected', { code: 'ETLS', originalCode: 'ECONNRESET', command: 'CONN' }),
      kind: 'retryable',
    },
  ];

  it.each(rows)('$name → $kind', (row) => {
    expectMapped(mapSmtpError(row.err), row);
  });
});
