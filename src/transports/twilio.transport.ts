/**
 * SMS through Twilio's Messages API (`POST /2010-04-01/Accounts/{AccountSid}/Messages.json`) with the
 * official `twilio` SDK: `client.messages.create({ to, from | messagingServiceSid, body, statusCallback })`.
 *
 * Sender: with `messagingServiceSid` configured the service picks the sender from its pool (and `from` is
 * not sent); otherwise the message's `from`, falling back to the configured `from` when it is empty.
 *
 * Idempotency: Twilio's Messages create has no idempotency key (the `I-Twilio-Idempotency-Token` header
 * only de-duplicates Twilio's own webhook retries). A resend after an ambiguous failure is a second SMS;
 * the caller's outbox is what prevents resends. `idempotencyKey` is therefore not sent.
 *
 * HTTP client (the SDK's documented extension point, "custom HTTP client"): the transport always passes
 * its own `RequestClient` subclass as `httpClient`, which
 * - is constructed with `autoRetry: false` (the SDK's default too, but explicit: its auto-retry would
 *   silently resend on 429 — retries belong to the caller);
 * - rewrites the origin of every request to `baseUrl` when one is configured (local fake). The SDK builds
 *   absolute `https://api.twilio.com/...` URIs (possibly with edge/region from TWILIO_EDGE/TWILIO_REGION)
 *   and hands them to `httpClient.request`, so replacing the origin there is the one place that covers
 *   every variant;
 * - records the response headers of the call in flight (per call, via AsyncLocalStorage), because the
 *   SDK's RestException keeps status/code/message but drops the headers — and with them Retry-After.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import twilio from 'twilio';
import type RequestClient from 'twilio/lib/base/RequestClient.js';
import { mapTwilioError } from './transport-errors.ts';
import type { OutgoingSms, SendResult, SmsTransport } from './transport.ts';

export type TwilioTransportConfig = {
  accountSid: string;
  authToken: string;
  /** Default sender (E.164 number or alphanumeric id), used when a message's `from` is empty. */
  from?: string;
  /** Send via this Messaging Service (`MG…`) instead of a fixed number. */
  messagingServiceSid?: string;
  /** For a local fake, e.g. `http://127.0.0.1:4011`; replaces `https://api.twilio.com`. */
  baseUrl?: string;
  /** Per-request timeout. Default 20 s. */
  timeoutMs?: number;
};

type Capture = { headers?: unknown };

class SlotflowTwilioHttpClient extends twilio.RequestClient {
  constructor(
    private readonly baseUrl: URL | undefined,
    private readonly capture: AsyncLocalStorage<Capture>,
    timeoutMs: number,
  ) {
    super({ autoRetry: false, timeout: timeoutMs });
  }

  override async request<TData>(opts: RequestClient.RequestOptions<TData>) {
    const rewritten = this.baseUrl === undefined ? opts : { ...opts, uri: rebase(opts.uri, this.baseUrl) };
    const response = await super.request<TData>(rewritten);
    const store = this.capture.getStore();
    if (store) store.headers = response.headers;
    return response;
  }
}

/** Keeps path and query of `uri`, takes scheme, host and port (and a path prefix, if any) from `base`. */
function rebase(uri: string, base: URL): string {
  const target = new URL(uri);
  const prefix = base.pathname.replace(/\/+$/, '');
  return `${base.origin}${prefix}${target.pathname}${target.search}`;
}

export function createTwilioTransport(config: TwilioTransportConfig): SmsTransport {
  const capture = new AsyncLocalStorage<Capture>();
  const httpClient = new SlotflowTwilioHttpClient(config.baseUrl === undefined ? undefined : new URL(config.baseUrl), capture, config.timeoutMs ?? 20_000);
  const client = twilio(config.accountSid, config.authToken, { httpClient, autoRetry: false });

  return {
    name: 'twilio',

    async send(message: OutgoingSms): Promise<SendResult> {
      const sender = config.messagingServiceSid !== undefined ? { messagingServiceSid: config.messagingServiceSid } : { from: message.from || config.from };
      const store: Capture = {};
      try {
        const created = await capture.run(store, () =>
          client.messages.create({
            to: message.to,
            ...sender,
            body: message.body,
            ...(message.statusCallbackUrl === undefined ? {} : { statusCallback: message.statusCallbackUrl }),
          }),
        );
        return { providerMessageId: created.sid };
      } catch (err) {
        throw mapTwilioError(err, store.headers);
      }
    },
  };
}
