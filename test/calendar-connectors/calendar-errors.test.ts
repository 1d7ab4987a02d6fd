/**
 * Table tests for the provider error classifiers. Response bodies are recorded as the providers document
 * them (source pages cited above each table); the error objects are shaped like the SDKs build them:
 * gaxios 8 (`googleapis`) puts the parsed body in `err.response.data` and a fetch `Headers` in
 * `err.response.headers`; the Graph client's `GraphError`s are built by its own `GraphErrorHandler`.
 */
import { GraphErrorHandler } from '@microsoft/microsoft-graph-client/lib/src/GraphErrorHandler.js';
import { describe, expect, it } from 'vitest';
import { CalendarError, type CalendarErrorKind } from '../../src/calendar-connectors/connector.ts';
import {
  caldavError,
  googleError,
  googleFailure,
  googleStatusOf,
  graphError,
  graphFailure,
  isGraphSyncReset,
  parseRetryAfter,
} from '../../src/calendar-connectors/calendar-errors.ts';

const NOW = Date.parse('2026-03-01T12:00:00Z');
const HTTP_DATE_IN_90S = 'Sun, 01 Mar 2026 12:01:30 GMT';

type Expect = { kind: CalendarErrorKind; providerCode?: string | undefined; retryAfterMs?: number | undefined; status?: number | undefined };

function check(err: CalendarError, want: Expect) {
  expect(err).toBeInstanceOf(CalendarError);
  expect(err.kind).toBe(want.kind);
  if ('providerCode' in want) expect(err.detail.providerCode).toBe(want.providerCode);
  if ('retryAfterMs' in want) expect(err.detail.retryAfterMs).toBe(want.retryAfterMs);
  if ('status' in want) expect(err.detail.status).toBe(want.status);
}

// ─── Retry-After ────────────────────────────────────────────────────────────────────────────────────

describe('parseRetryAfter (RFC 9110 §10.2.3: delta-seconds or HTTP-date)', () => {
  it.each([
    ['120', 120_000],
    [' 0 ', 0],
    [HTTP_DATE_IN_90S, 90_000],
    ['Sunday, 01-Mar-26 12:01:30 GMT', 90_000], // obsolete RFC 850 form
    ['Sun, 01 Mar 2026 11:00:00 GMT', 0], // in the past: retry now
    ['-5', undefined],
    ['1.5', 1500], // fractions allowed since the shared outbound core (was undefined)
    ['soon', undefined],
    ['', undefined],
  ])('%j → %j', (value, ms) => {
    expect(parseRetryAfter(value, NOW)).toBe(ms);
  });

  it('absent → undefined', () => {
    expect(parseRetryAfter(undefined, NOW)).toBeUndefined();
    expect(parseRetryAfter(null, NOW)).toBeUndefined();
  });
});

// ─── Google Calendar ────────────────────────────────────────────────────────────────────────────────

/** A googleapis (gaxios 8) error: `err.response.{status, headers, data}`, `err.status`, numeric `err.code`. */
function gaxiosError(status: number, data: unknown, headers: Record<string, string> | Headers = {}) {
  const message = typeof (data as { error?: unknown })?.error === 'string' ? (data as { error: string }).error : 'Request failed';
  return Object.assign(new Error(message), {
    name: 'GaxiosError',
    status,
    code: status,
    response: { status, statusText: '', headers: headers instanceof Headers ? headers : new Headers(headers), data, config: {} },
    config: {},
  });
}

const googleBody = (code: number, domain: string, reason: string, message: string, extra: Record<string, unknown> = {}) => ({
  error: { errors: [{ domain, reason, message, ...extra }], code, message },
});

