/**
 * Table tests of the shared outbound error core (src/outbound/http-errors.ts) and its Temporal bridge
 * (activity-failure.ts). Time is pinned: every Retry-After is read against NOW, and the parser is shown
 * not to consult the real clock.
 */
import { ApplicationFailure } from '@temporalio/common';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { outboundKindOf as calendarOutboundKind } from '../../src/calendar-connectors/calendar-errors.ts';
import type { CalendarErrorKind } from '../../src/calendar-connectors/connector.ts';
import { outboundKindOf as transportOutboundKind } from '../../src/transports/transport-errors.ts';
import type { TransportFailureKind } from '../../src/transports/transport.ts';
import { activityFailure } from '../../src/outbound/activity-failure.ts';
import {
  classifyOutboundFailure,
  headerValue,
  isNetworkError,
  networkCode,
  parseHttpDate,
  parseRetryAfter,
  RETRY_AFTER_MAX_MS,
  type OutboundFailure,
} from '../../src/outbound/http-errors.ts';

const NOW = Date.parse('2026-03-01T12:00:00Z');
const withCode = (code: string, message = code) => Object.assign(new Error(message), { code });

afterEach(() => {
  vi.restoreAllMocks();
});

// ─── Network failures ───────────────────────────────────────────────────────────────────────────────

describe('networkCode / isNetworkError', () => {
  // Listed here, not imported: dropping a code from the core must fail this test.
  const CODES = [
    'ECONNRESET',
    'ECONNREFUSED',
    'ECONNABORTED',
    'ETIMEDOUT',
    'ESOCKETTIMEDOUT',
    'EPIPE',
    'ENOTFOUND',
    'EAI_AGAIN',
    'ENETUNREACH',
    'ENETDOWN',
    'EHOSTUNREACH',
    'EHOSTDOWN',
    'EADDRNOTAVAIL',
    'ERR_NETWORK',
    'ERR_SOCKET_CONNECTION_TIMEOUT',
    'ERR_STREAM_PREMATURE_CLOSE',
    'ECONNECTION',
    'ESOCKET',
    'EDNS',
    'UND_ERR_SOCKET',
    'UND_ERR_CONNECT_TIMEOUT',
    'UND_ERR_HEADERS_TIMEOUT',
    'UND_ERR_BODY_TIMEOUT',
    'UND_ERR_CLOSED',
  ];

  it.each(CODES)('%s on the error itself', (code) => {
    expect(networkCode(withCode(code))).toBe(code);
    expect(isNetworkError(withCode(code))).toBe(true);
  });

  it.each(CODES)('%s under fetch failed (undici puts the socket error in cause)', (code) => {
    const err = new TypeError('fetch failed', { cause: withCode(code) });
    expect(networkCode(err)).toBe(code);
    expect(isNetworkError(err)).toBe(true);
  });

  it('walks a nested cause chain, and gaxios `error`', () => {
    const deep = new Error('sdk wrapper', { cause: new Error('client', { cause: new TypeError('fetch failed', { cause: withCode('EAI_AGAIN') }) }) });
    expect(networkCode(deep)).toBe('EAI_AGAIN');
    expect(networkCode(Object.assign(new Error('request failed'), { error: withCode('ECONNRESET') }))).toBe('ECONNRESET');
  });

  it("reads nodemailer's originalCode when code is its own wrapper", () => {
    expect(networkCode(Object.assign(new Error('tls'), { code: 'ETLS', originalCode: 'ECONNRESET' }))).toBe('ECONNRESET');
  });

  it('counts timeouts, aborts and a bare fetch failed', () => {
    expect(networkCode(new DOMException('The operation timed out.', 'TimeoutError'))).toBe('TimeoutError');
    expect(networkCode(new DOMException('This operation was aborted', 'AbortError'))).toBe('AbortError');
    expect(networkCode(new TypeError('fetch failed'))).toBe('fetch failed');
  });

  it('is false for everything else, and stops on a cyclic chain', () => {
    for (const err of [
      new Error('boom'),
      withCode('EAUTH'),
      withCode('ETLS'),
      { code: 500 },
      new TypeError('x is not a function'),
      'ECONNRESET',
      null,
      undefined,
    ]) {
      expect(isNetworkError(err)).toBe(false);
    }
    const a: Record<string, unknown> = { message: 'a' };
    a.cause = { message: 'b', cause: a };
    expect(isNetworkError(a)).toBe(false);
  });
});

