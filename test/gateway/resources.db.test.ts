/**
 * Rooms and equipment over HTTP on PGlite and PostgreSQL (issue #19 item 1): the admin API
 * (`/v1/admin/resources`, blocks, the day view), a service's `requiredResources`, and `GET /v1/availability`
 * changing as rooms are added, blocked and held.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertBooking } from '../../src/db/booking.repository.ts';
import { createTestClock } from '../support/clock.ts';
import { DB_KINDS, skipKind, testDatabase, type TestDatabase } from '../support/databases.ts';
import { adminHeaders, testGateway } from '../support/gateway.ts';

type Json = Record<string, unknown>;
type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';
/** A fixed future Monday; the gateway's clock is pinned a week before it, so the data hold at any real now. */
const DAY = '2031-03-03';
const NOW = Date.parse('2031-02-24T08:00:00Z');
const at = (hhmm: string) => `${DAY}T${hhmm}:00Z`;

describe.each(DB_KINDS)('resources API on %s', (kind) => {
  let d: TestDatabase;
  let gw: Awaited<ReturnType<typeof testGateway>>;
  let providers: string[];

  beforeAll(async () => {
    if (skipKind(kind)) return;
    d = await testDatabase(kind);
    gw = await testGateway(d, { clock: createTestClock(NOW) });
  });
  afterAll(async () => {
    await gw?.close();
    await d?.dispose();
  });

  const call = (method: Method, url: string, payload?: unknown, headers: Json = adminHeaders) =>
    gw.app.inject({ method, url, headers: headers as Record<string, string>, ...(payload === undefined ? {} : { payload: payload as Json }) });
  const ok = async (method: Method, url: string, payload: unknown, status: number) => {
    const res = await call(method, url, payload);
    expect(res.statusCode, res.body).toBe(status);
    return (res.body ? res.json() : {}) as Json;
  };
  const problem = async (method: Method, url: string, payload: unknown, status: number, code: string) => {
    const res = await call(method, url, payload);
    expect(res.statusCode, res.body).toBe(status);
    expect(res.headers['content-type']).toContain('application/problem+json');
    const body = res.json() as { code: string; errors?: { path: string }[] };
    expect(body.code).toBe(code);
    return body;
  };
  const slotTimes = async (serviceId: string) => {
    const res = await gw.app.inject({ method: 'GET', url: '/v1/availability', query: { serviceId, from: DAY, to: DAY, timeZone: 'UTC' } });
    expect(res.statusCode, res.body).toBe(200);
    return [...new Set((res.json() as { slots: { start: string }[] }).slots.map((s) => s.start.slice(11, 16)))];
  };

  it.skipIf(skipKind(kind))('rooms: create, list with pools, rename, refuse a duplicate or a bad pool, need the admin key', async () => {
    const room = await ok('POST', '/v1/admin/resources', { name: 'Room 1', pool: 'treatment-room' }, 201);
    expect(room).toMatchObject({ name: 'Room 1', pool: 'treatment-room', active: true });
    await problem('POST', '/v1/admin/resources', { name: 'Room 1', pool: 'treatment-room' }, 409, 'conflict');
    const bad = await problem('POST', '/v1/admin/resources', { name: 'Room 2', pool: 'Treatment Room' }, 422, 'invalid_request');
    expect(bad.errors?.map((e) => e.path)).toEqual(['body.pool']);
    expect((await call('GET', '/v1/admin/resources', undefined, {})).statusCode).toBe(401);
    const renamed = await ok('PATCH', `/v1/admin/resources/${room.id as string}`, { name: 'Room 1 (garden)' }, 200);
    expect(renamed).toMatchObject({ id: room.id, name: 'Room 1 (garden)', pool: 'treatment-room' });
    await problem('GET', '/v1/admin/resources/00000000-0000-4000-8000-000000000000', undefined, 404, 'not_found');
    const list = await ok('GET', '/v1/admin/resources', undefined, 200);
    expect(list.pools).toEqual([{ pool: 'treatment-room', activeUnits: 1, requiredBy: [] }]);
  });

  it.skipIf(skipKind(kind))('a service that needs a room: slots follow the rooms — added, blocked, held, freed', async () => {
    providers = [];
    for (const name of ['A', 'B']) {
      const p = await ok(
        'POST',
        '/v1/admin/providers',
        { name, email: `${name.toLowerCase()}@example.com`, timeZone: 'UTC', weeklyHours: { mon: [['09:00', '12:00']] } },
        201,
      );
      providers.push(p.id as string);
    }
    const svc = await ok(
      'POST',
      '/v1/admin/services',
      { name: 'Laser', durationMinutes: 60, providerIds: providers, requiredResources: [{ pool: 'laser', count: 1 }] },
      201,
    );
    expect(svc.requiredResources).toEqual([{ pool: 'laser', count: 1 }]);
    const serviceId = svc.id as string;
    // No laser yet: nothing offered, though both providers are free.
    expect(await slotTimes(serviceId)).toEqual([]);
    const laser = await ok('POST', '/v1/admin/resources', { name: 'Laser A', pool: 'laser' }, 201);
    expect(await slotTimes(serviceId)).toEqual(['09:00', '10:00', '11:00']);
    const pools = (await ok('GET', '/v1/admin/resources', undefined, 200)).pools as Json[];
    expect(pools.find((p) => p.pool === 'laser')).toEqual({ pool: 'laser', activeUnits: 1, requiredBy: [{ id: serviceId, name: 'Laser' }] });

    // Maintenance 10:00–11:00: that hour goes for both providers. A block already over is refused.
    await problem(
      'POST',
      `/v1/admin/resources/${laser.id as string}/blocks`,
      { start: '2031-02-20T10:00:00Z', end: '2031-02-20T11:00:00Z' },
      422,
      'invalid_request',
    );
    const block = await ok('POST', `/v1/admin/resources/${laser.id as string}/blocks`, { start: at('10:00'), end: at('11:00'), reason: 'service visit' }, 201);
    expect(await slotTimes(serviceId)).toEqual(['09:00', '11:00']);
    expect(((await ok('GET', `/v1/admin/resources/${laser.id as string}/blocks`, undefined, 200)).blocks as Json[]).map((b) => b.reason)).toEqual([
      'service visit',
    ]);

    // Provider A's 09:00 booking holds the laser: B cannot offer 09:00 either.
    const held = await insertBooking(d.db, {
      serviceId,
      providerId: providers[0]!,
      start: new Date(at('09:00')),
      end: new Date(at('10:00')),
      status: 'confirmed',
      customerName: 'Grace',
    });
    expect(await slotTimes(serviceId)).toEqual(['11:00']);
    // The day view names the booking holding the laser, and the block.
    const day = await ok('GET', `/v1/admin/resources/${laser.id as string}/day?date=${DAY}&timeZone=Europe/Berlin`, undefined, 200);
    expect(day.bookings).toEqual([
      expect.objectContaining({ id: held.id, customerName: 'Grace', serviceName: 'Laser', providerName: 'A', start: `${DAY}T10:00:00+01:00`, live: true }),
    ]);
    expect((day.blocks as Json[]).map((b) => b.id)).toEqual([block.id]);
    // The admin's booking view names the unit.
    const detail = await ok('GET', `/v1/admin/bookings/${held.id}`, undefined, 200);
    expect(detail.resources).toEqual([{ id: laser.id, name: 'Laser A', pool: 'laser' }]);

    // A second laser brings 09:00 and 10:00 back; deactivating it takes them away again.
    const second = await ok('POST', '/v1/admin/resources', { name: 'Laser B', pool: 'laser' }, 201);
    expect(await slotTimes(serviceId)).toEqual(['09:00', '10:00', '11:00']);
    await ok('PATCH', `/v1/admin/resources/${second.id as string}`, { active: false }, 200);
    expect(await slotTimes(serviceId)).toEqual(['11:00']);
    // Removing the block gives 10:00 back.
    await ok('DELETE', `/v1/admin/resources/${laser.id as string}/blocks/${block.id as string}`, undefined, 204);
    await problem('DELETE', `/v1/admin/resources/${laser.id as string}/blocks/${block.id as string}`, undefined, 404, 'not_found');
    expect(await slotTimes(serviceId)).toEqual(['10:00', '11:00']);
    // A service that needs no room is not affected by any of it.
    const plain = await ok('POST', '/v1/admin/services', { name: 'Talk', durationMinutes: 60, providerIds: [providers[1]] }, 201);
    expect(await slotTimes(plain.id as string)).toEqual(['09:00', '10:00', '11:00']);
  });

  it.skipIf(skipKind(kind))('requiredResources are checked: a pool name, a count from 1, each pool once', async () => {
    const body = await problem(
      'POST',
      '/v1/admin/services',
      {
        name: 'X',
        durationMinutes: 30,
        providerIds: [],
        requiredResources: [
          { pool: 'room', count: 0 },
          { pool: 'Room!', count: 1 },
          { pool: 'room', count: 2 },
        ],
      },
      422,
      'invalid_request',
    );
    expect(body.errors?.map((e) => e.path).sort()).toEqual(
      ['body.requiredResources.0.count', 'body.requiredResources.1.pool', 'body.requiredResources.2.pool'].sort(),
    );
  });
});
