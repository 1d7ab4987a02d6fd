/**
 * Google Calendar connected through the OAuth consent flow of the admin API, on a real dev server, with
 * the official SDK against a local fake of Google's REST contract: consent URL → callback → sealed refresh
 * token → busy sync → bookings written as events, moved on reschedule, deleted on cancel → a revoked token turns
 * the connection unhealthy and
 * the provider's slots fail closed.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { unseal } from '../../src/calendar-connectors/credential-seal.ts';
import { eventKeyForBooking } from '../../src/domain/calendar-events/event-from-booking.ts';
import { startWorker, type SlotflowWorker } from '../../src/temporal/worker.ts';
import { skipKind, testDatabase, type TestDatabase } from '../support/databases.ts';
import { startGoogleCalendarFake, type GoogleCalendarFake } from '../support/fakes/google-calendar.fake.ts';
import { startMicrosoftGraphFake, type MicrosoftGraphFake } from '../support/fakes/microsoft-graph.fake.ts';
import { seedProviderWithService } from '../support/catalog-seed.ts';
import { adminHeaders, testGateway } from '../support/gateway.ts';
import { waitFor } from '../support/process.ts';
import { createTestClock } from '../support/clock.ts';

/** The admin browser's consent cookie (set by the POST that starts the consent) as a Cookie header. */
/** The booking's event key as the worker computes it (from its external_ref). */
const eventKeyIn = async (d: TestDatabase, id: string) =>
  eventKeyForBooking(await d.db.selectFrom('bookings').select(['id', 'external_ref as externalRef']).where('id', '=', id).executeTakeFirstOrThrow());
const browserOf = (started: { headers: Record<string, unknown> }) => ({ cookie: String(started.headers['set-cookie']).split(';')[0]! });

