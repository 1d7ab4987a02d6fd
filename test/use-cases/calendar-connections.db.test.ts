/**
 * The calendar-connection use cases' refusals, called directly (no gateway, no Temporal: a refused call
 * never reaches the client, which throws if used): not configured, unknown provider / connection, an
 * OAuth app or PUBLIC_BASE_URL missing, CalDAV calendars that are not there or a server that does not
 * answer, and the consent callback's outcomes that do not connect (a refused code exchange, an account
 * without a writable calendar). The HTTP mapping of the same refusals is covered by
 * test/calendar-connectors/{connections,oauth-connections}.temporal.test.ts.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consentBinding } from '../../src/domain/access/oauth-consent-binding.ts';
import { AppError } from '../../src/errors.ts';
import { freePort } from '../../src/temporal/free-port.ts';
import type { CalendarConnectionDeps, CalendarConnectionSettings } from '../../src/use-cases/calendar-connection-common.ts';
import { completeCalendarConsent } from '../../src/use-cases/complete-calendar-consent.ts';
import { connectCalDavCalendar } from '../../src/use-cases/connect-caldav-calendar.ts';
import { removeCalendarConnection } from '../../src/use-cases/remove-calendar-connection.ts';
import { startCalendarConsent } from '../../src/use-cases/start-calendar-consent.ts';
import { syncCalendarConnectionNow } from '../../src/use-cases/sync-calendar-now.ts';
import { seedProviderWithService } from '../support/catalog-seed.ts';
import { skipKind, testDatabase, type TestDatabase } from '../support/databases.ts';
import { startGoogleCalendarFake, type GoogleCalendarFake } from '../support/fakes/google-calendar.fake.ts';
import { startRadicale, type RunningRadicale } from '../support/radicale.ts';

/** A Temporal client no refused call may touch. */
const untouchable = new Proxy({} as Client, {
  get(_t, prop) {
    throw new Error(`the Temporal client was used (${String(prop)})`);
  },
});

async function refusal(p: Promise<unknown>): Promise<AppError> {
  const err = await p.then(
    () => new Error('expected an AppError, but the call succeeded'),
    (e: unknown) => e,
  );
  if (err instanceof AppError) return err;
  throw err;
}

