/**
 * A real SMTP server (the `smtp-server` package) on 127.0.0.1:0 for transport tests: plain text, no
 * STARTTLS, optional AUTH (PLAIN/LOGIN, allowed without TLS). Every accepted message is kept raw and
 * parsed with mailparser's simpleParser before the server answers 250, so it is in `messages` by the
 * time the client's send resolves.
 *
 *   const smtp = await startSmtpFake({ auth: { user: 'u', pass: 'p' } });
 *   const transport = createSmtpTransport({ url: smtp.url });          // smtp://u:p@127.0.0.1:PORT
 *   smtp.rejectRecipient('nobody@example.test');                       // 550 at RCPT TO, every time
 *   smtp.failNext('data', { code: 451, message: 'try later' });        // once, at DATA
 *   smtp.urlWith({ pass: 'wrong' });                                   // → 535 at AUTH
 *   smtp.messages[0].parsed.text; smtp.counts.data; await smtp.close();
 */
import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer, type SMTPServerError } from 'smtp-server';

export type ReceivedMail = {
  envelope: { from: string; to: string[] };
  /** The message exactly as received after DATA. */
  raw: Buffer;
  parsed: ParsedMail;
  /** The queue id the fake put in its 250 reply. */
  queueId: string;
  /** When its DATA ended (epoch ms). */
  receivedAt: number;
};

/** Where a scripted failure fires: MAIL FROM, RCPT TO, the end of DATA, or AUTH. */
export type SmtpStage = 'mail' | 'rcpt' | 'data' | 'auth';

export type SmtpFake = {
  /** `smtp://user:pass@127.0.0.1:PORT` with the configured credentials, or without any. */
  url: string;
  host: string;
  port: number;
  /** The same server with other credentials, e.g. `urlWith({ pass: 'wrong' })` for a 535. */
  urlWith(credentials: { user?: string; pass?: string }): string;
  messages: ReceivedMail[];
  /** How often each stage was reached (a successful send touches each once; `auth` only with credentials). */
  counts: { connections: number; auth: number; mail: number; rcpt: number; data: number };
  /** Answer RCPT TO for this address with `code` (default 550) from now on. */
  rejectRecipient(address: string, code?: number, message?: string): void;
  /** Answer the next command of `stage` with this reply, once. */
  failNext(stage: SmtpStage, reply: { code: number; message?: string }): void;
  close(): Promise<void>;
};

function smtpError(code: number, message: string): SMTPServerError {
  const err: SMTPServerError = new Error(message);
  err.responseCode = code;
  return err;
}

export async function startSmtpFake(options: { auth?: { user: string; pass: string } } = {}): Promise<SmtpFake> {
  const messages: ReceivedMail[] = [];
  const counts = { connections: 0, auth: 0, mail: 0, rcpt: 0, data: 0 };
  const rejected = new Map<string, { code: number; message: string }>();
  const scripted: Record<SmtpStage, { code: number; message: string }[]> = { mail: [], rcpt: [], data: [], auth: [] };
  const next = (stage: SmtpStage) => {
    const reply = scripted[stage].shift();
    return reply ? smtpError(reply.code, reply.message) : null;
  };
  let queue = 0;

  const server = new SMTPServer({
    logger: false,
    disabledCommands: options.auth ? ['STARTTLS'] : ['STARTTLS', 'AUTH'],
    authOptional: !options.auth,
    allowInsecureAuth: true,
    authMethods: ['PLAIN', 'LOGIN'],
    onConnect(_session, callback) {
      counts.connections += 1;
      callback();
    },
    onAuth(auth, _session, callback) {
      counts.auth += 1;
      const failure = next('auth');
      if (failure) return callback(failure);
      if (options.auth && auth.username === options.auth.user && auth.password === options.auth.pass) {
        return callback(null, { user: auth.username });
      }
      return callback(smtpError(535, '5.7.8 Authentication credentials invalid'));
    },
    onMailFrom(_address, _session, callback) {
      counts.mail += 1;
      callback(next('mail'));
    },
    onRcptTo(address, _session, callback) {
      counts.rcpt += 1;
      const failure = next('rcpt');
      if (failure) return callback(failure);
      const refusal = rejected.get(address.address.toLowerCase());
      callback(refusal ? smtpError(refusal.code, refusal.message) : null);
    },
    onData(stream, session, callback) {
      counts.data += 1;
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('error', (err: Error) => callback(err));
      stream.on('end', () => {
        const failure = next('data');
        if (failure) return callback(failure);
        const raw = Buffer.concat(chunks);
        const receivedAt = Date.now();
        const envelope = {
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
        };
        queue += 1;
        const queueId = `FAKE${String(queue).padStart(6, '0')}`;
        simpleParser(raw).then(
          (parsed) => {
            messages.push({ envelope, raw, parsed, queueId, receivedAt });
            callback(null, `Ok: queued as ${queueId}`);
          },
          (err: unknown) => callback(err instanceof Error ? err : new Error(String(err))),
        );
      });
    },
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.server.address() as AddressInfo;
  const host = '127.0.0.1';
  const urlWith = (credentials: { user?: string; pass?: string }) => {
    const user = credentials.user ?? options.auth?.user;
    const pass = credentials.pass ?? options.auth?.pass;
    const auth = user === undefined ? '' : `${encodeURIComponent(user)}:${encodeURIComponent(pass ?? '')}@`;
    return `smtp://${auth}${host}:${port}`;
  };

  return {
    url: urlWith({}),
    host,
    port,
    urlWith,
    messages,
    counts,
    rejectRecipient(address, code = 550, message = '5.1.1 Mailbox does not exist') {
      rejected.set(address.toLowerCase(), { code, message });
    },
    failNext(stage, reply) {
      scripted[stage].push({ code: reply.code, message: reply.message ?? 'Scripted failure' });
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
