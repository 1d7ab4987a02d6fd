/**
 * A local stand-in for SendGrid's v3 `POST /v3/mail/send`, following the documented contract:
 * - `Authorization: Bearer <key>`; a wrong or missing key → 401 with SendGrid's error body.
 * - JSON body: personalizations[].to[].email, from.email, subject (top level or in every
 *   personalization), content[] of {type, value} with text/plain first, attachments[] with base64
 *   content and a filename. Violations → 400 `{"errors":[{"message","field","help"}]}`.
 * - A recipient ending in `@invalid.test` → 400 on field `personalizations.0.to.0.email`
 *   (SendGrid's answer to an address it will not accept).
 * - Success → 202, empty body, `X-Message-Id` header; the message is recorded in `messages`.
 *
 *   const fake = await startSendGridFake({ apiKey: 'SG.test' });
 *   const transport = createSendGridTransport({ apiKey: 'SG.test', baseUrl: fake.url });
 *   fake.failNext({ status: 429, retryAfter: 2 });  // next request only
 *   fake.messages[0].body.personalizations[0].to[0].email; fake.requests.length; await fake.close();
 */
import { randomBytes } from 'node:crypto';
import type http from 'node:http';
import { listenFake, type ScriptedFailure as FakeFailure } from './fake-http.ts';

/** A response queued with `failNext`: answered instead of the normal handling, to the next request only. */
export type ScriptedFailure = Omit<FakeFailure, 'target'>;

export type SendGridErrorBody = { errors: { message: string; field: string | null; help: string | null }[] };

/** The v3 mail body as the fake reads it (snake_case, as on the wire). */
export type SendGridMailBody = {
  personalizations: { to: { email: string; name?: string }[]; subject?: string; custom_args?: Record<string, string> }[];
  from: { email: string; name?: string };
  subject?: string;
  content: { type: string; value: string }[];
  attachments?: { content: string; filename: string; type?: string; disposition?: string }[];
  headers?: Record<string, string>;
  custom_args?: Record<string, string>;
  [key: string]: unknown;
};

export type SendGridAccepted = { messageId: string; body: SendGridMailBody; headers: http.IncomingHttpHeaders };
export type SendGridRequest = { method: string; path: string; headers: http.IncomingHttpHeaders; body: string; status: number };

export type SendGridFake = {
  /** Base URL for `createSendGridTransport({ baseUrl })`, e.g. `http://127.0.0.1:40123`. */
  url: string;
  apiKey: string;
  /** Accepted (202) messages, in order. */
  messages: SendGridAccepted[];
  /** Every request the fake saw, with the status it answered. */
  requests: SendGridRequest[];
  failNext(failure: ScriptedFailure): void;
  close(): Promise<void>;
};

export const SENDGRID_AUTH_ERROR: SendGridErrorBody = {
  errors: [{ message: 'The provided authorization grant is invalid, expired, or revoked', field: null, help: null }],
};

const HELP = 'http://sendgrid.com/docs/API_Reference/Web_API_v3/Mail/errors.html';

function defaultErrorBody(status: number): SendGridErrorBody {
  if (status === 401) return SENDGRID_AUTH_ERROR;
  if (status === 403) return { errors: [{ message: 'access forbidden', field: null, help: null }] };
  if (status === 429) return { errors: [{ message: 'too many requests', field: null, help: null }] };
  if (status >= 500) return { errors: [{ message: 'internal error', field: null, help: null }] };
  return { errors: [{ message: 'Bad Request', field: null, help: null }] };
}

