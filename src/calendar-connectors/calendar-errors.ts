/**
 * Pure classifiers: each provider API's failures → `CalendarError` with one of the five kinds of
 * `connector.ts`. Adapters call them in their catch blocks (CalDAV also with a non-2xx `Response`), so
 * nothing provider-specific escapes an adapter. Nothing here does I/O; the only clock is `Date.now()`,
 * read once per classification for Retry-After given as an HTTP date, and callers (tests) can pass `now`.
 * Status, network and Retry-After rules are the shared outbound core's (src/outbound/http-errors.ts);
 * this file adds what only the providers' bodies say and maps the core's reasons onto calendar kinds.
 *
 * Shared decisions (all three providers):
 * - OAuth token-endpoint failures (`invalid_grant` — refresh token revoked/expired/password changed —,
 *   `invalid_client`, `unauthorized_client`, `interaction_required`, `consent_required`, …) and Entra
 *   `AADSTS…` errors → AUTH_REVOKED: only the provider reconnecting helps. `temporarily_unavailable`
 *   / `server_error` and AADSTS90033 ("a transient error has occurred") → TEMPORARY.
 * - 401 → AUTH_REVOKED. The SDKs (google-auth-library, our Graph auth provider, tsdav) refresh an expired
 *   access token and retry once themselves; a 401 that reaches us survived that refresh.
 * - 429 → RATE_LIMITED. 503 with a Retry-After → RATE_LIMITED (the server named a time: Graph and CalDAV
 *   servers throttle that way); other 5xx, and 503 without Retry-After → TEMPORARY.
 * - 404, 410 → NOT_FOUND; 409, 412 → CONFLICT.
 * - Network failures (ECONNRESET, ETIMEDOUT, EAI_AGAIN, undici's UND_ERR_*, fetch's TypeError, timeouts,
 *   aborts) → TEMPORARY.
 * - Anything unclassifiable (a 400 for a request we built wrongly, an unknown exception) → TEMPORARY:
 *   the caller's bounded retry then surfaces it in logs. We never declare a connection dead (AUTH_REVOKED)
 *   or a calendar gone (NOT_FOUND) on a response that says neither.
 * - `detail.retryAfterMs` is set whenever the response carried a parseable Retry-After (delta-seconds,
 *   fractions allowed, or HTTP-date, RFC 9110 §10.2.3; capped at one hour), whatever the kind;
 *   `detail.providerCode` carries the most specific code (Google reason, Graph code, DAV precondition,
 *   OAuth error, errno code) so adapters can tell e.g. a Google 410 `fullSyncRequired` from `deleted`.
 * - A `CalendarError` passed in is returned unchanged, so classifying twice is harmless.
 */
import { CalendarError, type CalendarErrorKind } from './connector.ts';
import {
  headerValue,
  networkCode,
  parseRetryAfter,
  reasonOfStatus,
  type HeaderSource,
  type OutboundFailureKind,
  type OutboundFailureReason,
} from '../outbound/http-errors.ts';

// Network codes, header lookup and Retry-After are the shared outbound core's; re-exported under their
// old names for the callers and tests that import them from here.
export { headerValue, networkCode, parseRetryAfter, type HeaderSource };

export type ClassifyOptions = { now?: number | undefined };

/**
 * The core's reasons as calendar kinds. `refused` (a 400 for a request we built wrongly, an odd status)
 * and `unknown` are TEMPORARY here, not permanent as in the core: see "Anything unclassifiable" above.
 */
const KIND_OF_REASON: Record<OutboundFailureReason, CalendarErrorKind> = {
  network: 'TEMPORARY',
  throttled: 'RATE_LIMITED',
  unavailable: 'TEMPORARY',
  auth: 'AUTH_REVOKED',
  not_found: 'NOT_FOUND',
  conflict: 'CONFLICT',
  refused: 'TEMPORARY',
  unknown: 'TEMPORARY',
};

const OUTBOUND_KIND: Record<CalendarErrorKind, OutboundFailureKind> = {
  TEMPORARY: 'retryable',
  RATE_LIMITED: 'retryable',
  AUTH_REVOKED: 'auth',
  NOT_FOUND: 'permanent',
  CONFLICT: 'permanent',
};

/** A calendar kind as the outbound core's kind (what an activity may do with it). */
export function outboundKindOf(kind: CalendarErrorKind): OutboundFailureKind {
  return OUTBOUND_KIND[kind];
}

