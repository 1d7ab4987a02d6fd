/**
 * The Twilio transport (official twilio SDK, custom httpClient pointed at the local fake) against the
 * local Messages API fake, plus the fake's signed status callbacks.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import twilio from 'twilio';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { TransportError, type OutgoingSms, type SmsTransport } from '../../src/transports/transport.ts';
import { createTwilioTransport } from '../../src/transports/twilio.transport.ts';
import { startTwilioFake, type TwilioFake } from '../support/fakes/twilio.fake.ts';
import { rejection } from './transport-rejection.ts';

const sms = (overrides: Partial<OutgoingSms> = {}): OutgoingSms => ({
  to: '+14155550123',
  from: '+15005550006',
  body: 'Your booking on Sun 10:00 is confirmed.',
  idempotencyKey: 'booking:9:confirmation:v1',
  ...overrides,
});

describe('Twilio transport', () => {
  let fake: TwilioFake;
  let transport: SmsTransport;

  beforeAll(async () => {
    fake = await startTwilioFake();
    transport = createTwilioTransport({ accountSid: fake.accountSid, authToken: fake.authToken, baseUrl: fake.url, timeoutMs: 5000 });
  });
  afterAll(async () => {
    await fake.close();
  });
  beforeEach(() => {
    fake.messages.length = 0;
    fake.requests.length = 0;
  });

  it('creates a message with Basic auth and StatusCallback, and returns the Message SID', async () => {
    const result = await transport.send(sms({ statusCallbackUrl: 'https://hooks.example.test/twilio/status?b=9' }));

    expect(fake.messages).toHaveLength(1);
    const { resource, params } = fake.messages[0]!;
    expect(result).toEqual({ providerMessageId: resource.sid });
    expect(resource.sid).toMatch(/^SM[0-9a-f]{32}$/);
    expect(resource.status).toBe('queued');
    expect(params).toEqual({
      To: '+14155550123',
      From: '+15005550006',
      Body: 'Your booking on Sun 10:00 is confirmed.',
      StatusCallback: 'https://hooks.example.test/twilio/status?b=9',
    });
    const request = fake.requests[0]!;
    expect(request.path).toBe(`/2010-04-01/Accounts/${fake.accountSid}/Messages.json`);
    expect(request.headers.authorization).toBe(`Basic ${Buffer.from(`${fake.accountSid}:${fake.authToken}`).toString('base64')}`);
    expect(request.headers['content-type']).toMatch(/^application\/x-www-form-urlencoded/);
  });

  it('omits StatusCallback when none is given', async () => {
    await transport.send(sms());
    expect(fake.messages[0]!.params).not.toHaveProperty('StatusCallback');
  });

  it('sends via a Messaging Service instead of From when configured', async () => {
    const viaService = createTwilioTransport({
      accountSid: fake.accountSid,
      authToken: fake.authToken,
      messagingServiceSid: 'MG0123456789abcdef0123456789abcdef',
      baseUrl: fake.url,
    });
    await viaService.send(sms());
    const { params, resource } = fake.messages[0]!;
    expect(params.MessagingServiceSid).toBe('MG0123456789abcdef0123456789abcdef');
    expect(params).not.toHaveProperty('From');
    expect(resource.status).toBe('accepted');
  });

  it('falls back to the configured from when the message has none', async () => {
    const withDefault = createTwilioTransport({ accountSid: fake.accountSid, authToken: fake.authToken, from: '+15005550007', baseUrl: fake.url });
    await withDefault.send(sms({ from: '' }));
    expect(fake.messages[0]!.params.From).toBe('+15005550007');
  });

  it('maps 429 with Retry-After to retryable with retryAfterMs, without retrying internally', async () => {
    fake.failNext({ status: 429, retryAfter: 2 }); // only the first request fails: a silent retry would succeed
    const err = await rejection(transport.send(sms()));
    expect(err.kind).toBe('retryable');
    expect(err.detail).toMatchObject({ status: 429, providerCode: 20429, retryAfterMs: 2000 });
    expect(fake.requests).toHaveLength(1);
    expect(fake.messages).toHaveLength(0);
  });

  it('reads Retry-After per call when sends run concurrently', async () => {
    fake.failNext({ status: 429, retryAfter: 7 });
    const results = await Promise.allSettled([transport.send(sms()), transport.send(sms({ to: '+14155550124' }))]);
    const failed = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(failed).toHaveLength(1);
    expect((failed[0]!.reason as TransportError).detail.retryAfterMs).toBe(7000);
    expect(fake.messages).toHaveLength(1);
  });

  it('maps 5xx to retryable', async () => {
    fake.failNext({ status: 500 });
    const err = await rejection(transport.send(sms()));
    expect(err.kind).toBe('retryable');
    expect(err.detail.status).toBe(500);
    expect(fake.requests).toHaveLength(1);
  });

  it('maps 401 (code 20003) to auth after exactly one request', async () => {
    const wrong = createTwilioTransport({ accountSid: fake.accountSid, authToken: 'not-the-token', baseUrl: fake.url });
    const err = await rejection(wrong.send(sms()));
    expect(err.kind).toBe('auth');
    expect(err.detail).toMatchObject({ status: 401, providerCode: 20003 });
    expect(fake.requests).toHaveLength(1);
  });

  it.each([
    ['+15005550001', 21211],
    ['+15005550002', 21612],
    ['+15005550003', 21408],
    ['+15005550004', 21610],
    ['+15005550009', 21614],
    ['0415 555 0123', 21211],
  ])('maps To %s (code %i) to invalid_recipient', async (to, code) => {
    const err = await rejection(transport.send(sms({ to })));
    expect(err.kind).toBe('invalid_recipient');
    expect(err.detail).toMatchObject({ status: 400, providerCode: code });
  });

  it('maps other 4xx to permanent', async () => {
    const err = await rejection(transport.send(sms({ body: '' })));
    expect(err.kind).toBe('permanent');
    expect(err.detail.providerCode).toBe(21602);
  });

  it('maps a refused connection to retryable', async () => {
    const gone = await startTwilioFake();
    await gone.close();
    const dead = createTwilioTransport({ accountSid: gone.accountSid, authToken: gone.authToken, baseUrl: gone.url, timeoutMs: 2000 });
    const err = await rejection(dead.send(sms()));
    expect(err.kind).toBe('retryable');
  });

  describe('deliver (signed status callbacks)', () => {
    let receiver: http.Server;
    let callbackUrl: string;
    const received: { signature: string | undefined; params: Record<string, string>; valid: boolean }[] = [];

    beforeAll(async () => {
      receiver = http.createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on('data', (c: Buffer) => chunks.push(c));
        req.on('end', () => {
          const params = Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8')));
          const signature = req.headers['x-twilio-signature'] as string | undefined;
          const valid = twilio.validateRequest(fake.authToken, signature ?? '', callbackUrl, params);
          received.push({ signature, params, valid });
          res.writeHead(valid ? 204 : 403).end();
        });
      });
      await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
      callbackUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/webhooks/twilio/status?booking=9`;
    });
    afterAll(async () => {
      await new Promise<void>((resolve) => receiver.close(() => resolve()));
    });

    it('POSTs MessageSid/MessageStatus with a valid X-Twilio-Signature', async () => {
      const { providerMessageId } = await transport.send(sms({ statusCallbackUrl: callbackUrl }));
      const answer = await fake.deliver(providerMessageId!, 'delivered');
      expect(answer.status).toBe(204);
      const failed = await fake.deliver(providerMessageId!, 'undelivered', { errorCode: 30003 });
      expect(failed.status).toBe(204);

      expect(received).toHaveLength(2);
      expect(received.every((r) => r.valid)).toBe(true);
      expect(received[0]!.params).toMatchObject({
        MessageSid: providerMessageId,
        MessageStatus: 'delivered',
        AccountSid: fake.accountSid,
        To: '+14155550123',
        From: '+15005550006',
      });
      expect(received[0]!.params).not.toHaveProperty('ErrorCode');
      expect(received[1]!.params).toMatchObject({ MessageStatus: 'undelivered', ErrorCode: '30003' });
      expect(twilio.validateRequest('another-token', received[0]!.signature!, callbackUrl, received[0]!.params)).toBe(false);
    });

    it('refuses to deliver for a message without StatusCallback', async () => {
      const { providerMessageId } = await transport.send(sms());
      await expect(fake.deliver(providerMessageId!, 'delivered')).rejects.toThrow(/no StatusCallback/);
    });
  });
});
