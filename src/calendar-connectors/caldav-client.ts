/**
 * The WebDAV / CalDAV transport of the CalDAV connector (RFC 4791 over tsdav): every request through one
 * guarded fetch (timeouts; network failures and request-independent statuses — 401, 403, 429, 5xx —
 * become CalendarErrors before tsdav sees them), discovery of the calendar home (current-user-principal,
 * then `.well-known/caldav`), calendar and object URLs on the server's own origin only, PROPFIND, GET and
 * PUT of one calendar object. The connector (caldav.connector.ts) decides what the answers mean.
 */
import { createDAVClient, getBasicAuthHeaders, serviceDiscovery, type DAVResponse } from 'tsdav';
import { CalendarError } from './connector.ts';
import { checkMultistatus, hrefOf, isSsrfRefusal, requestPath, statusToCalendarError, thrownToCalendarError } from './caldav-protocol.ts';

export type CalDavConnectorOptions = {
  /** Server URL (the root, a principal, or anything with a `.well-known/caldav` redirect). */
  url: string;
  username: string;
  password: string;
  /** Replaces the global fetch (tests, SSRF guard). */
  fetch?: typeof fetch;
  /** Per-request timeout; default 30 s. */
  requestTimeoutMs?: number;
};

type DavClient = Awaited<ReturnType<typeof createDAVClient>>;
const ICS_CONTENT_TYPE = 'text/calendar; charset=utf-8';

export type CalDavClient = ReturnType<typeof createCalDavClient>;