// https://developers.google.com/workspace/calendar/api/guides/errors (bodies as listed there)
const GOOGLE_DOCUMENTED: [string, number, unknown, Expect][] = [
  [
    '400 timeRangeEmpty (our bug: bounded retry)',
    400,
    googleBody(400, 'calendar', 'timeRangeEmpty', 'The specified time range is empty.', { locationType: 'parameter', location: 'timeMax' }),
    { kind: 'TEMPORARY', providerCode: 'timeRangeEmpty' },
  ],
  [
    '401 authError',
    401,
    googleBody(401, 'global', 'authError', 'Invalid Credentials', { locationType: 'header', location: 'Authorization' }),
    { kind: 'AUTH_REVOKED', providerCode: 'authError' },
  ],
  [
    '403 userRateLimitExceeded',
    403,
    googleBody(403, 'usageLimits', 'userRateLimitExceeded', 'User Rate Limit Exceeded'),
    { kind: 'RATE_LIMITED', providerCode: 'userRateLimitExceeded' },
  ],
  [
    '403 rateLimitExceeded',
    403,
    googleBody(403, 'usageLimits', 'rateLimitExceeded', 'Rate Limit Exceeded'),
    { kind: 'RATE_LIMITED', providerCode: 'rateLimitExceeded' },
  ],
  [
    '403 quotaExceeded (Calendar usage limits)',
    403,
    googleBody(403, 'usageLimits', 'quotaExceeded', 'Calendar usage limits exceeded.'),
    { kind: 'RATE_LIMITED', providerCode: 'quotaExceeded' },
  ],
  [
    '403 forbiddenForNonOrganizer',
    403,
    googleBody(403, 'calendar', 'forbiddenForNonOrganizer', 'Shared properties can only be changed by the organizer of the event.'),
    { kind: 'AUTH_REVOKED', providerCode: 'forbiddenForNonOrganizer' },
  ],
  ['404 notFound', 404, googleBody(404, 'global', 'notFound', 'Not Found'), { kind: 'NOT_FOUND', providerCode: 'notFound' }],
  [
    '409 duplicate (event id exists: the retried insert)',
    409,
    googleBody(409, 'global', 'duplicate', 'The requested identifier already exists.'),
    { kind: 'CONFLICT', providerCode: 'duplicate' },
  ],
  [
    '410 fullSyncRequired',
    410,
    googleBody(410, 'calendar', 'fullSyncRequired', 'Sync token is no longer valid, a full sync is required.'),
    { kind: 'NOT_FOUND', providerCode: 'fullSyncRequired' },
  ],
  [
    '410 updatedMinTooLongAgo',
    410,
    googleBody(410, 'calendar', 'updatedMinTooLongAgo', 'The requested minimum modification time lies too far in the past.'),
    { kind: 'NOT_FOUND', providerCode: 'updatedMinTooLongAgo' },
  ],
  ['410 deleted', 410, googleBody(410, 'global', 'deleted', 'Resource has been deleted'), { kind: 'NOT_FOUND', providerCode: 'deleted' }],
  [
    '412 conditionNotMet',
    412,
    googleBody(412, 'global', 'conditionNotMet', 'Precondition Failed', { locationType: 'header', location: 'If-Match' }),
    { kind: 'CONFLICT', providerCode: 'conditionNotMet' },
  ],
  [
    '429 rateLimitExceeded',
    429,
    googleBody(429, 'usageLimits', 'rateLimitExceeded', 'Rate Limit Exceeded'),
    { kind: 'RATE_LIMITED', providerCode: 'rateLimitExceeded' },
  ],
  ['500 backendError', 500, googleBody(500, 'global', 'backendError', 'Backend Error'), { kind: 'TEMPORARY', providerCode: 'backendError' }],
];

// Seen in the wild (same page's 403 family; https://developers.google.com/workspace/calendar/api/concepts/sharing).
const GOOGLE_OTHER: [string, number, unknown, Expect][] = [
  [
    '403 requiredAccessLevel (calendar shared read-only)',
    403,
    googleBody(403, 'calendar', 'requiredAccessLevel', 'You need to have writer access to this calendar.'),
    { kind: 'AUTH_REVOKED', providerCode: 'requiredAccessLevel' },
  ],
  [
    '403 insufficientPermissions (scope unticked; AIP-193 status)',
    403,
    {
      error: {
        code: 403,
        message: 'Request had insufficient authentication scopes.',
        errors: [{ message: 'Insufficient Permission', domain: 'global', reason: 'insufficientPermissions' }],
        status: 'PERMISSION_DENIED',
        details: [{ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'ACCESS_TOKEN_SCOPE_INSUFFICIENT', domain: 'googleapis.com' }],
      },
    },
    { kind: 'AUTH_REVOKED', providerCode: 'insufficientPermissions' },
  ],
  [
    '429 RESOURCE_EXHAUSTED without errors[]',
    429,
    { error: { code: 429, message: 'Quota exceeded', status: 'RESOURCE_EXHAUSTED' } },
    { kind: 'RATE_LIMITED', providerCode: 'RESOURCE_EXHAUSTED' },
  ],
  ['502 with an HTML body', 502, '<html><body>Bad Gateway</body></html>', { kind: 'TEMPORARY', providerCode: undefined }],
  ['503 backendError', 503, googleBody(503, 'global', 'backendError', 'Backend Error'), { kind: 'TEMPORARY', providerCode: 'backendError' }],
];

