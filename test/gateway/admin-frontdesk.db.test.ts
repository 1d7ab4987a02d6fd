/**
 * #20 item 4, the front desk's search and export, over HTTP on PGlite and PostgreSQL: `q` on
 * GET /v1/admin/bookings (name / e-mail case-insensitive substring, phone by digits, combined with the
 * other filters, % and _ as plain characters, quotes harmless) and GET /v1/admin/bookings.csv (the same
 * filters, every page, RFC 4180 quoting, the formula guard, UTC and local times with the zone, an
 * attachment). Creating bookings at the front desk needs Temporal: admin-frontdesk.temporal.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertBooking } from '../../src/db/booking.repository.ts';
import { createTestClock } from '../support/clock.ts';
import { DB_KINDS, skipKind, testDatabase, type TestDatabase } from '../support/databases.ts';
import { insertProvider, insertService } from '../support/factories.ts';
import { adminHeaders, testGateway } from '../support/gateway.ts';

const NOW = Date.parse('2030-03-01T08:00:00Z');
const at = (day: number, hour: number) => new Date(Date.UTC(2030, 2, day, hour));

describe.each(DB_KINDS)('front-desk search and CSV export on %s', (kind) => {
  let d: TestDatabase;
  let gw: Awaited<ReturnType<typeof testGateway>>;
  let berlin: string;
  let other: string;
  let service: string;

  beforeAll(async () => {
    if (skipKind(kind)) return;
    d = await testDatabase(kind);
    gw = await testGateway(d, { clock: createTestClock(NOW), rateLimitPerMinute: 10_000 });
    berlin = await insertProvider(d.db, { name: 'Dr. Berlin', time_zone: 'Europe/Berlin' });
    other = await insertProvider(d.db, { name: 'Dr. Other' });
    service = await insertService(d.db, { name: 'Checkup, long', providers: [berlin, other] });
    const book = (providerId: string, start: Date, customer: { name: string; email?: string; phone?: string }, status: 'confirmed' | 'pending' = 'confirmed') =>
      insertBooking(d.db, {
        serviceId: service,
        providerId,
        start,
        end: new Date(start.getTime() + 30 * 60_000),
        status,
        customerName: customer.name,
        customerEmail: customer.email ?? null,
        customerPhone: customer.phone ?? null,
      });
    await book(berlin, at(10, 9), { name: 'Ada Lovelace', email: 'ada@example.com', phone: '+4915123456789' });
    await book(berlin, at(10, 10), { name: 'Grace "Amazing" Hopper', email: 'GRACE@Navy.example', phone: '+12025550143' });
    await book(other, at(11, 9), { name: '=HYPERLINK("http://evil.example","x")', email: 'mallory@example.com' }, 'pending');
    await book(other, at(11, 10), { name: 'Percent 100%_off', email: 'p@example.com' });
    await book(other, at(12, 9), { name: 'Line\nBreak, Esq.', phone: '+4930123456' });
  });
  afterAll(async () => {
    await gw?.close();
    await d?.dispose();
  });

  const names = async (query: string) => {
    const res = await gw.app.inject({ method: 'GET', url: `/v1/admin/bookings?${query}`, headers: adminHeaders });
    expect(res.statusCode, res.body).toBe(200);
    return (res.json() as { bookings: { customer: { name: string } }[] }).bookings.map((b) => b.customer.name);
  };
  const q = (text: string) => `q=${encodeURIComponent(text)}`;

  it.skipIf(skipKind(kind))('finds customers by name and e-mail, case-insensitive substrings', async () => {
    expect(await names(q('lovelace'))).toEqual(['Ada Lovelace']);
    expect(await names(q('ADA'))).toEqual(['Ada Lovelace']);
    expect(await names(q('navy.EX'))).toEqual(['Grace "Amazing" Hopper']);
    expect(await names(q('  grace  '))).toEqual(['Grace "Amazing" Hopper']);
    expect(await names(q('nobody'))).toEqual([]);
    // Blank is no search at all.
    expect(await names(q('  '))).toHaveLength(5);
  });

  it.skipIf(skipKind(kind))('finds phones by their digits, whatever the separators', async () => {
    expect(await names(q('+49 151 23'))).toEqual(['Ada Lovelace']);
    expect(await names(q('(202) 555-0143'))).toEqual(['Grace "Amazing" Hopper']);
    expect(await names(q('123 456'))).toEqual(['Ada Lovelace', 'Line\nBreak, Esq.']);
    // Two digits match too many numbers to mean one: no phone search (and no name has "+49").
    expect(await names(q('+49'))).toEqual([]);
    // A name search does not match phones through its stray digits.
    expect(await names(q('Percent 100'))).toEqual(['Percent 100%_off']);
  });

  it.skipIf(skipKind(kind))('treats %, _ and quotes as plain text (a value, never a pattern or SQL)', async () => {
    expect(await names(q('%'))).toEqual(['Percent 100%_off']);
    expect(await names(q('_'))).toEqual(['Percent 100%_off']);
    expect(await names(q(`' OR 1=1 --`))).toEqual([]);
    expect(await names(q('"amazing"'))).toEqual(['Grace "Amazing" Hopper']);
  });

  it.skipIf(skipKind(kind))('combines q with the other filters and the limit', async () => {
    expect(await names(`${q('example')}&providerId=${other}`)).toEqual(['=HYPERLINK("http://evil.example","x")', 'Percent 100%_off']);
    expect(await names(`${q('example')}&status=pending`)).toEqual(['=HYPERLINK("http://evil.example","x")']);
    expect(await names(`${q('example')}&from=2030-03-11&timeZone=UTC`)).toEqual(['=HYPERLINK("http://evil.example","x")', 'Percent 100%_off']);
    expect(await names(`${q('example')}&limit=1`)).toEqual(['Ada Lovelace']);
    const tooLong = await gw.app.inject({ method: 'GET', url: `/v1/admin/bookings?${q('x'.repeat(101))}`, headers: adminHeaders });
    expect(tooLong.statusCode).toBe(422);
    expect(tooLong.json()).toMatchObject({ code: 'invalid_request', errors: [{ path: 'query.q' }] });
  });

  const csv = (query = '', headers: Record<string, string> = adminHeaders) => gw.app.inject({ method: 'GET', url: `/v1/admin/bookings.csv${query}`, headers });

  it.skipIf(skipKind(kind))('exports every booking as an RFC 4180 attachment with UTC and local times', async () => {
    const res = await csv('?timeZone=Europe/Berlin');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe('attachment; filename="bookings-2030-03-01.csv"');
    // A byte order mark first (Excel reads UTF-8 only with it), then the header.
    expect(res.body.startsWith('\ufeffid,')).toBe(true);
    const lines = res.body.slice(1).split('\r\n');
    expect(lines[0]).toBe(
      'id,status,start_utc,end_utc,start_local,end_local,time_zone,service,provider,customer_name,customer_email,customer_phone,channel,attendance,cancel_reason,created_at_utc',
    );
    expect(lines.at(-1)).toBe(''); // the last record ends with CRLF too
    // Ada: the provider's zone (no customer zone), local time with its offset; a comma in a field is quoted;
    // a phone starting with + is a would-be formula, so it gets the apostrophe.
    expect(lines[1]).toMatch(
      /^[0-9a-f-]{36},confirmed,2030-03-10T09:00:00\.000Z,2030-03-10T09:30:00\.000Z,2030-03-10T10:00:00\+01:00,2030-03-10T10:30:00\+01:00,Europe\/Berlin,"Checkup, long",Dr\. Berlin,Ada Lovelace,ada@example\.com,'\+4915123456789,web,,,\d{4}-/,
    );
    // Quotes doubled inside a quoted field.
    expect(lines[2]).toContain(',"Grace ""Amazing"" Hopper",GRACE@Navy.example,');
    // The formula guard: a leading = gets an apostrophe (and the field, holding quotes and a comma, is quoted).
    expect(lines[3]).toContain(',"\'=HYPERLINK(""http://evil.example"",""x"")",mallory@example.com,');
    // A line break stays inside its quoted field: the record spans two lines of text.
    expect(res.body).toContain(',"Line\nBreak, Esq.",,\'+4930123456,');
    expect(res.body.split('\r\n')).toHaveLength(1 + 5 + 1);
  });

  it.skipIf(skipKind(kind))('exports what the filters and q select, not only the first page', async () => {
    const rows = async (query: string) => {
      const res = await csv(query);
      expect(res.statusCode, res.body).toBe(200);
      return res.body.split('\r\n').slice(1, -1);
    };
    expect(await rows(`?${q('123 456')}`)).toHaveLength(2);
    const pending = await rows('?status=pending');
    expect(pending).toHaveLength(1);
    expect(pending[0]).toContain(',pending,');
    expect(await rows(`?providerId=${berlin}&${q('grace')}`)).toHaveLength(1);
    expect(await rows('?from=2030-04-01')).toEqual([]);

    // More bookings than one page of the export (500): all of them, each once, in order.
    const many = await insertProvider(d.db, { name: 'Dr. Many' });
    const svc = await insertService(d.db, { name: 'Quick', duration_minutes: 5, providers: [many] });
    const base = Date.UTC(2030, 5, 1);
    await d.db
      .insertInto('bookings')
      .values(
        Array.from({ length: 1203 }, (_, i) => {
          const start = new Date(base + i * 5 * 60_000);
          const end = new Date(start.getTime() + 5 * 60_000);
          return {
            customer_name: `Bulk ${i}`,
            service_id: svc,
            provider_id: many,
            start_time: start,
            end_time: end,
            blocked: `[${start.toISOString()},${end.toISOString()})`,
            status: 'confirmed' as const,
          };
        }),
      )
      .execute();
    const bulk = await rows(`?providerId=${many}`);
    expect(bulk).toHaveLength(1203);
    expect(bulk.map((l) => l.split(',')[9])).toEqual(Array.from({ length: 1203 }, (_, i) => `Bulk ${i}`));
  });

  it.skipIf(skipKind(kind))('answers 401 without the admin key and 422 for bad filters', async () => {
    for (const url of ['/v1/admin/bookings.csv', '/v1/admin/bookings?q=ada']) {
      const res = await gw.app.inject({ method: 'GET', url });
      expect(res.statusCode).toBe(401);
      expect(res.json()).toMatchObject({ code: 'unauthorized' });
    }
    const bad = await csv('?status=nope');
    expect(bad.statusCode).toBe(422);
    expect(bad.headers['content-type']).toMatch(/^application\/problem\+json/);
    const backwards = await csv('?from=2030-03-12&to=2030-03-10');
    expect(backwards.statusCode).toBe(422);
  });
});