export function createCalDavClient(options: CalDavConnectorOptions) {
  const serverUrl = new URL(options.url);
  const baseFetch = options.fetch ?? globalThis.fetch;
  const timeoutMs = options.requestTimeoutMs ?? 30_000;
  const credentials = { username: options.username, password: options.password };
  const authHeaders = getBasicAuthHeaders(credentials) as Record<string, string>;

  /**
   * Every request goes through here: network failures and the statuses whose meaning does not depend on
   * the request (401, 403, 429, 5xx) become CalendarErrors before tsdav sees them; the rest (2xx, 207,
   * 404, 409, 412, …) are returned for the caller to judge in context.
   */
  const guardedFetch: typeof fetch = async (input, init) => {
    const what = `${init?.method ?? 'GET'} ${requestPath(input)}`;
    let res: Response;
    try {
      res = await baseFetch(input, { ...init, signal: init?.signal ?? AbortSignal.timeout(timeoutMs) });
    } catch (err) {
      throw thrownToCalendarError(err, what);
    }
    if (res.status === 401 || res.status === 403 || res.status === 429 || res.status >= 500) {
      const body = await res.text().catch(() => '');
      throw statusToCalendarError(res.status, body, res.headers, what);
    }
    return res;
  };

  let clientPromise: Promise<DavClient> | undefined;
  const client = (): Promise<DavClient> => {
    clientPromise ??= createDAVClient({
      serverUrl: serverUrl.href,
      credentials,
      authMethod: 'Basic',
      fetch: guardedFetch,
    }).catch((err: unknown) => {
      clientPromise = undefined;
      throw err;
    });
    return clientPromise;
  };

  /** Runs `fn`, turning anything that is not yet a CalendarError into one (TEMPORARY: unclassifiable). */
  async function guarded<T>(what: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      if (err instanceof CalendarError) throw err;
      throw thrownToCalendarError(err, what);
    }
  }

  /** Resolves a calendar id (server path, or absolute URL on the server's origin) to its collection URL. */
  function calendarUrl(calendarId: string): string {
    let url: URL;
    try {
      url = new URL(calendarId, serverUrl);
    } catch {
      throw new CalendarError('NOT_FOUND', `CalDAV: not a calendar id: ${calendarId}`);
    }
    if (url.origin !== serverUrl.origin || calendarId.length === 0) {
      throw new CalendarError('NOT_FOUND', `CalDAV: calendar ${calendarId} is not on ${serverUrl.origin}`);
    }
    url.search = '';
    url.hash = '';
    if (!url.pathname.endsWith('/')) url.pathname += '/';
    return url.href;
  }

  function objectUrl(calendarId: string, eventKey: string): string {
    return `${calendarUrl(calendarId)}${encodeURIComponent(eventKey)}.ics`;
  }

  async function propfind(url: string, props: Record<string, object>, depth: '0' | '1'): Promise<DAVResponse[]> {
    const c = await client();
    return checkMultistatus(await c.propfind({ url, props, depth }), `PROPFIND ${requestPath(url)}`);
  }

  async function findPrincipal(rootUrl: string): Promise<string | undefined> {
    let rs: DAVResponse[];
    try {
      rs = await propfind(rootUrl, { 'd:current-user-principal': {} }, '0');
    } catch (err) {
      // Missing is "try the next way"; a refusal of the SSRF fetch is an answer of its own.
      if (err instanceof CalendarError && err.kind === 'NOT_FOUND' && !isSsrfRefusal(err)) return undefined;
      throw err;
    }
    for (const r of rs) {
      const href = hrefOf(r.props?.currentUserPrincipal?.href);
      if (r.ok && href) return new URL(href, rootUrl).href;
    }
    return undefined;
  }

  let homePromise: Promise<string> | undefined;
  function calendarHome(): Promise<string> {
    homePromise ??= discoverHome().catch((err: unknown) => {
      homePromise = undefined;
      throw err;
    });
    return homePromise;
  }

  async function discoverHome(): Promise<string> {
    let principal = await findPrincipal(serverUrl.href);
    if (!principal) {
      const root = await serviceDiscovery({
        account: { serverUrl: serverUrl.href, accountType: 'caldav' },
        headers: authHeaders,
        fetch: guardedFetch,
      });
      if (root !== serverUrl.href) principal = await findPrincipal(root);
    }
    if (!principal) throw new CalendarError('NOT_FOUND', `CalDAV: ${serverUrl.origin} names no current-user-principal`);
    const rs = await propfind(principal, { 'c:calendar-home-set': {} }, '0');
    for (const r of rs) {
      const href = hrefOf(r.props?.calendarHomeSet?.href);
      if (r.ok && href) return new URL(href, principal).href;
    }
    throw new CalendarError('NOT_FOUND', `CalDAV: principal ${requestPath(principal)} names no calendar-home-set`);
  }

  /** GET of one calendar object: its text and etag, or undefined when it does not exist. */
  async function getObject(url: string): Promise<{ ics: string; etag: string | undefined } | undefined> {
    const res = await guardedFetch(url, { method: 'GET', headers: { ...authHeaders, accept: 'text/calendar' } });
    const body = await res.text().catch(() => '');
    if (res.status === 404 || res.status === 410) return undefined;
    if (!res.ok) throw statusToCalendarError(res.status, body, res.headers, `GET ${requestPath(url)}`);
    return { ics: body, etag: res.headers.get('etag') ?? undefined };
  }

  /** After a PUT's 409: NOT_FOUND when the calendar collection is gone, the CONFLICT otherwise. */
  async function conflictOrMissingCalendar(calUrl: string, conflict: CalendarError): Promise<CalendarError> {
    try {
      await propfind(calUrl, { 'd:resourcetype': {} }, '0');
      return conflict;
    } catch (err) {
      if (err instanceof CalendarError && err.kind === 'NOT_FOUND') return err;
      return conflict;
    }
  }

  async function putObject(url: string, ics: string, precondition: Record<string, string>): Promise<Response> {
    const c = await client();
    const res = await c.createObject({ url, data: ics, headers: { 'content-type': ICS_CONTENT_TYPE, ...precondition } });
    await res.arrayBuffer().catch(() => undefined);
    return res;
  }

  return { serverUrl, client, guarded, calendarUrl, objectUrl, propfind, calendarHome, getObject, conflictOrMissingCalendar, putObject };
}