// OAuth token endpoint (refresh): https://developers.google.com/identity/protocols/oauth2/web-server#exchange-errors
const GOOGLE_TOKEN: [string, number, unknown, Expect][] = [
  [
    'invalid_grant: revoked or expired refresh token',
    400,
    { error: 'invalid_grant', error_description: 'Token has been expired or revoked.' },
    { kind: 'AUTH_REVOKED', providerCode: 'invalid_grant' },
  ],
  ['invalid_grant: bad request', 400, { error: 'invalid_grant', error_description: 'Bad Request' }, { kind: 'AUTH_REVOKED', providerCode: 'invalid_grant' }],
  [
    'deleted_client',
    401,
    { error: 'deleted_client', error_description: 'The OAuth client was deleted.' },
    { kind: 'AUTH_REVOKED', providerCode: 'deleted_client' },
  ],
  ['invalid_client', 401, { error: 'invalid_client', error_description: 'Unauthorized' }, { kind: 'AUTH_REVOKED', providerCode: 'invalid_client' }],
];

describe('googleError', () => {
  it.each([...GOOGLE_DOCUMENTED, ...GOOGLE_OTHER, ...GOOGLE_TOKEN])('%s', (_name, status, body, want) => {
    check(googleError(gaxiosError(status, body), { now: NOW }), { ...want, status });
  });

  it('Retry-After in seconds or as an HTTP date, from fetch Headers or a plain object', () => {
    const body = googleBody(429, 'usageLimits', 'rateLimitExceeded', 'Rate Limit Exceeded');
    check(googleError(gaxiosError(429, body, { 'Retry-After': '30' }), { now: NOW }), { kind: 'RATE_LIMITED', retryAfterMs: 30_000 });
    check(googleError(gaxiosError(429, body, { 'retry-after': HTTP_DATE_IN_90S }), { now: NOW }), { kind: 'RATE_LIMITED', retryAfterMs: 90_000 });
    const plain = { ...gaxiosError(403, googleBody(403, 'usageLimits', 'userRateLimitExceeded', 'User Rate Limit Exceeded')) };
    plain.response = { ...plain.response, headers: { 'retry-after': '7' } as unknown as Headers };
    check(googleError(plain, { now: NOW }), { kind: 'RATE_LIMITED', retryAfterMs: 7000 });
    check(googleError(gaxiosError(429, body), { now: NOW }), { kind: 'RATE_LIMITED', retryAfterMs: undefined });
  });

  it('503 with Retry-After is a rate limit; other 5xx keep the hint but stay TEMPORARY', () => {
    const b = googleBody(503, 'global', 'backendError', 'Backend Error');
    check(googleError(gaxiosError(503, b, { 'Retry-After': '5' }), { now: NOW }), { kind: 'RATE_LIMITED', retryAfterMs: 5000 });
    check(googleError(gaxiosError(500, b, { 'Retry-After': '5' }), { now: NOW }), { kind: 'TEMPORARY', retryAfterMs: 5000 });
  });

  it('a body that arrives as a JSON string is parsed', () => {
    check(googleError(gaxiosError(409, JSON.stringify(googleBody(409, 'global', 'duplicate', 'The requested identifier already exists.')))), {
      kind: 'CONFLICT',
      providerCode: 'duplicate',
    });
  });

  it('network failures (no response) are TEMPORARY, found along the cause chain', () => {
    const reset = Object.assign(new Error('request to https://www.googleapis.com/calendar/v3 failed, reason: socket hang up'), {
      name: 'GaxiosError',
      code: 'ECONNRESET',
    });
    check(googleError(reset), { kind: 'TEMPORARY', providerCode: 'ECONNRESET', status: undefined });
    const fetchFailed = new TypeError('fetch failed', { cause: Object.assign(new Error('getaddrinfo EAI_AGAIN www.googleapis.com'), { code: 'EAI_AGAIN' }) });
    const wrapped = Object.assign(new Error('fetch failed'), { name: 'GaxiosError', error: fetchFailed });
    check(googleError(wrapped), { kind: 'TEMPORARY', providerCode: 'EAI_AGAIN' });
    check(googleError(new DOMException('The operation timed out.', 'TimeoutError')), { kind: 'TEMPORARY', providerCode: 'TimeoutError' });
  });

  it('a plain Error("invalid_grant") from the auth library is AUTH_REVOKED; unknown errors are TEMPORARY', () => {
    check(googleError(new Error('invalid_grant')), { kind: 'AUTH_REVOKED', providerCode: 'invalid_grant' });
    check(googleError(new Error('something odd')), { kind: 'TEMPORARY' });
    check(googleError('a string'), { kind: 'TEMPORARY' });
    check(googleError(undefined), { kind: 'TEMPORARY' });
  });

  it('keeps the original error as cause and passes CalendarErrors through', () => {
    const original = gaxiosError(404, googleBody(404, 'global', 'notFound', 'Not Found'));
    const c = googleError(original);
    expect(c.cause).toBe(original);
    expect(c.detail.cause).toBe(original);
    expect(c.message).toContain('Not Found');
    expect(googleError(c)).toBe(c);
  });
});

