/**
 * Connecting a provider's CalDAV calendar through the admin API, on a real dev server with a real
 * Radicale: credentials checked and sealed, first sync before the answer, a Temporal Schedule for the
 * periodic sync, "sync now", the busy endpoint, a slot blocked only by an external event can be neither
 * offered nor booked, the SSRF guard, and disconnecting.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { syncBookingEvent } from '../../src/use-cases/sync-booking-event.ts';
import type { CalendarSettings } from '../../src/calendar-connectors/connection-connector.ts';
import { insertBooking } from '../../src/db/booking.repository.ts';
import { eventKeyForBooking } from '../../src/domain/calendar-events/event-from-booking.ts';
import { startWorker, type SlotflowWorker } from '../../src/temporal/worker.ts';
import { skipKind, testDatabase, type TestDatabase } from '../support/databases.ts';
import { seedProviderWithService } from '../support/catalog-seed.ts';
import { adminHeaders, testGateway } from '../support/gateway.ts';
import { waitFor } from '../support/process.ts';
import { startRadicale, type RunningRadicale } from '../support/radicale.ts';

describe('calendar connections (CalDAV, PGlite, real dev server)', () => {
  let d: TestDatabase;
  let radicale: RunningRadicale;
  let gw: Awaited<ReturnType<typeof testGateway>>;
  let worker: SlotflowWorker;
  let provider: string;
  let service: string;
  let calendarUrl: string;
  let calendarSettings: CalendarSettings;
  const sealKey = randomBytes(32);
  const auth = () => ({ authorization: `Basic ${Buffer.from(`${radicale.username}:${radicale.password}`).toString('base64')}` });
  /**
   * The UTC date `days` after the real now of loading (the workflows and the sync run on real clocks). Safe at any
   * instant: the provider is in UTC, open 00:00–24:00 every day, events and queries are in UTC, and 3–5 days ahead
   * is inside the 60-day advance window and the sync window; LOADED keeps repeated calls on one date across midnight.
   */
  const LOADED = Date.now();
  const day = (days: number) => new Date(LOADED + days * 86_400_000).toISOString().slice(0, 10);
  const putEvent = async (uid: string, startUtc: string, endUtc: string) => {
    const body = [
      'BEGIN:VCALENDAR',
      'VERSION:2.0',
      'PRODID:-//test//EN',
      'BEGIN:VEVENT',
      `UID:${uid}`,
      'DTSTAMP:20260101T000000Z',
      `DTSTART:${startUtc}`,
      `DTEND:${endUtc}`,
      'SUMMARY:Elsewhere',
      'END:VEVENT',
      'END:VCALENDAR',
      '',
    ].join('\r\n');
    const res = await fetch(new URL(`${uid}.ics`, calendarUrl), { method: 'PUT', headers: { ...auth(), 'content-type': 'text/calendar' }, body });
    expect(res.status).toBeLessThan(300);
  };
  const compact = (isoDay: string, hhmm: string) => `${isoDay.replace(/-/g, '')}T${hhmm}00Z`;

  beforeAll(async () => {
    if (skipKind('pglite')) return;
    d = await testDatabase('pglite');
    radicale = await startRadicale();
    calendarUrl = new URL('practice/', radicale.homeUrl).toString();
    expect((await fetch(calendarUrl, { method: 'MKCALENDAR', headers: auth() })).status).toBe(201);
    const calendar = { sealKey, allowPrivateNetworks: true, syncIntervalSeconds: 300 };
    calendarSettings = calendar;
    gw = await testGateway(d, { calendar });
    worker = await startWorker({ address: inject('temporalAddress'), namespace: 'default', taskQueue: gw.taskQueue, db: d.db, calendar });
    ({ provider, service } = await seedProviderWithService(d.db, { providerName: 'Dr. Weber' }));
  }, 60_000);
  afterAll(async () => {
    await worker?.stop();
    await gw?.close();
    await radicale?.stop();
    await d?.dispose();
  });

  const connect = (body: Record<string, unknown>) =>
    gw.app.inject({
      method: 'POST',
      url: '/v1/admin/connections',
      headers: adminHeaders,
      payload: { kind: 'caldav', providerId: provider, url: radicale.url, username: radicale.username, password: radicale.password, ...body },
    });
  const slotsOn = async (isoDay: string) =>
    (
      (
        await gw.app.inject({ method: 'GET', url: `/v1/availability?serviceId=${service}&from=${isoDay}T00:00:00Z&to=${isoDay}T23:59:00Z&timeZone=UTC` })
      ).json() as { slots: { start: string }[] }
    ).slots.map((s) => new Date(s.start).toISOString());

  it.skipIf(skipKind('pglite'))('refuses wrong credentials (422) and, without the private-network opt-in, a loopback URL', async () => {
    const wrong = await connect({ password: 'nope' });
    expect(wrong.statusCode).toBe(422);
    expect(wrong.json()).toMatchObject({ errors: [{ path: 'body.password' }] });
    const strict = await testGateway(d, { calendar: { sealKey, allowPrivateNetworks: false, syncIntervalSeconds: 300 }, taskQueue: gw.taskQueue });
    try {
      const ssrf = await strict.app.inject({
        method: 'POST',
        url: '/v1/admin/connections',
        headers: adminHeaders,
        payload: { kind: 'caldav', providerId: provider, url: radicale.url, username: 'u', password: 'p' },
      });
      expect(ssrf.statusCode).toBe(422);
      expect(ssrf.json()).toMatchObject({ errors: [{ path: 'body.url' }] });
    } finally {
      await strict.close();
    }
    expect(await d.db.selectFrom('calendar_connections').select('id').execute()).toEqual([]);
    expect((await gw.app.inject({ method: 'POST', url: '/v1/admin/connections', payload: {} })).statusCode).toBe(401);
  });

  it.skipIf(skipKind('pglite'))(
    'connects, syncs at once and on a schedule; an externally busy slot is neither offered nor bookable; disconnect forgets it',
    async () => {
      const target = day(3);
      await putEvent('dentist', compact(target, '1000'), compact(target, '1100'));
      expect(await slotsOn(target)).toContain(`${target}T10:00:00.000Z`); // not synced yet

      const res = await connect({});
      expect(res.statusCode, res.body).toBe(201);
      const conn = res.json() as { id: string; status: string; calendarId: string; lastSyncAt: string; calendars: { id: string }[] };
      expect(conn).toMatchObject({ status: 'healthy', calendarId: new URL(calendarUrl).pathname });
      expect(conn.lastSyncAt).toBeTruthy();
      // Credentials are sealed at rest.
      const row = await d.db.selectFrom('calendar_connections').selectAll().where('id', '=', conn.id).executeTakeFirstOrThrow();
      expect(row.credentials).toMatch(/^v1\./);
      expect(row.credentials).not.toContain(radicale.password);
      // Health is a metric (alert on unhealthy > 0).
      const metrics = (await gw.app.inject({ method: 'GET', url: '/metrics' })).body;
      expect(metrics).toContain('slotflow_calendar_connections{kind="caldav",status="healthy"} 1');
      expect(metrics).toContain('slotflow_calendar_connections{kind="caldav",status="unhealthy"} 0');
      // The periodic sync is a Temporal Schedule.
      const schedule = await gw.temporal.client.schedule.getHandle(`calendar-sync-${conn.id}`).describe();
      expect(schedule.spec.intervals?.[0]?.every).toBe(300_000);

      // The external event's slot is gone from availability, and booking it is refused.
      expect(await slotsOn(target)).not.toContain(`${target}T10:00:00.000Z`);
      expect(await slotsOn(target)).toContain(`${target}T11:00:00.000Z`);
      const refused = await gw.app.inject({
        method: 'POST',
        url: '/v1/bookings',
        payload: { serviceId: service, start: `${target}T10:00:00Z`, timeZone: 'UTC', customer: { name: 'X' } },
      });
      expect(refused.statusCode).toBe(409);
      const busy = (
        await gw.app.inject({
          method: 'GET',
          url: `/v1/admin/providers/${provider}/busy?from=${target}T00:00:00Z&to=${day(4)}T00:00:00Z`,
          headers: adminHeaders,
        })
      ).json() as { busy: unknown[] };
      expect(busy.busy).toEqual([
        expect.objectContaining({ start: `${target}T10:00:00.000Z`, end: `${target}T11:00:00.000Z`, externalId: 'dentist', connectionId: conn.id }),
      ]);

      // A new external event shows after "sync now".
      await putEvent('lunch', compact(target, '1200'), compact(target, '1300'));
      const synced = await gw.app.inject({ method: 'POST', url: `/v1/admin/connections/${conn.id}/sync`, headers: adminHeaders });
      expect(synced.statusCode).toBe(200);
      expect(synced.json()).toMatchObject({ outcome: { status: 'healthy' }, connection: { status: 'healthy' } });
      expect(await slotsOn(target)).not.toContain(`${target}T12:00:00.000Z`);
      const listed = (await gw.app.inject({ method: 'GET', url: `/v1/admin/connections?providerId=${provider}`, headers: adminHeaders })).json() as {
        connections: Record<string, unknown>[];
      };
      expect(listed.connections).toHaveLength(1);
      expect(JSON.stringify(listed)).not.toContain(radicale.password);

      // Disconnect: schedule, credentials and synced busy time are gone; the slot is offered again.
      expect((await gw.app.inject({ method: 'DELETE', url: `/v1/admin/connections/${conn.id}`, headers: adminHeaders })).statusCode).toBe(204);
      await expect(gw.temporal.client.schedule.getHandle(`calendar-sync-${conn.id}`).describe()).rejects.toThrow();
      expect(await d.db.selectFrom('busy_blocks').select('id').where('provider_id', '=', provider).execute()).toEqual([]);
      expect(await slotsOn(target)).toContain(`${target}T10:00:00.000Z`);
      expect((await gw.app.inject({ method: 'DELETE', url: `/v1/admin/connections/${conn.id}`, headers: adminHeaders })).statusCode).toBe(404);
    },
    60_000,
  );

  it.skipIf(skipKind('pglite'))(
    'a booking appears in the calendar; reschedule moves the same event (same UID); cancel removes it',
    async () => {
      const res = await connect({});
      expect(res.statusCode, res.body).toBe(201);
      const connId = (res.json() as { id: string }).id;
      const target = day(5);
      const booked = await gw.app.inject({
        method: 'POST',
        url: '/v1/bookings',
        payload: { serviceId: service, start: `${target}T09:00:00Z`, timeZone: 'UTC', customer: { name: 'Ada Lovelace', email: 'ada@example.com' } },
      });
      expect(booked.statusCode).toBe(201);
      const id = (booked.json() as { id: string }).id;
      const key = eventKeyForBooking(
        await d.db.selectFrom('bookings').select(['id', 'external_ref as externalRef']).where('id', '=', id).executeTakeFirstOrThrow(),
      );
      // The event's name says nothing about the booking id (#21): a random ref, not the id's digits.
      expect(key).toMatch(/^sfr[0-9a-f]{32}$/);
      expect(key).not.toContain(id.replaceAll('-', '').slice(0, 8));
      const eventUrl = new URL(`${key}.ics`, calendarUrl);
      const fetchEvent = async () => {
        const r = await fetch(eventUrl, { headers: auth() });
        return r.status === 200 ? await r.text() : undefined;
      };
      const first = await waitFor(fetchEvent, 20_000, 'event in the calendar');
      expect(first).toContain(`UID:${key}`);
      expect(first).toContain(`DTSTART:${compact(target, '0900')}`);
      expect(first).toContain('Visit – Ada Lovelace');
      expect(first).toContain(`X-SLOTFLOW-BOOKING-ID:${id}`);
      const row = await d.db.selectFrom('bookings').select('calendar_event_ref').where('id', '=', id).executeTakeFirstOrThrow();
      expect(row.calendar_event_ref).toBe(`${connId}:${key}`);
      // slotflow's own event does not count as busy time on the next sync (its slot is taken by the booking itself).
      await gw.app.inject({ method: 'POST', url: `/v1/admin/connections/${connId}/sync`, headers: adminHeaders });
      const busy = await d.db.selectFrom('busy_blocks').select('external_id').where('connection_id', '=', connId).execute();
      expect(busy.map((b) => b.external_id)).not.toContain(key);

      const moved = await gw.app.inject({
        method: 'POST',
        url: `/v1/admin/bookings/${id}/reschedule`,
        headers: adminHeaders,
        payload: { start: `${target}T14:00:00Z` },
      });
      expect(moved.statusCode, moved.body).toBe(200);
      const after = await waitFor(
        async () => {
          const t = await fetchEvent();
          return t?.includes(`DTSTART:${compact(target, '1400')}`) ? t : undefined;
        },
        20_000,
        'event moved',
      );
      expect(after).toContain(`UID:${key}`);
      // One resource for the booking, not two.
      const listing = await fetch(calendarUrl, { method: 'PROPFIND', headers: { ...auth(), depth: '1' } });
      expect((await listing.text()).split(key).length - 1).toBe(1);

      expect(
        (await gw.app.inject({ method: 'POST', url: `/v1/admin/bookings/${id}/cancel`, headers: adminHeaders, payload: { reason: 'ill' } })).statusCode,
      ).toBe(200);
      await waitFor(async () => ((await fetchEvent()) === undefined ? true : undefined), 20_000, 'event removed');
      const types = (await d.db.selectFrom('booking_events').select('type').where('booking_id', '=', id).orderBy('id').execute()).map((e) => e.type);
      expect(types.filter((t) => t.startsWith('calendar_'))).toEqual(['calendar_written', 'calendar_written', 'calendar_removed']);
      await gw.app.inject({ method: 'DELETE', url: `/v1/admin/connections/${connId}`, headers: adminHeaders });
    },
    90_000,
  );

  it.skipIf(skipKind('pglite'))(
    'a booking made before migration 0008 (no external ref) keeps its id-derived event: updated and removed under the old key',
    async () => {
      const res = await connect({});
      expect(res.statusCode, res.body).toBe(201);
      const connId = (res.json() as { id: string }).id;
      const target = day(6);
      const legacyId = randomUUID();
      const legacyKey = `sf${legacyId.replaceAll('-', '')}`;
      // The row as 0007 left it: written straight to the table, external_ref NULL, event not yet written.
      await insertBooking(d.db, {
        id: legacyId,
        serviceId: service,
        providerId: provider,
        start: new Date(`${target}T09:00:00Z`),
        end: new Date(`${target}T09:30:00Z`),
        status: 'confirmed',
        customerName: 'Old Timer',
        customerEmail: 'old@example.com',
      });
      await d.db.updateTable('bookings').set({ external_ref: null }).where('id', '=', legacyId).execute();
      const fetchLegacy = async () => {
        const r = await fetch(new URL(`${legacyKey}.ics`, calendarUrl), { headers: auth() });
        return r.status === 200 ? await r.text() : undefined;
      };
      expect(await syncBookingEvent(d.db, calendarSettings, legacyId, 1)).toBe('written');
      expect(await fetchLegacy()).toContain(`UID:${legacyKey}`);
      // Moved: the same resource changes, no second one appears.
      await d.db
        .updateTable('bookings')
        .set({
          start_time: new Date(`${target}T11:00:00Z`),
          end_time: new Date(`${target}T11:30:00Z`),
          blocked: `[${target}T11:00:00Z,${target}T11:30:00Z)`,
          version: 2,
        })
        .where('id', '=', legacyId)
        .execute();
      expect(await syncBookingEvent(d.db, calendarSettings, legacyId, 2)).toBe('written');
      expect(await fetchLegacy()).toContain(`DTSTART:${compact(target, '1100')}`);
      const listing = await (await fetch(calendarUrl, { method: 'PROPFIND', headers: { ...auth(), depth: '1' } })).text();
      expect(listing).toContain(legacyKey);
      expect(listing).not.toMatch(/sfr[0-9a-f]{32}\.ics/);
      // Cancelled: the old key's event is deleted.
      await d.db.updateTable('bookings').set({ status: 'cancelled', version: 3 }).where('id', '=', legacyId).execute();
      expect(await syncBookingEvent(d.db, calendarSettings, legacyId, 3)).toBe('removed');
      expect(await fetchLegacy()).toBeUndefined();
      await gw.app.inject({ method: 'DELETE', url: `/v1/admin/connections/${connId}`, headers: adminHeaders });
    },
    60_000,
  );
});
