/**
 * A local stand-in for Twilio's `POST /2010-04-01/Accounts/{AccountSid}/Messages.json`, following the
 * documented contract:
 * - HTTP Basic auth `AccountSid:AuthToken`; wrong/missing → 401 `{"code":20003,"message":"Authenticate",…}`.
 * - Form-encoded To, From or MessagingServiceSid, Body, StatusCallback. Missing To → 400 code 21604,
 *   missing sender → 21603, missing Body → 21602.
 * - Twilio's magic test numbers as `To`: +15005550001 → 21211 (invalid 'To'), +15005550002 → 21612
 *   (cannot route), +15005550003 → 21408 (region not enabled), +15005550004 → 21610 (unsubscribed /
 *   STOP), +15005550009 → 21614 (not a mobile number). A `To` that is not E.164 → 21211.
 * - Success → 201 with a Message resource (`sid` = `SM` + 32 hex, status `queued`, or `accepted` when
 *   sent via a Messaging Service without From); recorded in `messages`.
 *
 *   const fake = await startTwilioFake();             // fake.accountSid / fake.authToken are valid
 *   const sms = createTwilioTransport({ accountSid: fake.accountSid, authToken: fake.authToken, baseUrl: fake.url });
 *   fake.failNext({ status: 429, retryAfter: 2 });     // next request only
 *   await fake.deliver(sid, 'delivered');              // signed POST to the message's StatusCallback
 */
import { randomBytes } from 'node:crypto';
import type http from 'node:http';
import { listenFake, type ScriptedFailure as FakeFailure } from './fake-http.ts';
import twilio from 'twilio';

/** A response queued with `failNext`: answered instead of the normal handling, to the next request only. */
export type ScriptedFailure = Omit<FakeFailure, 'target'>;

export type TwilioErrorBody = { code: number; message: string; more_info: string; status: number };

/** The Message resource as Twilio returns it (the subset the fake fills). */
export type TwilioMessageResource = {
  sid: string;
  account_sid: string;
  api_version: '2010-04-01';
  body: string;
  date_created: string;
  date_updated: string;
  date_sent: string | null;
  direction: 'outbound-api';
  error_code: number | null;
  error_message: string | null;
  from: string | null;
  messaging_service_sid: string | null;
  num_media: string;
  num_segments: string;
  price: string | null;
  price_unit: string;
  status: string;
  subresource_uris: { media: string };
  to: string;
  uri: string;
};

export type TwilioRecordedMessage = {
  resource: TwilioMessageResource;
  /** The form fields as posted (To, From, MessagingServiceSid, Body, StatusCallback, …). */
  params: Record<string, string>;
  statusCallback: string | null;
};

export type TwilioRequest = { method: string; path: string; headers: http.IncomingHttpHeaders; body: string; status: number };

export type MessageStatus = 'queued' | 'sending' | 'sent' | 'delivered' | 'undelivered' | 'failed' | 'read';

export type TwilioFake = {
  /** Base URL for `createTwilioTransport({ baseUrl })`, e.g. `http://127.0.0.1:40123`. */
  url: string;
  accountSid: string;
  authToken: string;
  /** Accepted (201) messages, in order. */
  messages: TwilioRecordedMessage[];
  /** Every request the fake saw, with the status it answered. */
  requests: TwilioRequest[];
  failNext(failure: ScriptedFailure): void;
  /**
   * POSTs a status callback for message `sid` to its StatusCallback URL, signed with `X-Twilio-Signature`
   * the way Twilio does (HMAC-SHA1 of URL + sorted params with the auth token, base64). Resolves with
   * the receiver's answer. Throws when the message had no StatusCallback.
   */
  deliver(sid: string, status: MessageStatus, options?: { errorCode?: number }): Promise<{ status: number; body: string }>;
  close(): Promise<void>;
};

export const TWILIO_AUTH_ERROR: TwilioErrorBody = {
  code: 20003,
  message: 'Authenticate',
  more_info: 'https://www.twilio.com/docs/errors/20003',
  status: 401,
};

export function twilioError(status: number, code: number, message: string): TwilioErrorBody {
  return { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status };
}

function defaultErrorBody(status: number): TwilioErrorBody {
  if (status === 401) return TWILIO_AUTH_ERROR;
  if (status === 429) return twilioError(429, 20429, 'Too Many Requests');
  if (status === 503) return twilioError(503, 20503, 'Service Unavailable');
  if (status >= 500) return twilioError(status, 20500, 'Internal Server Error');
  return twilioError(status, 20001, 'Bad Request');
}

/** Twilio's documented magic `To` numbers for test credentials, and the error each produces. */
const MAGIC_TO: Record<string, { code: number; message: string }> = {
  '+15005550001': { code: 21211, message: "Invalid 'To' Phone Number: +15005550001" },
  '+15005550002': { code: 21612, message: "The 'To' phone number: +15005550002, is not currently reachable using the 'From' phone number via SMS." },
  '+15005550003': { code: 21408, message: "Permission to send an SMS has not been enabled for the region indicated by the 'To' number: +15005550003." },
  '+15005550004': { code: 21610, message: 'Attempt to send to unsubscribed recipient' },
  '+15005550009': { code: 21614, message: "'To' number +15005550009 is not a valid mobile number" },
};

const E164 = /^\+[1-9]\d{6,14}$/;

