/**
 * The one error core for calls slotflow makes to outside services (calendar connectors, message
 * transports, later outbound webhooks): what counts as a network failure, how a response header is
 * read, what a Retry-After means, and which kind a failed call is. Provider layers
 * (src/calendar-connectors/calendar-errors.ts, src/transports/transport-errors.ts) refine these answers with
 * what only their provider's bodies say (Google reasons, Graph codes, SMTP replies, Twilio codes) and
 * map them onto their own kinds; the rules below are never restated there.
 *
 * Pure: no I/O, and no clock — every time-relative answer takes `now` (epoch ms) from the caller, so a
 * classifier reads the clock once at its boundary and tests pin it.
 */

// ─── Network failures ───────────────────────────────────────────────────────────────────────────────

/**
 * Codes meaning "the request may not have reached the provider, or its answer never came back": Node's
 * errno codes, undici's (every `UND_ERR_*` counts, see `networkCode`), axios' (ECONNABORTED = its
 * timeout, ERR_NETWORK) and nodemailer's (ECONNECTION, ESOCKET, EDNS).
 */
export const NETWORK_CODES: ReadonlySet<string> = new Set([
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
]);

/**
 * Error names that stand for a failed transport whatever their code: fetch/AbortSignal timeouts and aborts,
 * node-fetch.
 */
const NETWORK_NAMES = new Set(['TimeoutError', 'AbortError', 'FetchError']);
/** How deep `cause` chains are followed (SDKs wrap two or three times; a cycle must not hang us). */
const MAX_CAUSE_DEPTH = 8;

type Rec = Record<string, unknown>;
const rec = (x: unknown): Rec | undefined => (x !== null && typeof x === 'object' ? (x as Rec) : undefined);
const str = (x: unknown): string | undefined => (typeof x === 'string' ? x : undefined);

function isNetworkCode(code: string | undefined): code is string {
  return code !== undefined && (NETWORK_CODES.has(code) || code.startsWith('UND_ERR_'));
}

/**
 * The network-level code on the error or anywhere down its cause chain (`cause`, or gaxios' `error`),
 * or undefined. At each level `code` is checked before nodemailer's `originalCode`; then the name
 * (TimeoutError, AbortError, FetchError). A bare `TypeError('fetch failed')` with no cause (undici gave
 * no reason) answers 'fetch failed'.
 */
export function networkCode(err: unknown): string | undefined {
  const seen = new Set<unknown>();
  let cur: unknown = err;
  for (let depth = 0; depth < MAX_CAUSE_DEPTH && !seen.has(cur); depth++) {
    const r = rec(cur);
    if (!r) return undefined;
    seen.add(cur);
    const code = str(r.code);
    if (isNetworkCode(code)) return code;
    const original = str(r.originalCode);
    if (isNetworkCode(original)) return original;
    const name = str(r.name);
    if (name !== undefined && NETWORK_NAMES.has(name)) return name;
    const next = r.cause ?? r.error;
    if (name === 'TypeError' && r.message === 'fetch failed' && !rec(next)) return 'fetch failed';
    cur = next;
  }
  return undefined;
}

/** True when `networkCode` finds one: the call failed below HTTP, trying again later may succeed. */
export function isNetworkError(err: unknown): boolean {
  return networkCode(err) !== undefined;
}

// ─── Headers ────────────────────────────────────────────────────────────────────────────────────────

/**
 * The header shapes SDKs hand us: a fetch `Headers` (or anything with a `get`, e.g. AxiosHeaders), a plain
 * object (Node `IncomingHttpHeaders`, whose values may be arrays or numbers), or a list of
 * `[name, value]` pairs (HeadersInit).
 */
export type HeaderSource =
  { get(name: string): unknown } | Record<string, string | string[] | number | undefined> | readonly (readonly [string, string])[] | null | undefined;

function firstValue(v: unknown): string | undefined {
  if (Array.isArray(v)) return v.length > 0 ? firstValue(v[0]) : undefined;
  return typeof v === 'string' || typeof v === 'number' ? String(v) : undefined;
}

/**
 * Case-insensitive lookup of one header; undefined when absent. Order:
 * 1. a `[name, value]` list: the first pair whose name matches;
 * 2. an object with a `get` method: its answer (Headers and AxiosHeaders match case-insensitively
 *    themselves; Headers joins a repeated header with ", ", which a repeated Retry-After then fails to
 *    parse — the safe reading of contradictory values);
 * 3. otherwise, or when `get` had nothing (a case-sensitive `get`), the object's own keys compared
 *    case-insensitively, first match in key order.
 * An array value yields its first element. A throwing `get` counts as absent.
 */