// ─── Shared helpers ─────────────────────────────────────────────────────────────────────────────────

type Rec = Record<string, unknown>;

function rec(x: unknown): Rec | undefined {
  return x !== null && typeof x === 'object' ? (x as Rec) : undefined;
}

function str(x: unknown): string | undefined {
  return typeof x === 'string' ? x : undefined;
}

function httpStatus(x: unknown): number | undefined {
  return typeof x === 'number' && Number.isInteger(x) && x >= 100 && x <= 599 ? x : undefined;
}

/** A JSON body that may arrive parsed, as a string, or as a Buffer. */
function jsonBody(x: unknown): Rec | undefined {
  if (typeof x === 'string') {
    try {
      return rec(JSON.parse(x));
    } catch {
      return undefined;
    }
  }
  if (x instanceof Uint8Array) return jsonBody(Buffer.from(x).toString('utf8'));
  return rec(x);
}

const OAUTH_REVOKED = new Set([
  'invalid_grant',
  'invalid_client',
  'unauthorized_client',
  'deleted_client',
  'invalid_scope',
  'access_denied',
  'interaction_required',
  'consent_required',
  'login_required',
  'invalid_token',
  'insufficient_scope',
]);
const OAUTH_TEMPORARY = new Set(['temporarily_unavailable', 'server_error']);
const OAUTH_WORD = new RegExp(`\\b(${[...OAUTH_REVOKED, ...OAUTH_TEMPORARY].join('|')})\\b`);
/** Entra ID errors that say "try again" rather than "sign in again". */
const AADSTS_TRANSIENT = new Set(['90033', '50196']);

/**
 * An OAuth 2.0 (RFC 6749 §5.2) token error: `{ error: 'invalid_grant', error_description }` bodies,
 * MSAL's `errorCode`, or the code/AADSTS number in a message ("invalid_grant: … AADSTS70008: …").
 */
function oauthFailure(sources: unknown[], texts: (string | undefined)[]): { kind: CalendarErrorKind; code: string } | undefined {
  let code: string | undefined;
  for (const s of sources) {
    const r = rec(s);
    if (!r) continue;
    const c = str(r.error) ?? str(r.errorCode);
    if (c && (OAUTH_REVOKED.has(c) || OAUTH_TEMPORARY.has(c))) {
      code = c;
      break;
    }
  }
  const joined = [...texts, ...sources.map((s) => str(rec(s)?.error_description) ?? str(rec(s)?.errorMessage))]
    .filter((t): t is string => typeof t === 'string')
    .join('\n');
  code ??= OAUTH_WORD.exec(joined)?.[1];
  const aadsts = /AADSTS(\d+)/.exec(joined)?.[1];
  if (aadsts && AADSTS_TRANSIENT.has(aadsts)) return { kind: 'TEMPORARY', code: `AADSTS${aadsts}` };
  if (code && OAUTH_TEMPORARY.has(code)) return { kind: 'TEMPORARY', code };
  if (code) return { kind: 'AUTH_REVOKED', code: aadsts ? `${code}/AADSTS${aadsts}` : code };
  if (aadsts) return { kind: 'AUTH_REVOKED', code: `AADSTS${aadsts}` };
  return undefined;
}

function make(
  provider: string,
  kind: CalendarErrorKind,
  what: string,
  detail: { status?: number | undefined; providerCode?: string | undefined; retryAfterMs?: number | undefined; cause: unknown },
): CalendarError {
  const d: { status?: number; providerCode?: string; retryAfterMs?: number; cause: unknown } = { cause: detail.cause };
  if (detail.status !== undefined) d.status = detail.status;
  if (detail.providerCode !== undefined) d.providerCode = detail.providerCode;
  if (detail.retryAfterMs !== undefined) d.retryAfterMs = detail.retryAfterMs;
  return new CalendarError(kind, `${provider}: ${what}`, d);
}

/** The kind an HTTP status stands for, once provider-specific codes had their say (the core's table). */
function kindOfStatus(status: number, retryAfterMs: number | undefined): CalendarErrorKind {
  return KIND_OF_REASON[reasonOfStatus(status, retryAfterMs)];
}

function describe(err: unknown): string {
  const r = rec(err);
  return str(r?.message) ?? (typeof err === 'string' ? err : 'unknown error');
}

// ─── Google Calendar (googleapis / gaxios) ──────────────────────────────────────────────────────────