function sendJson(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

/** GSM-7 messages split at 153 chars per segment beyond 160; UCS-2 at 67 beyond 70 (close enough for a fake). */
function segments(body: string): number {
  const gsm = /^[\x20-\x7E\n\r£¥èéùìòÇØøÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ¤¡ÄÖÑÜ§¿äöñüà]*$/.test(body);
  const length = [...body].length;
  const [single, multi] = gsm ? [160, 153] : [70, 67];
  return length <= single ? 1 : Math.ceil(length / multi);
}

export async function startTwilioFake(options: { accountSid?: string; authToken?: string } = {}): Promise<TwilioFake> {
  const accountSid = options.accountSid ?? `AC${randomBytes(16).toString('hex')}`;
  const authToken = options.authToken ?? randomBytes(16).toString('hex');
  const messages: TwilioRecordedMessage[] = [];
  const requests: TwilioRequest[] = [];
  const failures: ScriptedFailure[] = [];
  const messagesPath = new RegExp('^/2010-04-01/Accounts/([^/]+)/Messages\\.json$');

  const handle = (req: http.IncomingMessage, raw: Buffer, res: http.ServerResponse): void => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const record = (status: number) => requests.push({ method: req.method ?? '', path, headers: req.headers, body: raw.toString('utf8'), status });
    const fail = (status: number, body: TwilioErrorBody, headers: Record<string, string> = {}) => {
      record(status);
      sendJson(res, status, body, headers);
    };

    const match = messagesPath.exec(path);
    if (req.method !== 'POST' || !match) {
      return fail(404, twilioError(404, 20404, `The requested resource ${path} was not found`));
    }
    const failure = failures.shift();
    if (failure) {
      const headers: Record<string, string> = { ...failure.headers };
      if (failure.retryAfter !== undefined) headers['Retry-After'] = String(failure.retryAfter);
      record(failure.status);
      return sendJson(res, failure.status, failure.body ?? defaultErrorBody(failure.status), headers);
    }
    const expected = `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}`;
    if (req.headers.authorization !== expected || match[1] !== accountSid) {
      return fail(401, TWILIO_AUTH_ERROR, { 'WWW-Authenticate': 'Basic realm="Twilio API"' });
    }
    const params = Object.fromEntries(new URLSearchParams(raw.toString('utf8')));
    const to = params.To;
    const from = params.From;
    const service = params.MessagingServiceSid;
    const body = params.Body;
    if (!to) return fail(400, twilioError(400, 21604, "A 'To' phone number is required."));
    if (!from && !service) return fail(400, twilioError(400, 21603, "A 'From' phone number is required."));
    if (!body) return fail(400, twilioError(400, 21602, 'Message body is required.'));
    const magic = MAGIC_TO[to];
    if (magic) return fail(400, twilioError(400, magic.code, magic.message));
    if (!E164.test(to)) return fail(400, twilioError(400, 21211, `Invalid 'To' Phone Number: ${to}`));

    const sid = `SM${randomBytes(16).toString('hex')}`;
    const now = new Date().toUTCString().replace('GMT', '+0000');
    const uri = `/2010-04-01/Accounts/${accountSid}/Messages/${sid}.json`;
    const resource: TwilioMessageResource = {
      sid,
      account_sid: accountSid,
      api_version: '2010-04-01',
      body,
      date_created: now,
      date_updated: now,
      date_sent: null,
      direction: 'outbound-api',
      error_code: null,
      error_message: null,
      from: from ?? null,
      messaging_service_sid: service ?? null,
      num_media: '0',
      num_segments: String(segments(body)),
      price: null,
      price_unit: 'USD',
      status: from ? 'queued' : 'accepted',
      subresource_uris: { media: uri.replace(/\.json$/, '/Media.json') },
      to,
      uri,
    };
    messages.push({ resource, params, statusCallback: params.StatusCallback ?? null });
    record(201);
    sendJson(res, 201, resource);
  };

  const { url, close: closeServer } = await listenFake((req, raw, res) => handle(req, raw, res));

  async function deliver(sid: string, status: MessageStatus, opts: { errorCode?: number } = {}) {
    const message = messages.find((m) => m.resource.sid === sid);
    if (!message) throw new Error(`twilio fake: no message ${sid}`);
    if (!message.statusCallback) throw new Error(`twilio fake: message ${sid} has no StatusCallback`);
    message.resource.status = status;
    const params: Record<string, string> = {
      AccountSid: accountSid,
      ApiVersion: '2010-04-01',
      From: message.resource.from ?? '',
      MessageSid: sid,
      MessageStatus: status,
      SmsSid: sid,
      SmsStatus: status,
      To: message.resource.to,
    };
    if (message.resource.messaging_service_sid) params.MessagingServiceSid = message.resource.messaging_service_sid;
    if (opts.errorCode !== undefined) params.ErrorCode = String(opts.errorCode);
    const signature = twilio.getExpectedTwilioSignature(authToken, message.statusCallback, params);
    const response = await fetch(message.statusCallback, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded; charset=utf-8',
        'X-Twilio-Signature': signature,
        'User-Agent': 'TwilioProxy/1.1',
      },
      body: new URLSearchParams(params).toString(),
    });
    return { status: response.status, body: await response.text() };
  }

  return {
    url,
    accountSid,
    authToken,
    messages,
    requests,
    failNext: (failure) => void failures.push(failure),
    deliver,
    close: closeServer,
  };
}