export function headerValue(headers: unknown, name: string): string | undefined {
  if (headers === null || typeof headers !== 'object') return undefined;
  const wanted = name.toLowerCase();
  if (Array.isArray(headers)) {
    for (const pair of headers) {
      if (Array.isArray(pair) && typeof pair[0] === 'string' && pair[0].toLowerCase() === wanted) return firstValue(pair[1]);
    }
    return undefined;
  }
  const getter = (headers as { get?: unknown }).get;
  if (typeof getter === 'function') {
    try {
      const got = firstValue((getter as (n: string) => unknown).call(headers, name));
      if (got !== undefined) return got;
    } catch {
      return undefined;
    }
  }
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === wanted) return firstValue(value);
  }
  return undefined;
}

// ─── Retry-After (RFC 9110 §10.2.3) ─────────────────────────────────────────────────────────────────

/**
 * The longest wait a Retry-After can impose: 1 hour. A CalDAV server is whatever an admin pointed us at,
 * and a broken or hostile one must not park a booking's retries for days; an hour outlasts any real
 * throttle window we have seen, and the activity's retry policy takes over after it.
 */
export const RETRY_AFTER_MAX_MS = 60 * 60 * 1000;

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const MON = '(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)';
const TIME = '(\\d{2}):(\\d{2}):(\\d{2})';
/** IMF-fixdate `Sun, 06 Nov 1994 08:49:37 GMT` (a one-digit day is tolerated). */
const IMF_FIXDATE = new RegExp(`^[a-z]{3},\\s+(\\d{1,2})\\s+${MON}\\s+(\\d{4})\\s+${TIME}\\s+GMT$`, 'i');
/** Obsolete RFC 850 `Sunday, 06-Nov-94 08:49:37 GMT`. */
const RFC850_DATE = new RegExp(`^[a-z]{6,9},\\s+(\\d{1,2})-${MON}-(\\d{2})\\s+${TIME}\\s+GMT$`, 'i');
/** Obsolete asctime `Sun Nov  6 08:49:37 1994`. */
const ASCTIME_DATE = new RegExp(`^[a-z]{3}\\s+${MON}\\s+(\\d{1,2})\\s+${TIME}\\s+(\\d{4})$`, 'i');

function utc(year: number, month: string, day: string, hh: string, mm: string, ss: string): number | undefined {
  const m = MONTHS.indexOf(month.toLowerCase());
  const [d, h, mi, s] = [Number(day), Number(hh), Number(mm), Number(ss)];
  if (h > 23 || mi > 59 || s > 60) return undefined;
  const at = Date.UTC(year, m, d, h, mi, s);
  return new Date(at).getUTCDate() === d ? at : undefined; // 31 Feb and friends are garbage, not 3 Mar
}

/**
 * An HTTP-date in any of its three forms → epoch ms, or undefined. A two-digit RFC 850 year more than
 * 50 years after `now` means the most recent past year with those digits (RFC 9110 §5.6.7).
 */
export function parseHttpDate(value: string, now: number): number | undefined {
  const v = value.trim();
  let m = IMF_FIXDATE.exec(v);
  if (m) return utc(Number(m[3]), m[2]!, m[1]!, m[4]!, m[5]!, m[6]!);
  m = ASCTIME_DATE.exec(v);
  if (m) return utc(Number(m[6]), m[1]!, m[2]!, m[3]!, m[4]!, m[5]!);
  m = RFC850_DATE.exec(v);
  if (!m) return undefined;
  const nowYear = new Date(now).getUTCFullYear();
  let year = Math.floor(nowYear / 100) * 100 + Number(m[3]);
  if (year > nowYear + 50) year -= 100;
  return utc(year, m[2]!, m[1]!, m[4]!, m[5]!, m[6]!);
}

/**
 * Retry-After → milliseconds to wait from `now`, or undefined when absent or garbled.
 * - delay-seconds, fractions tolerated ('120' → 120 000, '1.5' → 1 500, rounded to whole ms);
 * - an HTTP-date (see `parseHttpDate`): its distance from `now`, 0 when already past;
 * - negative numbers, signs, units, ISO 8601 and anything else → undefined (the caller falls back to its
 *   own backoff rather than trusting a guess);
 * - capped at RETRY_AFTER_MAX_MS.
 */
