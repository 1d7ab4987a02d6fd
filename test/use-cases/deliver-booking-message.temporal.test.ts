/**
 * Messages that really leave, end to end on a real dev server: the booking workflow's activities send
 * through a real SMTP server (smtp-server), Twilio's and SendGrid's official SDKs pointed at local fakes
 * of their REST contracts; Twilio's signed webhooks come back into the gateway over HTTP.
 */
import { spawn } from 'node:child_process';
import ICAL from 'ical.js';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import twilio from 'twilio';
import type { Database } from '../../src/db/database.ts';
import { smsSegments } from '../../src/domain/messages/sms-segments.ts';
import type { MessagingOptions } from '../../src/use-cases/deliver-booking-message.ts';
import { createSendGridTransport } from '../../src/transports/sendgrid.transport.ts';
import { createSmtpTransport } from '../../src/transports/smtp.transport.ts';
import { createTwilioTransport } from '../../src/transports/twilio.transport.ts';
import { startWorker, type SlotflowWorker } from '../../src/temporal/worker.ts';
import { skipKind, testDatabase, type TestDatabase } from '../support/databases.ts';
import { startSendGridFake, type SendGridFake } from '../support/fakes/sendgrid.fake.ts';
import { startSmtpFake, type SmtpFake } from '../support/fakes/smtp.ts';
import { startTwilioFake, type TwilioFake } from '../support/fakes/twilio.fake.ts';
import { adminHeaders, testGateway } from '../support/gateway.ts';
import { REPO_ROOT } from '../support/paths.ts';
import { updateSettings } from '../../src/db/settings.repository.ts';
import { findBooking } from '../../src/db/booking.repository.ts';
import { waitFor } from '../support/process.ts';
import { insertProvider, insertService, offerService } from '../support/factories.ts';

const FROM = 'Praxis Weber <termine@praxis.example>';

async function seedCatalog(d: Database, opts: { reminderOffsets?: number[]; cancelNotice?: number } = {}) {
  const provider = await insertProvider(d.db, { name: 'Dr. Weber', time_zone: 'Europe/Berlin', weekly_hours: '{}' });
  const service = await insertService(d.db, {
    name: 'Consultation',
    duration_minutes: 30,
    maximum_advance_days: 365,
    minimum_notice_minutes: 0,
    reminder_offsets_minutes: opts.reminderOffsets ?? [],
    cancel_notice_minutes: opts.cancelNotice ?? 0,
    reschedule_notice_minutes: 0,
  });
  await offerService(d.db, provider, service);
  // Open around the clock for the next days, from a whole hour (so slots fall on :00 and :30). Real time (the workflows
  // run on the server's real clock); safe at any instant: an "open" override is one absolute range, never cut at a
  // local midnight or changed by Berlin's DST, and covers every `minuteIn(≤ 4 days)` below.
  const hour = Math.floor(Date.now() / 3_600_000) * 3_600_000;
  await d.db
    .insertInto('provider_overrides')
    .values({ provider_id: provider, kind: 'open', start_time: new Date(hour), end_time: new Date(hour + 5 * 86_400_000) })
    .execute();
  return { provider, service };
}

/** A slot start (a whole half hour) at least `ms` from the real now: inside the open range above at any instant. */
const minuteIn = (ms: number) => new Date(Math.ceil((Date.now() + ms) / 1_800_000) * 1_800_000);

const messagesOf = (d: Database, bookingId: string) =>
  d.db.selectFrom('messages').selectAll().where('booking_id', '=', bookingId).orderBy('created_at').execute();