// ─── Microsoft Graph ────────────────────────────────────────────────────────────────────────────────

/** A GraphError exactly as the SDK builds it from a JSON error response. */
async function graphResponseError(status: number, body: unknown, headers: Record<string, string> = {}) {
  return GraphErrorHandler.getError(body, status, undefined, new Response(null, { status, headers }));
}

const inner = {
  date: '2026-03-01T12:00:00',
  'request-id': '3a1b6c70-0d8e-4a5e-9d3f-2f1b0c7e9a11',
  'client-request-id': '3a1b6c70-0d8e-4a5e-9d3f-2f1b0c7e9a11',
};
const graphBody = (code: string, message: string, innerError: Record<string, unknown> = inner) => ({ error: { code, message, innerError } });

// https://learn.microsoft.com/en-us/graph/errors, https://learn.microsoft.com/en-us/graph/throttling,
// https://learn.microsoft.com/en-us/graph/delta-query-overview (synchronization reset),
// https://devblogs.microsoft.com/microsoft365dev/duration-of-change-tracking-tokens-for-identity-and-education-resources/
const GRAPH_RESPONSES: [string, number, unknown, Record<string, string>, Expect][] = [
  [
    '401 InvalidAuthenticationToken',
    401,
    graphBody('InvalidAuthenticationToken', 'Access token has expired or is not yet valid.'),
    {},
    { kind: 'AUTH_REVOKED', providerCode: 'InvalidAuthenticationToken' },
  ],
  [
    '403 ErrorAccessDenied',
    403,
    graphBody('ErrorAccessDenied', 'Access is denied. Check credentials and try again.'),
    {},
    { kind: 'AUTH_REVOKED', providerCode: 'ErrorAccessDenied' },
  ],
  [
    '404 MailboxNotEnabledForRESTAPI (no Exchange Online mailbox)',
    404,
    graphBody('MailboxNotEnabledForRESTAPI', 'The mailbox is either inactive, soft-deleted, or is hosted on-premise.'),
    {},
    { kind: 'AUTH_REVOKED', providerCode: 'MailboxNotEnabledForRESTAPI' },
  ],
  [
    '404 ErrorItemNotFound',
    404,
    graphBody('ErrorItemNotFound', 'The specified object was not found in the store.'),
    {},
    { kind: 'NOT_FOUND', providerCode: 'ErrorItemNotFound' },
  ],
  [
    '409 ErrorIrresolvableConflict',
    409,
    graphBody(
      'ErrorIrresolvableConflict',
      'The send or update operation could not be performed because the change key passed in the request does not match the current change key for the item.',
    ),
    {},
    { kind: 'CONFLICT', providerCode: 'ErrorIrresolvableConflict' },
  ],
  ['412 PreconditionFailed', 412, graphBody('PreconditionFailed', 'The precondition failed.'), {}, { kind: 'CONFLICT', providerCode: 'PreconditionFailed' }],
  [
    '429 TooManyRequests with Retry-After',
    429,
    {
      error: {
        code: 'TooManyRequests',
        innerError: { code: '429', date: '2026-03-01T12:00:00', message: 'Please retry after', 'request-id': inner['request-id'], status: '429' },
        message: 'Please retry again later.',
      },
    },
    { 'Retry-After': '10' },
    { kind: 'RATE_LIMITED', providerCode: 'TooManyRequests', retryAfterMs: 10_000 },
  ],
  [
    '429 ApplicationThrottled (MailboxConcurrency)',
    429,
    graphBody('ApplicationThrottled', 'Application is over its MailboxConcurrency limit.'),
    { 'Retry-After': '2' },
    { kind: 'RATE_LIMITED', providerCode: 'ApplicationThrottled', retryAfterMs: 2000 },
  ],
  ['429 without Retry-After', 429, graphBody('TooManyRequests', 'Too many requests.'), {}, { kind: 'RATE_LIMITED', retryAfterMs: undefined }],
  [
    '400 syncStateNotFound (expired delta token)',
    400,
    graphBody('syncStateNotFound', 'The sync state generation is not found. The delta token is expired and data must be synchronized again.'),
    {},
    { kind: 'NOT_FOUND', providerCode: 'syncStateNotFound' },
  ],
  [
    '410 resyncRequired',
    410,
    graphBody(
      'resyncRequired',
      "Resync required. Replace any local items with the server's version (including deletes) if you're sure that the service was up to date with your local changes when you last sync'd.",
    ),
    {},
    { kind: 'NOT_FOUND', providerCode: 'resyncRequired' },
  ],
  [
    '410 SyncStateNotFound (other spelling)',
    410,
    graphBody('SyncStateNotFound', 'The sync state root folder is not found.'),
    {},
    { kind: 'NOT_FOUND', providerCode: 'SyncStateNotFound' },
  ],
  [
    '503 ServiceNotAvailable with Retry-After (throttling)',
    503,
    graphBody(
      'ServiceNotAvailable',
      'The service is temporarily unavailable for maintenance or is overloaded. You may repeat the request after a delay, the length of which may be specified in a Retry-After header.',
    ),
    { 'Retry-After': HTTP_DATE_IN_90S },
    { kind: 'RATE_LIMITED', providerCode: 'ServiceNotAvailable', retryAfterMs: 90_000 },
  ],
  [
    '503 ServiceNotAvailable without Retry-After',
    503,
    graphBody('ServiceNotAvailable', 'The service is temporarily unavailable.'),
    {},
    { kind: 'TEMPORARY', providerCode: 'ServiceNotAvailable' },
  ],
  [
    '500 generalException',
    500,
    graphBody('generalException', 'An unspecified error has occurred.'),
    {},
    { kind: 'TEMPORARY', providerCode: 'generalException' },
  ],
  ['504 UnknownError', 504, graphBody('UnknownError', ''), {}, { kind: 'TEMPORARY', providerCode: 'UnknownError' }],
  [
    '400 ErrorInvalidIdMalformed (our bug: bounded retry)',
    400,
    graphBody('ErrorInvalidIdMalformed', 'Id is malformed.'),
    {},
    { kind: 'TEMPORARY', providerCode: 'ErrorInvalidIdMalformed' },
  ],
];

