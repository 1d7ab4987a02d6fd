import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CalendarConnector } from '../../src/calendar-connectors/connector.ts';
import {
  BOOKING_ID_PROPERTY_ID,
  createMicrosoftConnector,
  EVENT_KEY_PROPERTY_ID,
  exchangeMicrosoftCode,
  microsoftAuthUrl,
} from '../../src/calendar-connectors/microsoft.connector.ts';
import { startMicrosoftGraphFake, type MicrosoftGraphFake } from '../support/fakes/microsoft-graph.fake.ts';
import { DAY, draft, eventKey, failure, H, iso, WINDOW } from '../support/connector-fixtures.ts';

describe('Microsoft connector (microsoft-graph-client against the Graph v1.0 fake)', () => {
  let fake: MicrosoftGraphFake;
  let connector: CalendarConnector;
  let cal: string;

  beforeEach(async () => {
    fake = await startMicrosoftGraphFake({ pageSize: 2 });
    connector = createMicrosoftConnector({ credentials: fake.credentials, graphBaseUrl: fake.url, tokenUrl: fake.tokenUrl });
    cal = fake.defaultCalendarId;
  });
  afterEach(async () => {
    await fake.close();
  });

  /**
   * A weekly series (6 × Monday 09:00–10:00 UTC), an all-day event, a free, a tentative, a cancelled, a deleted
   * one.
   */
  function seed() {
    const weekly = fake.addEvent(cal, {
      subject: 'Team sync',
      start: iso(WINDOW.from + 9 * H),
      end: iso(WINDOW.from + 10 * H),
      recurrence: { weekly: true, count: 6 },
    });
    const allDay = fake.addEvent(cal, { subject: 'Conference', start: '2030-01-10', end: '2030-01-12', isAllDay: true });
    const free = fake.addEvent(cal, { subject: 'Focus', showAs: 'free', start: '2030-01-08T12:00:00Z', end: '2030-01-08T14:00:00Z' });
    const tentative = fake.addEvent(cal, { subject: 'Maybe', showAs: 'tentative', start: '2030-01-09T08:00:00Z', end: '2030-01-09T08:30:00Z' });
    const cancelled = fake.addEvent(cal, { subject: 'Called off', isCancelled: true, start: '2030-01-15T16:00:00Z', end: '2030-01-15T17:00:00Z' });
    const gone = fake.addEvent(cal, { subject: 'Dropped', start: '2030-01-16T16:00:00Z', end: '2030-01-16T17:00:00Z' });
    fake.removeEvent(cal, gone.id);
    fake.addEvent(cal, { subject: 'Next year', start: '2031-06-01T10:00:00Z', end: '2031-06-01T11:00:00Z' });
    return { weekly, allDay, free, tentative, cancelled, gone };
  }

  it('lists calendars (all pages) with the default one as primary and read-only flags', async () => {
    const team = fake.addCalendar({ name: 'Team', canEdit: false });
    const side = fake.addCalendar({ name: 'Side' });

    const calendars = await connector.listCalendars();

    expect(calendars).toEqual([
      { id: cal, name: 'Calendar', primary: true, timeZone: undefined, readOnly: false },
      { id: team.id, name: 'Team', primary: false, timeZone: undefined, readOnly: true },
      { id: side.id, name: 'Side', primary: false, timeZone: undefined, readOnly: false },
    ]);
    expect(fake.apiRequests().filter((r) => r.path === '/v1.0/me/calendars')).toHaveLength(2); // followed @odata.nextLink
  });

  it('first listChanges is a full calendarView delta round: occurrences, all-day, free, tentative, cancelled', async () => {
    const { allDay, free, tentative, cancelled } = seed();

    const changes = await connector.listChanges(cal, WINDOW, null);

    expect(changes.full).toBe(true);
    expect(changes.removed).toEqual([]);
    expect(changes.cursor.startsWith(`${fake.url}/v1.0/me/calendars/`)).toBe(true);
    expect(changes.cursor).toContain('$deltatoken=');
    const occurrences = changes.events.filter((e) => 'instant' in e.start && new Date(e.start.instant).getUTCHours() === 9);
    expect(occurrences.map((e) => e.start)).toEqual([7, 14, 21, 28].map((d) => ({ instant: Date.UTC(2030, 0, d, 9) })));
    expect(new Set(occurrences.map((e) => e.id)).size).toBe(4);
    expect(occurrences[0]).toMatchObject({ status: 'confirmed', transparent: false, end: { instant: Date.UTC(2030, 0, 7, 10) } });
    const byId = new Map(changes.events.map((e) => [e.id, e]));
    expect(byId.get(allDay.id)).toEqual({
      id: allDay.id,
      status: 'confirmed',
      transparent: false,
      start: { date: '2030-01-10' },
      end: { date: '2030-01-12' },
      slotflowBookingId: undefined,
    });
    expect(byId.get(free.id)).toMatchObject({ transparent: true, start: { instant: Date.UTC(2030, 0, 8, 12) }, end: { instant: Date.UTC(2030, 0, 8, 14) } });
    expect(byId.get(tentative.id)).toMatchObject({ status: 'tentative', transparent: false });
    expect(byId.get(cancelled.id)).toMatchObject({ status: 'cancelled' });
    expect(changes.events).toHaveLength(8);

    const deltas = fake.apiRequests().filter((r) => r.path.endsWith('/calendarView/delta'));
    expect(deltas.length).toBeGreaterThan(1); // paged via @odata.nextLink
    expect(deltas[0]!.path).toBe(`/v1.0/me/calendars/${encodeURIComponent(cal)}/calendarView/delta`);
    expect(deltas[0]!.query).toEqual({ startDateTime: iso(WINDOW.from), endDateTime: iso(WINDOW.to) });
    expect(deltas.every((r) => r.headers.prefer === 'outlook.timezone="UTC"')).toBe(true);
    expect(deltas.slice(1).every((r) => typeof r.query.$skiptoken === 'string')).toBe(true);
  });

  it('incremental listChanges returns only the external edit, and @removed ids', async () => {
    const { weekly, allDay, free } = seed();
    const first = await connector.listChanges(cal, WINDOW, null);
    const thirdOccurrence = first.events.find((e) => 'instant' in e.start && e.start.instant === Date.UTC(2030, 0, 21, 9))!;

    fake.editEvent(cal, free.id, { start: '2030-01-09T13:00:00Z', end: '2030-01-09T14:00:00Z' });
    fake.removeEvent(cal, allDay.id);
    fake.removeEvent(cal, thirdOccurrence.id);
    const before = fake.apiRequests().length;

    const changes = await connector.listChanges(cal, WINDOW, first.cursor);

    expect(changes.full).toBe(false);
    expect(changes.cursor).not.toBe(first.cursor);
    expect(changes.events).toEqual([expect.objectContaining({ id: free.id, transparent: true, start: { instant: Date.UTC(2030, 0, 9, 13) } })]);
    expect(changes.removed.sort()).toEqual([allDay.id, thirdOccurrence.id].sort());
    expect(weekly.id).not.toBe(thirdOccurrence.id);
    const incremental = fake.apiRequests().slice(before);
    expect(incremental[0]!.query.$deltatoken).toBeDefined();
    expect(incremental[0]!.query.startDateTime).toBeUndefined();

    const quiet = await connector.listChanges(cal, WINDOW, changes.cursor);
    expect(quiet).toMatchObject({ events: [], removed: [], full: false });
  });

  it('an event moved out of the window comes back as @removed', async () => {
    const { free } = seed();
    const first = await connector.listChanges(cal, WINDOW, null);
    fake.editEvent(cal, free.id, { start: '2030-03-01T10:00:00Z', end: '2030-03-01T11:00:00Z' });

    expect(await connector.listChanges(cal, WINDOW, first.cursor)).toMatchObject({ events: [], removed: [free.id], full: false });
  });

  it('an expired delta link (410 syncStateNotFound) becomes a full resync, not an error', async () => {
    seed();
    const first = await connector.listChanges(cal, WINDOW, null);
    fake.expireSyncTokens();
    const before = fake.apiRequests().length;

    const changes = await connector.listChanges(cal, WINDOW, first.cursor);

    expect(changes.full).toBe(true);
    expect(changes.events).toHaveLength(first.events.length);
    const seen = fake.apiRequests().slice(before);
    expect(seen[0]).toMatchObject({ status: 410 });
    expect(seen[1]!.query).toEqual({ startDateTime: iso(WINDOW.from), endDateTime: iso(WINDOW.to) });
    expect(changes.cursor).not.toBe(first.cursor);
  });

  it('createEvent is idempotent: the retried POST carries the same transactionId and yields the same event', async () => {
    const d = draft();

    const first = await connector.createEvent(cal, d);
    const retry = await connector.createEvent(cal, d);

    expect(retry).toEqual(first);
    expect(fake.events(cal)).toHaveLength(1);
    const stored = fake.getEvent(first.id)!;
    expect(stored).toMatchObject({
      subject: d.title,
      start: d.start,
      end: d.end,
      isAllDay: false,
      showAs: 'busy',
      location: d.location,
      transactionId: d.eventKey,
      attendees: [],
      singleValueExtendedProperties: [
        { id: EVENT_KEY_PROPERTY_ID, value: d.eventKey },
        { id: BOOKING_ID_PROPERTY_ID, value: d.bookingId },
      ],
    });
    expect(stored.body.content).toContain('Ana <ana@example.org>');
    const posts = fake.apiRequests().filter((r) => r.method === 'POST');
    expect(posts.map((r) => r.status)).toEqual([201, 201]);
    expect(JSON.parse(posts[0]!.body)).toMatchObject({
      transactionId: d.eventKey,
      start: { dateTime: iso(d.start).slice(0, 23), timeZone: 'UTC' },
      end: { dateTime: iso(d.end).slice(0, 23), timeZone: 'UTC' },
    });

    // the booking id comes back in listChanges (read with $expand for slotflow's own events only)
    fake.addEvent(cal, { subject: 'Someone else', start: '2030-01-11T10:00:00Z', end: '2030-01-11T11:00:00Z' });
    const listed = await connector.listChanges(cal, WINDOW, null);
    expect(listed.events.find((e) => e.id === first.id)).toMatchObject({ slotflowBookingId: d.bookingId });
    expect(listed.events.find((e) => e.id !== first.id)).toMatchObject({ slotflowBookingId: undefined });
    const gets = fake.apiRequests().filter((r) => r.path.startsWith('/v1.0/me/events/'));
    expect(gets).toHaveLength(1);
    expect(gets[0]!.query.$expand).toBe(`singleValueExtendedProperties($filter=id eq '${BOOKING_ID_PROPERTY_ID}')`);
  });

  it('createEvent answered 409 finds the first attempt’s event by its key', async () => {
    const d = draft();
    const first = await connector.createEvent(cal, d);
    fake.failNext({ status: 409 });

    await expect(connector.createEvent(cal, d)).resolves.toEqual(first);

    const lookup = fake.apiRequests().at(-1)!;
    expect(lookup.method).toBe('GET');
    expect(lookup.query.$filter).toBe(`singleValueExtendedProperties/Any(ep: ep/id eq '${EVENT_KEY_PROPERTY_ID}' and ep/value eq '${d.eventKey}')`);
  });

  it('updateEvent moves the same event', async () => {
    const d = draft();
    const { id } = await connector.createEvent(cal, d);
    const moved = { ...d, start: d.start + DAY, end: d.end + DAY + H, title: 'Haircut + colour' };

    await expect(connector.updateEvent(cal, moved)).resolves.toEqual({ id });

    expect(fake.events(cal)).toHaveLength(1);
    expect(fake.getEvent(id)).toMatchObject({ subject: 'Haircut + colour', start: moved.start, end: moved.end, transactionId: d.eventKey });
    expect(fake.apiRequests().at(-1)).toMatchObject({ method: 'PATCH', status: 200 });
  });

  it('updateEvent of an event that is gone → NOT_FOUND', async () => {
    expect((await failure(connector.updateEvent(cal, draft()))).kind).toBe('NOT_FOUND');

    const d = draft();
    const { id } = await connector.createEvent(cal, d);
    fake.removeEvent(cal, id);
    expect((await failure(connector.updateEvent(cal, d))).kind).toBe('NOT_FOUND');
  });

  it('deleteEvent twice is fine, as is deleting an unknown key', async () => {
    const d = draft();
    const { id } = await connector.createEvent(cal, d);

    await connector.deleteEvent(cal, d.eventKey);
    await connector.deleteEvent(cal, d.eventKey);
    await connector.deleteEvent(cal, eventKey());

    expect(fake.events(cal)).toHaveLength(0);
    expect(fake.getEvent(id)?.deleted).toBe(true);
    expect(
      fake
        .apiRequests()
        .filter((r) => r.method === 'DELETE')
        .map((r) => r.status),
    ).toEqual([204]);
  });

  it('a DELETE answered 404 (deleted between lookup and delete) is success', async () => {
    // the key lookup answers an event that is gone by the time the DELETE arrives
    fake.failNext({ status: 200, body: { value: [{ id: 'AAMkAGgoneAAA=' }] } });

    await connector.deleteEvent(cal, eventKey());

    expect(fake.apiRequests().map((r) => [r.method, r.status])).toEqual([
      ['GET', 200],
      ['DELETE', 404],
    ]);
  });

  it('429 with Retry-After → RATE_LIMITED with retryAfterMs, and the SDK did not retry (no RetryHandler)', async () => {
    fake.failNext({ status: 429, retryAfter: 3 });

    const err = await failure(connector.listCalendars());

    expect(err.kind).toBe('RATE_LIMITED');
    expect(err.detail).toMatchObject({ status: 429, retryAfterMs: 3000, providerCode: 'TooManyRequests' });
    expect(fake.apiRequests()).toHaveLength(1);
  });

  it('503 with Retry-After (also retried by the default chain) → RATE_LIMITED (the server named a time), once', async () => {
    fake.failNext({ status: 503, retryAfter: 1 });

    const err = await failure(connector.listChanges(cal, WINDOW, null));

    expect(err).toMatchObject({ kind: 'RATE_LIMITED', detail: { status: 503, retryAfterMs: 1000 } });
    expect(fake.apiRequests()).toHaveLength(1);
  });

  it('500 → TEMPORARY, once; a 500 from the token endpoint too', async () => {
    fake.failNext({ status: 500 });
    const err = await failure(connector.createEvent(cal, draft()));
    expect(err).toMatchObject({ kind: 'TEMPORARY', detail: { status: 500 } });
    expect(fake.apiRequests()).toHaveLength(1);

    const fresh = createMicrosoftConnector({ credentials: fake.credentials, graphBaseUrl: fake.url, tokenUrl: fake.tokenUrl });
    const tokenCalls = fake.tokenRequests().length;
    fake.failNext({ status: 500, target: 'token' });
    expect((await failure(fresh.listCalendars())).kind).toBe('TEMPORARY');
    expect(fake.tokenRequests().length - tokenCalls).toBe(1);
  });

  it('network failure → TEMPORARY', async () => {
    const closed = await startMicrosoftGraphFake();
    await closed.close();
    const offline = createMicrosoftConnector({ credentials: fake.credentials, graphBaseUrl: closed.url, tokenUrl: fake.tokenUrl });

    expect((await failure(offline.listCalendars())).kind).toBe('TEMPORARY');
  });

  it('a revoked refresh token → AUTH_REVOKED (invalid_grant AADSTS70008), also mid-session (401)', async () => {
    const revoked = createMicrosoftConnector({
      credentials: { ...fake.credentials, refreshToken: '0.AXoA-revoked' },
      graphBaseUrl: fake.url,
      tokenUrl: fake.tokenUrl,
    });
    const err = await failure(revoked.listCalendars());
    expect(err).toMatchObject({ kind: 'AUTH_REVOKED', detail: { status: 400, providerCode: 'invalid_grant/AADSTS70008' } });
    expect(err.message).toContain('AADSTS70008');
    expect(fake.apiRequests()).toHaveLength(0);
    const form = new URLSearchParams(fake.tokenRequests().at(-1)!.body);
    expect(Object.fromEntries(form)).toMatchObject({
      grant_type: 'refresh_token',
      client_id: fake.clientId,
      scope: 'offline_access Calendars.ReadWrite',
    });

    await connector.listCalendars();
    fake.revokeRefreshTokens();
    const mid = await failure(connector.listChanges(cal, WINDOW, null));
    expect(mid).toMatchObject({ kind: 'AUTH_REVOKED', detail: { status: 401, providerCode: 'InvalidAuthenticationToken' } });
  });

  it('hands the rotated refresh token to onRefreshToken', async () => {
    const rotated: string[] = [];
    const withHook = createMicrosoftConnector({
      credentials: fake.credentials,
      graphBaseUrl: fake.url,
      tokenUrl: fake.tokenUrl,
      onRefreshToken: (token) => void rotated.push(token),
    });

    await withHook.listCalendars();
    await withHook.listCalendars();

    expect(rotated).toHaveLength(1); // one refresh: the access token is cached
    expect(rotated[0]).not.toBe(fake.refreshToken);
    expect(fake.tokenRequests()).toHaveLength(1);
  });

  it('an unknown calendar → NOT_FOUND', async () => {
    expect((await failure(connector.listChanges('AAMkADnope=', WINDOW, null))).kind).toBe('NOT_FOUND');
    expect((await failure(connector.createEvent('AAMkADnope=', draft()))).kind).toBe('NOT_FOUND');
  });

  it('microsoftAuthUrl asks for offline_access + Calendars.ReadWrite with the code flow', () => {
    const url = new URL(microsoftAuthUrl({ clientId: 'cid', redirectUri: 'https://app.example/oauth/microsoft', state: 's-9', tenant: 'organizations' }));

    expect(url.origin + url.pathname).toBe('https://login.microsoftonline.com/organizations/oauth2/v2.0/authorize');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      client_id: 'cid',
      response_type: 'code',
      redirect_uri: 'https://app.example/oauth/microsoft',
      response_mode: 'query',
      scope: 'offline_access Calendars.ReadWrite',
      state: 's-9',
    });
  });

  it('exchangeMicrosoftCode returns a usable refresh token; bad code / missing scope → AUTH_REVOKED', async () => {
    const redirectUri = 'https://app.example/oauth/microsoft';
    const code = fake.issueAuthCode({ redirectUri });
    const grant = await exchangeMicrosoftCode({ clientId: fake.clientId, clientSecret: fake.clientSecret, redirectUri, code, tokenUrl: fake.tokenUrl });
    expect(grant.scopes).toEqual(['Calendars.ReadWrite']);
    const connected = createMicrosoftConnector({
      credentials: { clientId: fake.clientId, clientSecret: fake.clientSecret, refreshToken: grant.refreshToken },
      graphBaseUrl: fake.url,
      tokenUrl: fake.tokenUrl,
    });
    await expect(connected.listCalendars()).resolves.toHaveLength(1);

    const reused = await failure(
      exchangeMicrosoftCode({ clientId: fake.clientId, clientSecret: fake.clientSecret, redirectUri, code, tokenUrl: fake.tokenUrl }),
    );
    expect(reused.kind).toBe('AUTH_REVOKED');

    const narrow = fake.issueAuthCode({ redirectUri, scope: 'Calendars.Read' });
    const lacking = await failure(
      exchangeMicrosoftCode({ clientId: fake.clientId, clientSecret: fake.clientSecret, redirectUri, code: narrow, tokenUrl: fake.tokenUrl }),
    );
    expect(lacking).toMatchObject({ kind: 'AUTH_REVOKED', detail: { providerCode: 'insufficient_scope' } });
  });
});