/**
 * Google reasons that mean "slow down". Google answers rate limits with 403 as well as 429
 * (https://developers.google.com/workspace/calendar/api/guides/errors): `rateLimitExceeded`,
 * `userRateLimitExceeded`, and `quotaExceeded` ("Calendar usage limits exceeded", a per-user limit on
 * creating events that lifts after hours — still "wait", not "reconnect").
 */
const GOOGLE_RATE_REASONS = new Set(['rateLimitExceeded', 'userRateLimitExceeded', 'quotaExceeded', 'dailyLimitExceeded', 'RATE_LIMIT_EXCEEDED']);

/**
 * A googleapis failure → CalendarError.
 *
 * 403 decision: a rate-limit reason (above) or AIP-193 status RESOURCE_EXHAUSTED → RATE_LIMITED; every
 * other 403 (`forbidden` — e.g. writing to a calendar shared read-only —, `insufficientPermissions` — the
 * user unticked the calendar scope —, `requiredAccessLevel`, `forbiddenForNonOrganizer`,
 * `accessNotConfigured`) → AUTH_REVOKED: the grant does not allow what slotflow must do, no retry can
 * change that, and the connection should show as needing attention.
 *
 * 410 decision: NOT_FOUND, with the reason as `providerCode` (`fullSyncRequired`,
 * `updatedMinTooLongAgo`: the sync token is gone; `deleted`: the event is gone). The connector catches a
 * 410 on `listChanges` before calling this and starts a full sync; elsewhere "gone" is "not found"
 * (`deleteEvent` then treats it as success).
 */
export function googleError(err: unknown, opts: ClassifyOptions = {}): CalendarError {
  if (err instanceof CalendarError) return err;
  const now = opts.now ?? Date.now();
  const e = rec(err);
  const response = rec(e?.response);
  const status = httpStatus(response?.status) ?? httpStatus(e?.status) ?? httpStatus(e?.code);
  const body = jsonBody(response?.data);
  const retryAfterMs = parseRetryAfter(headerValue(response?.headers as HeaderSource, 'retry-after'), now);

  const apiError = rec(body?.error);
  const items = [apiError?.errors, e?.errors, rec(e?.cause)?.errors].find(Array.isArray) as unknown[] | undefined;
  const reasons = (items ?? []).map((i) => str(rec(i)?.reason)).filter((r): r is string => r !== undefined);
  for (const d of Array.isArray(apiError?.details) ? (apiError.details as unknown[]) : []) {
    const r = str(rec(d)?.reason);
    if (r) reasons.push(r);
  }
  const apiStatus = str(apiError?.status);
  const apiMessage = str(apiError?.message);

  const what = (kindText: string) => `${status ?? 'no response'}${kindText ? ` ${kindText}` : ''}: ${apiMessage ?? describe(err)}`;

  // OAuth token endpoint (refreshing the access token): `{ error: 'invalid_grant', error_description }`.
  const oauth = apiError ? undefined : oauthFailure([body, e], [str(e?.message)]);
  if (oauth) return make('Google', oauth.kind, what(oauth.code), { status, providerCode: oauth.code, retryAfterMs, cause: err });

  if (status === undefined) {
    const net = networkCode(err);
    return make('Google', 'TEMPORARY', what(net ?? ''), { providerCode: net, retryAfterMs, cause: err });
  }

  const reason = reasons[0] ?? apiStatus;
  const rateReason = reasons.find((r) => GOOGLE_RATE_REASONS.has(r));
  let kind: CalendarErrorKind;
  if (rateReason || apiStatus === 'RESOURCE_EXHAUSTED') kind = 'RATE_LIMITED';
  else kind = kindOfStatus(status, retryAfterMs);
  const code = rateReason ?? reason;
  return make('Google', kind, what(code ?? ''), { status, providerCode: code, retryAfterMs, cause: err });
}

// ─── Microsoft Graph (@microsoft/microsoft-graph-client) ────────────────────────────────────────────