// Microsoft identity platform token errors: https://learn.microsoft.com/en-us/entra/identity-platform/v2-oauth2-auth-code-flow#error-response-1
// and https://learn.microsoft.com/en-us/entra/identity-platform/reference-error-codes
const aadTokenBody = (error: string, aadsts: number, text: string) => ({
  error,
  error_description: `AADSTS${aadsts}: ${text}\r\nTrace ID: 0000aaaa-11bb-cccc-dd22-eeeeee333333\r\nCorrelation ID: aaaa0000-bb11-2222-33cc-444444dddddd\r\nTimestamp: 2026-03-01 12:00:00Z`,
  error_codes: [aadsts],
  timestamp: '2026-03-01 12:00:00Z',
  trace_id: '0000aaaa-11bb-cccc-dd22-eeeeee333333',
  correlation_id: 'aaaa0000-bb11-2222-33cc-444444dddddd',
  error_uri: `https://login.microsoftonline.com/error?code=${aadsts}`,
});
const AAD_TOKEN: [string, unknown, Expect][] = [
  [
    'AADSTS70008 refresh token expired due to inactivity',
    aadTokenBody(
      'invalid_grant',
      70008,
      'The provided authorization code or refresh token has expired due to inactivity. Send a new interactive authorization request for this user and resource.',
    ),
    { kind: 'AUTH_REVOKED', providerCode: 'invalid_grant/AADSTS70008' },
  ],
  [
    'AADSTS50173 grant expired (password changed)',
    aadTokenBody(
      'invalid_grant',
      50173,
      'The provided grant has expired due to it being revoked, a fresh auth token is needed. The user might have changed or reset their password.',
    ),
    { kind: 'AUTH_REVOKED', providerCode: 'invalid_grant/AADSTS50173' },
  ],
  [
    'AADSTS65001 consent not granted',
    aadTokenBody(
      'invalid_grant',
      65001,
      "The user or administrator has not consented to use the application with ID '…'. Send an interactive authorization request for this user and resource.",
    ),
    { kind: 'AUTH_REVOKED', providerCode: 'invalid_grant/AADSTS65001' },
  ],
  [
    'AADSTS50076 MFA required',
    aadTokenBody(
      'interaction_required',
      50076,
      'Due to a configuration change made by your administrator, or because you moved to a new location, you must use multi-factor authentication to access.',
    ),
    { kind: 'AUTH_REVOKED', providerCode: 'interaction_required/AADSTS50076' },
  ],
  [
    'AADSTS7000222 client secret expired',
    aadTokenBody('invalid_client', 7000222, 'The provided client secret keys for app are expired.'),
    { kind: 'AUTH_REVOKED', providerCode: 'invalid_client/AADSTS7000222' },
  ],
  [
    'AADSTS90033 transient',
    aadTokenBody('temporarily_unavailable', 90033, 'A transient error has occurred. Please try again.'),
    { kind: 'TEMPORARY', providerCode: 'AADSTS90033' },
  ],
];

