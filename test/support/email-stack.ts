/**
 * The e-mail channel end to end, for real: slotflow's SMTP receiver on 127.0.0.1 (nodemailer sends into
 * it), a gateway (inbound webhook, one-click links, admin API), a worker whose answers and booking
 * messages go out over SMTP into a local capturing server (`outbound`), a private database and the run's
 * Temporal dev server. The gateway's and the e-mail activities' clock is the file's pinned TEST_NOW.
 */
import nodemailer, { type SendMailOptions } from 'nodemailer';
import { inject } from 'vitest';
import type { ParsedMail } from 'mailparser';
import type { GatewayEmailChannel } from '../../src/gateway/deps.ts';
import { receiveDeps } from '../../src/gateway/email-channel-deps.ts';
import type { MailAuthenticator } from '../../src/inbound-email/mail-auth.ts';
import { startSmtpReceiver, type SmtpReceiver } from '../../src/inbound-email/smtp-receiver.ts';
import { freePort } from '../../src/temporal/free-port.ts';
import { startWorker, type SlotflowWorker } from '../../src/temporal/worker.ts';
import { createSmtpTransport } from '../../src/transports/smtp.transport.ts';
import type { MessagingOptions } from '../../src/use-cases/deliver-booking-message.ts';
import { receiveInboundEmail } from '../../src/use-cases/receive-inbound-email.ts';
import { createTestClock, type TestClock } from './clock.ts';
import { testDatabase, type DbKind, type TestDatabase } from './databases.ts';
import { startSmtpFake, type ReceivedMail, type SmtpFake } from './fakes/smtp.ts';
import { testGateway, TEST_LINK_SECRET } from './gateway.ts';

export const INBOUND_ADDRESS = 'book@clinic.test';
export const CLINIC_FROM = 'Clinic <clinic@clinic.test>';
export const WEBHOOK_SECRET = 'inbound-webhook-secret-0123456789';

export type EmailStack = {
  /** Where the gateway listens (with `listen`), else the links' placeholder host. */
  baseUrl: string;
  db: TestDatabase;
  gw: Awaited<ReturnType<typeof testGateway>>;
  worker: SlotflowWorker;
  receiver: SmtpReceiver;
  /** What slotflow sent (answers, confirmations, cancellations). */
  outbound: SmtpFake;
  clock: TestClock;
  email: GatewayEmailChannel;
  /** Sends a message into the receiver as a customer's mail client would. */
  send(mail: SendMailOptions): Promise<{ messageId: string }>;
  /** Waits until `count` messages were sent to `to` (default: any), then returns them all (oldest first). */
  sentTo(to: string, count: number, timeoutMs?: number): Promise<ReceivedMail[]>;
  close(): Promise<void>;
};

export async function startEmailStack(
  opts: {
    kind: DbKind;
    proposalTtlMs?: number;
    authenticate?: MailAuthenticator;
    senderLimitPerHour?: number;
    maxBytes?: number;
    /** Listen on a real port (links in the answers point at it, for a browser). */
    listen?: boolean;
  } = { kind: 'pglite' },
): Promise<EmailStack> {
  const db = await testDatabase(opts.kind);
  const outbound = await startSmtpFake();
  const clock = createTestClock();
  const proposalTtlMs = opts.proposalTtlMs ?? 48 * 3_600_000;
  const email: GatewayEmailChannel = {
    address: INBOUND_ADDRESS,
    webhookSecret: WEBHOOK_SECRET,
    maxBytes: opts.maxBytes ?? 1_000_000,
    senderLimitPerHour: opts.senderLimitPerHour ?? 20,
    globalLimitPerHour: 1_000,
    proposalTtlMs,
    businessTimeZone: 'Europe/Berlin',
    ownAddresses: [INBOUND_ADDRESS, 'clinic@clinic.test'],
    authenticate: opts.authenticate,
  };
  const port = opts.listen ? await freePort() : undefined;
  const baseUrl = port ? `http://127.0.0.1:${port}` : 'http://slotflow.test';
  const gw = await testGateway(db, { email, clock, businessName: 'Clinic', baseUrl });
  if (port) await gw.app.listen({ port, host: '127.0.0.1' });
  const messaging: MessagingOptions = {
    transports: { email: createSmtpTransport({ url: outbound.url }) },
    emailFrom: CLINIC_FROM,
    businessName: 'Clinic',
    replies: { inboundAddress: INBOUND_ADDRESS, secret: TEST_LINK_SECRET },
  };
  const worker = await startWorker({
    address: inject('temporalAddress'),
    namespace: 'default',
    taskQueue: gw.taskQueue,
    db: db.db,
    links: gw.links,
    messaging,
    email: {
      inbound: { address: INBOUND_ADDRESS, proposalTtlMs, businessTimeZone: 'Europe/Berlin' },
      booking: { holdTtlMs: 600_000, attendanceGraceMs: 3_600_000 },
      now: () => clock.now(),
    },
  });
  const deps = receiveDeps({ db: db.db, temporal: gw.temporal, taskQueue: gw.taskQueue, clock, links: gw.links }, email);
  const receiver = await startSmtpReceiver({
    host: '127.0.0.1',
    port: 0,
    maxBytes: email.maxBytes,
    inboundAddress: INBOUND_ADDRESS,
    receive: (raw, envelope) => receiveInboundEmail(deps, raw, envelope),
  });
  const client = nodemailer.createTransport({ host: '127.0.0.1', port: receiver.port, secure: false, ignoreTLS: true });
  return {
    baseUrl,
    db,
    gw,
    worker,
    receiver,
    outbound,
    clock,
    email,
    async send(mail) {
      const info = await client.sendMail({ date: new Date(clock.now() - 60_000), ...mail });
      return { messageId: info.messageId };
    },
    async sentTo(to, count, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const mine = outbound.messages.filter((m) => m.envelope.to.includes(to));
        if (mine.length >= count) return mine;
        if (Date.now() > deadline)
          throw new Error(`expected ${count} message(s) to ${to}, got ${mine.length}: ${mine.map((m) => m.parsed.subject).join(' | ')}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    async close() {
      client.close();
      await receiver.close();
      await worker.stop();
      await messaging.transports.email?.close?.();
      await gw.close();
      await outbound.close();
      await db.dispose();
    },
  };
}

/** The plain-text body of a captured message. */
export const textOf = (m: { parsed: ParsedMail }): string => m.parsed.text ?? '';

/** The reply address (Reply-To) of a captured message. */
export function replyToOf(m: { parsed: ParsedMail }): string {
  const v = m.parsed.replyTo?.value[0]?.address;
  if (!v) throw new Error(`no Reply-To on "${m.parsed.subject}"`);
  return v;
}
