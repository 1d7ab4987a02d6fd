/**
 * Settings and branding (#20 item 3) over HTTP on PGlite and PostgreSQL: the admin API (401 without a key,
 * defaults from BUSINESS_NAME, round trips, null clears, every 422 at its field), the public branding
 * answer, a service's location (admin API, public list, manage answer), and a confirmation rendered at
 * send time with the settings' name and contact and the service's location as the invitation's LOCATION.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertBooking } from '../../src/db/booking.repository.ts';
import { deliverBookingMessage, OUTBOX_ONLY } from '../../src/use-cases/deliver-booking-message.ts';
import { DB_KINDS, skipKind, testDatabase, type TestDatabase } from '../support/databases.ts';
import { insertProvider, insertService } from '../support/factories.ts';
import { adminHeaders, TEST_LINK_SECRET, testGateway } from '../support/gateway.ts';
import { createLinkSigner } from '../../src/use-cases/manage-links.ts';

type Method = 'GET' | 'PATCH' | 'POST';
type Json = Record<string, unknown>;
/** Wednesday 9 January 2030, 12:00 UTC. */
const NOW = new Date('2030-01-09T12:00:00Z');

describe.each(DB_KINDS)('settings and branding on %s', (kind) => {
  let d: TestDatabase;
  let gw: Awaited<ReturnType<typeof testGateway>>;
  let provider: string;

  beforeAll(async () => {
    if (skipKind(kind)) return;
    d = await testDatabase(kind);
    gw = await testGateway(d, { clock: () => NOW, businessName: 'Config Clinic' });
    provider = await insertProvider(d.db, { name: 'Dr. Kim', time_zone: 'Europe/Berlin', weekly_hours: '{}' });
  });
  afterAll(async () => {
    await gw?.close();
    await d?.dispose();
  });

  const call = (method: Method, url: string, payload?: unknown, headers: Json = adminHeaders) =>
    gw.app.inject({ method, url, headers: headers as Record<string, string>, ...(payload === undefined ? {} : { payload: payload as Json }) });
  const ok = async (method: Method, url: string, payload?: unknown, status = 200) => {
    const res = await call(method, url, payload);
    expect(res.statusCode, res.body).toBe(status);
    return res.json() as Json;
  };
  const invalidPaths = async (method: Method, url: string, payload: unknown) => {
    const res = await call(method, url, payload);
    expect(res.statusCode, res.body).toBe(422);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    const body = res.json() as { code: string; errors: { path: string }[] };
    expect(body.code).toBe('invalid_request');
    return body.errors.map((e) => e.path).sort();
  };

  it.skipIf(skipKind(kind))('admin only: GET and PATCH without a key are 401 problems', async () => {
    for (const method of ['GET', 'PATCH'] as const) {
      const res = await call(method, '/v1/admin/settings', method === 'PATCH' ? { phone: '+49 30 1' } : undefined, {});
      expect(res.statusCode).toBe(401);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect((res.json() as Json).code).toBe('unauthorized');
    }
  });

  it.skipIf(skipKind(kind))('defaults: BUSINESS_NAME and nothing else until the admin saves', async () => {
    const s = await ok('GET', '/v1/admin/settings');
    expect(s).toMatchObject({ businessName: 'Config Clinic', businessNameSet: false, phone: null, accentColor: null, updatedAt: null });
    const b = await ok('GET', '/v1/branding', undefined);
    expect(b).toMatchObject({ businessName: 'Config Clinic', logoUrl: null, accentColor: null, phone: null, email: null });
  });

  it.skipIf(skipKind(kind))('PATCH saves, GET and branding answer it, null and "" clear', async () => {
    const saved = await ok('PATCH', '/v1/admin/settings', {
      businessName: '  Praxis Weber ',
      address: 'Hauptstr. 1, 10115 Berlin',
      phone: '+49 30 1234567',
      email: 'praxis@weber.example',
      logoUrl: 'data:image/png;base64,iVBORw0KGgo=',
      accentColor: '#0F766E',
      defaultLocale: 'de',
      defaultTimeZone: 'Europe/Berlin',
    });
    expect(saved).toMatchObject({ businessName: 'Praxis Weber', businessNameSet: true, accentColor: '#0f766e', defaultLocale: 'de' });
    expect(await ok('GET', '/v1/admin/settings')).toEqual(saved);
    const branding = await call('GET', '/v1/branding', undefined, {});
    expect(branding.statusCode).toBe(200);
    expect(branding.headers['cache-control']).toBe('public, max-age=60');
    expect(branding.json()).toEqual({
      businessName: 'Praxis Weber',
      logoUrl: 'data:image/png;base64,iVBORw0KGgo=',
      accentColor: '#0f766e',
      address: 'Hauptstr. 1, 10115 Berlin',
      phone: '+49 30 1234567',
      email: 'praxis@weber.example',
      defaultLocale: 'de',
      defaultTimeZone: 'Europe/Berlin',
    });
    // Absent fields stay; null and "" clear; a cleared name falls back to BUSINESS_NAME.
    const cleared = await ok('PATCH', '/v1/admin/settings', { businessName: null, logoUrl: '', phone: null });
    expect(cleared).toMatchObject({ businessName: 'Config Clinic', businessNameSet: false, logoUrl: null, phone: null, email: 'praxis@weber.example' });
    expect(await ok('GET', '/v1/branding')).toMatchObject({ businessName: 'Config Clinic', phone: null, accentColor: '#0f766e' });
  });

  it.skipIf(skipKind(kind))('bad input is a 422 naming each field, and nothing is saved', async () => {
    const before = await ok('GET', '/v1/admin/settings');
    expect(
      await invalidPaths('PATCH', '/v1/admin/settings', {
        businessName: ' ',
        accentColor: 'teal',
        defaultTimeZone: 'Mars/Olympus',
        defaultLocale: 'fr',
        email: 'not-an-address',
        phone: 'call me',
        logoUrl: 'http://cdn.example/logo.png',
      }),
    ).toEqual(['body.accentColor', 'body.businessName', 'body.defaultLocale', 'body.defaultTimeZone', 'body.email', 'body.logoUrl', 'body.phone']);
    expect(await invalidPaths('PATCH', '/v1/admin/settings', { colour: '#000000' })).toEqual(['body']);
    const big = `data:image/png;base64,${'A'.repeat(Math.ceil((65 * 1024 * 4) / 3))}`;
    expect(await invalidPaths('PATCH', '/v1/admin/settings', { logoUrl: big })).toEqual(['body.logoUrl']);
    expect(await invalidPaths('PATCH', '/v1/admin/settings', { logoUrl: 'data:text/html;base64,PGI+' })).toEqual(['body.logoUrl']);
    expect(await ok('GET', '/v1/admin/settings')).toEqual(before);
  });

  it.skipIf(skipKind(kind))("a service's location: admin API, public list, 422 for a video link that is not https", async () => {
    const created = await ok(
      'POST',
      '/v1/admin/services',
      { name: 'Video consult', durationMinutes: 30, providerIds: [provider], location: { kind: 'video', value: 'https://meet.example/abc' } },
      201,
    );
    expect(created.location).toEqual({ kind: 'video', value: 'https://meet.example/abc' });
    const id = created.id as string;
    const listed = (await ok('GET', '/v1/services')).services as Json[];
    // The public list names a video location's kind only: the link reaches those who booked.
    expect(listed.find((s) => s.id === id)?.location).toEqual({ kind: 'video' });
    expect(await invalidPaths('PATCH', `/v1/admin/services/${id}`, { location: { kind: 'video', value: 'http://meet.example/abc' } })).toEqual([
      'body.location.value',
    ]);
    expect(await invalidPaths('PATCH', `/v1/admin/services/${id}`, { location: { kind: 'room', value: 'x' } })).toEqual(['body.location.kind']);
    const moved = await ok('PATCH', `/v1/admin/services/${id}`, { location: { kind: 'address', value: 'Hauptstr. 1, Berlin' } });
    expect(moved.location).toEqual({ kind: 'address', value: 'Hauptstr. 1, Berlin' });
    const relisted = (await ok('GET', '/v1/services')).services as Json[];
    expect(relisted.find((s) => s.id === id)?.location).toEqual({ kind: 'address', value: 'Hauptstr. 1, Berlin' });
    expect((await ok('PATCH', `/v1/admin/services/${id}`, { name: 'Consult' })).location).toEqual({ kind: 'address', value: 'Hauptstr. 1, Berlin' });
    expect((await ok('PATCH', `/v1/admin/services/${id}`, { location: null })).location).toBeNull();
  });

  it.skipIf(skipKind(kind))('a confirmation carries the settings at send time and the LOCATION of its service', async () => {
    await ok('PATCH', '/v1/admin/settings', { businessName: 'Praxis Weber', phone: '+49 30 7654321', email: 'hi@weber.example' });
    const service = await insertService(d.db, {
      name: 'Online session',
      providers: [provider],
      location_kind: 'video',
      location_value: 'https://meet.example/room-7',
    });
    const start = NOW.getTime() + 2 * 86_400_000;
    const b = await insertBooking(d.db, {
      serviceId: service,
      providerId: provider,
      start: new Date(start),
      end: new Date(start + 1_800_000),
      status: 'confirmed',
      customerName: 'Lee',
      customerEmail: 'lee@example.com',
      customerPhone: null,
    });
    const deps = { db: d.db, messaging: { ...OUTBOX_ONLY, businessName: 'Config Clinic' }, now: () => NOW.getTime() };
    const out = await deliverBookingMessage(deps, b.id, 'confirmation', `${b.id}:confirmation:1`);
    const row = out.rows[0]!;
    expect(row.status).toBe('captured');
    expect(row.ics).toContain('LOCATION:https://meet.example/room-7');
    expect(row.body_text).toContain('Your booking with Praxis Weber is confirmed.');
    expect(row.body_text).toContain('Where: https://meet.example/room-7');
    expect(row.body_text).toContain('+49 30 7654321 · hi@weber.example');
    expect(row.body_html).toContain('+49 30 7654321 · hi@weber.example');
    // The admin's template preview renders with the same settings and location as delivery.
    const preview = await ok('POST', `/v1/admin/services/${service}/templates/confirmation/en/preview`, {});
    expect(preview.text).toContain('Your booking with Praxis Weber is confirmed.');
    expect(preview.text).toContain('Where: https://meet.example/room-7');
    expect(preview.text).toContain('+49 30 7654321 · hi@weber.example');
    // The customer's manage answer names the location too.
    const token = createLinkSigner(TEST_LINK_SECRET, 'http://slotflow.test').manageToken({ id: b.id, version: b.version, end: b.end_time });
    const manage = await call('GET', `/v1/manage/${token}`, undefined, {});
    expect(manage.statusCode, manage.body).toBe(200);
    expect((manage.json() as Json).location).toEqual({ kind: 'video', value: 'https://meet.example/room-7' });
  });
});