describe('graphError', () => {
  it.each(GRAPH_RESPONSES)('%s', async (_name, status, body, headers, want) => {
    const err = await graphResponseError(status, body, headers);
    check(graphError(err, { now: NOW }), { ...want, status });
  });

  it.each(AAD_TOKEN)('token endpoint body: %s', (_name, body, want) => {
    // An adapter that calls the token endpoint itself hands over status and parsed body.
    check(graphError({ statusCode: 400, body }, { now: NOW }), want);
  });

  it.each(AAD_TOKEN)('MSAL error thrown by the auth provider (wrapped by the SDK): %s', async (_name, body, want) => {
    const b = body as { error: string; error_description: string };
    const msal = Object.assign(new Error(`${b.error}: ${b.error_description}`), {
      name: b.error === 'invalid_grant' || b.error === 'interaction_required' ? 'InteractionRequiredAuthError' : 'ServerError',
      errorCode: b.error,
      errorMessage: b.error_description,
      subError: '',
    });
    // The SDK turns an exception from the middleware into GraphError(statusCode -1, code = error.name).
    const err = await GraphErrorHandler.getError(msal);
    expect(err.statusCode).toBe(-1);
    check(graphError(err, { now: NOW }), { kind: want.kind, status: undefined });
    check(graphError(msal, { now: NOW }), want); // and unwrapped
  });

  it('network failure (fetch failed) is TEMPORARY', async () => {
    const fetchFailed = new TypeError('fetch failed', { cause: Object.assign(new Error('connect ECONNREFUSED 20.190.1.1:443'), { code: 'ECONNREFUSED' }) });
    check(graphError(fetchFailed), { kind: 'TEMPORARY', providerCode: 'ECONNREFUSED' });
    const wrapped = await GraphErrorHandler.getError(fetchFailed);
    check(graphError(wrapped), { kind: 'TEMPORARY', status: undefined });
  });

  it('codes like "constructor" do not hit Object.prototype', async () => {
    check(graphError(await graphResponseError(400, graphBody('constructor', 'x'))), { kind: 'TEMPORARY', providerCode: 'constructor' });
  });
});

