/**
 * The product as a browser sees it: a gateway listening on a real port with the built web pages, a
 * worker on its own task queue, a private PGlite (or PostgreSQL) database and the run's Temporal dev
 * server. Manage links point at the listening gateway, so a test can open them in Chromium. The gateway's
 * clock is the test's pinned "now" (test/support/clock.ts); the worker's workflows run on Temporal's clock.
 */
import net from 'node:net';
import { inject } from 'vitest';
import type { BookingChallengeSettings } from '../../src/gateway/booking-challenge.ts';
import type { GatewayDeps } from '../../src/gateway/deps.ts';
import type { MessagingOptions } from '../../src/use-cases/deliver-booking-message.ts';
import { startWorker, type SlotflowWorker } from '../../src/temporal/worker.ts';
import { testDatabase, type DbKind, type TestDatabase } from './databases.ts';
import { testGateway, TEST_ADMIN_KEY } from './gateway.ts';
import { createTestClock, type TestClock } from './clock.ts';

export type WebStack = {
  baseUrl: string;
  adminKey: string;
  db: TestDatabase;
  gw: Awaited<ReturnType<typeof testGateway>>;
  worker: SlotflowWorker;
  /** The gateway's clock: pinned to TEST_NOW (test/support/clock.ts) unless a test switches it to real time. */
  clock: TestClock;
  close(): Promise<void>;
};

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

export async function startWebStack(
  opts: {
    kind?: DbKind;
    holdTtlMs?: number;
    attendanceGraceMs?: number;
    challenge?: BookingChallengeSettings;
    agents?: GatewayDeps['agents'];
    voice?: GatewayDeps['voice'];
    /** Serve the web pages (default true; the e2e tier builds them). */ web?: boolean;
    /** The message transports of gateway and worker (absent: the outbox only, as with nothing configured). */
    messaging?: MessagingOptions;
    /** Calendar connections (absent: not configured, as without CALENDAR_SEAL_KEY). */
    calendar?: GatewayDeps['calendar'];
  } = {},
): Promise<WebStack> {
  const web = opts.web ?? true;
  const buildError = web ? inject('webBuildError') : undefined;
  if (buildError) throw new Error(`the web build failed in global setup: ${buildError}`);
  const db = await testDatabase(opts.kind ?? 'pglite');
  const port = await freePort();
  const clock = createTestClock();
  const baseUrl = `http://127.0.0.1:${port}`;
  const gw = await testGateway(db, {
    baseUrl,
    web,
    clock,
    rateLimitPerMinute: 10_000,
    temporalUi: { url: 'http://127.0.0.1:8233', namespace: 'default' },
    ...(opts.holdTtlMs !== undefined ? { holdTtlMs: opts.holdTtlMs } : {}),
    ...(opts.attendanceGraceMs !== undefined ? { attendanceGraceMs: opts.attendanceGraceMs } : {}),
    ...(opts.challenge ? { challenge: opts.challenge } : {}),
    ...(opts.agents ? { agents: opts.agents } : {}),
    ...(opts.voice ? { voice: opts.voice } : {}),
    ...(opts.messaging ? { messaging: opts.messaging } : {}),
    ...(opts.calendar ? { calendar: opts.calendar } : {}),
  });
  await gw.app.listen({ port, host: '127.0.0.1' });
  const worker = await startWorker({
    address: inject('temporalAddress'),
    namespace: 'default',
    taskQueue: gw.taskQueue,
    db: db.db,
    links: gw.links,
    ...(opts.messaging ? { messaging: opts.messaging } : {}),
    ...(opts.calendar ? { calendar: opts.calendar } : {}),
  });
  return {
    baseUrl,
    adminKey: TEST_ADMIN_KEY,
    db,
    gw,
    worker,
    clock,
    async close() {
      await worker.stop();
      await gw.close();
      await db.dispose();
    },
  };
}
