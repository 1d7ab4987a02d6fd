/**
 * The catalog admin API and `GET /v1/services` over HTTP on PGlite and PostgreSQL: round trips, the rows
 * they leave, and every 422 naming its field.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_KINDS, skipKind, testDatabase, type TestDatabase } from '../support/databases.ts';
import { adminHeaders, testGateway } from '../support/gateway.ts';

type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';
type Json = Record<string, unknown>;

const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';
const NOW = new Date('2029-06-01T12:00:00Z');
const week = {
  mon: [
    ['13:00', '17:00'],
    ['09:00', '12:00'],
  ],
  fri: [['10:00', '24:00']],
};
const newProvider = (over: Json = {}) => ({ name: 'Dr. Ada', email: 'ada@example.com', timeZone: 'Europe/Berlin', weeklyHours: week, ...over });
const newService = (providerIds: string[], over: Json = {}) => ({ name: 'Consultation', durationMinutes: 30, providerIds, ...over });

describe.each(DB_KINDS)('catalog API on %s', (kind) => {
  let d: TestDatabase;
  let gw: Awaited<ReturnType<typeof testGateway>>;

  beforeAll(async () => {
    if (skipKind(kind)) return;
    d = await testDatabase(kind);
    // Overrides in the past are refused, so "now" is pinned before the fixed 2030 dates used below.
    gw = await testGateway(d, { clock: () => NOW });
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
    return res.json() as Json;
  };
  /** Expects 422 invalid_request and answers the field paths it named. */
  const invalid = async (method: Method, url: string, payload?: unknown) => {
    const res = await call(method, url, payload);
    expect(res.statusCode, res.body).toBe(422);
    const body = res.json() as { code: string; errors: { path: string; message: string }[] };
    expect(body.code).toBe('invalid_request');
    return body.errors;
  };
  const paths = (errors: { path: string }[]) => errors.map((e) => e.path);
  const provider = async (over: Json = {}) => (await ok('POST', '/v1/admin/providers', newProvider(over), 201)).id as string;
  const linkedProviders = async (serviceId: string) =>
    (await d.db.selectFrom('provider_services').select('provider_id').where('service_id', '=', serviceId).orderBy('provider_id').execute()).map(
      (r) => r.provider_id,
    );

  it.skipIf(skipKind(kind))('providers: create → get → patch → list', async () => {
    const created = await ok('POST', '/v1/admin/providers', newProvider(), 201);
    expect(created).toMatchObject({ name: 'Dr. Ada', email: 'ada@example.com', phone: null, timeZone: 'Europe/Berlin', active: true });
    expect(created.weeklyHours).toEqual({
      mon: [
        ['09:00', '12:00'],
        ['13:00', '17:00'],
      ],
      tue: [],
      wed: [],
      thu: [],
      fri: [['10:00', '24:00']],
      sat: [],
      sun: [],
    });
    const url = `/v1/admin/providers/${created.id as string}`;
    expect(await ok('GET', url, undefined, 200)).toEqual(created);

    const patched = await ok('PATCH', url, { name: 'Dr. Ada L.', phone: '+49 30 1234567', weeklyHours: { sat: [['08:00', '12:00']] }, active: false }, 200);
    expect(patched).toMatchObject({ name: 'Dr. Ada L.', phone: '+49 30 1234567', email: 'ada@example.com', active: false, createdAt: created.createdAt });
    expect(patched.weeklyHours).toMatchObject({ mon: [], sat: [['08:00', '12:00']] });
    expect(Date.parse(patched.updatedAt as string)).toBeGreaterThanOrEqual(Date.parse(created.updatedAt as string));
    const row = await d.db
      .selectFrom('providers')
      .selectAll()
      .where('id', '=', created.id as string)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ name: 'Dr. Ada L.', active: false, time_zone: 'Europe/Berlin' });
    expect(row.weekly_hours.sat).toEqual([['08:00', '12:00']]);

    expect(await ok('PATCH', url, { phone: null }, 200)).toMatchObject({ phone: null, name: 'Dr. Ada L.' });
    const list = (await ok('GET', '/v1/admin/providers', undefined, 200)).providers as Json[];
    expect(list.find((p) => p.id === created.id)).toMatchObject({ name: 'Dr. Ada L.', active: false });
  });

  it.skipIf(skipKind(kind))('providers: 422 names the field, 404 for unknown ids', async () => {
    expect(paths(await invalid('POST', '/v1/admin/providers', newProvider({ timeZone: 'Mars/Olympus' })))).toEqual(['body.timeZone']);
    const overlap = await invalid(
      'POST',
      '/v1/admin/providers',
      newProvider({
        weeklyHours: {
          mon: [
            ['09:00', '12:00'],
            ['11:00', '13:00'],
          ],
        },
      }),
    );
    expect(overlap).toEqual([{ path: 'body.weeklyHours.mon.1', message: expect.stringMatching(/11:00–13:00 overlaps 09:00–12:00/) }]);
    const backwards = await invalid('POST', '/v1/admin/providers', newProvider({ weeklyHours: { tue: [['17:00', '09:00']], wed: [['10:00', '10:00']] } }));
    expect(paths(backwards)).toEqual(['body.weeklyHours.tue.0', 'body.weeklyHours.wed.0']);
    expect(paths(await invalid('POST', '/v1/admin/providers', newProvider({ weeklyHours: { thu: [['24:00', '24:00']] } })))).toEqual([
      'body.weeklyHours.thu.0.0',
    ]);
    const weekday = await invalid('POST', '/v1/admin/providers', newProvider({ weeklyHours: { mun: [['09:00', '10:00']] } }));
    expect(weekday).toEqual([{ path: 'body.weeklyHours', message: expect.stringContaining('"mun"') }]);
    const unknownField = await invalid('POST', '/v1/admin/providers', newProvider({ nickname: 'A' }));
    expect(unknownField).toEqual([{ path: 'body', message: expect.stringContaining('"nickname"') }]);
    expect(paths(await invalid('POST', '/v1/admin/providers', { name: 'X' }))).toEqual(['body.email', 'body.timeZone', 'body.weeklyHours']);

    const id = await provider();
    expect(paths(await invalid('PATCH', `/v1/admin/providers/${id}`, { timeZone: 'Nowhere/City' }))).toEqual(['body.timeZone']);
    expect(paths(await invalid('GET', '/v1/admin/providers/not-a-uuid'))).toEqual(['params.id']);
    for (const [method, payload] of [
      ['GET', undefined],
      ['PATCH', { name: 'X' }],
    ] as const) {
      const res = await call(method, `/v1/admin/providers/${UNKNOWN_ID}`, payload);
      expect(res.statusCode).toBe(404);
      expect(res.json()).toMatchObject({ code: 'not_found' });
    }
  });

  it.skipIf(skipKind(kind))('401 on every admin route without the key; GET /v1/services needs none', async () => {
    const routes: [Method, string][] = [
      ['POST', '/v1/admin/providers'],
      ['GET', '/v1/admin/providers'],
      ['GET', `/v1/admin/providers/${UNKNOWN_ID}`],
      ['PATCH', `/v1/admin/providers/${UNKNOWN_ID}`],
      ['POST', `/v1/admin/providers/${UNKNOWN_ID}/overrides`],
      ['GET', `/v1/admin/providers/${UNKNOWN_ID}/overrides`],
      ['DELETE', `/v1/admin/providers/${UNKNOWN_ID}/overrides/${UNKNOWN_ID}`],
      ['POST', '/v1/admin/services'],
      ['GET', '/v1/admin/services'],
      ['GET', `/v1/admin/services/${UNKNOWN_ID}`],
      ['PATCH', `/v1/admin/services/${UNKNOWN_ID}`],
    ];
    for (const [method, url] of routes) {
      const res = await call(method, url, method === 'POST' || method === 'PATCH' ? {} : undefined, {});
      expect(res.statusCode, `${method} ${url}`).toBe(401);
    }
    expect((await call('GET', '/v1/services', undefined, {})).statusCode).toBe(200);
  });

  it.skipIf(skipKind(kind))('overrides: day hours (replacing per date), block and open ranges, list by local dates, delete', async () => {
    const id = await provider({ timeZone: 'America/New_York' });
    const base = `/v1/admin/providers/${id}/overrides`;
    const first = await ok(
      'POST',
      base,
      {
        date: '2030-01-07',
        hours: [
          ['13:00', '15:00'],
          ['09:00', '10:00'],
        ],
      },
      201,
    );
    expect(first).toMatchObject({
      kind: 'hours',
      providerId: id,
      date: '2030-01-07',
      hours: [
        ['09:00', '10:00'],
        ['13:00', '15:00'],
      ],
      reason: null,
    });
    const dayOff = await ok('POST', base, { kind: 'hours', date: '2030-01-07', hours: [], reason: 'holiday' }, 201);
    expect(dayOff).toMatchObject({ kind: 'hours', hours: [], reason: 'holiday' });
    // 2030-01-08 23:30 in New York is 2030-01-09 in UTC: the range belongs to local date 01-08.
    const block = await ok('POST', base, { kind: 'block', start: '2030-01-08T23:30:00-05:00', end: '2030-01-09T01:00:00-05:00', reason: 'late call' }, 201);
    expect(block).toMatchObject({ kind: 'block', start: '2030-01-09T04:30:00.000Z', end: '2030-01-09T06:00:00.000Z', reason: 'late call' });
    const open = await ok('POST', base, { kind: 'open', start: '2030-01-12T10:00:00Z', end: '2030-01-12T12:00:00Z' }, 201);

    const all = (await ok('GET', base, undefined, 200)).overrides as Json[];
    expect(all.map((o) => o.id)).toEqual([dayOff.id, block.id, open.id]);
    const rows = await d.db.selectFrom('provider_overrides').select(['kind', 'date']).where('provider_id', '=', id).where('kind', '=', 'hours').execute();
    expect(rows).toEqual([{ kind: 'hours', date: '2030-01-07' }]);

    const on8th = (await ok('GET', `${base}?from=2030-01-08&to=2030-01-08`, undefined, 200)).overrides as Json[];
    expect(on8th.map((o) => o.id)).toEqual([block.id]);
    const from9th = (await ok('GET', `${base}?from=2030-01-09`, undefined, 200)).overrides as Json[];
    expect(from9th.map((o) => o.id)).toEqual([block.id, open.id]); // 00:00–01:00 of the 9th, local
    const to7th = (await ok('GET', `${base}?to=2030-01-07`, undefined, 200)).overrides as Json[];
    expect(to7th.map((o) => o.id)).toEqual([dayOff.id]);

    expect((await call('DELETE', `${base}/${block.id as string}`)).statusCode).toBe(204);
    expect((await call('DELETE', `${base}/${block.id as string}`)).statusCode).toBe(404);
    const other = await provider();
    expect((await call('DELETE', `/v1/admin/providers/${other}/overrides/${open.id as string}`)).statusCode).toBe(404);
    expect(((await ok('GET', base, undefined, 200)).overrides as Json[]).map((o) => o.id)).toEqual([dayOff.id, open.id]);
  });

  it.skipIf(skipKind(kind))('overrides: 422 names the field, 404 for an unknown provider', async () => {
    const base = `/v1/admin/providers/${await provider()}/overrides`;
    const range = { kind: 'block', start: '2030-01-08T10:00:00+01:00', end: '2030-01-08T09:00:00Z' };
    expect(await invalid('POST', base, range)).toEqual([{ path: 'body.end', message: 'end must be after start' }]);
    expect(paths(await invalid('POST', base, { ...range, end: range.start }))).toEqual(['body.end']);
    expect(
      paths(
        await invalid('POST', base, {
          date: '2030-01-08',
          hours: [
            ['09:00', '12:00'],
            ['10:00', '11:00'],
          ],
        }),
      ),
    ).toEqual(['body.hours.1']);
    expect(paths(await invalid('POST', base, { date: '2030-01-08', hours: [['12:00', '09:00']] }))).toEqual(['body.hours.0']);
    expect(paths(await invalid('POST', base, { date: '2030-02-30', hours: [] }))).toEqual(['body.date']);
    expect(paths(await invalid('POST', base, { ...range, kind: 'maybe' }))).toEqual(['body.kind']);
    expect(paths(await invalid('POST', base, { ...range, start: '2030-01-08 10:00' }))).toEqual(['body.start']);
    expect(paths(await invalid('POST', base, { date: '2030-01-08', hours: [], start: range.start }))).toEqual(['body']);
    expect(paths(await invalid('GET', `${base}?from=2030-01-09&to=2030-01-08`))).toEqual(['query.to']);
    expect(paths(await invalid('DELETE', `${base}/nope`))).toEqual(['params.overrideId']);
    const res = await call('POST', `/v1/admin/providers/${UNKNOWN_ID}/overrides`, { date: '2030-01-08', hours: [] });
    expect(res.statusCode).toBe(404);
    expect((await call('GET', `/v1/admin/providers/${UNKNOWN_ID}/overrides`)).statusCode).toBe(404);
  });

  it.skipIf(skipKind(kind))('services: create with providers and defaults → get → patch replaces provider_services → list', async () => {
    const [p1, p2, p3] = [await provider(), await provider(), await provider()];
    const intakeFields = [
      { key: 'reason', label: 'Reason for visit', type: 'textarea', required: true },
      { key: 'insurance', label: 'Insurance', type: 'select', options: ['public', 'private'] },
    ];
    const created = await ok('POST', '/v1/admin/services', newService([p1!.toUpperCase(), p2!], { intakeFields, bufferAfterMinutes: 10 }), 201);
    expect(created).toMatchObject({
      name: 'Consultation',
      description: null,
      durationMinutes: 30,
      bufferBeforeMinutes: 0,
      bufferAfterMinutes: 10,
      slotIntervalMinutes: null,
      slotAlignment: 'restart',
      minimumNoticeMinutes: 0,
      maximumAdvanceDays: 60,
      maxBookingsPerDay: null,
      maxBookingsPerWeek: null,
      requiresApproval: false,
      reminderOffsetsMinutes: [1440, 60],
      cancelNoticeMinutes: 0,
      rescheduleNoticeMinutes: 0,
      noShowPolicy: 'assume_attended',
      active: true,
      providerIds: [p1, p2].sort(),
      intakeFields: [{ ...intakeFields[0] }, { ...intakeFields[1], required: false }],
    });
    const id = created.id as string;
    expect(await linkedProviders(id)).toEqual([p1, p2].sort());
    expect(await ok('GET', `/v1/admin/services/${id.toUpperCase()}`, undefined, 200)).toEqual(created);

    const patched = await ok('PATCH', `/v1/admin/services/${id}`, { providerIds: [p3, p2], reminderOffsetsMinutes: [30, 2880], maxBookingsPerDay: 4 }, 200);
    expect(patched).toMatchObject({ providerIds: [p2, p3].sort(), reminderOffsetsMinutes: [2880, 30], maxBookingsPerDay: 4, bufferAfterMinutes: 10 });
    expect(await linkedProviders(id)).toEqual([p2, p3].sort());
    // A patch without providerIds leaves the links alone; null clears an optional setting.
    expect(await ok('PATCH', `/v1/admin/services/${id}`, { name: 'Long consultation', maxBookingsPerDay: null }, 200)).toMatchObject({
      name: 'Long consultation',
      maxBookingsPerDay: null,
      providerIds: [p2, p3].sort(),
    });
    expect(await linkedProviders(id)).toEqual([p2, p3].sort());
    const row = await d.db.selectFrom('services').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ name: 'Long consultation', buffer_after: 10, reminder_offsets_minutes: [2880, 30], max_bookings_per_day: null });

    await ok('PATCH', `/v1/admin/services/${id}`, { providerIds: [] }, 200);
    expect(await linkedProviders(id)).toEqual([]);
    expect(await ok('PATCH', `/v1/admin/services/${id}`, { noShowPolicy: 'require_check_in' }, 200)).toMatchObject({ noShowPolicy: 'require_check_in' });
    expect((await d.db.selectFrom('services').select('no_show_policy').where('id', '=', id).executeTakeFirstOrThrow()).no_show_policy).toBe('require_check_in');
    expect(await ok('PATCH', `/v1/admin/services/${id}`, { slotAlignment: 'fixed' }, 200)).toMatchObject({ slotAlignment: 'fixed' });
    expect((await d.db.selectFrom('services').select('slot_alignment').where('id', '=', id).executeTakeFirstOrThrow()).slot_alignment).toBe('fixed');
    expect(paths(await invalid('PATCH', `/v1/admin/services/${id}`, { slotAlignment: 'hourly' }))).toEqual(['body.slotAlignment']);
    const list = (await ok('GET', '/v1/admin/services', undefined, 200)).services as Json[];
    expect(list.find((s) => s.id === id)).toMatchObject({ name: 'Long consultation', providerIds: [] });
  });

  it.skipIf(skipKind(kind))('services: unknown providerId is 422 and writes nothing; other 422s name the field; 404', async () => {
    const p1 = await provider();
    const before = await d.db
      .selectFrom('services')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const unknown = await invalid('POST', '/v1/admin/services', newService([p1, UNKNOWN_ID]));
    expect(unknown).toEqual([{ path: 'body.providerIds.1', message: `provider ${UNKNOWN_ID} does not exist` }]);
    const after = await d.db
      .selectFrom('services')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));

    const id = (await ok('POST', '/v1/admin/services', newService([p1]), 201)).id as string;
    expect(paths(await invalid('PATCH', `/v1/admin/services/${id}`, { name: 'Renamed', providerIds: [UNKNOWN_ID] }))).toEqual(['body.providerIds.0']);
    expect(await linkedProviders(id)).toEqual([p1]);
    expect((await ok('GET', `/v1/admin/services/${id}`, undefined, 200)).name).toBe('Consultation');

    const dupKey = [
      { key: 'a', label: 'A', type: 'text' },
      { key: 'a', label: 'B', type: 'select' },
    ];
    expect(paths(await invalid('POST', '/v1/admin/services', newService([p1], { intakeFields: dupKey })))).toEqual([
      'body.intakeFields.1.options',
      'body.intakeFields.1.key',
    ]);
    expect(paths(await invalid('POST', '/v1/admin/services', newService([p1, p1])))).toEqual(['body.providerIds.1']);
    expect(paths(await invalid('POST', '/v1/admin/services', newService(['p1'])))).toEqual(['body.providerIds.0']);
    expect(paths(await invalid('POST', '/v1/admin/services', newService([p1], { durationMinutes: 0, maximumAdvanceDays: 731 })))).toEqual([
      'body.durationMinutes',
      'body.maximumAdvanceDays',
    ]);
    expect(paths(await invalid('POST', '/v1/admin/services', newService([p1], { colour: 'red' })))).toEqual(['body']);
    expect(paths(await invalid('PATCH', `/v1/admin/services/${id}`, { bufferBeforeMinutes: -5 }))).toEqual(['body.bufferBeforeMinutes']);
    expect(paths(await invalid('PATCH', `/v1/admin/services/${id}`, { noShowPolicy: 'sometimes' }))).toEqual(['body.noShowPolicy']);
    expect((await call('GET', `/v1/admin/services/${UNKNOWN_ID}`)).statusCode).toBe(404);
    expect((await call('PATCH', `/v1/admin/services/${UNKNOWN_ID}`, { name: 'X' })).statusCode).toBe(404);
  });

  it.skipIf(skipKind(kind))('concurrent writes: one hours override per date; provider lists replaced whole, never merged', async () => {
    const [p1, p2, p3] = [await provider(), await provider(), await provider()];
    const base = `/v1/admin/providers/${p1}/overrides`;
    const posts = await Promise.all(Array.from({ length: 8 }, (_, i) => call('POST', base, { date: '2030-03-04', hours: [[`0${i + 1}:00`, '12:00']] })));
    expect(posts.map((r) => r.statusCode)).toEqual(Array(8).fill(201));
    expect((await ok('GET', `${base}?from=2030-03-04&to=2030-03-04`, undefined, 200)).overrides).toHaveLength(1);

    const id = (await ok('POST', '/v1/admin/services', newService([p1]), 201)).id as string;
    const lists = [[p2!], [p3!], [p2!, p3!], [p1!]];
    const patches = await Promise.all(lists.flatMap((providerIds) => [0, 1].map(() => call('PATCH', `/v1/admin/services/${id}`, { providerIds }))));
    expect(patches.map((r) => r.statusCode)).toEqual(Array(8).fill(200));
    expect(lists.map((l) => [...l].sort())).toContainEqual(await linkedProviders(id));
  });

  it.skipIf(skipKind(kind))('GET /v1/services: active services with active providers, public fields only', async () => {
    const [active, inactive] = [await provider({ name: 'Active Ann' }), await provider({ name: 'Idle Ivan', active: false })];
    const fields = [{ key: 'note', label: 'Note', type: 'text' }];
    const shown = (
      await ok(
        'POST',
        '/v1/admin/services',
        newService([active, inactive], { name: 'Shown', description: 'Hello', intakeFields: fields, maxBookingsPerDay: 3 }),
        201,
      )
    ).id;
    const off = (await ok('POST', '/v1/admin/services', newService([active], { name: 'Off', active: false }), 201)).id;
    const orphan = (await ok('POST', '/v1/admin/services', newService([inactive], { name: 'Only idle providers' }), 201)).id;

    const res = await call('GET', '/v1/services', undefined, {});
    const services = (res.json() as { services: Json[] }).services;
    expect(services.map((s) => s.id)).toContain(shown);
    expect(services.map((s) => s.id)).not.toContain(off);
    expect(services.map((s) => s.id)).not.toContain(orphan);
    expect(services.find((s) => s.id === shown)).toEqual({
      id: shown,
      name: 'Shown',
      description: 'Hello',
      durationMinutes: 30,
      seats: 1,
      location: null,
      customerFields: { email: { required: false, label: null }, phone: { required: false, label: null } },
      intakeFields: [{ key: 'note', label: 'Note', type: 'text', required: false }],
      providers: [{ id: active, name: 'Active Ann' }],
    });

    // Deactivating the service hides it at once.
    await ok('PATCH', `/v1/admin/services/${shown as string}`, { active: false }, 200);
    const after = ((await call('GET', '/v1/services', undefined, {})).json() as { services: Json[] }).services;
    expect(after.map((s) => s.id)).not.toContain(shown);
  });

  it.skipIf(skipKind(kind))('the OpenAPI document lists the catalog routes with their schemas', async () => {
    const doc = (await call('GET', '/docs/openapi.json', undefined, {})).json() as { paths: Record<string, Record<string, Json>> };
    expect(Object.keys(doc.paths['/v1/admin/providers']!)).toEqual(['post', 'get']);
    expect(Object.keys(doc.paths['/v1/admin/providers/{id}']!)).toEqual(['get', 'patch']);
    expect(Object.keys(doc.paths['/v1/admin/providers/{id}/overrides/{overrideId}']!)).toEqual(['delete']);
    expect(Object.keys(doc.paths['/v1/admin/services/{id}']!)).toEqual(['get', 'patch']);
    expect(doc.paths['/v1/services']!.get!.security).toBeUndefined();
    expect(doc.paths['/v1/admin/services']!.post!.security).toEqual([{ adminKey: [] }]);
  });
});