describe.skipIf(skipKind('pglite'))('calendar-connection use cases refuse (PGlite)', () => {
  let d: TestDatabase;
  let google: GoogleCalendarFake;
  let radicale: RunningRadicale;
  let provider: string;
  const sealKey = randomBytes(32);
  const PUBLIC = 'https://book.example.com';
  let calendar: CalendarConnectionSettings;
  const depsWith = (over: Partial<CalendarConnectionDeps> = {}): CalendarConnectionDeps => ({
    db: d.db,
    client: untouchable,
    taskQueue: 'unused',
    calendar,
    ...over,
  });
  const connectionCount = async () => (await d.db.selectFrom('calendar_connections').select('id').execute()).length;

  beforeAll(async () => {
    d = await testDatabase('pglite');
    google = await startGoogleCalendarFake();
    radicale = await startRadicale({ readOnlyCalendars: [{ name: 'readonly-holidays', displayName: 'Holidays' }] });
    calendar = {
      sealKey,
      allowPrivateNetworks: true,
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
    ({ provider } = await seedProviderWithService(d.db, { providerName: 'Dr. Weber' }));
  }, 60_000);
  afterAll(async () => {
    await radicale?.stop();
    await google?.close();
    await d?.dispose();
  });

  it('not configured: connecting, consenting and syncing are not_found; removal still finds (or misses) the row', async () => {
    const off = depsWith({ calendar: undefined });
    const caldav = { providerId: provider, url: radicale.url, username: radicale.username, password: radicale.password, failClosed: true };
    for (const p of [
      connectCalDavCalendar(off, caldav),
      startCalendarConsent(off, { kind: 'google', providerId: provider, failClosed: true }),
      completeCalendarConsent({ ...off, now: Date.now() }, { kind: 'google', state: 'x', code: 'y', browserBinding: undefined }),
      syncCalendarConnectionNow(off, { connectionId: randomUUID() }),
    ]) {
      const err = await refusal(p);
      expect(err.code).toBe('not_found');
      expect(err.message).toBe('Calendar connections are not configured on this gateway.');
    }
    const missing = randomUUID();
    expect(await refusal(removeCalendarConnection(off, { connectionId: missing }))).toMatchObject({
      code: 'not_found',
      message: `No calendar connection ${missing}.`,
    });
    expect(await refusal(syncCalendarConnectionNow(depsWith(), { connectionId: missing }))).toMatchObject({
      code: 'not_found',
      message: `No calendar connection ${missing}.`,
    });
    expect(await connectionCount()).toBe(0);
  });

  it('an unknown provider is not_found, for CalDAV and OAuth alike', async () => {
    const nobody = randomUUID();
    const caldav = { providerId: nobody, url: radicale.url, username: radicale.username, password: radicale.password, failClosed: true };
    expect(await refusal(connectCalDavCalendar(depsWith(), caldav))).toMatchObject({ code: 'not_found', message: `No provider ${nobody}.` });
    expect(await refusal(startCalendarConsent(depsWith(), { kind: 'google', providerId: nobody, failClosed: true }))).toMatchObject({ code: 'not_found' });
    expect(await connectionCount()).toBe(0);
  });

  it('an OAuth app that is not configured is refused at body.kind; without PUBLIC_BASE_URL the consent cannot start', async () => {
    const noGoogle = await refusal(
      startCalendarConsent(depsWith({ calendar: { ...calendar, google: undefined } }), { kind: 'google', providerId: provider, failClosed: true }),
    );
    expect(noGoogle).toMatchObject({ code: 'invalid_request', extra: { errors: [{ path: 'body.kind', message: 'not configured' }] } });
    const noMicrosoft = await refusal(startCalendarConsent(depsWith(), { kind: 'microsoft', providerId: provider, failClosed: true }));
    expect(noMicrosoft).toMatchObject({ code: 'invalid_request', extra: { errors: [{ path: 'body.kind' }] } });
    const noBase = await refusal(
      startCalendarConsent(depsWith({ calendar: { ...calendar, publicBaseUrl: undefined } }), { kind: 'google', providerId: provider, failClosed: true }),
    );
    expect(noBase).toMatchObject({ code: 'service_unavailable', message: 'PUBLIC_BASE_URL is needed for the OAuth callback.' });
    expect(await connectionCount()).toBe(0);
    // The manage links' base stands in for PUBLIC_BASE_URL.
    const started = await startCalendarConsent(depsWith({ calendar: { ...calendar, publicBaseUrl: undefined }, fallbackBaseUrl: `${PUBLIC}/` }), {
      kind: 'google',
      providerId: provider,
      failClosed: true,
    });
    expect(started.redirectUri).toBe(`${PUBLIC}/v1/connections/google/callback`);
    expect(started.connection).toMatchObject({ status: 'pending', kind: 'google' });
  });

  it('CalDAV: a calendar that is not there, no writable calendar, and a server that does not answer', async () => {
    const caldav = { providerId: provider, url: radicale.url, username: radicale.username, password: radicale.password, failClosed: true };
    const before = await connectionCount();
    const named = await refusal(connectCalDavCalendar(depsWith(), { ...caldav, calendarId: 'nope' }));
    expect(named).toMatchObject({ code: 'invalid_request', message: 'No calendar nope there.', extra: { errors: [{ path: 'body.calendarId' }] } });
    const writable = await refusal(connectCalDavCalendar(depsWith(), caldav));
    expect(writable).toMatchObject({ code: 'invalid_request', message: 'No writable calendar there.', extra: { errors: [{ path: 'body.url' }] } });
    expect(writable.extra.errors![0]!.message).toMatch(/^available: .*readonly-holidays/);
    const silent = await refusal(connectCalDavCalendar(depsWith(), { ...caldav, url: `http://127.0.0.1:${await freePort()}/dav/` }));
    expect(silent).toMatchObject({ code: 'service_unavailable', extra: { retryAfterSeconds: 30 } });
    // A classified reason, never the server's own text.
    expect(silent.message).toBe('The calendar server did not answer usefully: TEMPORARY.');
    expect(await connectionCount()).toBe(before);
  });

  it('consent callback: a code the provider refuses, and an account without a writable calendar, leave the connection pending with the reason', async () => {
    const deps = { ...depsWith(), now: Date.now() };
    const start = () => startCalendarConsent(deps, { kind: 'google', providerId: provider, failClosed: true });
    const lastError = async (id: string) =>
      d.db
        .selectFrom('calendar_connections')
        .select(['status', 'oauth_state', 'credentials', 'last_error', 'last_error_kind'])
        .where('id', '=', id)
        .executeTakeFirstOrThrow();

    const refused = await start();
    const bogus = await completeCalendarConsent(deps, {
      kind: 'google',
      state: refused.state,
      code: 'not-a-code',
      browserBinding: consentBinding(sealKey, refused.state),
    });
    expect(bogus).toEqual({ status: 'not_connected', connectionId: refused.connection.id, reason: 'exchange_refused' });
    expect(await lastError(refused.connection.id)).toMatchObject({ status: 'pending', oauth_state: null, credentials: null, last_error: expect.any(String) });
    // Spent: the same state again is unknown.
    expect(
      await refusal(completeCalendarConsent(deps, { kind: 'google', state: refused.state, code: 'x', browserBinding: consentBinding(sealKey, refused.state) })),
    ).toMatchObject({ code: 'not_found' });

    const readOnly = await start();
    const primary = google.addCalendar({ id: 'owner@example.com', primary: true, accessRole: 'reader' });
    try {
      const code = google.issueAuthCode({ redirectUri: readOnly.redirectUri });
      const none = await completeCalendarConsent(deps, {
        kind: 'google',
        state: readOnly.state,
        code,
        browserBinding: consentBinding(sealKey, readOnly.state),
      });
      expect(none).toEqual({ status: 'not_connected', connectionId: readOnly.connection.id, reason: 'no_writable_calendar' });
      expect(await lastError(readOnly.connection.id)).toMatchObject({
        status: 'pending',
        oauth_state: null,
        last_error: 'no writable calendar',
        last_error_kind: 'NOT_FOUND',
      });
    } finally {
      google.addCalendar({ ...primary, accessRole: 'owner' });
    }

    // Another browser is forbidden and the state stays usable.
    const other = await start();
    expect(await refusal(completeCalendarConsent(deps, { kind: 'google', state: other.state, code: 'x', browserBinding: 'someone-else' }))).toMatchObject({
      code: 'forbidden',
    });
    expect(await lastError(other.connection.id)).toMatchObject({ oauth_state: other.state, last_error: null });
  });
});