function sendJson(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

const EMAIL = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Returns the first contract violation, in the order SendGrid reports them, or null when the body is valid. */
export function validateMailBody(body: unknown): { message: string; field: string | null; help: string | null } | null {
  const error = (message: string, field: string | null, anchor = '') => ({ message, field, help: anchor ? `${HELP}#${anchor}` : null });
  if (!isRecord(body)) return error('Bad Request', null);
  const { personalizations, from, subject, content, attachments } = body;
  if (!Array.isArray(personalizations) || personalizations.length === 0) {
    return error('The personalizations field is required and must have at least one personalization.', 'personalizations', '-Personalizations-Errors');
  }
  for (const [i, p] of personalizations.entries()) {
    if (!isRecord(p) || !Array.isArray(p.to) || p.to.length === 0) {
      return error(
        'The to array is required for all personalization objects, and must have at least one email object with a valid email address.',
        `personalizations.${i}.to`,
        'message.personalizations.to',
      );
    }
    for (const [j, to] of p.to.entries()) {
      const email = isRecord(to) ? to.email : undefined;
      if (typeof email !== 'string' || !EMAIL.test(email) || email.toLowerCase().endsWith('@invalid.test')) {
        return error('Does not contain a valid address.', `personalizations.${i}.to.${j}.email`, 'message.personalizations.to');
      }
    }
  }
  if (!isRecord(from)) {
    return error(
      'The from object must be provided for every email send. It is an object that requires the email parameter, but may also contain a name parameter.',
      'from',
      'message.from',
    );
  }
  if (typeof from.email !== 'string' || !EMAIL.test(from.email)) {
    return error('The from email does not contain a valid address.', 'from.email', 'message.from');
  }
  const everyPersonalizationHasSubject = personalizations.every((p) => isRecord(p) && typeof p.subject === 'string' && p.subject !== '');
  if ((typeof subject !== 'string' || subject === '') && !everyPersonalizationHasSubject) {
    return error(
      'The subject is required. You can get around this requirement if you use a template with a subject defined or if every personalization has a subject defined.',
      'subject',
      'message.subject',
    );
  }
  if (!Array.isArray(content) || content.length === 0) {
    return error(
      'Unless a valid template_id is provided, the content parameter is required. There must be at least one defined content block. We typically suggest both text/plain and text/html blocks are included, but only one block is required.',
      'content',
      'message.content',
    );
  }
  for (const [i, block] of content.entries()) {
    if (!isRecord(block) || typeof block.type !== 'string' || block.type === '') {
      return error('The content type must be a string at least one character in length.', `content.${i}.type`, 'message.content.type');
    }
    if (typeof block.value !== 'string' || block.value === '') {
      return error('The content value must be a string at least one character in length.', `content.${i}.value`, 'message.content.value');
    }
  }
  const types = content.map((block) => (isRecord(block) ? String(block.type) : ''));
  const plain = types.indexOf('text/plain');
  const html = types.indexOf('text/html');
  if (plain > 0 || (html >= 0 && html !== (plain === 0 ? 1 : 0))) {
    return error(
      'If present, text/plain content must be first, followed by text/html, followed by any other content.',
      'content.0.type',
      'message.content.type',
    );
  }
  if (attachments !== undefined) {
    if (!Array.isArray(attachments)) return error('The attachments field must be an array.', 'attachments', 'message.attachments');
    for (const [i, a] of attachments.entries()) {
      if (!isRecord(a) || typeof a.content !== 'string' || a.content === '') {
        return error('The attachment content is required.', `attachments.${i}.content`, 'message.attachments.content');
      }
      if (!/^[A-Za-z0-9+/]*={0,2}$/.test(a.content) || a.content.length % 4 !== 0) {
        return error('The attachment content must be base64 encoded.', `attachments.${i}.content`, 'message.attachments.content');
      }
      if (typeof a.filename !== 'string' || a.filename === '') {
        return error('The attachment filename parameter is required.', `attachments.${i}.filename`, 'message.attachments.filename');
      }
    }
  }
  return null;
}

/** SendGrid's X-Message-Id: 22 url-safe base64 characters. */
function messageId(): string {
  return randomBytes(16).toString('base64url').slice(0, 22);
}

export async function startSendGridFake(options: { apiKey?: string } = {}): Promise<SendGridFake> {
  const apiKey = options.apiKey ?? 'SG.fake-key';
  const messages: SendGridAccepted[] = [];
  const requests: SendGridRequest[] = [];
  const failures: ScriptedFailure[] = [];

  const handle = (req: http.IncomingMessage, raw: Buffer, res: http.ServerResponse): void => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const record = (status: number) => requests.push({ method: req.method ?? '', path, headers: req.headers, body: raw.toString('utf8'), status });

    if (req.method !== 'POST' || path !== '/v3/mail/send') {
      record(404);
      return sendJson(res, 404, { errors: [{ message: 'resource not found', field: null, help: null }] });
    }
    const failure = failures.shift();
    if (failure) {
      record(failure.status);
      const headers: Record<string, string> = { ...failure.headers };
      if (failure.retryAfter !== undefined) headers['Retry-After'] = String(failure.retryAfter);
      if (failure.status === 429) {
        headers['X-RateLimit-Limit'] ??= '600';
        headers['X-RateLimit-Remaining'] ??= '0';
        headers['X-RateLimit-Reset'] ??= String(Math.ceil(Date.now() / 1000) + Number(failure.retryAfter ?? 1));
      }
      return sendJson(res, failure.status, failure.body ?? defaultErrorBody(failure.status), headers);
    }
    if (req.headers.authorization !== `Bearer ${apiKey}`) {
      record(401);
      return sendJson(res, 401, SENDGRID_AUTH_ERROR);
    }
    if (!(req.headers['content-type'] ?? '').startsWith('application/json')) {
      record(415);
      return sendJson(res, 415, { errors: [{ message: 'Content-Type should be application/json.', field: null, help: null }] });
    }
    let body: unknown;
    try {
      body = JSON.parse(raw.toString('utf8'));
    } catch {
      record(400);
      return sendJson(res, 400, {
        errors: [{ message: 'Bad Request', field: null, help: null }],
      });
    }
    const invalid = validateMailBody(body);
    if (invalid) {
      record(400);
      return sendJson(res, 400, { errors: [invalid] });
    }
    const id = messageId();
    record(202);
    messages.push({ messageId: id, body: body as SendGridMailBody, headers: req.headers });
    res.writeHead(202, { 'X-Message-Id': id, 'Content-Length': 0 });
    res.end();
  };
  const { url, close } = await listenFake((req, raw, res) => handle(req, raw, res));

  return {
    url,
    apiKey,
    messages,
    requests,
    failNext: (failure) => void failures.push(failure),
    close,
  };
}
