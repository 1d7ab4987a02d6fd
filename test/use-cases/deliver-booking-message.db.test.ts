/**
 * The delivery rules, called directly on both databases with real transports (an SMTP server, Twilio's
 * SDK against its local fake): channel choice, opt-outs, once-only sending, retryable vs. final failures,
 * and the reminder activity's late-timer rule.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActivities } from '../../activities/index.ts';
import { createLinkSigner } from '../../src/use-cases/manage-links.ts';
import { insertBooking } from '../../src/db/booking.repository.ts';
import { setOptOut } from '../../src/db/sms-opt-out.repository.ts';
import { reminderDelivery } from '../../src/db/message-stats.repository.ts';
import { deliverBookingMessage, type DeliveryDeps } from '../../src/use-cases/deliver-booking-message.ts';
import { TransportError } from '../../src/transports/transport.ts';
import { createSmtpTransport } from '../../src/transports/smtp.transport.ts';
import { createTwilioTransport } from '../../src/transports/twilio.transport.ts';
import { DB_KINDS, skipKind, testDatabase, type TestDatabase } from '../support/databases.ts';
import { startSmtpFake, type SmtpFake } from '../support/fakes/smtp.ts';
import { startTwilioFake, type TwilioFake } from '../support/fakes/twilio.fake.ts';
import { insertProvider, insertService } from '../support/factories.ts';

describe.each(DB_KINDS)('booking message delivery on %s', (kind) => {
  let d: TestDatabase;
  let smtp: SmtpFake;
  let tw: TwilioFake;
  let deps: DeliveryDeps;
  let provider: string;
  let service: string;
  let slot = 0;

  beforeAll(async () => {
    if (skipKind(kind)) return;
    d = await testDatabase(kind);
    smtp = await startSmtpFake();
    tw = await startTwilioFake();
    deps = {
      db: d.db,
      links: createLinkSigner('delivery-test-secret-0123456789abcdef-0123', 'https://book.example.com'),
      now: () => Date.now(), // real, like the activities' own clock below; no expectation depends on the date
      messaging: {
        transports: {
          email: createSmtpTransport({ url: smtp.url }),
          sms: createTwilioTransport({ accountSid: tw.accountSid, authToken: tw.authToken, baseUrl: tw.url }),
        },
        emailFrom: 'Studio <hello@studio.example>',
        smsFrom: '+15005550006',
        businessName: 'Studio',
      },
    };
    provider = await insertProvider(d.db, { name: 'Kim', time_zone: 'Europe/Berlin', weekly_hours: '{}' });
    service = await insertService(d.db, { name: 'Haircut', duration_minutes: 30, reminder_channels: ['email', 'sms'] });
  });
  afterAll(async () => {
    await smtp?.close();
    await tw?.close();
    await d?.dispose();
  });

  /** A confirmed booking days ahead (each call a new slot): only its being in the future matters, at any instant. */
  const booking = async (customer: { email?: string; phone?: string }, startMs = Date.now() + 5 * 86_400_000 + slot++ * 3_600_000) =>
    (
      await insertBooking(d.db, {
        serviceId: service,
        providerId: provider,
        start: new Date(startMs),
        end: new Date(startMs + 1_800_000),
        status: 'confirmed',
        customerName: 'Lee',
        customerEmail: customer.email ?? null,
        customerPhone: customer.phone ?? null,
      })
    ).id;
  const smsTo = (phone: string) => tw.messages.filter((m) => m.params.To === phone);
  const mailsTo = (a: string) => smtp.messages.filter((m) => m.envelope.to.includes(a));

  it.skipIf(skipKind(kind))("a reminder goes to every channel of the service's reminderChannels; a confirmation only by e-mail", async () => {
    const id = await booking({ email: `both-${kind}@example.com`, phone: kind === 'pglite' ? '+4917000000001' : '+4917000000002' });
    const phone = kind === 'pglite' ? '+4917000000001' : '+4917000000002';
    const confirmation = await deliverBookingMessage(deps, id, 'confirmation', `${id}:confirmation:1`);
    expect(confirmation.rows.map((r) => [r.channel, r.status])).toEqual([['email', 'sent']]);
    const reminder = await deliverBookingMessage(deps, id, 'reminder', `${id}:reminder:r1`);
    expect(reminder.rows.map((r) => [r.channel, r.status])).toEqual([
      ['email', 'sent'],
      ['sms', 'sent'],
    ]);
    expect(smsTo(phone)).toHaveLength(1);
    expect(mailsTo(`both-${kind}@example.com`)).toHaveLength(2);
  });

  it.skipIf(skipKind(kind))('the same key twice sends once (a retried activity finds the row)', async () => {
    const email = `once-${kind}@example.com`;
    const id = await booking({ email });
    const a = await deliverBookingMessage(deps, id, 'confirmation', `${id}:confirmation:1`);
    const b = await deliverBookingMessage(deps, id, 'confirmation', `${id}:confirmation:1`);
    expect(b.rows[0]!.id).toBe(a.rows[0]!.id);
    expect(mailsTo(email)).toHaveLength(1);
  });

  it.skipIf(skipKind(kind))('a customer with no address gets nothing: no transport call, no message row', async () => {
    const id = await booking({});
    const mailsBefore = smtp.messages.length;
    const smsBefore = tw.messages.length;
    for (const kind of ['confirmation', 'reminder'] as const) {
      expect(await deliverBookingMessage(deps, id, kind, `${id}:${kind}:1`)).toEqual({ delivered: null, rows: [] });
    }
    expect(await d.db.selectFrom('messages').select('id').where('booking_id', '=', id).execute()).toEqual([]);
    expect([smtp.messages.length, tw.messages.length]).toEqual([mailsBefore, smsBefore]);
  });

  it.skipIf(skipKind(kind))('an opted-out number gets no SMS; its reminder still reaches the e-mail address', async () => {
    const phone = kind === 'pglite' ? '+4917000000011' : '+4917000000012';
    await setOptOut(d.db, phone, true);
    const id = await booking({ email: `stop-${kind}@example.com`, phone });
    const out = await deliverBookingMessage(deps, id, 'reminder', `${id}:reminder:r1`);
    expect(out.rows.map((r) => r.channel)).toEqual(['email']);
    expect(smsTo(phone)).toHaveLength(0);
  });

  it.skipIf(skipKind(kind))('a transient failure is re-thrown with its Retry-After and the row waits; the next attempt sends it once', async () => {
    const email = `retry-${kind}@example.com`;
    const id = await booking({ email });
    smtp.failNext('data', { code: 451, message: 'Try again later' });
    const err = await deliverBookingMessage(deps, id, 'confirmation', `${id}:confirmation:1`).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TransportError);
    expect((err as TransportError).retryable).toBe(true);
    const row = await d.db.selectFrom('messages').selectAll().where('booking_id', '=', id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'queued', attempts: 1 });
    expect(row.error).toContain('451');
    const again = await deliverBookingMessage(deps, id, 'confirmation', `${id}:confirmation:1`);
    expect(again.rows[0]).toMatchObject({ id: row.id, status: 'sent' });
    expect(mailsTo(email)).toHaveLength(1);
  });

  it.skipIf(skipKind(kind))('without transports every message is captured in the outbox (never sent) and nothing leaves', async () => {
    const email = `outbox-${kind}@example.com`;
    const id = await booking({ email, phone: '+4917000000099' });
    const before = { mails: smtp.messages.length, sms: tw.messages.length };
    const out = await deliverBookingMessage(
      { ...deps, messaging: { transports: {}, emailFrom: 'x@y.example', businessName: 'Studio' } },
      id,
      'reminder',
      `${id}:reminder:r1`,
    );
    expect(out.rows.map((r) => [r.channel, r.transport, r.status, r.sent_at])).toEqual([['email', 'outbox', 'captured', null]]);
    expect(out.rows[0]!.body_html).toContain('<html');
    expect(out.rows[0]!.ics).toBeNull(); // a reminder carries no invitation
    // A confirmation keeps the invitation it would have carried, for the outbox viewer.
    const conf = await deliverBookingMessage(
      { ...deps, messaging: { transports: {}, emailFrom: 'x@y.example', businessName: 'Studio' } },
      id,
      'confirmation',
      `${id}:confirmation:1`,
    );
    expect(conf.rows.map((r) => r.status)).toEqual(['captured']);
    expect(conf.rows[0]!.ics).toMatch(/^BEGIN:VCALENDAR[\s\S]*METHOD:REQUEST[\s\S]*BEGIN:VEVENT/);
    expect({ mails: smtp.messages.length, sms: tw.messages.length }).toEqual(before);
  });

  it.skipIf(skipKind(kind))('a reminder whose messages were only captured is marked captured, not sent, and not counted as delivered', async () => {
    const id = await booking({ email: `remind-outbox-${kind}@example.com` });
    // Due a minute ago, by the real clock the activity reads; the appointment days ahead: due at any instant.
    const due = new Date(Date.now() - 60_000);
    const reminder = await d.db.insertInto('reminders').values({ booking_id: id, when: due, channel: 'email' }).returning('id').executeTakeFirstOrThrow();
    const acts = createActivities({ db: d.db, workerId: 'test', messaging: { transports: {}, emailFrom: 'x@y.example', businessName: 'Studio' } });
    expect(await acts.sendReminder(id, reminder.id)).toEqual({ sent: true }); // done, for the workflow
    const row = await d.db.selectFrom('reminders').selectAll().where('id', '=', reminder.id).executeTakeFirstOrThrow();
    expect(row.status).toBe('captured');
    expect(row.sent_at).not.toBeNull();
    const window = { since: new Date(due.getTime() - 1), now: new Date(due.getTime() + 1) };
    expect(await reminderDelivery(d.db, window)).toEqual({ due: 1, sent: 0, ratio: 0 });
    // The same through a transport: sent, and counted.
    const id2 = await booking({ email: `remind-smtp-${kind}@example.com` });
    const r2 = await d.db.insertInto('reminders').values({ booking_id: id2, when: due, channel: 'email' }).returning('id').executeTakeFirstOrThrow();
    expect(await createActivities({ db: d.db, workerId: 'test', messaging: deps.messaging }).sendReminder(id2, r2.id)).toEqual({ sent: true });
    expect((await d.db.selectFrom('reminders').select('status').where('id', '=', r2.id).executeTakeFirstOrThrow()).status).toBe('sent');
    expect(await reminderDelivery(d.db, window)).toEqual({ due: 2, sent: 1, ratio: 0.5 });
  });

  it.skipIf(skipKind(kind))('a reminder whose timer fired after the appointment began is skipped, not sent', async () => {
    const email = `late-${kind}@example.com`;
    // Started a minute ago and due two minutes ago by the real clock the activity reads: late at any instant.
    const id = await booking({ email }, Date.now() - 60_000);
    const reminder = await d.db
      .insertInto('reminders')
      .values({ booking_id: id, when: new Date(Date.now() - 120_000), channel: 'email' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const acts = createActivities({ db: d.db, workerId: 'test', messaging: deps.messaging });
    expect(await acts.sendReminder(id, reminder.id)).toEqual({ sent: false });
    const row = await d.db.selectFrom('reminders').selectAll().where('id', '=', reminder.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'skipped', sent_at: null });
    expect(mailsTo(email)).toHaveLength(0);
  });
  it.skipIf(skipKind(kind))('SMS policy: no SMS to a country the business does not text (e-mail instead); at most the daily cap per number', async () => {
    const policed: DeliveryDeps = { ...deps, messaging: { ...deps.messaging, smsPolicy: { allowedCountries: ['DE'], dailyCapPerNumber: 2 } } };
    // A premium-rate-looking far-away number (Latvia, +371) with an e-mail: the reminder goes by e-mail only.
    const foreign = kind === 'pglite' ? '+37120000001' : '+37120000002';
    const away = await booking({ email: `away-${kind}@example.com`, phone: foreign });
    const r1 = await deliverBookingMessage(policed, away, 'reminder', `${away}:reminder:r1`);
    expect(r1.rows.map((r) => [r.channel, r.status])).toEqual([['email', 'sent']]);
    expect(smsTo(foreign)).toHaveLength(0);
    // Only the foreign phone: nothing is sent (no address the business may use).
    const phoneOnly = await booking({ phone: foreign });
    expect((await deliverBookingMessage(policed, phoneOnly, 'confirmation', `${phoneOnly}:confirmation:1`)).rows).toEqual([]);
    expect(smsTo(foreign)).toHaveLength(0);

    // A German number: texted, but only twice in 24 hours (book → cancel → rebook loops stop paying off).
    const home = kind === 'pglite' ? '+4917000000091' : '+4917000000092';
    const kinds = ['confirmation', 'cancelled', 'confirmation'] as const;
    const outcomes: string[][] = [];
    for (const [i, k] of kinds.entries()) {
      const id = await booking({ phone: home });
      outcomes.push((await deliverBookingMessage(policed, id, k, `${id}:${k}:${i}`)).rows.map((r) => `${r.channel}:${r.status}`));
    }
    expect(outcomes).toEqual([['sms:sent'], ['sms:sent'], []]);
    expect(smsTo(home)).toHaveLength(2);
  });
});