// ─── CalDAV ─────────────────────────────────────────────────────────────────────────────────────────

// RFC 4791 §5.3.2.1 (CALDAV:no-uid-conflict and the other PUT preconditions), RFC 3744 §7.1.1
// (DAV:need-privileges), RFC 4918 §16 (DAV:error bodies); sabre/dav's error body (Nextcloud, Baïkal).
const NO_UID_CONFLICT = `<?xml version="1.0" encoding="utf-8" ?>
<D:error xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">
  <C:no-uid-conflict><D:href>/home/lisa/calendars/events/abc.ics</D:href></C:no-uid-conflict>
</D:error>`;
const NEED_PRIVILEGES = `<?xml version="1.0" encoding="utf-8" ?>
<D:error xmlns:D="DAV:">
  <D:need-privileges>
    <D:resource><D:href>/calendars/lisa/shared/</D:href><D:privilege><D:bind/></D:privilege></D:resource>
  </D:need-privileges>
</D:error>`;
const VALID_CALENDAR_DATA = `<?xml version="1.0" encoding="utf-8" ?>
<D:error xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav"><C:valid-calendar-data/></D:error>`;
const SABRE_FORBIDDEN = `<?xml version="1.0" encoding="utf-8"?>
<d:error xmlns:d="DAV:" xmlns:s="http://sabredav.org/ns">
  <s:exception>Sabre\\DAV\\Exception\\Forbidden</s:exception>
  <s:message>Permission denied to write to this calendar</s:message>
</d:error>`;
const SABRE_NOT_AUTHENTICATED = `<?xml version="1.0" encoding="utf-8"?>
<d:error xmlns:d="DAV:" xmlns:s="http://sabredav.org/ns">
  <s:exception>Sabre\\DAV\\Exception\\NotAuthenticated</s:exception>
  <s:message>No public access to this resource., Username or password was incorrect</s:message>
</d:error>`;
const SABRE_NOT_FOUND = `<?xml version="1.0" encoding="utf-8"?>
<d:error xmlns:d="DAV:" xmlns:s="http://sabredav.org/ns">
  <s:exception>Sabre\\DAV\\Exception\\NotFound</s:exception>
  <s:message>Calendar object not found</s:message>
</d:error>`;

const CALDAV: [string, number, string | undefined, Record<string, string> | undefined, Expect][] = [
  [
    '401 (sabre NotAuthenticated)',
    401,
    SABRE_NOT_AUTHENTICATED,
    { 'WWW-Authenticate': 'Basic realm="SabreDAV"' },
    { kind: 'AUTH_REVOKED', providerCode: 'Sabre\\DAV\\Exception\\NotAuthenticated' },
  ],
  ['403 bare', 403, undefined, undefined, { kind: 'AUTH_REVOKED', providerCode: undefined }],
  ['403 need-privileges (read-only calendar)', 403, NEED_PRIVILEGES, undefined, { kind: 'AUTH_REVOKED', providerCode: 'need-privileges' }],
  ['403 sabre Forbidden', 403, SABRE_FORBIDDEN, undefined, { kind: 'AUTH_REVOKED', providerCode: 'Sabre\\DAV\\Exception\\Forbidden' }],
  ['403 no-uid-conflict (our UID already stored)', 403, NO_UID_CONFLICT, undefined, { kind: 'CONFLICT', providerCode: 'no-uid-conflict' }],
  ['403 valid-calendar-data (our iCalendar refused)', 403, VALID_CALENDAR_DATA, undefined, { kind: 'TEMPORARY', providerCode: 'valid-calendar-data' }],
  ['404 (sabre NotFound)', 404, SABRE_NOT_FOUND, undefined, { kind: 'NOT_FOUND', providerCode: 'Sabre\\DAV\\Exception\\NotFound' }],
  ['410', 410, '', undefined, { kind: 'NOT_FOUND' }],
  ['409', 409, 'Conflict', undefined, { kind: 'CONFLICT' }],
  ['412 If-Match / If-None-Match: * failed', 412, '', undefined, { kind: 'CONFLICT' }],
  ['423 Locked', 423, '', undefined, { kind: 'TEMPORARY' }],
  ['429 with seconds', 429, '', { 'Retry-After': '120' }, { kind: 'RATE_LIMITED', retryAfterMs: 120_000 }],
  ['429 without Retry-After', 429, '', undefined, { kind: 'RATE_LIMITED', retryAfterMs: undefined }],
  ['503 with an HTTP date', 503, '', { 'retry-after': HTTP_DATE_IN_90S }, { kind: 'RATE_LIMITED', retryAfterMs: 90_000 }],
  ['503 without Retry-After', 503, '<html>Service Unavailable</html>', undefined, { kind: 'TEMPORARY' }],
  ['500', 500, 'Internal Server Error', undefined, { kind: 'TEMPORARY' }],
  ['507 Insufficient Storage', 507, '', undefined, { kind: 'TEMPORARY' }],
  ['400', 400, 'Bad Request', undefined, { kind: 'TEMPORARY' }],
];

