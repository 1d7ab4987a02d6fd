/**
 * Config → the transports and sender identity the worker's message activities use. Each transport is on
 * only when configured; with none, messages are recorded in the outbox and nothing leaves.
 */
import type { MessagingConfig } from '../config.ts';
import { OUTBOX_ONLY, type MessagingOptions } from '../use-cases/deliver-booking-message.ts';
import { createSendGridTransport } from './sendgrid.transport.ts';
import { createSmtpTransport } from './smtp.transport.ts';
import { createTwilioTransport } from './twilio.transport.ts';

/** `publicBaseUrl` (PUBLIC_BASE_URL) lets Twilio post delivery reports back; without it there are none. */
export function messagingFromConfig(
  c: MessagingConfig,
  publicBaseUrl: string | undefined,
  replies?: { inboundAddress: string; secret: string } | undefined,
): MessagingOptions {
  const email = c.smtpUrl
    ? createSmtpTransport({ url: c.smtpUrl })
    : c.sendgrid
      ? createSendGridTransport({ apiKey: c.sendgrid.apiKey, ...(c.sendgrid.baseUrl ? { baseUrl: c.sendgrid.baseUrl } : {}) })
      : undefined;
  const tw = c.twilio;
  const sms = tw
    ? createTwilioTransport({
        accountSid: tw.accountSid,
        authToken: tw.authToken,
        ...(tw.from.startsWith('MG') ? { messagingServiceSid: tw.from } : { from: tw.from }),
        ...(tw.baseUrl ? { baseUrl: tw.baseUrl } : {}),
      })
    : undefined;
  return {
    transports: { email, sms },
    emailFrom: c.emailFrom ?? (c.businessName === OUTBOX_ONLY.businessName ? OUTBOX_ONLY.emailFrom : `${c.businessName} <no-reply@localhost>`),
    smsFrom: tw && !tw.from.startsWith('MG') ? tw.from : undefined,
    businessName: c.businessName,
    smsPolicy: c.smsPolicy,
    replies,
    smsStatusCallbackUrl: sms && publicBaseUrl ? `${publicBaseUrl.replace(/\/+$/, '')}/v1/webhooks/twilio/status` : undefined,
  };
}
