/**
 * `GET /v1/admin/stats` over HTTP on PGlite and PostgreSQL, with the gateway's clock pinned: admin auth,
 * 422 naming the field for bad `days` / `timeZone`, defaults (30 days, UTC), the answer's shape and that
 * the handler takes "today" from the injected clock. The figures themselves: test/db/admin-stats.db.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, localDate } from '../../src/domain/time/zones.ts';
import { createTestClock, TEST_NOW } from '../support/clock.ts';
import { DB_KINDS, skipKind, testDatabase, type TestDatabase } from '../support/databases.ts';
import { adminHeaders, testGateway } from '../support/gateway.ts';
import { insertProvider, insertService } from '../support/factories.ts';

/** The pinned now's UTC date, and the day after it. */
const TODAY = localDate(TEST_NOW, 'UTC');
const TOMORROW = addDays(TODAY, 1);
/** 23:30 UTC on TODAY (the pinned now itself on 31 December 23:30 UTC): already TOMORROW in Berlin. */
const NOW = new Date(`${TODAY}T23:30:00Z`);

describe.each(DB_KINDS)('GET /v1/admin/stats on %s', (kind) => {
  let d: TestDatabase;
  let gw: Awaited<ReturnType<typeof testGateway>>;

  beforeAll(async () => {
    if (skipKind(kind)) return;
    d = await testDatabase(kind);
    gw = await testGateway(d, { clock: createTestClock(NOW.getTime()) });
    const providerId = await insertProvider(d.db, { name: 'P', time_zone: 'Europe/Berlin', weekly_hours: '{}' });
    const serviceId = await insertService(d.db, { name: 'S', duration_minutes: 30 });
    // Created at 21:30 UTC (22:30 or, in summer, 23:30 in Berlin) on TODAY, its appointment 23:45 UTC: today in UTC,
    // tomorrow (00:45 or 01:45) in Berlin.
    const start = new Date(`${TODAY}T23:45:00Z`);
    const end = new Date(`${TOMORROW}T00:15:00Z`);
    await d.db
      .insertInto('bookings')
      .values({
        customer_name: 'Ada',
        service_id: serviceId,
        provider_id: providerId,
        start_time: start,
        end_time: end,
        blocked: `[${start.toISOString()},${end.toISOString()})`,
        status: 'confirmed',
        created_at: new Date(`${TODAY}T21:30:00Z`),
      })
      .execute();
  });
  afterAll(async () => {
    await gw?.close();
    await d?.dispose();
  });

  const get = (url: string, headers: Record<string, string> = adminHeaders) => gw.app.inject({ method: 'GET', url, headers });
  const invalidPaths = async (url: string) => {
    const res = await get(url);
    expect(res.statusCode, res.body).toBe(422);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    const body = res.json() as { code: string; errors: { path: string }[] };
    expect(body.code).toBe('invalid_request');
    return body.errors.map((e) => e.path);
  };

  it.skipIf(skipKind(kind))('401 without the admin key or with a wrong one', async () => {
    for (const headers of [{}, { authorization: 'Bearer not-the-key-0123456789abcdef' }] as Record<string, string>[]) {
      const res = await get('/v1/admin/stats', headers);
      expect(res.statusCode).toBe(401);
      expect(res.json()).toMatchObject({ code: 'unauthorized' });
    }
  });

  it.skipIf(skipKind(kind))('422 naming the field for days outside 1..90, a non-number, or a bad zone', async () => {
    expect(await invalidPaths('/v1/admin/stats?days=0')).toEqual(['query.days']);
    expect(await invalidPaths('/v1/admin/stats?days=91')).toEqual(['query.days']);
    expect(await invalidPaths('/v1/admin/stats?days=7.5')).toEqual(['query.days']);
    expect(await invalidPaths('/v1/admin/stats?days=lots')).toEqual(['query.days']);
    expect(await invalidPaths('/v1/admin/stats?timeZone=Mars%2FOlympus')).toEqual(['query.timeZone']);
    expect(await invalidPaths('/v1/admin/stats?timeZone=%2B03%3A00')).toEqual(['query.timeZone']);
    expect(await invalidPaths('/v1/admin/stats?timeZone=')).toEqual(['query.timeZone']);
    expect(await invalidPaths('/v1/admin/stats?days=0&timeZone=Nowhere')).toEqual(['query.days', 'query.timeZone']);
    expect(await invalidPaths('/v1/admin/stats?day=3')).toEqual(['query']); // unknown parameter
  });

  it.skipIf(skipKind(kind))('defaults to the last 30 UTC days by the injected clock, in the documented shape', async () => {
    const res = await get('/v1/admin/stats');
    expect(res.statusCode, res.body).toBe(200);
    const s = res.json() as { timeZone: string; from: string; to: string; days: Record<string, unknown>[]; totals: Record<string, unknown>; today: unknown };
    expect(s).toMatchObject({ timeZone: 'UTC', from: addDays(TODAY, -29), to: TODAY, today: { date: TODAY, bookings: 1 } });
    expect(s.days).toHaveLength(30);
    expect(s.days[0]!.date).toBe(addDays(TODAY, -29));
    const keys = [
      'created',
      'confirmed',
      'cancelled',
      'expired',
      'declined',
      'completed',
      'noShow',
      'successRate',
      'noShowRate',
      'avgTimeToConfirmationSeconds',
      'remindersDue',
      'remindersSent',
      'reminderDeliveryRate',
    ];
    expect(Object.keys(s.totals).sort()).toEqual([...keys].sort());
    expect(Object.keys(s.days[29]!).sort()).toEqual(['date', ...keys].sort());
    expect(s.days[29]).toMatchObject({ date: TODAY, created: 1, confirmed: 1, successRate: 1, avgTimeToConfirmationSeconds: null });
    expect(s.days[0]).toMatchObject({ created: 0, successRate: null, noShowRate: null, reminderDeliveryRate: null });
  });

  it.skipIf(skipKind(kind))('takes days in the requested zone, answering its canonical name', async () => {
    const res = await get('/v1/admin/stats?days=2&timeZone=europe/berlin');
    expect(res.statusCode, res.body).toBe(200);
    const s = res.json() as { timeZone: string; days: { date: string; created: number }[]; today: { date: string; bookings: number } };
    expect(s.timeZone).toBe('Europe/Berlin');
    expect(s.days.map((x) => [x.date, x.created])).toEqual([
      [TODAY, 1],
      [TOMORROW, 0],
    ]);
    expect(s.today).toEqual({ date: TOMORROW, bookings: 1 }); // 00:45 (01:45) in Berlin
  });

  it.skipIf(skipKind(kind))('is documented in the OpenAPI document with its parameters and figures', async () => {
    const doc = (await get('/docs/openapi.json', {})).json() as {
      paths: Record<
        string,
        {
          get: {
            parameters: { name: string }[];
            responses: Record<string, { content?: Record<string, { schema: { properties: Record<string, { description?: string }> } }> }>;
          };
        }
      >;
    };
    const op = doc.paths['/v1/admin/stats']!.get;
    expect(op.parameters.map((p) => p.name).sort()).toEqual(['days', 'timeZone']);
    expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(['200', '401', '422']));
    const props = op.responses['200']!.content!['application/json']!.schema.properties;
    expect(Object.keys(props).sort()).toEqual(['days', 'from', 'timeZone', 'to', 'today', 'totals']);
  });
});