// ─── Headers ────────────────────────────────────────────────────────────────────────────────────────

describe('headerValue', () => {
  it('reads a fetch Headers, whatever the case', () => {
    const h = new Headers({ 'Retry-After': '9' });
    expect(headerValue(h, 'retry-after')).toBe('9');
    expect(headerValue(h, 'RETRY-AFTER')).toBe('9');
    expect(headerValue(h, 'x-other')).toBeUndefined();
  });

  it('reads a plain object case-insensitively; numbers become strings', () => {
    expect(headerValue({ 'retry-after': '3' }, 'Retry-After')).toBe('3');
    expect(headerValue({ 'X-Message-Id': 'abc' }, 'x-message-id')).toBe('abc');
    expect(headerValue({ 'content-length': 12 }, 'Content-Length')).toBe('12');
    expect(headerValue({ 'x-other': '1' }, 'retry-after')).toBeUndefined();
  });

  it('arrays of values yield the first, in objects and in [name, value] lists', () => {
    expect(headerValue({ 'Set-Cookie': ['a', 'b'] }, 'set-cookie')).toBe('a');
    expect(headerValue({ 'retry-after': [] }, 'retry-after')).toBeUndefined();
    expect(
      headerValue(
        [
          ['X-A', '1'],
          ['Retry-After', '4'],
          ['retry-after', '5'],
        ],
        'retry-after',
      ),
    ).toBe('4');
  });

  it('asks `get` first, then own keys when get had nothing; a throwing get is absent', () => {
    const both = { 'retry-after': 'own', get: (n: string) => (n.toLowerCase() === 'retry-after' ? 'got' : null) };
    expect(headerValue(both, 'Retry-After')).toBe('got');
    const caseSensitiveGet = { 'Retry-After': '6', get: (n: string) => (n === 'Retry-After' ? '6' : undefined) };
    expect(headerValue(caseSensitiveGet, 'retry-after')).toBe('6');
    expect(
      headerValue(
        {
          get: () => {
            throw new Error('no');
          },
        },
        'retry-after',
      ),
    ).toBeUndefined();
  });

  it('absent sources', () => {
    for (const h of [undefined, null, 'retry-after: 3', 42]) expect(headerValue(h, 'retry-after')).toBeUndefined();
  });
});

// ─── Retry-After ────────────────────────────────────────────────────────────────────────────────────

