import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CalendarConnector } from '../../src/calendar-connectors/connector.ts';
import { createGoogleConnector, exchangeGoogleCode, GOOGLE_SCOPES, googleAuthUrl } from '../../src/calendar-connectors/google.connector.ts';
import { startGoogleCalendarFake, type GoogleCalendarFake } from '../support/fakes/google-calendar.fake.ts';
import { DAY, draft, eventKey, failure, H, iso, WINDOW } from '../support/connector-fixtures.ts';

const PRIMARY = 'owner@example.com';

describe('Google connector (googleapis against the Calendar v3 fake)', () => {
  let fake: GoogleCalendarFake;
  let connector: CalendarConnector;

  beforeEach(async () => {
    fake = await startGoogleCalendarFake({ pageSize: 2 });
    connector = createGoogleConnector({ credentials: fake.credentials, rootUrl: fake.rootUrl, tokenUrl: fake.tokenUrl });
  });
  afterEach(async () => {
    await fake.close();
  });

  /** A weekly series (6 × Monday 09:00–10:00 UTC), an all-day event, a free event, a deleted one. */
  function seed() {
    const weekly = fake.addEvent(PRIMARY, {
      summary: 'Team sync',
      start: { dateTime: iso(WINDOW.from + 9 * H), timeZone: 'UTC' },
      end: { dateTime: iso(WINDOW.from + 10 * H), timeZone: 'UTC' },
      recurrence: ['RRULE:FREQ=WEEKLY;COUNT=6'],
    });
    const allDay = fake.addEvent(PRIMARY, { summary: 'Conference', start: { date: '2030-01-10' }, end: { date: '2030-01-12' } });
    const free = fake.addEvent(PRIMARY, {
      summary: 'Focus (free)',
      transparency: 'transparent',
      start: { dateTime: '2030-01-08T13:00:00+01:00' },
      end: { dateTime: '2030-01-08T15:00:00+01:00' },
    });
    const gone = fake.addEvent(PRIMARY, { summary: 'Dropped', start: { dateTime: iso(WINDOW.from + DAY) }, end: { dateTime: iso(WINDOW.from + DAY + H) } });
    fake.removeEvent(PRIMARY, gone.id);
    fake.addEvent(PRIMARY, { summary: 'Next year', start: { dateTime: '2031-06-01T10:00:00Z' }, end: { dateTime: '2031-06-01T11:00:00Z' } });
    return { weekly, allDay, free, gone };
  }

  it('lists calendars with primary, zone and read-only flag', async () => {
    fake.addCalendar({ id: 'team@group.calendar.google.com', summary: 'Team', accessRole: 'reader', timeZone: 'America/New_York' });
    fake.addCalendar({ id: 'side@example.com', summary: 'Side', accessRole: 'writer' });

    const calendars = await connector.listCalendars();

    expect(calendars).toEqual([
      { id: PRIMARY, name: PRIMARY, primary: true, timeZone: 'Europe/Berlin', readOnly: false },
      { id: 'team@group.calendar.google.com', name: 'Team', primary: false, timeZone: 'America/New_York', readOnly: true },
      { id: 'side@example.com', name: 'Side', primary: false, timeZone: 'UTC', readOnly: false },
    ]);
    // page size 2 on the fake: the connector followed nextPageToken
    expect(fake.apiRequests().filter((r) => r.path.endsWith('/calendarList'))).toHaveLength(2);
  });

  it('first listChanges is a full listing of the window: instances expanded, all-day, free, deleted left out', async () => {
    const { weekly, allDay, free } = seed();

    const changes = await connector.listChanges(PRIMARY, WINDOW, null);

    expect(changes.full).toBe(true);
    expect(changes.removed).toEqual([]);
    expect(changes.cursor).toMatch(/^CP/);
    const byId = new Map(changes.events.map((e) => [e.id, e]));
    expect([...byId.keys()].sort()).toEqual(
      [
        `${weekly.id}_20300107T090000Z`,
        `${weekly.id}_20300114T090000Z`,
        `${weekly.id}_20300121T090000Z`,
        `${weekly.id}_20300128T090000Z`,
        allDay.id,
        free.id,
      ].sort(),
    );
    expect(byId.get(`${weekly.id}_20300114T090000Z`)).toEqual({
      id: `${weekly.id}_20300114T090000Z`,
      status: 'confirmed',
      transparent: false,
      start: { instant: Date.UTC(2030, 0, 14, 9) },
      end: { instant: Date.UTC(2030, 0, 14, 10) },
      slotflowBookingId: undefined,
    });
    expect(byId.get(allDay.id)).toMatchObject({ start: { date: '2030-01-10' }, end: { date: '2030-01-12' }, transparent: false });
    expect(byId.get(free.id)).toMatchObject({ transparent: true, start: { instant: Date.UTC(2030, 0, 8, 12) } });

    const lists = fake.apiRequests().filter((r) => r.path.endsWith('/events'));
    expect(lists.length).toBeGreaterThan(1); // paged
    expect(lists[0]!.query).toMatchObject({
      singleEvents: 'true',
      showDeleted: 'true',
      timeMin: iso(WINDOW.from),
      timeMax: iso(WINDOW.to),
    });
    expect(lists[0]!.query.syncToken).toBeUndefined();
    expect(lists.slice(1).every((r) => typeof r.query.pageToken === 'string')).toBe(true);
  });

  it('incremental listChanges returns only the external edit, and removed ids for deletions', async () => {
    const { weekly, allDay, free } = seed();
    const first = await connector.listChanges(PRIMARY, WINDOW, null);

    fake.editEvent(PRIMARY, free.id, { start: { dateTime: '2030-01-09T13:00:00Z' }, end: { dateTime: '2030-01-09T14:00:00Z' } });
    fake.removeEvent(PRIMARY, allDay.id);
    fake.removeEvent(PRIMARY, `${weekly.id}_20300121T090000Z`);
    const before = fake.apiRequests().length;

    const changes = await connector.listChanges(PRIMARY, WINDOW, first.cursor);

    expect(changes.full).toBe(false);
    expect(changes.cursor).not.toBe(first.cursor);
    expect(changes.events).toEqual([expect.objectContaining({ id: free.id, transparent: true, start: { instant: Date.UTC(2030, 0, 9, 13) } })]);
    expect(changes.removed.sort()).toEqual([allDay.id, `${weekly.id}_20300121T090000Z`].sort());
    const incremental = fake.apiRequests().slice(before);
    expect(incremental[0]!.query).toMatchObject({ syncToken: first.cursor, singleEvents: 'true', showDeleted: 'true' });
    expect(incremental[0]!.query.timeMin).toBeUndefined();
    expect(incremental[0]!.query.timeMax).toBeUndefined();

    const quiet = await connector.listChanges(PRIMARY, WINDOW, changes.cursor);
    expect(quiet).toEqual({ events: [], removed: [], cursor: changes.cursor, full: false });
  });

  it('an event moved out of the window is reported as removed', async () => {
    const { free } = seed();
    const first = await connector.listChanges(PRIMARY, WINDOW, null);
    fake.editEvent(PRIMARY, free.id, { start: { dateTime: '2030-03-01T10:00:00Z' }, end: { dateTime: '2030-03-01T11:00:00Z' } });

    const changes = await connector.listChanges(PRIMARY, WINDOW, first.cursor);

    expect(changes).toMatchObject({ events: [], removed: [free.id], full: false });
  });

  it('an expired sync token (410 fullSyncRequired) becomes a full resync, not an error', async () => {
    seed();
    const first = await connector.listChanges(PRIMARY, WINDOW, null);
    fake.expireSyncTokens();
    const before = fake.apiRequests().length;

    const changes = await connector.listChanges(PRIMARY, WINDOW, first.cursor);

    expect(changes.full).toBe(true);
    expect(changes.removed).toEqual([]);
    expect(changes.events).toHaveLength(first.events.length);
    const seen = fake.apiRequests().slice(before);
    expect(seen[0]).toMatchObject({ status: 410, query: { syncToken: first.cursor } });
    expect(seen[1]!.query).toMatchObject({ timeMin: iso(WINDOW.from), timeMax: iso(WINDOW.to) });
    expect(changes.cursor).not.toBe(first.cursor);
  });

  it('createEvent is idempotent by eventKey: a retry finds the first attempt’s event', async () => {
    const d = draft();

    const first = await connector.createEvent(PRIMARY, d);
    const retry = await connector.createEvent(PRIMARY, d);

    expect(first).toEqual({ id: d.eventKey });
    expect(retry).toEqual({ id: d.eventKey });
    expect(fake.events(PRIMARY)).toHaveLength(1);
    const stored = fake.getEvent(PRIMARY, d.eventKey)!;
    expect(stored).toMatchObject({
      id: d.eventKey,
      status: 'confirmed',
      summary: d.title,
      description: d.description,
      location: d.location,
      transparency: 'opaque',
      start: { dateTime: iso(d.start), timeZone: 'Europe/Berlin' },
      end: { dateTime: iso(d.end), timeZone: 'Europe/Berlin' },
      attendees: [{ email: 'ana@example.org', displayName: 'Ana' }],
      extendedProperties: { private: { slotflowBookingId: d.bookingId, slotflowEventKey: d.eventKey } },
    });
    const writes = fake.apiRequests().filter((r) => r.path.includes('/events'));
    expect(writes.map((r) => [r.method, r.status])).toEqual([
      ['POST', 200],
      ['POST', 409],
      ['GET', 200],
    ]);
    expect(writes[0]!.query.sendUpdates).toBe('none');

    const listed = await connector.listChanges(PRIMARY, WINDOW, null);
    expect(listed.events).toEqual([expect.objectContaining({ id: d.eventKey, slotflowBookingId: d.bookingId })]);
  });

  it('createEvent for a key whose event was deleted in the meantime restores it', async () => {
    const d = draft();
    await connector.createEvent(PRIMARY, d);
    fake.removeEvent(PRIMARY, d.eventKey);

    await expect(connector.createEvent(PRIMARY, d)).resolves.toEqual({ id: d.eventKey });

    expect(fake.getEvent(PRIMARY, d.eventKey)).toMatchObject({ status: 'confirmed' });
    expect(fake.events(PRIMARY)).toHaveLength(1);
  });

  it('updateEvent moves the same event', async () => {
    const d = draft();
    await connector.createEvent(PRIMARY, d);
    const moved = { ...d, start: d.start + DAY, end: d.end + DAY + H, title: 'Haircut + colour' };

    await expect(connector.updateEvent(PRIMARY, moved)).resolves.toEqual({ id: d.eventKey });

    expect(fake.events(PRIMARY)).toHaveLength(1);
    expect(fake.getEvent(PRIMARY, d.eventKey)).toMatchObject({
      summary: 'Haircut + colour',
      start: { dateTime: iso(moved.start) },
      end: { dateTime: iso(moved.end) },
      sequence: 1,
      extendedProperties: { private: { slotflowBookingId: d.bookingId } },
    });
    expect(fake.apiRequests().at(-1)).toMatchObject({ method: 'PATCH', status: 200 });
  });

  it('updateEvent of an event that is gone → NOT_FOUND', async () => {
    const never = await failure(connector.updateEvent(PRIMARY, draft()));
    expect(never.kind).toBe('NOT_FOUND');

    const d = draft();
    await connector.createEvent(PRIMARY, d);
    fake.removeEvent(PRIMARY, d.eventKey);
    expect((await failure(connector.updateEvent(PRIMARY, d))).kind).toBe('NOT_FOUND');
  });

  it('deleteEvent twice is fine (410 deleted = already gone), as is deleting an unknown key (404)', async () => {
    const d = draft();
    await connector.createEvent(PRIMARY, d);

    await connector.deleteEvent(PRIMARY, d.eventKey);
    await connector.deleteEvent(PRIMARY, d.eventKey);
    await connector.deleteEvent(PRIMARY, eventKey());

    expect(fake.getEvent(PRIMARY, d.eventKey)?.status).toBe('cancelled');
    expect(
      fake
        .apiRequests()
        .filter((r) => r.method === 'DELETE')
        .map((r) => r.status),
    ).toEqual([204, 410, 404]);
  });

  it('429 with Retry-After → RATE_LIMITED with retryAfterMs, and nothing retried it', async () => {
    fake.failNext({ status: 429, retryAfter: 3 });

    const err = await failure(connector.listCalendars());

    expect(err.kind).toBe('RATE_LIMITED');
    expect(err.detail).toMatchObject({ status: 429, retryAfterMs: 3000, providerCode: 'rateLimitExceeded' });
    expect(fake.apiRequests()).toHaveLength(1);
  });

  it('403 rateLimitExceeded (Calendar’s usage-limit form) → RATE_LIMITED', async () => {
    fake.failNext({
      status: 403,
      body: {
        error: { errors: [{ domain: 'usageLimits', reason: 'rateLimitExceeded', message: 'Rate Limit Exceeded' }], code: 403, message: 'Rate Limit Exceeded' },
      },
    });

    const err = await failure(connector.listChanges(PRIMARY, WINDOW, null));

    expect(err.kind).toBe('RATE_LIMITED');
    expect(fake.apiRequests()).toHaveLength(1);
  });

  it('500 → TEMPORARY, once (no silent retry); a 500 from the token endpoint too', async () => {
    fake.failNext({ status: 500 });
    const err = await failure(connector.createEvent(PRIMARY, draft()));
    expect(err.kind).toBe('TEMPORARY');
    expect(err.detail.status).toBe(500);
    expect(fake.apiRequests()).toHaveLength(1);

    const fresh = createGoogleConnector({ credentials: fake.credentials, rootUrl: fake.rootUrl, tokenUrl: fake.tokenUrl });
    const tokenCalls = fake.tokenRequests().length;
    fake.failNext({ status: 503, target: 'token' });
    expect((await failure(fresh.listCalendars())).kind).toBe('TEMPORARY');
    expect(fake.tokenRequests().length - tokenCalls).toBe(1);
  });

  it('network failure → TEMPORARY', async () => {
    const closed = await startGoogleCalendarFake();
    await closed.close();
    const offline = createGoogleConnector({ credentials: fake.credentials, rootUrl: closed.rootUrl, tokenUrl: closed.tokenUrl });

    expect((await failure(offline.listCalendars())).kind).toBe('TEMPORARY');
  });

  it('a revoked refresh token → AUTH_REVOKED (invalid_grant), also mid-session (401)', async () => {
    const revoked = createGoogleConnector({
      credentials: { ...fake.credentials, refreshToken: '1//0g-revoked' },
      rootUrl: fake.rootUrl,
      tokenUrl: fake.tokenUrl,
    });
    const err = await failure(revoked.listCalendars());
    expect(err.kind).toBe('AUTH_REVOKED');
    expect(err.detail).toMatchObject({ status: 400, providerCode: 'invalid_grant' });
    expect(fake.tokenRequests().at(-1)).toMatchObject({ status: 400 });
    expect(fake.tokenRequests().at(-1)!.body).toContain('grant_type=refresh_token');

    await connector.listCalendars(); // holds an access token now
    fake.revokeRefreshToken();
    const mid = await failure(connector.listChanges(PRIMARY, WINDOW, null));
    expect(mid.kind).toBe('AUTH_REVOKED');
    expect(mid.detail.status).toBe(401);
  });

  it('an unknown calendar → NOT_FOUND', async () => {
    expect((await failure(connector.listChanges('nope@example.com', WINDOW, null))).kind).toBe('NOT_FOUND');
    expect((await failure(connector.createEvent('nope@example.com', draft()))).kind).toBe('NOT_FOUND');
  });

  it('googleAuthUrl asks for offline access, fresh consent and least-privilege scopes', () => {
    const url = new URL(googleAuthUrl({ clientId: 'cid.apps.googleusercontent.com', redirectUri: 'https://app.example/oauth/google', state: 's-123' }));

    expect(url.origin + url.pathname).toBe('https://accounts.google.com/o/oauth2/v2/auth');
    expect(Object.fromEntries(url.searchParams)).toMatchObject({
      client_id: 'cid.apps.googleusercontent.com',
      redirect_uri: 'https://app.example/oauth/google',
      response_type: 'code',
      access_type: 'offline',
      prompt: 'consent',
      state: 's-123',
      scope: GOOGLE_SCOPES.join(' '),
    });
  });

  it('exchangeGoogleCode returns a refresh token that the connector can use; bad code / missing scope → AUTH_REVOKED', async () => {
    const redirectUri = 'https://app.example/oauth/google';
    const code = fake.issueAuthCode({ redirectUri });
    const grant = await exchangeGoogleCode({ clientId: fake.clientId, clientSecret: fake.clientSecret, redirectUri, code, tokenUrl: fake.tokenUrl });
    expect(grant.scopes).toEqual([...GOOGLE_SCOPES]);
    expect(grant.expiresAt).toBeGreaterThan(Date.now());
    const connected = createGoogleConnector({
      credentials: { clientId: fake.clientId, clientSecret: fake.clientSecret, refreshToken: grant.refreshToken },
      rootUrl: fake.rootUrl,
      tokenUrl: fake.tokenUrl,
    });
    await expect(connected.listCalendars()).resolves.toHaveLength(1);

    const reused = await failure(exchangeGoogleCode({ clientId: fake.clientId, clientSecret: fake.clientSecret, redirectUri, code, tokenUrl: fake.tokenUrl }));
    expect(reused.kind).toBe('AUTH_REVOKED');

    const narrow = fake.issueAuthCode({ redirectUri, scope: 'https://www.googleapis.com/auth/calendar.calendarlist.readonly' });
    const lacking = await failure(
      exchangeGoogleCode({ clientId: fake.clientId, clientSecret: fake.clientSecret, redirectUri, code: narrow, tokenUrl: fake.tokenUrl }),
    );
    expect(lacking).toMatchObject({ kind: 'AUTH_REVOKED', detail: { providerCode: 'insufficient_scope' } });
  });
});