describe('Google Calendar through OAuth consent (PGlite, real dev server, Google fake)', () => {
  let d: TestDatabase;
  let google: GoogleCalendarFake;
  let gw: Awaited<ReturnType<typeof testGateway>>;
  let worker: SlotflowWorker;
  let provider: string;
  let service: string;
  const PUBLIC = 'https://book.example.com';
  const sealKey = randomBytes(32);
  // The UTC date `days` after the real now of loading (the workflows run on the server's real clock). Safe at any
  // instant:
  // the provider is in UTC, open 00:00–24:00 every day, and events and queries are in UTC, 4–6 days ahead.
  const LOADED = Date.now();
  const day = (days: number) => new Date(LOADED + days * 86_400_000).toISOString().slice(0, 10);

  beforeAll(async () => {
    if (skipKind('pglite')) return;
    d = await testDatabase('pglite');
    google = await startGoogleCalendarFake();
    const calendar = {
      sealKey,
      allowPrivateNetworks: false,
      syncIntervalSeconds: 300,
      publicBaseUrl: PUBLIC,
      google: {
        clientId: google.clientId,
        clientSecret: google.clientSecret,
        apiRootUrl: google.rootUrl,
        tokenUrl: google.tokenUrl,
        revokeUrl: google.revokeUrl,
      },
    };
    gw = await testGateway(d, { calendar });
    worker = await startWorker({ address: inject('temporalAddress'), namespace: 'default', taskQueue: gw.taskQueue, db: d.db, calendar });
    ({ provider, service } = await seedProviderWithService(d.db, { providerName: 'Dr. Weber' }));
  }, 60_000);
  afterAll(async () => {
    await worker?.stop();
    await gw?.close();
    await google?.close();
    await d?.dispose();
  });

  const slotsOn = async (isoDay: string) =>
    (
      (
        await gw.app.inject({ method: 'GET', url: `/v1/availability?serviceId=${service}&from=${isoDay}T00:00:00Z&to=${isoDay}T23:59:00Z&timeZone=UTC` })
      ).json() as { slots: { start: string }[] }
    ).slots.map((s) => new Date(s.start).toISOString());

  it.skipIf(skipKind('pglite'))(
    'consent → connected; busy events block slots; bookings become events; a revoked token fails closed',
    async () => {
      const target = day(4);
      google.addEvent('primary', { summary: 'Surgery', start: { dateTime: `${target}T08:00:00Z` }, end: { dateTime: `${target}T10:00:00Z` } });
      google.addEvent('primary', {
        summary: 'Lunch (free)',
        transparency: 'transparent',
        start: { dateTime: `${target}T12:00:00Z` },
        end: { dateTime: `${target}T13:00:00Z` },
      });

      const started = await gw.app.inject({
        method: 'POST',
        url: '/v1/admin/connections',
        headers: adminHeaders,
        payload: { kind: 'google', providerId: provider },
      });
      expect(started.statusCode, started.body).toBe(201);
      const pending = started.json() as { id: string; status: string; consentUrl: string };
      expect(pending.status).toBe('pending');
      const consent = new URL(pending.consentUrl);
      const redirectUri = `${PUBLIC}/v1/connections/google/callback`;
      expect(consent.searchParams.get('redirect_uri')).toBe(redirectUri);
      expect(consent.searchParams.get('access_type')).toBe('offline');
      expect(consent.searchParams.get('scope')!.split(' ').sort()).toEqual([
        'https://www.googleapis.com/auth/calendar.calendarlist.readonly',
        'https://www.googleapis.com/auth/calendar.events',
      ]);
      const state = consent.searchParams.get('state')!;

      // Google redirects the admin's browser back with a code.
      const code = google.issueAuthCode({ redirectUri });
      const back = await gw.app.inject({
        method: 'GET',
        url: `/v1/connections/google/callback?state=${encodeURIComponent(state)}&code=${encodeURIComponent(code)}`,
        headers: browserOf(started),
      });
      expect(back.statusCode, back.body).toBe(200);
      expect(back.headers['content-type']).toContain('text/html');
      expect(back.body).toContain('Calendar connected');
      // The state is single use.
      expect(
        (await gw.app.inject({ method: 'GET', url: `/v1/connections/google/callback?state=${encodeURIComponent(state)}&code=x`, headers: browserOf(started) }))
          .statusCode,
      ).toBe(404);

      const conn = (
        (await gw.app.inject({ method: 'GET', url: '/v1/admin/connections', headers: adminHeaders })).json() as {
          connections: { id: string; status: string; calendarId: string }[];
        }
      ).connections[0]!;
      expect(conn).toMatchObject({ id: pending.id, status: 'healthy', calendarId: 'owner@example.com' });
      const row = await d.db.selectFrom('calendar_connections').select('credentials').where('id', '=', conn.id).executeTakeFirstOrThrow();
      expect(row.credentials).toMatch(/^v1\./);

      const slots = await slotsOn(target);
      expect(slots).not.toContain(`${target}T08:00:00.000Z`);
      expect(slots).not.toContain(`${target}T09:00:00.000Z`);
      expect(slots).toContain(`${target}T12:00:00.000Z`);

      // A booking is written into Google Calendar with the id derived from it.
      const booked = await gw.app.inject({
        method: 'POST',
        url: '/v1/bookings',
        payload: { serviceId: service, start: `${target}T14:00:00Z`, timeZone: 'UTC', customer: { name: 'Ada' } },
      });
      expect(booked.statusCode).toBe(201);
      const id = (booked.json() as { id: string }).id;
      const key = await eventKeyIn(d, id);
      expect(key).toMatch(/^sfr[0-9a-f]{32}$/); // a valid Google event id (base32hex) that does not spell the booking id
      const event = await waitFor(async () => google.getEvent('owner@example.com', key), 20_000, 'event in Google');
      expect(event.start).toMatchObject({ dateTime: expect.stringContaining(`${target}T14:00:00`) });
      expect(event.summary).toContain('Ada');

      // Reschedule moves the same event (same id); cancelling deletes it.
      const moved = await gw.app.inject({
        method: 'POST',
        url: `/v1/admin/bookings/${id}/reschedule`,
        headers: adminHeaders,
        payload: { start: `${target}T15:00:00Z` },
      });
      expect(moved.statusCode, moved.body).toBe(200);
      const movedEvent = await waitFor(
        async () => {
          const e = google.getEvent('owner@example.com', key);
          return e?.start?.dateTime && Date.parse(e.start.dateTime) === Date.parse(`${target}T15:00:00Z`) ? e : undefined;
        },
        20_000,
        'event moved in Google',
      );
      expect(movedEvent.status).toBe('confirmed');
      expect(google.events('owner@example.com').filter((e) => e.summary?.includes('Ada') && e.status !== 'cancelled')).toHaveLength(1);
      const cancelled = await gw.app.inject({ method: 'POST', url: `/v1/admin/bookings/${id}/cancel`, headers: adminHeaders, payload: { reason: 'test' } });
      expect(cancelled.statusCode, cancelled.body).toBe(200);
      await waitFor(async () => (google.getEvent('owner@example.com', key)?.status === 'cancelled' ? true : undefined), 20_000, 'event deleted in Google');

      // The reserve step looks at the calendar live: an event added since the last sync wins (409)…
      google.addEvent('primary', { summary: 'Added a minute ago', start: { dateTime: `${target}T16:00:00Z` }, end: { dateTime: `${target}T16:30:00Z` } });
      expect(await slotsOn(target)).toContain(`${target}T16:00:00.000Z`); // the synced view does not know yet
      const late = await gw.app.inject({
        method: 'POST',
        url: '/v1/bookings',
        payload: { serviceId: service, start: `${target}T16:00:00Z`, timeZone: 'UTC', customer: { name: 'Late' } },
      });
      expect(late.statusCode).toBe(409);
      expect(late.json()).toMatchObject({ code: 'slot_unavailable' });
      // …and a rate-limited calendar answers "try again" with its Retry-After, not a guess.
      google.failNext({ status: 429, retryAfter: 7 });
      const busy = await gw.app.inject({
        method: 'POST',
        url: '/v1/bookings',
        payload: { serviceId: service, start: `${target}T18:00:00Z`, timeZone: 'UTC', customer: { name: 'Try again' } },
      });
      expect(busy.statusCode).toBe(503);
      expect(busy.json()).toMatchObject({ code: 'calendar_busy' });
      expect(busy.headers['retry-after']).toBe('7');
      expect(
        (
          await gw.app.inject({
            method: 'POST',
            url: '/v1/bookings',
            payload: { serviceId: service, start: `${target}T18:00:00Z`, timeZone: 'UTC', customer: { name: 'Try again' } },
          })
        ).statusCode,
      ).toBe(201);

      // Revoked consent: the next sync marks the connection unhealthy, and the provider's slots fail closed.
      google.revokeRefreshToken(unseal<{ refreshToken: string }>(sealKey, conn.id, row.credentials!).refreshToken);
      const synced = await gw.app.inject({ method: 'POST', url: `/v1/admin/connections/${conn.id}/sync`, headers: adminHeaders });
      expect(synced.json()).toMatchObject({ outcome: { status: 'unhealthy' }, connection: { status: 'unhealthy', lastErrorKind: 'AUTH_REVOKED' } });
      expect(await slotsOn(target)).toEqual([]);
    },
    90_000,
  );

  it.skipIf(skipKind('pglite'))('DELETE revokes the refresh token at Google and forgets it', async () => {
    const res = await gw.app.inject({ method: 'POST', url: '/v1/admin/connections', headers: adminHeaders, payload: { kind: 'google', providerId: provider } });
    const started = res.json() as { id: string; consentUrl: string };
    const redirectUri = `${PUBLIC}/v1/connections/google/callback`;
    const state = new URL(started.consentUrl).searchParams.get('state')!;
    const back = await gw.app.inject({
      method: 'GET',
      url: `/v1/connections/google/callback?state=${encodeURIComponent(state)}&code=${encodeURIComponent(google.issueAuthCode({ redirectUri }))}`,
      headers: browserOf(res),
    });
    expect(back.statusCode).toBe(200);
    const row = await d.db.selectFrom('calendar_connections').select('credentials').where('id', '=', started.id).executeTakeFirstOrThrow();
    const { refreshToken } = unseal<{ refreshToken: string }>(sealKey, started.id, row.credentials!);
    expect((await gw.app.inject({ method: 'DELETE', url: `/v1/admin/connections/${started.id}`, headers: adminHeaders })).statusCode).toBe(204);
    expect(google.revokedTokens).toContain(refreshToken);
    expect(await d.db.selectFrom('calendar_connections').select('id').where('id', '=', started.id).executeTakeFirst()).toBeUndefined();
  });

  it.skipIf(skipKind('pglite'))('a refused consent leaves the connection pending with the reason', async () => {
    const res = await gw.app.inject({ method: 'POST', url: '/v1/admin/connections', headers: adminHeaders, payload: { kind: 'google', providerId: provider } });
    const started = res.json() as { id: string; consentUrl: string };
    const state = new URL(started.consentUrl).searchParams.get('state')!;
    const back = await gw.app.inject({
      method: 'GET',
      url: `/v1/connections/google/callback?state=${encodeURIComponent(state)}&error=access_denied`,
      headers: browserOf(res),
    });
    expect(back.statusCode).toBe(400);
    const row = await d.db.selectFrom('calendar_connections').selectAll().where('id', '=', started.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'pending', credentials: null, last_error: 'consent not given: access_denied' });
    const notConfigured = await testGateway(d, { calendar: { sealKey: randomBytes(32), allowPrivateNetworks: false, syncIntervalSeconds: 300 } });
    try {
      const res = await notConfigured.app.inject({
        method: 'POST',
        url: '/v1/admin/connections',
        headers: adminHeaders,
        payload: { kind: 'microsoft', providerId: provider },
      });
      expect(res.statusCode).toBe(422);
      expect(res.json()).toMatchObject({ errors: [{ path: 'body.kind' }] });
    } finally {
      await notConfigured.close();
    }
  });

  it.skipIf(skipKind('pglite'))(
    'the callback needs the browser that started the consent, within 10 minutes; its page escapes the calendar name under a strict CSP',
    async () => {
      // Pinned at the real now, not TEST_NOW: the consent's start time is the database's clock.
      const clock = createTestClock(Date.now());
      const bound = await testGateway(d, {
        clock,
        taskQueue: gw.taskQueue,
        calendar: {
          sealKey,
          allowPrivateNetworks: false,
          syncIntervalSeconds: 300,
          publicBaseUrl: PUBLIC,
          google: {
            clientId: google.clientId,
            clientSecret: google.clientSecret,
            apiRootUrl: google.rootUrl,
            tokenUrl: google.tokenUrl,
            revokeUrl: google.revokeUrl,
          },
        },
      });
      try {
        const start = async () => {
          const res = await bound.app.inject({
            method: 'POST',
            url: '/v1/admin/connections',
            headers: adminHeaders,
            payload: { kind: 'google', providerId: provider },
          });
          expect(res.statusCode).toBe(201);
          const cookie = String(res.headers['set-cookie']);
          expect(cookie).toMatch(/^sf_oauth=[\w-]+; Path=\/v1\/connections\/; Max-Age=600; HttpOnly; SameSite=Lax; Secure$/);
          const started = res.json() as { id: string; consentUrl: string };
          return { id: started.id, state: new URL(started.consentUrl).searchParams.get('state')!, browser: browserOf(res) };
        };
        const redirectUri = `${PUBLIC}/v1/connections/google/callback`;
        const callback = (state: string, headers: Record<string, string> = {}) =>
          bound.app.inject({
            method: 'GET',
            url: `/v1/connections/google/callback?state=${encodeURIComponent(state)}&code=${encodeURIComponent(google.issueAuthCode({ redirectUri }))}`,
            headers,
          });

        // Another browser (no cookie, or the cookie of another consent) is refused, and the state stays usable.
        const a = await start();
        const b = await start();
        expect((await callback(a.state)).statusCode).toBe(403);
        expect((await callback(a.state, b.browser)).json()).toMatchObject({ code: 'forbidden' });

        // A calendar named with markup is shown as text, and the page may run no script at all.
        google.addCalendar({ id: 'owner@example.com', summary: '<img src=x onerror=alert(1)>', primary: true, timeZone: 'Europe/Berlin' });
        const page = await callback(a.state, a.browser);
        expect(page.statusCode, page.body).toBe(200);
        expect(page.body).toContain('&lt;img src=x onerror=alert(1)&gt; is now connected');
        expect(page.body).not.toContain('<img');
        expect(page.headers['content-security-policy']).toBe(
          "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
        );

        // Ten minutes after the start the state is dead (400, the connection says why).
        clock.pin(Date.now() + 10 * 60_000 + 1_000);
        const late = await callback(b.state, b.browser);
        expect(late.statusCode).toBe(400);
        expect(late.body).toContain('expired');
        expect(await d.db.selectFrom('calendar_connections').select(['status', 'last_error']).where('id', '=', b.id).executeTakeFirstOrThrow()).toEqual({
          status: 'pending',
          last_error: 'consent not finished within 10 minutes',
        });
      } finally {
        google.addCalendar({ id: 'owner@example.com', summary: 'owner@example.com', primary: true, timeZone: 'Europe/Berlin' });
        await bound.close();
      }
    },
  );
});

