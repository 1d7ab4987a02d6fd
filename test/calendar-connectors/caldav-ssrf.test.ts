/**
 * CalDAV requests stay where they were told to go (issue #21): against local servers that redirect to
 * another origin, hand out hrefs on another origin, answer with an internal error page, or whose host
 * name resolves to a private address at connect time after passing the URL check as public (DNS
 * rebinding). In each case no request reaches the other place, and no remote text comes back. A real
 * Radicale still works through the same fetch. Every server here listens on 127.0.0.1.
 */
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CalendarError } from '../../src/calendar-connectors/connector.ts';
import { calendarFetchFor } from '../../src/calendar-connectors/connection-connector.ts';
import { createCalDavConnector } from '../../src/calendar-connectors/caldav.connector.ts';
import { assertCalendarUrlAllowed } from '../../src/outbound/ssrf-guard.ts';
import { startRadicale, type RunningRadicale } from '../support/radicale.ts';

type Server = { url: string; port: number; requests: string[]; close(): Promise<void> };

/** A local HTTP server answering every request with `answer(req)`, recording "METHOD path". */
async function server(answer: (req: http.IncomingMessage, res: http.ServerResponse) => void): Promise<Server> {
  const requests: string[] = [];
  const srv = http.createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    req.resume();
    req.on('end', () => answer(req, res));
  });
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as { port: number }).port;
  return { url: `http://127.0.0.1:${port}/`, port, requests, close: () => new Promise((r) => srv.close(() => r())) };
}

const multistatus = (href: string, prop: string) =>
  `<?xml version="1.0"?><d:multistatus xmlns:d="DAV:"><d:response><d:href>${href}</d:href><d:propstat><d:prop>${prop}</d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response></d:multistatus>`;

const local = { allowPrivateNetworks: true };
const connect = (url: string, settings: Parameters<typeof calendarFetchFor>[1] = local) =>
  createCalDavConnector({ url, username: 'u', password: 'secret-password', fetch: calendarFetchFor(url, settings), requestTimeoutMs: 5_000 });

async function refusal(p: Promise<unknown>): Promise<CalendarError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(CalendarError);
  return err as CalendarError;
}

describe('CalDAV requests stay on the configured origin', () => {
  let elsewhere: Server; // the place an attacker wants us to talk to
  beforeAll(async () => {
    elsewhere = await server((_req, res) => res.writeHead(207, { 'content-type': 'application/xml' }).end(multistatus('/x/', '')));
  });
  afterAll(async () => elsewhere?.close());

  it('a redirect to another origin is refused; nothing reaches it', async () => {
    const redirecting = await server((_req, res) => res.writeHead(301, { location: `${elsewhere.url}dav/` }).end());
    try {
      const err = await refusal(connect(redirecting.url).listCalendars());
      expect(err).toMatchObject({ kind: 'NOT_FOUND', detail: { providerCode: 'ORIGIN_REFUSED' } });
      expect(redirecting.requests.length).toBeGreaterThan(0);
      expect(elsewhere.requests).toEqual([]);
    } finally {
      await redirecting.close();
    }
  });

  it('a principal href on another origin is not followed (the Basic credentials stay home)', async () => {
    const foreign = await server((_req, res) =>
      res
        .writeHead(207, { 'content-type': 'application/xml; charset=utf-8' })
        .end(multistatus('/', `<d:current-user-principal><d:href>${elsewhere.url}principals/u/</d:href></d:current-user-principal>`)),
    );
    try {
      const err = await refusal(connect(foreign.url).listCalendars());
      expect(err.detail.providerCode).toBe('ORIGIN_REFUSED');
      expect(foreign.requests.length).toBeGreaterThan(0);
      expect(elsewhere.requests).toEqual([]);
    } finally {
      await foreign.close();
    }
  });

  it("an internal server's error page does not come back in the error", async () => {
    const internal = await server((_req, res) => res.writeHead(500, { 'content-type': 'text/html' }).end('<h1>Jenkins</h1> db password: hunter2 at 10.0.0.3'));
    try {
      const err = await refusal(connect(internal.url).listCalendars());
      expect(err.kind).toBe('TEMPORARY');
      expect(err.message).toContain('500');
      expect(err.message).not.toMatch(/Jenkins|hunter2|10\.0\.0\.3/);
    } finally {
      await internal.close();
    }
  });

  it('a host that resolves public for the URL check and private at connect time (rebinding) gets no connection', async () => {
    const target = await server((_req, res) => res.writeHead(207, { 'content-type': 'application/xml' }).end(multistatus('/', '')));
    try {
      let lookups = 0;
      // First answer: a public address (TEST-NET-3, never connected to); every later one: loopback.
      const lookup = async () => (lookups++ === 0 ? [{ address: '203.0.113.10', family: 4 as const }] : [{ address: '127.0.0.1', family: 4 as const }]);
      const url = `http://calendar.rebind.test:${target.port}/`;
      await assertCalendarUrlAllowed(url, { allowPrivateNetworks: false, lookup });
      const err = await refusal(connect(url, { allowPrivateNetworks: false, lookup }).listCalendars());
      expect(err.detail.providerCode).toBe('ADDRESS_REFUSED');
      expect(lookups).toBeGreaterThan(1);
      expect(target.requests).toEqual([]);
    } finally {
      await target.close();
    }
  });
});

describe('a real CalDAV server through the guarded fetch', () => {
  let radicale: RunningRadicale;
  beforeAll(async () => {
    radicale = await startRadicale({ readOnlyCalendars: [{ name: 'readonly-holidays', displayName: 'Public holidays' }] });
  }, 60_000);
  afterAll(async () => radicale?.stop());

  it('discovers and lists its calendars (principal, home set and calendars all on the configured origin)', async () => {
    const c = createCalDavConnector({
      url: radicale.url,
      username: radicale.username,
      password: radicale.password,
      fetch: calendarFetchFor(radicale.url, local),
    });
    const calendars = await c.listCalendars();
    expect(calendars.length).toBeGreaterThan(0);
  });
});
