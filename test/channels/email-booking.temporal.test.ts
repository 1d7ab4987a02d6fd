/**
 * Booking by e-mail end to end (issue #16), on PGlite and PostgreSQL: nodemailer sends into slotflow's SMTP
 * receiver, the thread workflow answers over SMTP into a capturing server, replies go back to the signed
 * Reply-To. Request → three proposals → "2" → booked, its confirmation in the same thread; the service
 * asked for when unclear; German both ways; a start taken meanwhile → fresh proposals; "cancel" on the
 * confirmation's thread (and its refusal inside the notice window); auto-replies, bounces, forged senders
 * and DMARC-fail mail change nothing; the one-click link (GET shows, POST books).
 *
 * Dates: the customer's messages carry Date = TEST_NOW − 1 min and the e-mail activities run on TEST_NOW,
 * so "tomorrow at 10" is tomorrow in Berlin from the pinned instant — always in the future, whatever it is.
 */
import { writeFileSync } from 'node:fs';
import { historyToJSON } from '@temporalio/common/lib/proto-utils.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emailThreadWorkflowId } from '../../src/temporal/workflow-ids.ts';
import { findBooking } from '../../src/db/booking.repository.ts';
import { listInboundMessages } from '../../src/db/inbound-message.repository.ts';
import { createMailAuthenticator } from '../../src/inbound-email/mail-auth.ts';
import { addDays, localDate, wallClockToInstant } from '../../src/domain/time/zones.ts';
import { DB_KINDS, skipKind } from '../support/databases.ts';
import { TEST_NOW } from '../support/clock.ts';
import { everyDayHours, insertProvider, insertService } from '../support/factories.ts';
import type { ReceivedMail } from '../support/fakes/smtp.ts';
import { startEmailStack, INBOUND_ADDRESS, replyToOf, textOf, type EmailStack } from '../support/email-stack.ts';
import { adminHeaders } from '../support/gateway.ts';
import { createEmailActivities } from '../../activities/email.activities.ts';
import { offerQuery } from '../../workflows/email-thread.types.ts';

const ZONE = 'Europe/Berlin';
const tomorrow = addDays(localDate(TEST_NOW - 60_000, ZONE), 1);
const at = (date: string, hour: number, minute = 0) => wallClockToInstant(date, hour, minute, 0, 0, ZONE);

/**
 * A local DNS zone for mailauth: forged.test publishes DMARC p=reject and lets only 192.0.2.1 send, so a
 * message "from" it through the local receiver (127.0.0.1) fails DMARC; every other domain has no records
 * (DMARC none: not a veto).
 */
const resolver = async (name: string, rrtype: string): Promise<unknown> => {
  const zone: Record<string, string[][]> = {
    'TXT:_dmarc.forged.test': [['v=DMARC1; p=reject; adkim=s; aspf=s']],
    'TXT:forged.test': [['v=spf1 ip4:192.0.2.1 -all']],
  };
  const answer = zone[`${rrtype}:${name}`];
  if (answer) return answer;
  throw Object.assign(new Error(`queryTxt ENOTFOUND ${name}`), { code: 'ENOTFOUND' });
};