describe('parseRetryAfter (RFC 9110 §10.2.3), now pinned', () => {
  it.each([
    ['120', 120_000],
    [' 0 ', 0],
    ['7', 7000],
    ['1.5', 1500],
    ['0.25', 250],
    ['0.0004', 0],
    ['Sun, 01 Mar 2026 12:01:30 GMT', 90_000], // IMF-fixdate
    ['sun, 01 mar 2026 12:01:30 gmt', 90_000], // case-insensitive
    ['Sunday, 01-Mar-26 12:01:30 GMT', 90_000], // obsolete RFC 850
    ['Sun Mar  1 12:01:30 2026', 90_000], // obsolete asctime
    ['Sun, 01 Mar 2026 11:00:00 GMT', 0], // already past: retry now
    ['-5', undefined],
    ['-1.5', undefined],
    ['+5', undefined],
    ['5s', undefined],
    ['1e3', undefined],
    ['.5', undefined],
    ['soon', undefined],
    ['soon 5', undefined], // Date.parse reads this as 2001; a parser on Date.parse would answer 0
    ['2026-03-01T12:01:30Z', undefined], // ISO 8601 is not an HTTP-date
    ['Sun, 31 Feb 2026 12:00:00 GMT', undefined], // no such day
    ['Sun, 01 Mar 2026 25:00:00 GMT', undefined],
    ['', undefined],
  ])('%j → %j', (value, ms) => {
    expect(parseRetryAfter(value, NOW)).toBe(ms);
  });

  it('absent → undefined', () => {
    expect(parseRetryAfter(undefined, NOW)).toBeUndefined();
    expect(parseRetryAfter(null, NOW)).toBeUndefined();
  });

  it('caps at one hour, in seconds and as a date', () => {
    expect(RETRY_AFTER_MAX_MS).toBe(3_600_000);
    expect(parseRetryAfter('3600', NOW)).toBe(3_600_000);
    expect(parseRetryAfter('3601', NOW)).toBe(3_600_000);
    expect(parseRetryAfter('99999999999999999999', NOW)).toBe(3_600_000);
    expect(parseRetryAfter('Tue, 03 Mar 2026 12:00:00 GMT', NOW)).toBe(3_600_000);
  });

  it('reads an RFC 850 two-digit year as the most recent past year when it would be > 50 years ahead', () => {
    expect(parseHttpDate('Wednesday, 01-Mar-70 00:00:00 GMT', NOW)).toBe(Date.UTC(2070, 2, 1));
    expect(parseHttpDate('Friday, 01-Jan-99 00:00:00 GMT', NOW)).toBe(Date.UTC(1999, 0, 1));
    expect(parseRetryAfter('Friday, 01-Jan-99 00:00:00 GMT', NOW)).toBe(0);
  });

  it('never reads the real clock: the answer depends on `now` alone', () => {
    const clock = vi.spyOn(Date, 'now').mockImplementation(() => {
      throw new Error('parseRetryAfter read the clock');
    });
    try {
      expect(parseRetryAfter('Sun, 01 Mar 2026 12:01:30 GMT', NOW)).toBe(90_000);
      expect(parseRetryAfter('Sun, 01 Mar 2026 12:01:30 GMT', NOW + 30_000)).toBe(60_000);
      expect(parseRetryAfter('Friday, 01-Jan-99 00:00:00 GMT', Date.UTC(2060, 0, 1))).toBe(3_600_000); // 2099 seen from 2060
    } finally {
      clock.mockRestore(); // the unit tier shares a process between files (isolate: false)
    }
  });
});

// ─── Classification ─────────────────────────────────────────────────────────────────────────────────