describe('Microsoft 365 through OAuth consent (PGlite, real dev server, Graph fake)', () => {
  let d: TestDatabase;
  let graph: MicrosoftGraphFake;
  let gw: Awaited<ReturnType<typeof testGateway>>;
  let worker: SlotflowWorker;
  let provider: string;
  let service: string;
  const PUBLIC = 'https://book.example.com';
  // The UTC date `days` after the real now of loading (the workflows run on the server's real clock). Safe at any
  // instant:
  // the provider is in UTC, open 00:00–24:00 every day, and events and queries are in UTC, 4–6 days ahead.
  const LOADED = Date.now();
  const day = (days: number) => new Date(LOADED + days * 86_400_000).toISOString().slice(0, 10);

  beforeAll(async () => {
    if (skipKind('pglite')) return;
    d = await testDatabase('pglite');
    graph = await startMicrosoftGraphFake();
    const calendar = {
      sealKey: randomBytes(32),
      allowPrivateNetworks: false,
      syncIntervalSeconds: 300,
      publicBaseUrl: PUBLIC,
      microsoft: {
        clientId: graph.clientId,
        clientSecret: graph.clientSecret,
        graphBaseUrl: graph.url,
        tokenUrl: graph.tokenUrl,
        authorizeUrl: graph.authorizeUrl,
      },
    };
    gw = await testGateway(d, { calendar });
    worker = await startWorker({ address: inject('temporalAddress'), namespace: 'default', taskQueue: gw.taskQueue, db: d.db, calendar });
    ({ provider, service } = await seedProviderWithService(d.db, { providerName: 'Dr. Ng' }));
  }, 60_000);
  afterAll(async () => {
    await worker?.stop();
    await gw?.close();
    await graph?.close();
    await d?.dispose();
  });

  it.skipIf(skipKind('pglite'))(
    'consent → connected; a busy event blocks its slot; a booking becomes an event; revoked consent fails closed',
    async () => {
      const target = day(6);
      graph.addEvent(graph.defaultCalendarId, { subject: 'Ward round', start: `${target}T08:00:00Z`, end: `${target}T09:00:00Z` });
      const res = await gw.app.inject({
        method: 'POST',
        url: '/v1/admin/connections',
        headers: adminHeaders,
        payload: { kind: 'microsoft', providerId: provider },
      });
      const started = res.json() as { id: string; consentUrl: string };
      const consent = new URL(started.consentUrl);
      const redirectUri = `${PUBLIC}/v1/connections/microsoft/callback`;
      expect(consent.searchParams.get('redirect_uri')).toBe(redirectUri);
      expect(consent.searchParams.get('scope')).toContain('Calendars.ReadWrite');
      const code = graph.issueAuthCode({ redirectUri });
      const back = await gw.app.inject({
        method: 'GET',
        url: `/v1/connections/microsoft/callback?state=${encodeURIComponent(consent.searchParams.get('state')!)}&code=${encodeURIComponent(code)}`,
        headers: browserOf(res),
      });
      expect(back.statusCode, back.body).toBe(200);
      const conn = await d.db.selectFrom('calendar_connections').selectAll().where('id', '=', started.id).executeTakeFirstOrThrow();
      expect(conn).toMatchObject({ status: 'healthy', calendar_id: graph.defaultCalendarId });

      const slots = (
        (
          await gw.app.inject({ method: 'GET', url: `/v1/availability?serviceId=${service}&from=${target}T00:00:00Z&to=${target}T23:59:00Z&timeZone=UTC` })
        ).json() as { slots: { start: string }[] }
      ).slots.map((s) => new Date(s.start).toISOString());
      expect(slots).not.toContain(`${target}T08:00:00.000Z`);
      expect(slots).toContain(`${target}T10:00:00.000Z`);

      const booked = await gw.app.inject({
        method: 'POST',
        url: '/v1/bookings',
        payload: { serviceId: service, start: `${target}T10:00:00Z`, timeZone: 'UTC', customer: { name: 'Grace' } },
      });
      expect(booked.statusCode).toBe(201);
      const id = (booked.json() as { id: string }).id;
      const key = await eventKeyIn(d, id);
      const event = await waitFor(async () => graph.events(graph.defaultCalendarId).find((e) => e.transactionId === key), 20_000, 'event in Microsoft 365');
      expect(event.start).toBe(Date.parse(`${target}T10:00:00Z`));
      expect(event.subject).toContain('Grace');

      // Reschedule moves the same event; cancelling deletes it.
      const moved = await gw.app.inject({
        method: 'POST',
        url: `/v1/admin/bookings/${id}/reschedule`,
        headers: adminHeaders,
        payload: { start: `${target}T11:00:00Z` },
      });
      expect(moved.statusCode, moved.body).toBe(200);
      const movedEvent = await waitFor(
        async () => graph.events(graph.defaultCalendarId).find((e) => e.transactionId === key && e.start === Date.parse(`${target}T11:00:00Z`)),
        20_000,
        'event moved in Microsoft 365',
      );
      expect(movedEvent.id).toBe(event.id);
      expect(graph.events(graph.defaultCalendarId).filter((e) => e.transactionId === key)).toHaveLength(1);
      const cancelled = await gw.app.inject({ method: 'POST', url: `/v1/admin/bookings/${id}/cancel`, headers: adminHeaders, payload: {} });
      expect(cancelled.statusCode, cancelled.body).toBe(200);
      await waitFor(
        async () => (graph.events(graph.defaultCalendarId).some((e) => e.transactionId === key) ? undefined : true),
        20_000,
        'event deleted in Microsoft 365',
      );

      graph.revokeRefreshTokens();
      const synced = await gw.app.inject({ method: 'POST', url: `/v1/admin/connections/${started.id}/sync`, headers: adminHeaders });
      expect(synced.json()).toMatchObject({ connection: { status: 'unhealthy', lastErrorKind: 'AUTH_REVOKED' } });
    },
    90_000,
  );
});
