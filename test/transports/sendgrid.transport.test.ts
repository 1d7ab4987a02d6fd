/**
 * The SendGrid transport (official @sendgrid/mail) against the local v3 /mail/send fake.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { EmailTransport, OutgoingEmail } from '../../src/transports/transport.ts';
import { createSendGridTransport, SENDGRID_IDEMPOTENCY_ARG } from '../../src/transports/sendgrid.transport.ts';
import { startSendGridFake, type SendGridFake } from '../support/fakes/sendgrid.fake.ts';
import { rejection } from './transport-rejection.ts';

const ICS = 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//slotflow//EN\r\nMETHOD:REQUEST\r\nBEGIN:VEVENT\r\nUID:b-7@slotflow\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n';

const email = (overrides: Partial<OutgoingEmail> = {}): OutgoingEmail => ({
  to: 'customer@example.test',
  from: 'Slotflow <bookings@example.test>',
  subject: 'Booking confirmed',
  text: 'See you soon.',
  html: '<p>See you soon.</p>',
  ics: { method: 'REQUEST', content: ICS },
  idempotencyKey: 'booking:7:confirmation:v1',
  ...overrides,
});

describe('SendGrid transport', () => {
  let fake: SendGridFake;
  let transport: EmailTransport;

  beforeAll(async () => {
    fake = await startSendGridFake({ apiKey: 'SG.test-key' });
    transport = createSendGridTransport({ apiKey: 'SG.test-key', baseUrl: fake.url, timeoutMs: 5000 });
  });
  afterAll(async () => {
    await fake.close();
  });
  beforeEach(() => {
    fake.messages.length = 0;
    fake.requests.length = 0;
  });

  it('posts the v3 body with the ICS attachment and idempotency key, and returns X-Message-Id', async () => {
    const result = await transport.send(email());

    expect(fake.messages).toHaveLength(1);
    const { body, headers, messageId } = fake.messages[0]!;
    expect(result).toEqual({ providerMessageId: messageId });
    expect(headers.authorization).toBe('Bearer SG.test-key');
    expect(body.personalizations).toEqual([{ to: [{ email: 'customer@example.test' }] }]);
    expect(body.from).toEqual({ email: 'bookings@example.test', name: 'Slotflow' });
    expect(body.subject).toBe('Booking confirmed');
    expect(body.content).toEqual([
      { type: 'text/plain', value: 'See you soon.' },
      { type: 'text/html', value: '<p>See you soon.</p>' },
    ]);
    expect(body.attachments).toHaveLength(1);
    const [attachment] = body.attachments!;
    expect(attachment).toMatchObject({ filename: 'invite.ics', type: 'text/calendar; method=REQUEST', disposition: 'attachment' });
    expect(Buffer.from(attachment!.content, 'base64').toString('utf8')).toBe(ICS);
    expect(body.custom_args).toEqual({ [SENDGRID_IDEMPOTENCY_ARG]: 'booking:7:confirmation:v1' });
    expect(body.headers).toEqual({ 'X-Slotflow-Idempotency-Key': 'booking:7:confirmation:v1' });
  });

  it('sends a text-only mail without attachments', async () => {
    await transport.send(email({ html: undefined, ics: undefined }));
    const { body } = fake.messages[0]!;
    expect(body.content).toEqual([{ type: 'text/plain', value: 'See you soon.' }]);
    expect(body.attachments).toBeUndefined();
  });

  it('maps 429 with Retry-After to retryable with retryAfterMs, without retrying internally', async () => {
    fake.failNext({ status: 429, retryAfter: 2 }); // only the first request fails: a silent retry would succeed
    const err = await rejection(transport.send(email()));
    expect(err.kind).toBe('retryable');
    expect(err.detail).toMatchObject({ status: 429, retryAfterMs: 2000 });
    expect(fake.requests).toHaveLength(1);
    expect(fake.messages).toHaveLength(0);
  });

  it('maps 429 with only X-RateLimit-Reset to retryable with a wait', async () => {
    // 29–30 s after the real now the transport reads: the bounds below hold at any instant.
    const reset = String(Math.ceil(Date.now() / 1000) + 30);
    fake.failNext({ status: 429, headers: { 'X-RateLimit-Reset': reset } });
    const err = await rejection(transport.send(email()));
    expect(err.kind).toBe('retryable');
    expect(err.detail.retryAfterMs).toBeGreaterThan(25_000);
    expect(err.detail.retryAfterMs).toBeLessThanOrEqual(31_000);
  });

  it('maps 5xx to retryable', async () => {
    fake.failNext({ status: 503 });
    const err = await rejection(transport.send(email()));
    expect(err.kind).toBe('retryable');
    expect(err.detail.status).toBe(503);
    expect(fake.requests).toHaveLength(1);
  });

  it('maps 401 to auth after exactly one request', async () => {
    const wrong = createSendGridTransport({ apiKey: 'SG.wrong', baseUrl: fake.url, timeoutMs: 5000 });
    const err = await rejection(wrong.send(email()));
    expect(err.kind).toBe('auth');
    expect(err.detail.status).toBe(401);
    expect(err.message).toContain('authorization grant is invalid');
    expect(fake.requests).toHaveLength(1);
    expect(fake.messages).toHaveLength(0);
  });

  it('maps a 400 on personalizations.0.to.0.email to invalid_recipient', async () => {
    const err = await rejection(transport.send(email({ to: 'someone@invalid.test' })));
    expect(err.kind).toBe('invalid_recipient');
    expect(err.detail).toMatchObject({ status: 400, providerCode: 'personalizations.0.to.0.email' });
  });

  it('maps other 400s to permanent', async () => {
    const err = await rejection(transport.send(email({ from: 'not-an-address' })));
    expect(err.kind).toBe('permanent');
    expect(err.detail.status).toBe(400);
  });

  it('keeps each transport on its own client (base URL and key are not global)', async () => {
    const other = await startSendGridFake({ apiKey: 'SG.other' });
    const second = createSendGridTransport({ apiKey: 'SG.other', baseUrl: other.url, timeoutMs: 5000 });
    await second.send(email());
    await transport.send(email());
    expect(other.messages).toHaveLength(1);
    expect(fake.messages).toHaveLength(1);
    await other.close();
  });

  it('maps a refused connection to retryable', async () => {
    const gone = await startSendGridFake();
    const url = gone.url;
    await gone.close();
    const dead = createSendGridTransport({ apiKey: gone.apiKey, baseUrl: url, timeoutMs: 2000 });
    const err = await rejection(dead.send(email()));
    expect(err.kind).toBe('retryable');
  });
});