export function parseRetryAfter(value: string | null | undefined, now: number): number | undefined {
  if (value === null || value === undefined) return undefined;
  const v = String(value).trim();
  if (v === '') return undefined;
  let ms: number | undefined;
  if (/^\d+(\.\d+)?$/.test(v)) ms = Math.round(Number(v) * 1000);
  else {
    const at = parseHttpDate(v, now);
    ms = at === undefined ? undefined : Math.max(0, at - now);
  }
  return ms === undefined || !Number.isFinite(ms) ? undefined : Math.min(ms, RETRY_AFTER_MAX_MS);
}

// ─── Classification ─────────────────────────────────────────────────────────────────────────────────

/** What the caller may do: try again later, fix the credentials, or give up on this request. */
export type OutboundFailureKind = 'retryable' | 'auth' | 'permanent';

/**
 * Why, finely enough for provider layers to map onto their own kinds (calendar: network/unavailable/
 * refused/unknown → TEMPORARY, throttled → RATE_LIMITED, auth → AUTH_REVOKED, not_found → NOT_FOUND,
 * conflict → CONFLICT; messaging: the kind as is, refined to invalid_recipient from provider codes).
 */
export type OutboundFailureReason =
  /** No response: socket, DNS, timeout, abort. → retryable */
  | 'network'
  /** 429, or 503 with a Retry-After (the server named a time: Graph and CalDAV servers throttle so). → retryable */
  | 'throttled'
  /** Other 5xx, 408 Request Timeout, 425 Too Early. → retryable */
  | 'unavailable'
  /** 401 (the SDKs already refreshed once; this one survived it), 403: revoked or insufficient grant. → auth */
  | 'auth'
  /** 404, 410. → permanent */
  | 'not_found'
  /** 409, 412: the write raced another change. → permanent */
  | 'conflict'
  /** Any other status: other 4xx, or a 1xx/2xx/3xx handed in as a failure. → permanent */
  | 'refused'
  /** No status and no network code (a bug, an SDK's own validation). → permanent */
  | 'unknown';

export type OutboundFailure = {
  kind: OutboundFailureKind;
  reason: OutboundFailureReason;
  status?: number | undefined;
  /** Set whenever a Retry-After parsed, whatever the kind. */
  retryAfterMs?: number | undefined;
  networkCode?: string | undefined;
};

const KIND_OF: Record<OutboundFailureReason, OutboundFailureKind> = {
  network: 'retryable',
  throttled: 'retryable',
  unavailable: 'retryable',
  auth: 'auth',
  not_found: 'permanent',
  conflict: 'permanent',
  refused: 'permanent',
  unknown: 'permanent',
};

/** The reason an HTTP status stands for (`retryAfterMs`: the response's parsed Retry-After, if any). */
export function reasonOfStatus(status: number, retryAfterMs?: number): OutboundFailureReason {
  if (status === 429 || (status === 503 && retryAfterMs !== undefined)) return 'throttled';
  if (status >= 500 || status === 408 || status === 425) return 'unavailable';
  if (status === 401 || status === 403) return 'auth';
  if (status === 404 || status === 410) return 'not_found';
  if (status === 409 || status === 412) return 'conflict';
  return 'refused';
}

/** The kind a reason implies (the table under OutboundFailureReason). */
export function kindOfReason(reason: OutboundFailureReason): OutboundFailureKind {
  return KIND_OF[reason];
}

/**
 * One failed call → its classification: by `status` when there was a response, else by the error's
 * network code (`unknown` when it has none). `headers` supply Retry-After, read relative to `now`.
 */
export function classifyOutboundFailure(failure: { status?: number | undefined; headers?: unknown; error?: unknown }, now: number): OutboundFailure {
  const retryAfterMs = parseRetryAfter(headerValue(failure.headers, 'retry-after'), now);
  const net = failure.status === undefined ? networkCode(failure.error) : undefined;
  const reason = failure.status !== undefined ? reasonOfStatus(failure.status, retryAfterMs) : net ? 'network' : 'unknown';
  const out: OutboundFailure = { kind: KIND_OF[reason], reason };
  if (failure.status !== undefined) out.status = failure.status;
  if (retryAfterMs !== undefined) out.retryAfterMs = retryAfterMs;
  if (net !== undefined) out.networkCode = net;
  return out;
}