/** Graph codes (compared case-insensitively: the service spells some both ways) that decide the kind. */
const GRAPH_CODES = new Map<string, CalendarErrorKind>(
  Object.entries({
    // The delta token expired or the server reset its sync state (400 or 410): the connector catches these
    // on listChanges and lists everything; elsewhere the state we pointed at is gone.
    syncstatenotfound: 'NOT_FOUND',
    resyncrequired: 'NOT_FOUND',
    syncstateinvalid: 'NOT_FOUND',
    errorinvalidsyncstatedata: 'NOT_FOUND',
    erroritemnotfound: 'NOT_FOUND',
    itemnotfound: 'NOT_FOUND',
    resourcenotfound: 'NOT_FOUND',
    // Throttling (usually 429, sometimes 503): wait.
    toomanyrequests: 'RATE_LIMITED',
    applicationthrottled: 'RATE_LIMITED',
    activitylimitreached: 'RATE_LIMITED',
    mailboxconcurrency: 'RATE_LIMITED',
    errorserverbusy: 'RATE_LIMITED',
    // The token or the grant is bad, or the account has no Exchange Online mailbox: reconnecting is the fix.
    invalidauthenticationtoken: 'AUTH_REVOKED',
    erroraccessdenied: 'AUTH_REVOKED',
    accessdenied: 'AUTH_REVOKED',
    authorization_requestdenied: 'AUTH_REVOKED',
    mailboxnotenabledforrestapi: 'AUTH_REVOKED',
    interactionrequiredautherror: 'AUTH_REVOKED',
    // The change key / etag did not match.
    errorirresolvableconflict: 'CONFLICT',
  } satisfies Record<string, CalendarErrorKind>),
);

/**
 * A Graph client failure → CalendarError. `GraphError` carries `statusCode` (-1 when no response: a
 * network failure, or the auth provider threw while getting a token), `code`, `body` (the service's
 * `error` object as JSON, or the thrown error's text) and fetch `headers`. Token failures (MSAL's
 * `invalid_grant` with AADSTS70008 "refresh token expired due to inactivity", AADSTS50173 "grant expired
 * because the password changed", AADSTS65001 "consent not granted", …) → AUTH_REVOKED.
 */
export function graphError(err: unknown, opts: ClassifyOptions = {}): CalendarError {
  if (err instanceof CalendarError) return err;
  const now = opts.now ?? Date.now();
  const e = rec(err);
  const status = httpStatus(e?.statusCode) ?? httpStatus(e?.status);
  const body = jsonBody(e?.body);
  const inner = rec(body?.error) ?? body; // the SDK stores the inner object; raw responses nest it in `error`
  const code = str(e?.code) ?? str(inner?.code);
  const message = str(inner?.message) ?? describe(err);
  const retryAfterMs = parseRetryAfter(headerValue(e?.headers as HeaderSource, 'retry-after'), now);
  const what = (c: string | undefined) => `${status ?? 'no response'}${c ? ` ${c}` : ''}: ${message}`;

  const mapped = code ? GRAPH_CODES.get(code.toLowerCase()) : undefined;
  if (mapped) return make('Microsoft Graph', mapped, what(code), { status, providerCode: code, retryAfterMs, cause: err });

  // No mapped code: a token failure (before any request, or the token endpoint's own answer)?
  if (status === undefined || status === 400 || status === 401) {
    const oauth = oauthFailure([body, e, rec(e?.cause)], [str(e?.message), typeof e?.body === 'string' ? e.body : undefined]);
    if (oauth) return make('Microsoft Graph', oauth.kind, what(oauth.code), { status, providerCode: oauth.code, retryAfterMs, cause: err });
  }
  if (status === undefined) {
    const net = networkCode(err) ?? networkCode(e?.cause);
    return make('Microsoft Graph', 'TEMPORARY', what(net ?? code ?? undefined), { providerCode: net ?? code, retryAfterMs, cause: err });
  }
  return make('Microsoft Graph', kindOfStatus(status, retryAfterMs), what(code), { status, providerCode: code, retryAfterMs, cause: err });
}

// ─── CalDAV (tsdav / fetch) ─────────────────────────────────────────────────────────────────────────

/** RFC 4791 §5.3.2.1 / §5.3.2 preconditions that say "the request was wrong", not "you may not". */
const DAV_REQUEST_PRECONDITIONS = [
  'supported-calendar-data',
  'valid-calendar-data',
  'valid-calendar-object-resource',
  'supported-calendar-component',
  'calendar-collection-location-ok',
  'max-resource-size',
  'min-date-time',
  'max-date-time',
  'max-instances',
  'max-attendees-per-instance',
];
const DAV_PRECONDITIONS = ['no-uid-conflict', 'need-privileges', ...DAV_REQUEST_PRECONDITIONS];

