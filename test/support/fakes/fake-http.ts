/**
 * The HTTP side every provider fake shares: a server on 127.0.0.1 (random port) that hands each request
 * with its whole body to the fake, and a close that also drops the keep-alive sockets the SDKs hold
 * (without that, `server.close()` waits for them).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A response `failNext` queues: the next matching request gets it instead of its answer (`target`: calendar fakes
 * only).
 */
export type ScriptedFailure = {
  status: number;
  /** Sent as `Retry-After` (seconds, or an HTTP-date string). */
  retryAfter?: number | string;
  /** Replaces the default error body for `status`. */
  body?: unknown;
  headers?: Record<string, string>;
  /** Which endpoint's next request fails. Default `api`. */
  target?: 'api' | 'token';
};

export type FakeHandler = (req: http.IncomingMessage, body: Buffer, res: http.ServerResponse) => void;

export async function listenFake(handle: FakeHandler): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => handle(req, Buffer.concat(chunks), res));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