describe('classifyOutboundFailure', () => {
  const RA = { 'retry-after': '2' };
  const rows: [string, { status?: number; headers?: unknown; error?: unknown }, Partial<OutboundFailure>][] = [
    ['408', { status: 408 }, { kind: 'retryable', reason: 'unavailable' }],
    ['425', { status: 425 }, { kind: 'retryable', reason: 'unavailable' }],
    ['429', { status: 429 }, { kind: 'retryable', reason: 'throttled', retryAfterMs: undefined }],
    ['429 + Retry-After', { status: 429, headers: RA }, { kind: 'retryable', reason: 'throttled', retryAfterMs: 2000 }],
    ['500', { status: 500 }, { kind: 'retryable', reason: 'unavailable' }],
    ['502', { status: 502 }, { kind: 'retryable', reason: 'unavailable' }],
    ['503', { status: 503 }, { kind: 'retryable', reason: 'unavailable' }],
    ['503 + Retry-After', { status: 503, headers: new Headers({ 'Retry-After': '1.5' }) }, { kind: 'retryable', reason: 'throttled', retryAfterMs: 1500 }],
    ['503 + garbled Retry-After', { status: 503, headers: { 'retry-after': 'later' } }, { kind: 'retryable', reason: 'unavailable', retryAfterMs: undefined }],
    ['504', { status: 504 }, { kind: 'retryable', reason: 'unavailable' }],
    ['401', { status: 401 }, { kind: 'auth', reason: 'auth' }],
    ['403', { status: 403 }, { kind: 'auth', reason: 'auth' }],
    ['401 keeps a Retry-After it was sent', { status: 401, headers: RA }, { kind: 'auth', retryAfterMs: 2000 }],
    ['404', { status: 404 }, { kind: 'permanent', reason: 'not_found' }],
    ['410', { status: 410 }, { kind: 'permanent', reason: 'not_found' }],
    ['409', { status: 409 }, { kind: 'permanent', reason: 'conflict' }],
    ['412', { status: 412 }, { kind: 'permanent', reason: 'conflict' }],
    ['400', { status: 400 }, { kind: 'permanent', reason: 'refused' }],
    ['413', { status: 413 }, { kind: 'permanent', reason: 'refused' }],
    ['422', { status: 422 }, { kind: 'permanent', reason: 'refused' }],
    ['302', { status: 302 }, { kind: 'permanent', reason: 'refused' }],
    [
      'network error (no status)',
      { error: new TypeError('fetch failed', { cause: withCode('ECONNREFUSED') }) },
      { kind: 'retryable', reason: 'network', networkCode: 'ECONNREFUSED', status: undefined },
    ],
    ['status wins over a network code', { status: 404, error: withCode('ECONNRESET') }, { kind: 'permanent', reason: 'not_found', networkCode: undefined }],
    ['unknown error', { error: new Error('Expected a string') }, { kind: 'permanent', reason: 'unknown', networkCode: undefined }],
  ];

  it.each(rows)('%s', (_name, input, want) => {
    const got = classifyOutboundFailure(input, NOW);
    for (const [key, value] of Object.entries(want)) expect(got[key as keyof OutboundFailure], key).toBe(value);
  });
});

describe('provider kinds map onto the core kinds', () => {
  it.each<[CalendarErrorKind, string]>([
    ['TEMPORARY', 'retryable'],
    ['RATE_LIMITED', 'retryable'],
    ['AUTH_REVOKED', 'auth'],
    ['NOT_FOUND', 'permanent'],
    ['CONFLICT', 'permanent'],
  ])('calendar %s → %s', (kind, want) => {
    expect(calendarOutboundKind(kind)).toBe(want);
  });

  it.each<[TransportFailureKind, string]>([
    ['retryable', 'retryable'],
    ['auth', 'auth'],
    ['invalid_recipient', 'permanent'],
    ['permanent', 'permanent'],
  ])('transport %s → %s', (kind, want) => {
    expect(transportOutboundKind(kind)).toBe(want);
  });
});

// ─── Temporal bridge ────────────────────────────────────────────────────────────────────────────────

describe('activityFailure', () => {
  it('retryable: stays retryable and waits what the provider asked for', () => {
    const f = activityFailure({ kind: 'retryable', message: 'slow down', retryAfterMs: 1500 }, 'CalendarRATE_LIMITED');
    expect(f).toBeInstanceOf(ApplicationFailure);
    expect(f).toMatchObject({ message: 'slow down', type: 'CalendarRATE_LIMITED', nonRetryable: false, nextRetryDelay: 1500 });
  });

  it('retryable without a Retry-After: the policy decides the wait', () => {
    const f = activityFailure({ kind: 'retryable', message: 'reset' }, 'TransportTemporary');
    expect(f.nonRetryable).toBe(false);
    expect(f.nextRetryDelay).toBeUndefined();
  });

  it.each(['auth', 'permanent'] as const)('%s: non-retryable, no delay even when one was sent', (kind) => {
    const f = activityFailure({ kind, message: 'no', retryAfterMs: 2000 }, 'X');
    expect(f.nonRetryable).toBe(true);
    expect(f.nextRetryDelay).toBeUndefined();
  });
});