describe('messages through SMTP and Twilio (PGlite, real dev server)', () => {
  let d: TestDatabase;
  let smtp: SmtpFake;
  let tw: TwilioFake;
  let gw: Awaited<ReturnType<typeof testGateway>>;
  let worker: SlotflowWorker;
  let base: string;
  let catalog: { provider: string; service: string };
  const cleanup: (() => Promise<unknown>)[] = [];

  beforeAll(async () => {
    if (skipKind('pglite')) return;
    d = await testDatabase('pglite');
    smtp = await startSmtpFake({ auth: { user: 'slotflow', pass: 'secret' } });
    tw = await startTwilioFake();
    gw = await testGateway(d, { twilio: { authToken: tw.authToken, publicBaseUrl: 'http://placeholder' } });
    await gw.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(gw.app.server.address() as { port: number }).port}`;
    gw.setTwilioPublicBaseUrl(base);
    const messaging: MessagingOptions = {
      transports: {
        email: createSmtpTransport({ url: smtp.url }),
        sms: createTwilioTransport({ accountSid: tw.accountSid, authToken: tw.authToken, baseUrl: tw.url }),
      },
      emailFrom: FROM,
      smsFrom: '+15005550006',
      businessName: 'Praxis Weber',
      smsStatusCallbackUrl: `${base}/v1/webhooks/twilio/status`,
    };
    worker = await startWorker({ address: inject('temporalAddress'), namespace: 'default', taskQueue: gw.taskQueue, db: d.db, links: gw.links, messaging });
    catalog = await seedCatalog(d, { reminderOffsets: [1] });
    cleanup.push(
      () => worker.stop(),
      () => gw.close(),
      () => smtp.close(),
      () => tw.close(),
      () => d.dispose(),
    );
  }, 60_000);
  afterAll(async () => {
    for (const c of cleanup) await c().catch(() => {});
  });

  const book = (body: Record<string, unknown>, headers: Record<string, string> = {}) =>
    gw.app.inject({ method: 'POST', url: '/v1/bookings', headers, payload: { serviceId: catalog.service, timeZone: 'Europe/Berlin', ...body } });
  const mailsTo = (address: string) => smtp.messages.filter((m) => m.envelope.to.includes(address));
  const smsTo = (phone: string) => tw.messages.filter((m) => m.params.To === phone);
  const signedForm = (path: string, params: Record<string, string>) => {
    const url = `${base}${path}`;
    return { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': twilio.getExpectedTwilioSignature(tw.authToken, url, params) };
  };

  it.skipIf(skipKind('pglite'))("a booking that names no language (no Accept-Language, no locale) gets the business's default locale", async () => {
    await updateSettings(d.db, { default_locale: 'de' });
    try {
      const res = await book({ start: minuteIn(3.5 * 86_400_000).toISOString(), customer: { name: 'Uwe', email: 'uwe@example.com' } });
      expect(res.statusCode, res.body).toBe(201);
      const [mail] = await waitFor(async () => (mailsTo('uwe@example.com').length > 0 ? mailsTo('uwe@example.com') : undefined), 20_000, 'confirmation mail');
      expect(mail!.parsed.subject).toMatch(/^Bestätigt: Consultation/);
      expect((await findBooking(d.db, (res.json() as { id: string }).id))?.locale).toBe('de');
    } finally {
      await updateSettings(d.db, { default_locale: null });
    }
  });

  it.skipIf(skipKind('pglite'))(
    'a German confirmation arrives by SMTP with text, HTML, links and an RFC 5545 invitation',
    async () => {
      const start = minuteIn(2 * 86_400_000);
      const res = await book(
        { start: start.toISOString(), customer: { name: 'Grete Müller', email: 'grete@example.com' } },
        { 'accept-language': 'de-DE,de;q=0.9,en;q=0.5' },
      );
      expect(res.statusCode).toBe(201);
      const booking = res.json() as { id: string; version: number; manageUrl: string; calendarUid: string };
      // The invitation's UID is the booking's random external ref, not its id (#21); the create answer names it.
      expect(booking.calendarUid).toMatch(/^[0-9a-f]{32}@slotflow$/);
      expect(booking.calendarUid).not.toContain(booking.id.replaceAll('-', '').slice(0, 8));
      const [mail] = await waitFor(
        async () => (mailsTo('grete@example.com').length > 0 ? mailsTo('grete@example.com') : undefined),
        20_000,
        'confirmation mail',
      );
      const p = mail!.parsed;
      expect(p.subject).toContain('Consultation');
      expect(p.subject).toMatch(/bestätigt/i);
      expect(p.from?.value[0]).toMatchObject({ address: 'termine@praxis.example', name: 'Praxis Weber' });
      expect(p.text).toContain('Grete Müller');
      expect(p.text).toContain('Europe/Berlin');
      expect(p.text).toContain(booking.manageUrl);
      expect(p.html).toContain(booking.manageUrl.replace(/&/g, '&amp;'));
      expect(p.html).toContain('https://calendar.google.com/calendar/render?action=TEMPLATE');
      expect(p.html).toContain('https://outlook.live.com/calendar/0/deeplink/compose');
      expect(p.messageId).toMatch(/^<[0-9a-f]{32}@slotflow>$/);
      const ics = p.attachments.find((a) => a.filename === 'invite.ics' || a.contentType.includes('calendar'));
      expect(ics).toBeDefined();
      const cal = new ICAL.Component(ICAL.parse(ics!.content.toString('utf8')));
      expect(cal.getFirstPropertyValue('method')).toBe('REQUEST');
      const ev = new ICAL.Event(cal.getFirstSubcomponent('vevent')!);
      expect(ev.uid).toBe(booking.calendarUid);
      expect(ev.sequence).toBe(booking.version);
      expect(ev.startDate.toJSDate().getTime()).toBe(start.getTime());
      expect(ev.endDate.toJSDate().getTime()).toBe(start.getTime() + 30 * 60_000);
      // The outbox recorded it, as sent by SMTP (the row turns `sent` just after the server took the mail:
      // wait for it rather than racing the activity — seen under load, a TZ=Pacific/Kiritimati full run).
      const rows = await waitFor(
        async () => {
          const r = await messagesOf(d, booking.id);
          return r.every((m) => m.status !== 'sending' && m.status !== 'queued') ? r : undefined;
        },
        20_000,
        'the confirmation row settles',
      );
      expect(rows.map((r) => [r.kind, r.channel, r.transport, r.status])).toEqual([['confirmation', 'email', 'smtp', 'sent']]);

      // Cancelling sends METHOD:CANCEL with the same UID.
      const cancel = await gw.app.inject({
        method: 'POST',
        url: `/v1/admin/bookings/${booking.id}/cancel`,
        headers: adminHeaders,
        payload: { reason: 'Praxis geschlossen' },
      });
      expect(cancel.statusCode).toBe(200);
      const cancelled = await waitFor(
        async () => (mailsTo('grete@example.com').length === 2 ? mailsTo('grete@example.com')[1] : undefined),
        20_000,
        'cancellation mail',
      );
      const calCancel = new ICAL.Component(ICAL.parse(cancelled!.parsed.attachments.find((a) => a.filename === 'invite.ics')!.content.toString('utf8')));
      expect(calCancel.getFirstPropertyValue('method')).toBe('CANCEL');
      const evCancel = new ICAL.Event(calCancel.getFirstSubcomponent('vevent')!);
      expect(evCancel.uid).toBe(booking.calendarUid);
      expect(evCancel.sequence).toBeGreaterThanOrEqual(booking.version);
      expect(cancelled!.parsed.text).toContain('Praxis geschlossen');
    },
    60_000,
  );

  it.skipIf(skipKind('pglite'))(
    'an SMS confirmation refused with 429 + Retry-After is retried after the wait and sent once',
    async () => {
      tw.failNext({ status: 429, retryAfter: 2 });
      const before = tw.requests.length;
      const res = await book({ start: minuteIn(3 * 86_400_000).toISOString(), customer: { name: 'Pat', phone: '+49 151 0000 0429' } });
      expect(res.statusCode).toBe(201);
      const id = (res.json() as { id: string }).id;
      const row = await waitFor(async () => (await messagesOf(d, id)).find((m) => m.status === 'sent'), 30_000, 'SMS after the retry');
      expect(row.channel).toBe('sms');
      expect(row.attempts).toBe(2);
      expect(row.provider_message_id).toMatch(/^SM[0-9a-f]{32}$/);
      const seen = tw.requests.slice(before).filter((r) => r.path.endsWith('/Messages.json'));
      expect(seen.map((r) => r.status)).toEqual([429, 201]);
      expect(smsTo('+4915100000429')).toHaveLength(1);
    },
    60_000,
  );

  it.skipIf(skipKind('pglite'))(
    'reminders go by SMS with a short link; a bad number falls back to e-mail; delivery reports update the outbox',
    async () => {
      // A service that reminds by SMS, 1 minute ahead; three providers, each open for one slot whose
      // reminder falls due in ~15–25 s.
      const service = await insertService(d.db, {
        name: 'Checkup',
        duration_minutes: 30,
        maximum_advance_days: 365,
        minimum_notice_minutes: 0,
        reminder_offsets_minutes: [1],
        reminder_channels: ['sms'],
      });
      const customers = [
        { name: 'Sam', phone: '+4915100000001', email: 'sam@example.com' },
        { name: 'Bad Number', phone: '+15005550001', email: 'bad@example.com' }, // Twilio's "invalid To"
        { name: 'Una', phone: '+4915100000003', email: 'una@example.com' },
      ];
      const ids: string[] = [];
      for (const [i, customer] of customers.entries()) {
        // Real time (the reminders must really fire); safe at any instant: each provider's only working time is the
        // absolute "open" range below, in UTC.
        const start = new Date(Math.ceil((Date.now() + 75_000 + i * 5_000) / 1000) * 1000);
        const provider = await insertProvider(d.db, { name: `P${i}`, time_zone: 'UTC', weekly_hours: '{}' });
        await offerService(d.db, provider, service);
        await d.db
          .insertInto('provider_overrides')
          .values({ provider_id: provider, kind: 'open', start_time: start, end_time: new Date(start.getTime() + 1_800_000) })
          .execute();
        const res = await book({ serviceId: service, providerId: provider, start: start.toISOString(), customer });
        expect(res.statusCode, res.body).toBe(201);
        ids.push((res.json() as { id: string }).id);
      }
      const [samId, badId, unaId] = ids as [string, string, string];

      // Sam: one SMS, one GSM-7 segment, with a short link that leads to the booking's manage link.
      const [samSms] = await waitFor(async () => (smsTo('+4915100000001').length > 0 ? smsTo('+4915100000001') : undefined), 60_000, "Sam's SMS reminder");
      const body = samSms!.params.Body!;
      expect(smsSegments(body)).toMatchObject({ encoding: 'GSM-7', segments: 1 });
      expect(samSms!.statusCallback).toBe(`${base}/v1/webhooks/twilio/status`);
      const code = /\/s\/([A-Za-z0-9]{10})\b/.exec(body)?.[1];
      expect(code, body).toBeDefined();
      const hop = await gw.app.inject({ method: 'GET', url: `/s/${code}` });
      expect(hop.statusCode).toBe(302);
      const manage = new URL(hop.headers.location as string);
      expect((await gw.app.inject({ method: 'GET', url: `/v1${manage.pathname}` })).json()).toMatchObject({ id: samId });
      expect((await gw.app.inject({ method: 'GET', url: '/s/AAAAAAAAAA' })).statusCode).toBe(404);

      // Its delivery report moves the outbox row to delivered (signed by the fake the way Twilio signs).
      expect((await tw.deliver(samSms!.resource.sid, 'delivered')).status).toBe(204);
      const samRow = (await messagesOf(d, samId)).find((m) => m.kind === 'reminder')!;
      expect(samRow).toMatchObject({ channel: 'sms', transport: 'twilio', status: 'delivered', provider_message_id: samSms!.resource.sid });
      expect(samRow.delivered_at).not.toBeNull();
      // A late "sent" never moves it back.
      await tw.deliver(samSms!.resource.sid, 'sent');
      expect((await messagesOf(d, samId)).find((m) => m.kind === 'reminder')!.status).toBe('delivered');
      expect(mailsTo('sam@example.com').map((m) => m.parsed.subject)).toHaveLength(1); // the confirmation only

      // Bad number: the SMS fails without retry and the reminder goes by e-mail instead.
      const badRows = await waitFor(
        async () => {
          const r = (await messagesOf(d, badId)).filter((m) => m.kind === 'reminder');
          return r.length === 2 && r.every((m) => m.status !== 'queued' && m.status !== 'sending') ? r : undefined;
        },
        60_000,
        'SMS failure and e-mail fallback',
      );
      const badSms = badRows.find((m) => m.channel === 'sms')!;
      expect(badSms).toMatchObject({ status: 'failed', failure_kind: 'invalid_recipient', attempts: 1 });
      expect(badRows.find((m) => m.channel === 'email')).toMatchObject({ status: 'sent', transport: 'smtp', fallback_of: badSms.id });
      await waitFor(async () => (mailsTo('bad@example.com').length === 2 ? true : undefined), 10_000, 'fallback mail at the SMTP server');
      const badReminder = await d.db.selectFrom('reminders').selectAll().where('booking_id', '=', badId).executeTakeFirstOrThrow();
      expect(badReminder.status).toBe('sent');

      // Una: accepted, then reported undelivered → the fallback workflow e-mails her.
      const [unaSms] = await waitFor(async () => (smsTo('+4915100000003').length > 0 ? smsTo('+4915100000003') : undefined), 60_000, "Una's SMS");
      expect((await tw.deliver(unaSms!.resource.sid, 'undelivered', { errorCode: 30003 })).status).toBe(204);
      const unaFallback = await waitFor(
        async () => (await messagesOf(d, unaId)).find((m) => m.kind === 'reminder' && m.channel === 'email' && m.status === 'sent'),
        30_000,
        "Una's fallback e-mail",
      );
      const unaSmsRow = (await messagesOf(d, unaId)).find((m) => m.kind === 'reminder' && m.channel === 'sms')!;
      expect(unaSmsRow).toMatchObject({ status: 'failed', failure_kind: 'undelivered' });
      expect(unaSmsRow.error).toContain('30003');
      expect(unaFallback.fallback_of).toBe(unaSmsRow.id);
      // A repeated report starts nothing new.
      await tw.deliver(unaSms!.resource.sid, 'undelivered', { errorCode: 30003 });
      await new Promise((r) => setTimeout(r, 2_000));
      expect((await messagesOf(d, unaId)).filter((m) => m.kind === 'reminder')).toHaveLength(2);

      // The admin sees failures with their reasons.
      const failed = (await gw.app.inject({ method: 'GET', url: '/v1/admin/messages?status=failed', headers: adminHeaders })).json() as {
        messages: { id: string; failureKind: string }[];
      };
      expect(failed.messages.map((m) => m.id)).toEqual(expect.arrayContaining([badSms.id, unaSmsRow.id]));
    },
    150_000,
  );

  it.skipIf(skipKind('pglite'))(
    'SMS replies: C confirms a held booking, X cancels it, STOP/START opt out and in; unsigned posts are refused',
    async () => {
      const phone = '+4915100000777';
      const res = await book({ start: minuteIn(4 * 86_400_000).toISOString(), hold: true, customer: { name: 'Rita', phone: '+49 151 0000 0777' } });
      expect(res.statusCode).toBe(201);
      const id = (res.json() as { id: string }).id;
      const inbound = (text: string) => {
        const params = { From: phone, To: '+15005550006', Body: text, MessageSid: `SM${'1'.repeat(32)}`, AccountSid: tw.accountSid };
        return gw.app.inject({
          method: 'POST',
          url: '/v1/webhooks/twilio/inbound',
          headers: signedForm('/v1/webhooks/twilio/inbound', params),
          payload: new URLSearchParams(params).toString(),
        });
      };

      const unsigned = await gw.app.inject({
        method: 'POST',
        url: '/v1/webhooks/twilio/inbound',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: `From=${encodeURIComponent(phone)}&Body=X`,
      });
      expect(unsigned.statusCode).toBe(401);

      const c = await inbound(' c ');
      expect(c.statusCode).toBe(200);
      expect(c.headers['content-type']).toContain('text/xml');
      expect(c.body).toContain('<Message>Confirmed: Consultation');
      expect((await d.db.selectFrom('bookings').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status).toBe('confirmed');

      const x = await inbound('X');
      expect(x.body).toContain('<Message>Cancelled: Consultation');
      await waitFor(
        async () =>
          (await d.db.selectFrom('bookings').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status === 'cancelled' ? true : undefined,
        10_000,
        'cancelled',
      );
      expect((await inbound('X')).body).toContain('no upcoming booking');
      expect((await inbound('hello?')).body).toContain('Reply C to confirm');

      expect((await inbound('STOP')).body).not.toContain('<Message>');
      expect(await d.db.selectFrom('sms_opt_outs').select('phone').where('phone', '=', phone).executeTakeFirst()).toEqual({ phone });
      await inbound('START');
      expect(await d.db.selectFrom('sms_opt_outs').select('phone').where('phone', '=', phone).executeTakeFirst()).toBeUndefined();
    },
    60_000,
  );
});

describe('a worker killed right after sending the confirmation (PostgreSQL: two processes)', () => {
  const cleanup: (() => Promise<unknown>)[] = [];
  afterAll(async () => {
    for (const c of cleanup.reverse()) await c().catch(() => {});
  });

  it.skipIf(skipKind('postgres'))(
    'the retried activity finds the message sent: exactly one e-mail at the SMTP server',
    async () => {
      const d = await testDatabase('postgres');
      cleanup.push(() => d.dispose());
      const smtp = await startSmtpFake();
      cleanup.push(() => smtp.close());
      const gw = await testGateway(d);
      cleanup.push(() => gw.close());
      const { service } = await seedCatalog(d);
      const child = spawn(process.execPath, ['--import', 'tsx', 'test/support/worker-process.ts'], {
        cwd: REPO_ROOT,
        env: {
          ...process.env,
          TEMPORAL_ADDRESS: inject('temporalAddress'),
          TASK_QUEUE: gw.taskQueue,
          DATABASE_URL: d.url!,
          PAUSE_AFTER: 'sendBookingMessage',
          SMTP_URL: smtp.url,
          EMAIL_FROM: FROM,
        },
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      cleanup.push(async () => child.kill('SIGKILL'));
      let out = '';
      child.stdout!.on('data', (b: Buffer) => (out += b.toString()));
      await waitFor(async () => (out.includes('WORKER_READY') ? true : undefined), 60_000, 'child worker');

      const res = await gw.app.inject({
        method: 'POST',
        url: '/v1/bookings',
        payload: { serviceId: service, start: minuteIn(2 * 86_400_000).toISOString(), timeZone: 'UTC', customer: { name: 'K', email: 'k@example.com' } },
      });
      expect(res.statusCode).toBe(201);
      const id = (res.json() as { id: string }).id;
      await waitFor(async () => (out.includes('PAUSED_AFTER sendBookingMessage') ? true : undefined), 30_000, 'confirmation sent by the child');
      child.kill('SIGKILL');
      await new Promise((r) => child.once('exit', r));
      expect(smtp.messages).toHaveLength(1);

      const worker = await startWorker({
        address: inject('temporalAddress'),
        namespace: 'default',
        taskQueue: gw.taskQueue,
        db: d.db,
        messaging: { transports: { email: createSmtpTransport({ url: smtp.url }) }, emailFrom: FROM, businessName: 'Praxis Weber' },
      });
      cleanup.push(() => worker.stop());
      // The killed attempt times out (startToClose 30 s) and is retried here; then the workflow goes on.
      await waitFor(
        async () => {
          const events = await d.db.selectFrom('booking_events').select('type').where('booking_id', '=', id).execute();
          const activity = await gw.temporal.client.workflow.getHandle(`booking-${id}`).describe();
          return (activity.raw.pendingActivities ?? []).length === 0 && events.length >= 2 ? true : undefined;
        },
        60_000,
        'the retried send to finish',
      );
      expect(smtp.messages).toHaveLength(1);
      const rows = await d.db.selectFrom('messages').select(['kind', 'status', 'attempts']).where('booking_id', '=', id).execute();
      expect(rows).toEqual([{ kind: 'confirmation', status: 'sent', attempts: 1 }]);
    },
    120_000,
  );
});

describe('a transport that refuses the credentials (SendGrid 401)', () => {
  it.skipIf(skipKind('pglite'))(
    'fails the message without retrying, shows it to the admin, and the booking goes on',
    async () => {
      const d = await testDatabase('pglite');
      const sg: SendGridFake = await startSendGridFake();
      const gw = await testGateway(d);
      const worker = await startWorker({
        address: inject('temporalAddress'),
        namespace: 'default',
        taskQueue: gw.taskQueue,
        db: d.db,
        messaging: {
          transports: { email: createSendGridTransport({ apiKey: 'SG.revoked-key', baseUrl: sg.url }) },
          emailFrom: FROM,
          businessName: 'Praxis Weber',
        },
      });
      try {
        const { service } = await seedCatalog(d, { reminderOffsets: [60] });
        const res = await gw.app.inject({
          method: 'POST',
          url: '/v1/bookings',
          payload: { serviceId: service, start: minuteIn(2 * 86_400_000).toISOString(), timeZone: 'UTC', customer: { name: 'K', email: 'k@example.com' } },
        });
        expect(res.statusCode).toBe(201);
        const id = (res.json() as { id: string }).id;
        const row = await waitFor(async () => (await messagesOf(d, id)).find((m) => m.status === 'failed'), 20_000, 'failed message');
        expect(row).toMatchObject({ kind: 'confirmation', transport: 'sendgrid', failure_kind: 'auth', attempts: 1 });
        // The workflow went on to schedule the reminder.
        await waitFor(
          async () => ((await d.db.selectFrom('reminders').select('id').where('booking_id', '=', id).execute()).length === 1 ? true : undefined),
          15_000,
          'reminder scheduled',
        );
        expect(sg.requests.filter((r) => r.path === '/v3/mail/send').map((r) => r.status)).toEqual([401]);
        expect(sg.messages).toHaveLength(0);
        const listed = (await gw.app.inject({ method: 'GET', url: `/v1/admin/messages?status=failed&bookingId=${id}`, headers: adminHeaders })).json() as {
          messages: unknown[];
        };
        expect(listed.messages).toEqual([expect.objectContaining({ id: row.id, failureKind: 'auth', transport: 'sendgrid', error: expect.any(String) })]);
        const n = (
          await d.db
            .selectFrom('bookings')
            .select(sql<string>`status`.as('s'))
            .where('id', '=', id)
            .executeTakeFirstOrThrow()
        ).s;
        expect(n).toBe('confirmed');
      } finally {
        await worker.stop();
        await gw.close();
        await sg.close();
        await d.dispose();
      }
    },
    60_000,
  );
});
