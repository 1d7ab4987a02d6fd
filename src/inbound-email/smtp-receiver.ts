/**
 * The built-in SMTP receiver (`smtp-server`), on when INBOUND_SMTP_PORT is set: an MX for the booking
 * address, or the target of a relay's forward. It accepts mail only for INBOUND_EMAIL_ADDRESS and its
 * plus-addresses (550 at RCPT for any other recipient, so it never relays), at most INBOUND_MAX_BYTES per
 * message (SIZE announced; 552 past it), at most 10 recipients. A message is acknowledged (250) only once
 * it is recorded and handed to its thread (receive-inbound-email.ts); if that fails, 451 asks the sender
 * to retry later. No AUTH (nobody logs in to send), no STARTTLS without a certificate (put TLS in front,
 * or receive through a relay).
 */
import { SMTPServer, type SMTPServerAddress, type SMTPServerSession } from 'smtp-server';
import { isInboundAddress } from '../domain/email/reply-address.ts';
import type { InboundEnvelope, ReceiveResult } from '../use-cases/receive-inbound-email.ts';

export type SmtpReceiverOptions = {
  host: string;
  /** 0 picks a free port (tests). */
  port: number;
  maxBytes: number;
  inboundAddress: string;
  receive: (raw: Buffer, envelope: InboundEnvelope) => Promise<ReceiveResult>;
  onError?: ((err: unknown) => void) | undefined;
};

export type SmtpReceiver = { readonly port: number; close(): Promise<void> };

const MAX_RECIPIENTS = 10;

function smtpError(code: number, message: string): Error {
  return Object.assign(new Error(message), { responseCode: code });
}

export async function startSmtpReceiver(opts: SmtpReceiverOptions): Promise<SmtpReceiver> {
  const server = new SMTPServer({
    name: 'slotflow',
    banner: 'slotflow booking mail receiver',
    size: opts.maxBytes,
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    socketTimeout: 60_000,
    closeTimeout: 5_000,
    onRcptTo(address: SMTPServerAddress, session: SMTPServerSession, callback: (err?: Error | null) => void) {
      if (!isInboundAddress(address.address, opts.inboundAddress)) return callback(smtpError(550, '5.1.1 No such user here (this server relays nothing)'));
      if (session.envelope.rcptTo.length >= MAX_RECIPIENTS) return callback(smtpError(452, '4.5.3 Too many recipients'));
      callback();
    },
    onData(stream, session, callback) {
      // smtp-server resets the envelope after the transaction: copy it now.
      const envelope: InboundEnvelope = {
        via: 'smtp',
        mailFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
        rcptTo: session.envelope.rcptTo.map((r) => r.address),
        remoteAddress: session.remoteAddress,
        helo: session.hostNameAppearsAs,
      };
      const chunks: Buffer[] = [];
      let size = 0;
      stream.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size <= opts.maxBytes) chunks.push(chunk);
      });
      stream.on('end', () => {
        if ((stream as unknown as { sizeExceeded?: boolean }).sizeExceeded || size > opts.maxBytes) {
          return callback(smtpError(552, `5.3.4 Message too big (limit ${opts.maxBytes} bytes)`));
        }
        opts.receive(Buffer.concat(chunks), envelope).then(
          () => callback(null, 'Message accepted'),
          (err: unknown) => {
            opts.onError?.(err);
            callback(smtpError(451, '4.3.0 Temporary failure, please retry later'));
          },
        );
      });
      stream.on('error', (err) => callback(err));
    },
  });
  server.on('error', (err) => opts.onError?.(err));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.server.address();
  const port = typeof address === 'object' && address ? address.port : opts.port;
  return {
    port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