/**
 * A CalDAV failure → CalendarError: an HTTP status with the response body and headers, or a thrown
 * error (network failure; a `Response`-like object with a numeric `status` is read as its status).
 *
 * 403 reads the DAV:error body (RFC 4918 §16): `CALDAV:no-uid-conflict` (RFC 4791 §5.3.2.1: a resource
 * with our UID already exists under another name) is the same "already written" race as 409/412 →
 * CONFLICT; a request precondition (`valid-calendar-data`, `max-resource-size`, … — our iCalendar was
 * refused) → TEMPORARY like any request we built wrongly; `DAV:need-privileges` (RFC 3744 §7.1.1:
 * read-only calendar) and a bare 403 (revoked app password, locked account) → AUTH_REVOKED.
 */
export function caldavError(status: number, body?: string | null, headers?: HeaderSource, opts?: ClassifyOptions): CalendarError;
export function caldavError(err: unknown): CalendarError;
export function caldavError(statusOrErr: unknown, body?: string | null, headers?: HeaderSource, opts: ClassifyOptions = {}): CalendarError {
  if (statusOrErr instanceof CalendarError) return statusOrErr;
  const now = opts.now ?? Date.now();
  const r = rec(statusOrErr);
  const responseLike = r !== undefined && !(statusOrErr instanceof Error);
  const status = httpStatus(statusOrErr) ?? (responseLike ? httpStatus(r.status) : undefined);
  const hdrs = headers ?? (responseLike ? (r.headers as HeaderSource) : undefined);
  const retryAfterMs = parseRetryAfter(headerValue(hdrs, 'retry-after'), now);

  if (status === undefined) {
    const net = networkCode(statusOrErr);
    return make('CalDAV', 'TEMPORARY', `${net ?? 'no response'}: ${describe(statusOrErr)}`, { providerCode: net, retryAfterMs, cause: statusOrErr });
  }

  const text = typeof body === 'string' ? body : '';
  const precondition = DAV_PRECONDITIONS.find((p) => new RegExp(`<(?:[\\w.-]+:)?${p}[\\s/>]`, 'i').test(text));
  // sabre/dav (Nextcloud, Baïkal) names its exception class; anything else the server wrote is not kept:
  // error text from a server the admin pointed us at must not come back through the API or stored errors.
  const exception = /<(?:[\w.-]+:)?exception\b[^>]*>([^<]{1,200})</i.exec(text)?.[1]?.trim();
  const serverCode = exception !== undefined && /^[A-Za-z0-9_\\.:-]{1,100}$/.test(exception) ? exception : undefined;
  let kind = kindOfStatus(status, retryAfterMs);
  if (status === 403 && precondition === 'no-uid-conflict') kind = 'CONFLICT';
  else if (status === 403 && precondition !== undefined && DAV_REQUEST_PRECONDITIONS.includes(precondition)) kind = 'TEMPORARY';
  const code = precondition ?? serverCode;
  const summary = code;
  return make('CalDAV', kind, `${status}${summary ? `: ${summary}` : ''}`, {
    status,
    providerCode: code,
    retryAfterMs,
    cause: typeof statusOrErr === 'number' ? undefined : statusOrErr,
  });
}

/** A Graph delta link the service no longer knows (410 Gone, syncStateNotFound, resyncRequired): start a new round. */
export function isGraphSyncReset(err: CalendarError): boolean {
  return err.detail.status === 410 || /syncState|resyncRequired/i.test(err.detail.providerCode ?? '');
}

/**
 * A Microsoft Graph (or identity platform) failure → CalendarError through `graphError`, with the
 * operation named in the message for the logs.
 */
export function graphFailure(err: unknown, operation: string): CalendarError {
  const c = graphError(err);
  return c === err ? c : new CalendarError(c.kind, `microsoft ${operation}: ${c.message}`, c.detail);
}

/** The HTTP status of a googleapis / gaxios failure, if it has one. */
export function googleStatusOf(err: unknown): number | undefined {
  const e = err as { status?: unknown; response?: { status?: unknown } } | null;
  const status = e?.response?.status ?? e?.status;
  return typeof status === 'number' ? status : undefined;
}

/**
 * A googleapis / OAuth failure → CalendarError through `googleError`, with the operation named in the
 * message for the logs.
 */
export function googleFailure(err: unknown, operation: string): CalendarError {
  const c = googleError(err);
  return c === err ? c : new CalendarError(c.kind, `google ${operation}: ${c.message}`, c.detail);
}
