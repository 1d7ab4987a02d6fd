/**
 * Honest delivery (#20 item 1) over HTTP on PGlite and PostgreSQL: with no transport configured the admin's
 * delivery answer warns, a test message and a booking's confirmation are captured in the outbox (never
 * `sent`) and the outbox viewer's API shows them with HTML, text and invitation; with SMTP configured (a
 * real local SMTP server) nothing warns, the test message arrives and a refused one is a 502 problem. The
 * manage answer says whether the customer is e-mailed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertBooking } from '../../src/db/booking.repository.ts';
import { createSmtpTransport } from '../../src/transports/smtp.transport.ts';
import { deliverBookingMessage, OUTBOX_ONLY, type MessagingOptions } from '../../src/use-cases/deliver-booking-message.ts';
import { DB_KINDS, skipKind, testDatabase, type TestDatabase } from '../support/databases.ts';
import { startSmtpFake, type SmtpFake } from '../support/fakes/smtp.ts';
import { insertProvider, insertService } from '../support/factories.ts';
import { adminHeaders, testGateway } from '../support/gateway.ts';

type Json = Record<string, unknown>;
/** Wednesday 9 January 2030, 12:00 UTC; bookings are days after it. */
const NOW = new Date('2030-01-09T12:00:00Z');

describe.each(DB_KINDS)('delivery settings and outbox API on %s', (kind) => {
  let d: TestDatabase;
  let smtp: SmtpFake;
  let outboxGw: Awaited<ReturnType<typeof testGateway>>;
  let smtpGw: Awaited<ReturnType<typeof testGateway>>;
  let smtpMessaging: MessagingOptions;
  let provider: string;
  let service: string;

  beforeAll(async () => {
    if (skipKind(kind)) return;
    d = await testDatabase(kind);
    smtp = await startSmtpFake();
    smtpMessaging = { transports: { email: createSmtpTransport({ url: smtp.url }) }, emailFrom: 'Studio <hello@studio.example>', businessName: 'Studio' };
    outboxGw = await testGateway(d, { clock: () => NOW });
    smtpGw = await testGateway(d, { clock: () => NOW, messaging: smtpMessaging });
    provider = await insertProvider(d.db, { name: 'Kim', time_zone: 'Europe/Berlin', weekly_hours: '{}' });
    service = await insertService(d.db, { name: 'Haircut', duration_minutes: 30, providers: [provider] });
  });
  afterAll(async () => {
    await outboxGw?.close();
    await smtpGw?.close();
    await smtpMessaging?.transports.email?.close?.();
    await smtp?.close();
    await d?.dispose();
  });

  const call = (gw: typeof outboxGw, method: 'GET' | 'POST', url: string, payload?: unknown, headers: Json = adminHeaders) =>
    gw.app.inject({ method, url, headers: headers as Record<string, string>, ...(payload === undefined ? {} : { payload: payload as Json }) });
  const ok = async <T = Json>(gw: typeof outboxGw, method: 'GET' | 'POST', url: string, payload?: unknown): Promise<T> => {
    const res = await call(gw, method, url, payload);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as T;
  };
  const problem = async (gw: typeof outboxGw, method: 'GET' | 'POST', url: string, payload: unknown, status: number, code: string, headers?: Json) => {
    const res = await call(gw, method, url, payload, headers);
    expect(res.statusCode, res.body).toBe(status);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    const body = res.json() as { code: string; detail: string };
    expect(body.code).toBe(code);
    return body;
  };
  let slot = 0;
  const booking = async (customer: { email?: string; phone?: string }) => {
    const start = NOW.getTime() + 3 * 86_400_000 + slot++ * 3_600_000;
    return insertBooking(d.db, {
      serviceId: service,
      providerId: provider,
      start: new Date(start),
      end: new Date(start + 1_800_000),
      status: 'confirmed',
      customerName: 'Lee',
      customerEmail: customer.email ?? null,
      customerPhone: customer.phone ?? null,
    });
  };

  it.skipIf(skipKind(kind))('admin only: no key → 401, and a test message needs a valid address', async () => {
    for (const [method, url] of [
      ['GET', '/v1/admin/delivery'],
      ['POST', '/v1/admin/delivery/test'],
      ['GET', '/v1/admin/outbox'],
    ] as const) {
      await problem(outboxGw, method, url, method === 'POST' ? { to: 'a@example.com' } : undefined, 401, 'unauthorized', {});
    }
    await problem(outboxGw, 'POST', '/v1/admin/delivery/test', { to: 'not an address' }, 422, 'invalid_request');
    await problem(outboxGw, 'POST', '/v1/admin/delivery/test', { to: 'a@example.com', extra: 1 }, 422, 'invalid_request');
    await problem(outboxGw, 'GET', '/v1/admin/outbox?limit=0', undefined, 422, 'invalid_request');
    // Documented as admin routes.
    const doc = (await call(outboxGw, 'GET', '/docs/openapi.json', undefined, {})).json() as { paths: Record<string, Record<string, Json>> };
    expect(doc.paths['/v1/admin/delivery']!.get!.security).toEqual([{ adminKey: [] }]);
    expect(doc.paths['/v1/admin/delivery/test']!.post!.security).toEqual([{ adminKey: [] }]);
    expect(doc.paths['/v1/admin/outbox']!.get!.security).toEqual([{ adminKey: [] }]);
  });

  it.skipIf(skipKind(kind))('no transport: the delivery answer warns, and SMS reminders without Twilio warn too', async () => {
    const s = await ok<Json>(outboxGw, 'GET', '/v1/admin/delivery');
    expect(s).toMatchObject({
      email: { transport: 'outbox', delivering: false, from: OUTBOX_ONLY.emailFrom },
      sms: { transport: null, delivering: false, usedByReminders: false },
    });
    expect((s.warnings as { code: string }[]).map((w) => w.code)).toEqual(['email_not_configured']);
    const smsService = await insertService(d.db, { name: `Texted ${kind}`, duration_minutes: 30, reminder_channels: ['email', 'sms'] });
    const s2 = await ok<Json>(outboxGw, 'GET', '/v1/admin/delivery');
    expect((s2.warnings as { code: string }[]).map((w) => w.code)).toEqual(['email_not_configured', 'sms_not_configured']);
    expect(s2.sms).toMatchObject({ usedByReminders: true });
    // SMTP alone: e-mail is fine, SMS still missing for that service; an inactive service needs nothing.
    const s3 = await ok<Json>(smtpGw, 'GET', '/v1/admin/delivery');
    expect(s3.email).toMatchObject({ transport: 'smtp', delivering: true, from: 'Studio <hello@studio.example>' });
    expect((s3.warnings as { code: string }[]).map((w) => w.code)).toEqual(['sms_not_configured']);
    await d.db.updateTable('services').set({ active: false }).where('id', '=', smsService).execute();
    expect((await ok<Json>(smtpGw, 'GET', '/v1/admin/delivery')).warnings).toEqual([]);
  });

  it.skipIf(skipKind(kind))('no transport: a test message and a confirmation are captured, never sent; the outbox shows them', async () => {
    const before = smtp.messages.length;
    const capturedBefore = (await ok<{ captured: number }>(outboxGw, 'GET', '/v1/admin/delivery')).captured;
    const test = await ok<{ message: Json }>(outboxGw, 'POST', '/v1/admin/delivery/test', { to: `ops-${kind}@example.com` });
    expect(test.message).toMatchObject({ recipient: `ops-${kind}@example.com`, transport: 'outbox', status: 'captured' });

    const b = await booking({ email: `ada-${kind}@example.com` });
    await deliverBookingMessage({ db: d.db, messaging: OUTBOX_ONLY, now: () => NOW.getTime() }, b.id, 'confirmation', `${b.id}:confirmation:1`);

    const listed = await ok<{ messages: Json[] }>(outboxGw, 'GET', `/v1/admin/messages?bookingId=${b.id}`);
    expect(listed.messages.map((m) => [m.kind, m.transport, m.status, m.sentAt])).toEqual([['confirmation', 'outbox', 'captured', null]]);
    expect((await ok<{ messages: Json[] }>(outboxGw, 'GET', `/v1/admin/messages?bookingId=${b.id}&status=sent`)).messages).toEqual([]);

    const outbox = await ok<{ messages: Json[] }>(outboxGw, 'GET', '/v1/admin/outbox');
    const conf = outbox.messages.find((m) => m.bookingId === b.id)!;
    expect(conf).toMatchObject({ kind: 'confirmation', channel: 'email', recipient: `ada-${kind}@example.com` });
    expect(conf.bodyHtml).toMatch(/<html[\s\S]*Haircut/);
    expect(conf.bodyText).toContain('Haircut');
    expect(conf.ics).toMatch(/METHOD:REQUEST[\s\S]*BEGIN:VEVENT[\s\S]*DTSTART:20300112T120000Z/);
    const t = outbox.messages.find((m) => m.id === test.message.id)!;
    expect(t).toMatchObject({ kind: 'test', bookingId: null, ics: null });
    expect(t.bodyText).toContain('captured in the outbox');
    expect((await ok<{ messages: Json[] }>(outboxGw, 'GET', `/v1/admin/outbox?bookingId=${b.id}`)).messages.map((m) => m.id)).toEqual([conf.id]);
    expect((await ok<{ captured: number }>(outboxGw, 'GET', '/v1/admin/delivery')).captured).toBe(capturedBefore + 2);
    expect(smtp.messages.length).toBe(before);
  });

  it.skipIf(skipKind(kind))('SMTP: the test message arrives and is sent; a refused one is a 502 delivery_failed and recorded failed', async () => {
    const to = `ops-smtp-${kind}@example.com`;
    const res = await ok<{ message: Json }>(smtpGw, 'POST', '/v1/admin/delivery/test', { to });
    expect(res.message).toMatchObject({ transport: 'smtp', status: 'sent', recipient: to });
    const got = smtp.messages.filter((m) => m.envelope.to.includes(to));
    expect(got).toHaveLength(1);
    expect(got[0]!.parsed.subject).toBe('Studio: test message');
    expect(got[0]!.parsed.text).toContain('It went through smtp');
    const captured = await ok<{ messages: Json[] }>(smtpGw, 'GET', '/v1/admin/outbox');
    expect(captured.messages.some((m) => m.recipient === to)).toBe(false);

    const refused = `refused-${kind}@example.com`;
    smtp.rejectRecipient(refused);
    const p = await problem(smtpGw, 'POST', '/v1/admin/delivery/test', { to: refused }, 502, 'delivery_failed');
    expect(p.detail).toMatch(/smtp transport refused the test message/);
    const row = await d.db.selectFrom('messages').selectAll().where('recipient', '=', refused).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'failed', kind: 'test', transport: 'smtp' });

    // Retryable (451 at DATA): nobody retries a test, so it is failed too and the admin hears why.
    const later = `later-${kind}@example.com`;
    smtp.failNext('data', { code: 451, message: 'Try again later' });
    const p2 = await problem(smtpGw, 'POST', '/v1/admin/delivery/test', { to: later }, 502, 'delivery_failed');
    expect(p2.detail).toContain('451');
    expect(await d.db.selectFrom('messages').select('status').where('recipient', '=', later).executeTakeFirstOrThrow()).toEqual({ status: 'failed' });
  });

  it.skipIf(skipKind(kind))('the test message is rate limited on its own (10 a minute)', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 11; i++) codes.push((await call(outboxGw, 'POST', '/v1/admin/delivery/test', { to: `burst-${i}@example.com` })).statusCode);
    // Earlier tests of this file spent some of the budget: the 11th of the minute is refused at the latest.
    expect(codes.filter((c) => c === 200).length).toBeLessThanOrEqual(10);
    expect(codes.at(-1)).toBe(429);
    expect(codes.every((c) => c === 200 || c === 429)).toBe(true);
  });

  it.skipIf(skipKind(kind))('the manage answer says whether the customer is e-mailed', async () => {
    const withEmail = await booking({ email: `grace-${kind}@example.com` });
    const phoneOnly = await booking({ phone: '+4917000000123' });
    const emailed = async (gw: typeof outboxGw, b: Awaited<ReturnType<typeof booking>>) => {
      const token = gw.links.manageToken({ id: b.id, version: b.version, end: b.end_time });
      const res = await gw.app.inject({ method: 'GET', url: `/v1/manage/${token}` });
      expect(res.statusCode, res.body).toBe(200);
      return (res.json() as { customerEmailed: boolean }).customerEmailed;
    };
    expect(await emailed(outboxGw, withEmail)).toBe(false);
    expect(await emailed(smtpGw, withEmail)).toBe(true);
    expect(await emailed(smtpGw, phoneOnly)).toBe(false);
  });
});
