/**
 * The SMTP transport against a real SMTP server (smtp-server on 127.0.0.1), parsing what arrived.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { EmailTransport, OutgoingEmail } from '../../src/transports/transport.ts';
import { createSmtpTransport, smtpMessageId } from '../../src/transports/smtp.transport.ts';
import { startSmtpFake, type SmtpFake } from '../support/fakes/smtp.ts';
import { rejection } from './transport-rejection.ts';

const ICS = [
  'BEGIN:VCALENDAR',
  'VERSION:2.0',
  'PRODID:-//slotflow//booking//EN',
  'METHOD:REQUEST',
  'BEGIN:VEVENT',
  'UID:booking-42@slotflow',
  'DTSTAMP:20250301T120000Z',
  'DTSTART:20250302T100000Z',
  'DTEND:20250302T110000Z',
  'SUMMARY:Haircut with Ana',
  'END:VEVENT',
  'END:VCALENDAR',
  '',
].join('\r\n');

const email = (overrides: Partial<OutgoingEmail> = {}): OutgoingEmail => ({
  to: 'customer@example.test',
  from: 'Slotflow <bookings@example.test>',
  subject: 'Your booking is confirmed ✓',
  text: 'See you on Sunday at 10:00.',
  html: '<p>See you on <b>Sunday</b> at 10:00.</p>',
  ics: { method: 'REQUEST', content: ICS },
  idempotencyKey: 'booking:42:confirmation:v1',
  ...overrides,
});

describe('SMTP transport', () => {
  let smtp: SmtpFake;
  let transport: EmailTransport;

  beforeAll(async () => {
    smtp = await startSmtpFake({ auth: { user: 'slotflow', pass: 's3cret' } });
    transport = createSmtpTransport({ url: smtp.url, timeoutMs: 5000 });
  });
  afterAll(async () => {
    await transport.close?.();
    await smtp.close();
  });
  beforeEach(() => {
    smtp.messages.length = 0;
    Object.assign(smtp.counts, { connections: 0, auth: 0, mail: 0, rcpt: 0, data: 0 });
  });

  it('delivers text, html, a text/calendar alternative and invite.ics, with a deterministic Message-ID', async () => {
    const result = await transport.send(email());

    expect(smtp.messages).toHaveLength(1);
    const { parsed, raw, envelope } = smtp.messages[0]!;
    expect(envelope).toEqual({ from: 'bookings@example.test', to: ['customer@example.test'] });
    expect(smtp.counts).toMatchObject({ connections: 1, auth: 1, data: 1 });

    // Headers
    expect(parsed.subject).toBe('Your booking is confirmed ✓');
    expect(parsed.from?.value[0]).toEqual({ address: 'bookings@example.test', name: 'Slotflow' });
    expect(parsed.messageId).toBe(smtpMessageId('booking:42:confirmation:v1'));
    expect(parsed.messageId).toMatch(/^<[0-9a-f]{32}@slotflow>$/);
    expect(parsed.headers.get('x-slotflow-idempotency-key')).toBe('booking:42:confirmation:v1');
    expect(result).toEqual({ providerMessageId: parsed.messageId });

    // Bodies
    expect(parsed.text?.trim()).toBe('See you on Sunday at 10:00.');
    expect(parsed.html).toBe('<p>See you on <b>Sunday</b> at 10:00.</p>');

    // MIME structure: the calendar is an alternative next to text and html…
    const source = raw.toString('utf8');
    expect(source).toMatch(/Content-Type: multipart\/mixed/);
    const alternative = /Content-Type: multipart\/alternative;\s+boundary="([^"]+)"/.exec(source);
    expect(alternative).not.toBeNull();
    const parts = source.split(`--${alternative![1]}`).slice(1, -1);
    expect(parts.map((part) => /Content-Type: ([^;\r\n]+)/.exec(part)?.[1])).toEqual(['text/plain', 'text/html', 'text/calendar']);
    expect(parts[2]).toMatch(/Content-Type: text\/calendar; charset=utf-8; method=REQUEST/i);

    // …and the same ICS is attached as invite.ics.
    const calendar = parsed.attachments.find((a) => a.contentType === 'text/calendar');
    const invite = parsed.attachments.find((a) => a.filename === 'invite.ics');
    expect(calendar?.content.toString('utf8')).toBe(ICS);
    expect(invite?.contentDisposition).toBe('attachment');
    expect(invite?.content.toString('utf8')).toBe(ICS);
  });

  it('gives a resend of the same key the same Message-ID, and another key another', async () => {
    await transport.send(email());
    await transport.send(email());
    await transport.send(email({ idempotencyKey: 'booking:42:confirmation:v2' }));
    const ids = smtp.messages.map((m) => m.parsed.messageId);
    expect(ids[0]).toBe(ids[1]);
    expect(ids[2]).not.toBe(ids[0]);
  });

  it('sends a CANCEL invite and a text-only mail', async () => {
    await transport.send(email({ ics: { method: 'CANCEL', content: ICS.replace('METHOD:REQUEST', 'METHOD:CANCEL') } }));
    await transport.send(email({ html: undefined, ics: undefined }));
    expect(smtp.messages[0]!.raw.toString()).toMatch(/text\/calendar; charset=utf-8; method=CANCEL/i);
    const plain = smtp.messages[1]!;
    expect(plain.parsed.text?.trim()).toBe('See you on Sunday at 10:00.');
    expect(plain.parsed.html).toBe(false);
    expect(plain.parsed.attachments).toHaveLength(0);
  });

  it('maps a 550 at RCPT TO to invalid_recipient', async () => {
    smtp.rejectRecipient('gone@example.test');
    const err = await rejection(transport.send(email({ to: 'gone@example.test' })));
    expect(err.kind).toBe('invalid_recipient');
    expect(err.detail.status).toBe(550);
    expect(smtp.messages).toHaveLength(0);
  });

  it('maps a 451 at DATA to retryable and does not retry by itself', async () => {
    smtp.failNext('data', { code: 451, message: '4.3.0 Try again later' });
    const err = await rejection(transport.send(email()));
    expect(err.kind).toBe('retryable');
    expect(err.detail.status).toBe(451);
    expect(smtp.counts).toMatchObject({ connections: 1, data: 1 });
    expect(smtp.messages).toHaveLength(0);
  });

  it('maps a 552 at DATA to permanent', async () => {
    smtp.failNext('data', { code: 552, message: '5.3.4 Message too big' });
    const err = await rejection(transport.send(email()));
    expect(err.kind).toBe('permanent');
  });

  it('maps a 535 to auth, after exactly one attempt', async () => {
    const wrong = createSmtpTransport({ url: smtp.urlWith({ pass: 'wrong' }), timeoutMs: 5000 });
    const err = await rejection(wrong.send(email()));
    expect(err.kind).toBe('auth');
    expect(err.detail.status).toBe(535);
    expect(smtp.counts).toMatchObject({ connections: 1, auth: 1, mail: 0 });
    await wrong.close?.();
  });

  it('maps a refused connection to retryable', async () => {
    const other = await startSmtpFake();
    const url = other.url;
    await other.close();
    const dead = createSmtpTransport({ url, timeoutMs: 2000 });
    const err = await rejection(dead.send(email()));
    expect(err.kind).toBe('retryable');
    await dead.close?.();
  });

  it('sends without credentials to a server that needs none', async () => {
    const open = await startSmtpFake();
    const plain = createSmtpTransport({ url: open.url, timeoutMs: 5000 });
    await plain.send(email());
    expect(open.messages).toHaveLength(1);
    expect(open.counts.auth).toBe(0);
    await plain.close?.();
    await open.close();
  });
});
