/**
 * #20 item 6: overrides only shape the future. With the gateway's clock pinned, a block / open range that has
 * ended and an 'hours' override of a local date before today (provider's zone) are refused with 422 naming the
 * field; a range still running and today's date are accepted. On PGlite and PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_KINDS, skipKind, testDatabase, type TestDatabase } from '../support/databases.ts';
import { adminHeaders, testGateway } from '../support/gateway.ts';

// 2030-01-08 23:30 UTC is already 2030-01-09 00:30 in Berlin and still 2030-01-08 in New York.
const NOW = new Date('2030-01-08T23:30:00Z');

describe.each(DB_KINDS)('past overrides refused on %s', (kind) => {
  let d: TestDatabase;
  let gw: Awaited<ReturnType<typeof testGateway>>;

  beforeAll(async () => {
    if (skipKind(kind)) return;
    d = await testDatabase(kind);
    gw = await testGateway(d, { clock: () => NOW });
  });
  afterAll(async () => {
    await gw?.close();
    await d?.dispose();
  });

  const post = (url: string, payload: Record<string, unknown>) =>
    gw.app.inject({ method: 'POST', url, headers: adminHeaders as Record<string, string>, payload });
  const provider = async (timeZone: string) => {
    const res = await post('/v1/admin/providers', { name: 'Dr. Ada', email: 'ada@example.com', timeZone, weeklyHours: {} });
    expect(res.statusCode, res.body).toBe(201);
    return `/v1/admin/providers/${(res.json() as { id: string }).id}/overrides`;
  };
  const refused = async (url: string, payload: Record<string, unknown>, path: string) => {
    const res = await post(url, payload);
    expect(res.statusCode, res.body).toBe(422);
    expect(res.headers['content-type']).toContain('application/problem+json');
    const body = res.json() as { code: string; errors: { path: string; message: string }[] };
    expect(body.code).toBe('invalid_request');
    expect(body.errors.map((e) => e.path)).toEqual([path]);
  };

  it.skipIf(skipKind(kind))('a block or open range that has ended is refused (body.end); one still running is kept', async () => {
    const base = await provider('Europe/Berlin');
    await refused(base, { kind: 'block', start: '2030-01-08T09:00:00Z', end: '2030-01-08T10:00:00Z' }, 'body.end');
    await refused(base, { kind: 'block', start: '2030-01-08T22:00:00Z', end: NOW.toISOString() }, 'body.end');
    await refused(base, { kind: 'open', start: '2030-01-01T09:00:00Z', end: '2030-01-01T10:00:00Z' }, 'body.end');
    const running = await post(base, { kind: 'block', start: '2030-01-08T22:00:00Z', end: '2030-01-08T23:31:00Z' });
    expect(running.statusCode, running.body).toBe(201);
    const rows = await d.db.selectFrom('provider_overrides').select('kind').where('provider_id', '=', base.split('/')[4]!).execute();
    expect(rows).toEqual([{ kind: 'block' }]);
  });

  it.skipIf(skipKind(kind))("an 'hours' override of a date before today in the provider's zone is refused (body.date)", async () => {
    const berlin = await provider('Europe/Berlin'); // today there: 2030-01-09
    await refused(berlin, { date: '2030-01-08', hours: [] }, 'body.date');
    expect((await post(berlin, { date: '2030-01-09', hours: [['10:00', '12:00']] })).statusCode).toBe(201);
    const newYork = await provider('America/New_York'); // today there: 2030-01-08
    await refused(newYork, { date: '2030-01-07', hours: [] }, 'body.date');
    expect((await post(newYork, { date: '2030-01-08', hours: [] })).statusCode).toBe(201);
  });
});
