/**
 * The SMTP receiver's contract at the protocol level (nodemailer as the sending MTA): only the booking
 * address and its plus-addresses at RCPT (so it relays nothing), the size limit, the envelope handed on
 * intact, and 451 (retry later) when the message cannot be taken.
 */
import nodemailer from 'nodemailer';
import { afterEach, describe, expect, it } from 'vitest';
import { startSmtpReceiver, type SmtpReceiver } from '../../src/inbound-email/smtp-receiver.ts';
import type { InboundEnvelope } from '../../src/use-cases/receive-inbound-email.ts';

let receiver: SmtpReceiver | undefined;
afterEach(async () => receiver?.close());

async function start(receive: (raw: Buffer, env: InboundEnvelope) => Promise<void>, maxBytes = 10_000) {
  receiver = await startSmtpReceiver({
    host: '127.0.0.1',
    port: 0,
    maxBytes,
    inboundAddress: 'book@clinic.test',
    receive: async (raw, env) => {
      await receive(raw, env);
      return { outcome: 'received', inboundId: null, threadId: null };
    },
  });
  return nodemailer.createTransport({ host: '127.0.0.1', port: receiver.port, secure: false, ignoreTLS: true });
}

describe('SMTP receiver', () => {
  it('takes mail for the address and its plus-addresses and hands on the envelope', async () => {
    const got: { raw: Buffer; env: InboundEnvelope }[] = [];
    const client = await start(async (raw, env) => void got.push({ raw, env }));
    await client.sendMail({ from: 'anna@mail.test', to: ['book@clinic.test', 'BOOK+tabc.def@clinic.test'], subject: 'Hi', text: 'haircut tomorrow' });
    expect(got).toHaveLength(1);
    expect(got[0]!.env).toMatchObject({
      via: 'smtp',
      mailFrom: 'anna@mail.test',
      rcptTo: ['book@clinic.test', 'BOOK+tabc.def@clinic.test'],
      remoteAddress: '127.0.0.1',
    });
    expect(got[0]!.raw.toString()).toContain('haircut tomorrow');
  });

  it('refuses any other recipient at RCPT (never relays): 550', async () => {
    const got: unknown[] = [];
    const client = await start(async (raw) => void got.push(raw));
    await expect(client.sendMail({ from: 'spammer@mail.test', to: 'victim@gmail.com', subject: 'x', text: 'x' })).rejects.toMatchObject({ responseCode: 550 });
    expect(got).toHaveLength(0);
  });

  it('refuses a message over the size limit: 552, nothing handed on', async () => {
    const got: unknown[] = [];
    const client = await start(async (raw) => void got.push(raw), 5_000);
    await expect(client.sendMail({ from: 'anna@mail.test', to: 'book@clinic.test', subject: 'big', text: 'x'.repeat(20_000) })).rejects.toMatchObject({
      responseCode: 552,
    });
    expect(got).toHaveLength(0);
  });

  it('answers 451 (try again later) when the message cannot be recorded', async () => {
    const client = await start(async () => {
      throw new Error('database down');
    });
    await expect(client.sendMail({ from: 'anna@mail.test', to: 'book@clinic.test', subject: 'x', text: 'x' })).rejects.toMatchObject({ responseCode: 451 });
  });
});