describe('caldavError', () => {
  it.each(CALDAV)('%s', (_name, status, body, headers, want) => {
    check(caldavError(status, body, headers, { now: NOW }), { ...want, status });
  });

  it('reads fetch Headers too', () => {
    check(caldavError(429, '', new Headers({ 'Retry-After': '3' })), { kind: 'RATE_LIMITED', retryAfterMs: 3000 });
  });

  it('network failures are TEMPORARY', () => {
    for (const code of ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_SOCKET']) {
      const err = new TypeError('fetch failed', { cause: Object.assign(new Error(code), { code }) });
      check(caldavError(err), { kind: 'TEMPORARY', providerCode: code, status: undefined });
    }
    check(caldavError(new TypeError('fetch failed')), { kind: 'TEMPORARY', providerCode: 'fetch failed' });
    check(caldavError(new Error('unexpected')), { kind: 'TEMPORARY' });
  });

  it('a Response passed as the error is classified by its status and headers', () => {
    check(caldavError(new Response(null, { status: 503, headers: { 'Retry-After': '4' } })), { kind: 'RATE_LIMITED', status: 503, retryAfterMs: 4000 });
    check(caldavError(new Response(null, { status: 404 })), { kind: 'NOT_FOUND', status: 404 });
  });
});

describe('connector wrappers (googleFailure, graphFailure)', () => {
  it('classify as the shared classifiers do and name the operation; a CalendarError passes through unchanged', async () => {
    const g = googleFailure(
      gaxiosError(429, { error: { code: 429, message: 'Rate Limit Exceeded', errors: [{ reason: 'rateLimitExceeded' }] } }, { 'Retry-After': '30' }),
      'events.list',
    );
    expect([g.kind, g.detail.retryAfterMs, g.message.startsWith('google events.list: ')]).toEqual(['RATE_LIMITED', 30_000, true]);
    expect(googleFailure(gaxiosError(401, { error: 'invalid_grant' }), 'token exchange').kind).toBe(
      googleError(gaxiosError(401, { error: 'invalid_grant' })).kind,
    );
    const already = new CalendarError('NOT_FOUND', 'gone');
    expect(googleFailure(already, 'x')).toBe(already);
    expect(graphFailure(already, 'x')).toBe(already);
    const m = graphFailure(
      await GraphErrorHandler.getError({ error: { code: 'ErrorItemNotFound', message: 'not found' } }, 404, undefined, new Response(null, { status: 404 })),
      'get event',
    );
    expect([m.kind, m.message.startsWith('microsoft get event: ')]).toEqual(['NOT_FOUND', true]);
  });
  it('googleStatusOf reads gaxios and plain statuses; isGraphSyncReset knows 410 and the sync-state codes', () => {
    expect([googleStatusOf(gaxiosError(410, {})), googleStatusOf({ status: 404 }), googleStatusOf(new Error('x'))]).toEqual([410, 404, undefined]);
    expect(isGraphSyncReset(new CalendarError('NOT_FOUND', 'gone', { status: 410 }))).toBe(true);
    expect(isGraphSyncReset(new CalendarError('TEMPORARY', 'x', { providerCode: 'resyncRequired' }))).toBe(true);
    expect(isGraphSyncReset(new CalendarError('TEMPORARY', 'x', { status: 503 }))).toBe(false);
  });
});