describe.each(DB_KINDS)('booking by e-mail on %s', (kind) => {
  let stack: EmailStack;
  let haircut: string;
  let n = 0;
  /** A fresh customer address per test (rate limits and threads stay apart). */
  const customer = (name: string) => `${name.toLowerCase()}-${kind}-${++n}@mail.test`;

  beforeAll(async () => {
    if (skipKind(kind)) return;
    stack = await startEmailStack({ kind, authenticate: createMailAuthenticator({ resolver }) });
    const db = stack.db.db;
    const provider = await insertProvider(db, { name: 'Dr. Weber', time_zone: ZONE, weekly_hours: everyDayHours([['08:00', '18:00']]) });
    haircut = await insertService(db, { name: 'Haircut', duration_minutes: 30, providers: [provider] });
    await insertService(db, { name: 'Massage', duration_minutes: 60, providers: [provider] });
    // Cancelling by e-mail is always inside this one's notice window (five years).
    await insertService(db, { name: 'Consultation', duration_minutes: 30, cancel_notice_minutes: 5 * 525_600, providers: [provider] });
  }, 90_000);
  afterAll(async () => stack?.close());

  /** Sends a request and returns slotflow's answer to it. */
  async function request(from: string, subject: string, text: string, extra: Record<string, unknown> = {}) {
    const before = stack.outbound.messages.filter((m) => m.envelope.to.includes(from)).length;
    const sent = await stack.send({ from, to: INBOUND_ADDRESS, subject, text, ...extra });
    const answer = (await stack.sentTo(from, before + 1)).at(-1)!;
    return { sent, answer };
  }
  async function reply(from: string, to: ReceivedMail, text: string) {
    const before = stack.outbound.messages.filter((m) => m.envelope.to.includes(from)).length;
    const sent = await stack.send({
      from,
      to: replyToOf(to),
      subject: `Re: ${to.parsed.subject}`,
      text,
      inReplyTo: to.parsed.messageId,
      references: [to.parsed.messageId!],
    });
    return { sent, next: async (count = 1) => (await stack.sentTo(from, before + count)).slice(before) };
  }
  const bookingsOf = async (email: string) =>
    (await stack.db.db.selectFrom('bookings').selectAll().where('customer_email', '=', email).orderBy('created_at').execute()) as Awaited<
      ReturnType<typeof findBooking>
    >[];
  const inboundFrom = async (email: string) => (await listInboundMessages(stack.db.db, { limit: 50 })).filter((m) => m.from_address === email);
  async function until<T>(read: () => Promise<T>, ok: (v: T) => boolean, ms = 15_000): Promise<T> {
    const deadline = Date.now() + ms;
    for (;;) {
      const v = await read();
      if (ok(v)) return v;
      if (Date.now() > deadline) throw new Error(`timed out; last value ${JSON.stringify(v)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  it.skipIf(skipKind(kind))('a request gets three numbered proposals around the wish; "2" books it; the confirmation stays in the thread', async () => {
    const anna = customer('Anna');
    const { sent, answer } = await request(anna, 'Haircut', 'Hi, could I come in for a haircut tomorrow at 10?\n\nThanks, Anna');
    expect(answer.parsed.subject).toBe('Re: Haircut');
    expect(answer.parsed.inReplyTo).toBe(sent.messageId);
    expect(replyToOf(answer)).toMatch(/^book\+t[a-z2-7]{16}\.[a-z2-7]{10}@clinic\.test$/);
    const text = textOf(answer);
    expect(text).toMatch(/1\) .*09:30–10:00/);
    expect(text).toMatch(/2\) .*10:00–10:30/);
    expect(text).toMatch(/3\) .*10:30–11:00/);
    expect(text).toContain('/email/choose/');
    expect(text).toContain('Reply with the number (1, 2, 3)');

    const { next } = await reply(anna, answer, '2\n\nOn some day Clinic wrote:\n> 1) something');
    const [confirmation] = await next();
    const [booking] = await until(
      () => bookingsOf(anna),
      (b) => b.length === 1,
    );
    expect(booking).toMatchObject({ channel: 'email', status: 'confirmed', customer_email: anna, service_id: haircut });
    expect(booking!.start_time.getTime()).toBe(at(tomorrow, 10));
    // The booking's confirmation answers in the customer's thread and carries the booking's reply address.
    expect(confirmation!.parsed.references).toContain(answer.parsed.messageId);
    expect(confirmation!.parsed.inReplyTo).toBeTruthy();
    expect(replyToOf(confirmation!)).toMatch(/^book\+b[a-z2-7]{26}\.[a-z2-7]{10}@clinic\.test$/);
    // The outcome is written after the answer went out: wait for it, not for the mail.
    const settled = await until(
      () => inboundFrom(anna),
      (rows) => rows.every((m) => m.outcome !== 'received'),
    );
    expect(settled.map((m) => m.outcome).sort()).toEqual(['booked', 'proposed']);
    // The admin shows the thread on the booking.
    const thread = await stack.gw.app.inject({ method: 'GET', url: `/v1/admin/bookings/${booking!.id}/email-thread`, headers: adminHeaders });
    expect(thread.statusCode).toBe(200);
    expect(thread.json().entries.map((e: { direction: string }) => e.direction)).toEqual(['in', 'out', 'in']);
    // `SLOTFLOW_RECORD_HISTORY=1 npx vitest run <this file>` saves this thread's history for the replay test.
    if (process.env['SLOTFLOW_RECORD_HISTORY'] === '1' && kind === 'pglite') {
      const history = await stack.gw.temporal.client.workflow.getHandle(emailThreadWorkflowId(thread.json().id)).fetchHistory();
      writeFileSync(new URL('../histories/emailThreadWorkflow.v1-propose-book.json', import.meta.url), historyToJSON(history));
    }
  });

  it.skipIf(skipKind(kind))('a request naming no service is answered with the list of services; naming one then gets proposals', async () => {
    const ben = customer('Ben');
    const { answer } = await request(ben, 'Appointment', 'Hello, do you have time next week?');
    expect(textOf(answer)).toContain('Which of our services');
    for (const name of ['Haircut', 'Massage', 'Consultation']) expect(textOf(answer)).toContain(name);
    const { next } = await reply(ben, answer, 'A massage please');
    const [proposals] = await next();
    expect(textOf(proposals!)).toMatch(/free for Massage/);
    expect(textOf(proposals!)).toMatch(/1\) /);
    const settled = await until(
      () => inboundFrom(ben),
      (rows) => rows.every((m) => m.outcome !== 'received'),
    );
    expect(settled.map((m) => m.outcome).sort()).toEqual(['asked_service', 'proposed']);
  });

  it.skipIf(skipKind(kind))('German request and reply: answered in German, "Ja, die 2" books it', async () => {
    const clara = customer('Clara');
    const { answer } = await request(clara, 'Terminanfrage', 'Hallo, ich hätte gerne einen Haarschnitt morgen um 14 Uhr. Viele Grüße, Clara');
    expect(textOf(answer)).toContain('Vielen Dank für Ihre Nachricht');
    expect(textOf(answer)).toMatch(/2\) .*14:00–14:30 Uhr/);
    const { next } = await reply(clara, answer, 'Ja, die 2 bitte.');
    await next();
    const [booking] = await until(
      () => bookingsOf(clara),
      (b) => b.length === 1,
    );
    expect(booking!.start_time.getTime()).toBe(at(tomorrow, 14));
    expect(booking!.locale).toBe('de');
  });

  it.skipIf(skipKind(kind))('a start taken between proposal and reply: no booking, fresh proposals without it', async () => {
    const dora = customer('Dora');
    const { answer } = await request(dora, 'Haircut', 'Haircut tomorrow at 16:00 please');
    expect(textOf(answer)).toMatch(/1\) .*15:30–16:00/);
    // Someone else takes 15:30 through the widget's API meanwhile.
    const other = await stack.gw.app.inject({
      method: 'POST',
      url: '/v1/bookings',
      payload: { serviceId: haircut, start: new Date(at(tomorrow, 15, 30)).toISOString(), timeZone: ZONE, customer: { name: 'Eve', email: customer('Eve') } },
    });
    expect(other.statusCode).toBe(201);
    const { next } = await reply(dora, answer, '1');
    const [fresh] = await next();
    expect(textOf(fresh!)).toContain('has just been taken');
    expect(textOf(fresh!)).not.toMatch(/15:30–16:00/);
    expect(await bookingsOf(dora)).toEqual([]);
  });

  it.skipIf(skipKind(kind))('"cancel" in reply to the confirmation cancels the booking; inside the notice window it explains instead', async () => {
    const finn = customer('Finn');
    const { answer } = await request(finn, 'Haircut', 'haircut tomorrow at 11');
    const r1 = await reply(finn, answer, '1');
    const [confirmation] = await r1.next();
    const [booking] = await until(
      () => bookingsOf(finn),
      (b) => b.length === 1,
    );
    const r2 = await reply(finn, confirmation!, 'Please cancel, sorry!');
    await until(
      () => findBooking(stack.db.db, booking!.id),
      (b) => b?.status === 'cancelled',
    );
    const [cancelled] = await r2.next();
    expect(cancelled!.parsed.references).toContain(answer.parsed.messageId);

    const gina = customer('Gina');
    const first = await request(gina, 'Consultation', 'A consultation tomorrow at 9 please');
    const r3 = await reply(gina, first.answer, '1');
    const [confirmation2] = await r3.next();
    const [booked] = await until(
      () => bookingsOf(gina),
      (b) => b.length === 1,
    );
    const r4 = await reply(gina, confirmation2!, 'absagen bitte');
    const [refusal] = await r4.next();
    expect(textOf(refusal!)).toMatch(/too late to cancel|zu spät/);
    expect(textOf(refusal!)).toContain('/manage/');
    expect((await findBooking(stack.db.db, booked!.id))!.status).toBe('confirmed');
  });

  it.skipIf(skipKind(kind))('"move it to <day>" in reply to the confirmation offers times that day; a number moves the booking', async () => {
    const max = customer('Max');
    const { answer } = await request(max, 'Haircut', 'haircut tomorrow at 17:00');
    const r1 = await reply(max, answer, '2');
    const [confirmation] = await r1.next();
    const [booking] = await until(
      () => bookingsOf(max),
      (b) => b.length === 1,
    );
    expect(booking!.start_time.getTime()).toBe(at(tomorrow, 17));
    const target = addDays(tomorrow, 3);
    const weekday = new Intl.DateTimeFormat('en-GB', { weekday: 'long', timeZone: 'UTC' }).format(Date.parse(`${target}T12:00:00Z`));
    const r2 = await reply(max, confirmation!, `Could you move it to ${weekday} at 11:00?`);
    const [offer] = await r2.next();
    expect(textOf(offer!)).toContain('These times are free to move your Haircut appointment to');
    expect(textOf(offer!)).toMatch(/2\) .*11:00–11:30/);
    const r3 = await reply(max, offer!, '2');
    await until(
      () => findBooking(stack.db.db, booking!.id),
      (b) => b?.start_time.getTime() === at(target, 11),
    );
    const [moved] = await r3.next();
    expect(moved!.parsed.references).toContain(answer.parsed.messageId);
    expect((await bookingsOf(max)).map((b) => b!.status)).toEqual(['confirmed']);
  });

  it.skipIf(skipKind(kind))('a booking made on the widget: its messages carry the signed Reply-To; "cancel" in reply cancels it', async () => {
    const lea = customer('Lea');
    const made = await stack.gw.app.inject({
      method: 'POST',
      url: '/v1/bookings',
      payload: { serviceId: haircut, start: new Date(at(addDays(tomorrow, 2), 9)).toISOString(), timeZone: ZONE, customer: { name: 'Lea', email: lea } },
    });
    expect(made.statusCode).toBe(201);
    const [confirmation] = await stack.sentTo(lea, 1);
    expect(replyToOf(confirmation!)).toMatch(/^book\+b[a-z2-7]{26}\.[a-z2-7]{10}@clinic\.test$/);
    expect(confirmation!.parsed.inReplyTo).toBeUndefined(); // no thread yet: nothing to answer
    const r = await reply(lea, confirmation!, 'Hi, please cancel this one.');
    await until(
      () => findBooking(stack.db.db, made.json().id),
      (b) => b?.status === 'cancelled',
    );
    const [cancelled] = await r.next();
    expect(cancelled!.parsed.subject).toMatch(/^Cancelled/);
    expect(cancelled!.parsed.references).toContain(confirmation!.parsed.messageId);
  });

  it.skipIf(skipKind(kind))('a "cancel" without the signed token, or from another address, cancels nothing', async () => {
    const hana = customer('Hana');
    const { answer } = await request(hana, 'Haircut', 'haircut tomorrow at 12');
    const r1 = await reply(hana, answer, '2');
    const [confirmation] = await r1.next();
    const [booking] = await until(
      () => bookingsOf(hana),
      (b) => b.length === 1,
    );
    // To the plain address: a new request with nothing to cancel.
    const plain = await request(hana, 'Re: your booking', 'cancel');
    expect(textOf(plain.answer)).toContain('no upcoming booking');
    // To the booking's reply address, but from someone else: no change, no answer.
    const mallory = customer('Mallory');
    await stack.send({ from: mallory, to: replyToOf(confirmation!), subject: 'Re: x', text: 'cancel' });
    await until(
      () => inboundFrom(mallory),
      (m) => m.length === 1 && m[0]!.outcome === 'wrong_sender',
    );
    expect(stack.outbound.messages.some((m) => m.envelope.to.includes(mallory))).toBe(false);
    expect((await findBooking(stack.db.db, booking!.id))!.status).toBe('confirmed');
  });

  it.skipIf(skipKind(kind))('auto-replies, bounces, list mail and DMARC-fail mail get no answer and book nothing', async () => {
    const ivan = customer('Ivan');
    await stack.send({
      from: ivan,
      to: INBOUND_ADDRESS,
      subject: 'Out of office',
      text: 'haircut tomorrow at 10',
      headers: { 'Auto-Submitted': 'auto-replied' },
    });
    await stack.send({
      from: ivan,
      to: INBOUND_ADDRESS,
      subject: 'News',
      text: 'haircut tomorrow at 10',
      headers: { Precedence: 'bulk', 'List-Id': '<news.mail.test>' },
    });
    await stack.send({
      from: 'MAILER-DAEMON@mail.test',
      envelope: { from: '', to: [INBOUND_ADDRESS] },
      to: INBOUND_ADDRESS,
      subject: 'Undelivered Mail Returned to Sender',
      text: 'haircut tomorrow at 10',
    });
    await stack.send({ from: 'boss@forged.test', to: INBOUND_ADDRESS, subject: 'Haircut', text: 'haircut tomorrow at 10' });
    // slotflow's own answer coming back (a forwarding loop), and bytes that are no message at all.
    const own = stack.outbound.messages.find((m) => m.parsed.subject?.startsWith('Re:'));
    if (own) await stack.send({ envelope: { from: 'clinic@clinic.test', to: [INBOUND_ADDRESS] }, raw: own.raw });
    await stack.send({ envelope: { from: 'junk@mail.test', to: [INBOUND_ADDRESS] }, raw: Buffer.from('\u0000\u0001 no headers at all\r\n') });
    const rows = (await listInboundMessages(stack.db.db, { limit: 100 })).filter((m) =>
      [ivan, 'mailer-daemon@mail.test', 'boss@forged.test'].includes(m.from_address),
    );
    expect(rows.map((r) => `${r.from_address.split('@')[0]!.replace(/-.*/, '')}:${r.outcome}`).sort()).toEqual([
      'boss:refused_dmarc',
      'ivan:ignored_automated',
      'ivan:ignored_automated',
      'mailer:ignored_automated',
    ]);
    expect(rows.find((r) => r.from_address === 'boss@forged.test')!.dmarc).toBe('fail');
    const more = (await listInboundMessages(stack.db.db, { limit: 100 })).filter((m) => m.from_address === 'clinic@clinic.test' || m.from_address === '');
    expect(more.map((r) => r.outcome).sort()).toEqual(['ignored_automated', 'refused_malformed']);
    expect(rows.every((r) => r.thread_id === null)).toBe(true);
    await new Promise((r) => setTimeout(r, 500));
    expect(stack.outbound.messages.some((m) => [ivan, 'mailer-daemon@mail.test', 'boss@forged.test'].some((a) => m.envelope.to.includes(a)))).toBe(false);
  });

  it.skipIf(skipKind(kind))('the one-click link: GET shows the time and books nothing, POST books it, a second POST says lapsed', async () => {
    const jon = customer('Jon');
    const { answer } = await request(jon, 'Massage', 'a massage the day after tomorrow at 10:00');
    const url = /https?:\/\/\S+\/email\/choose\/\S+/.exec(textOf(answer))![0];
    const path = new URL(url).pathname;
    const page = await stack.gw.app.inject({ method: 'GET', url: path });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.body).toContain('<form method="post"');
    expect(await bookingsOf(jon)).toEqual([]);
    const booked = await stack.gw.app.inject({ method: 'POST', url: path, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: '' });
    expect(booked.statusCode).toBe(200);
    expect(booked.body).toContain('Booked: Massage');
    const [booking] = await until(
      () => bookingsOf(jon),
      (b) => b.length === 1,
    );
    expect(booking!.start_time.getTime()).toBe(at(addDays(tomorrow, 1), 9));
    const again = await stack.gw.app.inject({ method: 'POST', url: path, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: '' });
    expect(again.statusCode).toBe(410);
    const forged = await stack.gw.app.inject({ method: 'GET', url: `${path.slice(0, -3)}AAA` });
    expect(forged.statusCode).toBe(404);
  });
  it.skipIf(skipKind(kind))('a step retried after it finished (its completion lost) hands back the offer its e-mail proposed, not none', async () => {
    const kai = customer('Kai');
    const { answer } = await request(kai, 'Haircut', 'haircut tomorrow at 10');
    expect(textOf(answer)).toMatch(/\/email\/choose\//);
    // The outcome is written after the answer went out: wait for it (the step has finished then).
    const [row] = await until(
      async () => (await listInboundMessages(stack.db.db, { limit: 100 })).filter((m) => m.from_address === kai),
      (rows) => rows[0]?.outcome === 'proposed',
    );
    const held = await stack.gw.temporal.client.workflow.getHandle(emailThreadWorkflowId(row!.thread_id!)).query(offerQuery);
    expect(held?.proposals.length).toBeGreaterThan(0);
    // The activity as the worker runs it, called again with what the workflow passed the first time.
    const activities = createEmailActivities({
      db: stack.db.db,
      links: stack.gw.links,
      email: {
        client: stack.gw.temporal.client,
        taskQueue: stack.gw.taskQueue,
        inbound: { address: INBOUND_ADDRESS, proposalTtlMs: stack.email.proposalTtlMs, businessTimeZone: ZONE },
        booking: { holdTtlMs: 600_000, attendanceGraceMs: 3_600_000 },
        now: () => stack.clock.now(),
      },
    });
    const before = stack.outbound.messages.length;
    const again = await activities.answerEmailMessage({ threadId: row!.thread_id!, inboundId: row!.id, offer: null, lastSet: 0 });
    expect(again.offer).toEqual(held);
    expect(stack.outbound.messages.length).toBe(before);
  });
});

describe.each(DB_KINDS)('e-mail proposals lapse on %s', (kind) => {
  let stack: EmailStack;
  beforeAll(async () => {
    if (skipKind(kind)) return;
    stack = await startEmailStack({ kind, proposalTtlMs: 3_000 });
    const db = stack.db.db;
    const provider = await insertProvider(db, { name: 'Dr. Weber', time_zone: ZONE, weekly_hours: everyDayHours([['08:00', '18:00']]) });
    await insertService(db, { name: 'Haircut', duration_minutes: 30, providers: [provider] });
  }, 90_000);
  afterAll(async () => stack?.close());

  it.skipIf(skipKind(kind))('after EMAIL_PROPOSAL_TTL_HOURS a reply "1" books nothing: the times have lapsed and fresh ones go out', async () => {
    const kim = `kim-${kind}@mail.test`;
    await stack.send({ from: kim, to: INBOUND_ADDRESS, subject: 'Haircut', text: 'haircut tomorrow at 10' });
    const [answer] = await stack.sentTo(kim, 1);
    const link = new URL(/https?:\/\/\S+\/email\/choose\/\S+/.exec(textOf(answer!))![0]).pathname;
    await new Promise((r) => setTimeout(r, 4_000));
    expect((await stack.gw.app.inject({ method: 'GET', url: link })).statusCode).toBe(410);
    await stack.send({ from: kim, to: replyToOf(answer!), subject: 'Re: Haircut', text: '1' });
    const [, fresh] = await stack.sentTo(kim, 2);
    expect(textOf(fresh!)).toContain('have lapsed');
    expect(await stack.db.db.selectFrom('bookings').select('id').where('customer_email', '=', kim).execute()).toEqual([]);
  });
});
