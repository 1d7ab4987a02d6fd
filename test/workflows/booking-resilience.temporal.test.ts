/**
 * Crashes and restarts: a worker SIGKILLed between reserve and confirmation, and a Temporal dev server
 * restarted (same SQLite file) while a booking sleeps toward its reminder.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { startDevServer } from '../../src/temporal/dev-server.ts';
import { freePort } from '../../src/temporal/free-port.ts';
import { startWorker, type SlotflowWorker } from '../../src/temporal/worker.ts';
import type { Database } from '../../src/db/database.ts';
import { skipKind, testDatabase, type TestDatabase } from '../support/databases.ts';
import { testGateway } from '../support/gateway.ts';
import { makeTempDir, REPO_ROOT } from '../support/paths.ts';
import { waitFor } from '../support/process.ts';
import { insertProvider, insertService, offerService } from '../support/factories.ts';

const everyDay = JSON.stringify(Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [['00:00', '24:00']]])));

async function seed(d: Database, opts: { reminderAt?: number } = {}) {
  const provider = await insertProvider(d.db, { name: 'P', time_zone: 'UTC', weekly_hours: opts.reminderAt ? '{}' : everyDay });
  const service = await insertService(d.db, {
    name: 'S',
    duration_minutes: 30,
    maximum_advance_days: 365,
    reminder_offsets_minutes: opts.reminderAt ? [1] : [1440, 60],
  });
  await offerService(d.db, provider, service);
  return { provider, service };
}

const count = async (d: Database, table: 'booking_events' | 'messages', bookingId: string, kind: string) =>
  table === 'messages'
    ? (
        await d.db
          .selectFrom('messages')
          .select(sql<number>`count(*)`.as('n'))
          .where('booking_id', '=', bookingId)
          .where('kind', '=', kind)
          .executeTakeFirstOrThrow()
      ).n
    : (
        await d.db
          .selectFrom('booking_events')
          .select(sql<number>`count(*)`.as('n'))
          .where('booking_id', '=', bookingId)
          .where('type', '=', kind)
          .executeTakeFirstOrThrow()
      ).n;

describe('a worker killed between reserve and confirmation (PostgreSQL: two processes)', () => {
  const cleanup: (() => Promise<unknown>)[] = [];
  afterAll(async () => {
    for (const c of cleanup.reverse()) await c().catch(() => {});
  });

  it.skipIf(skipKind('postgres'))(
    'a new worker finishes the booking with one calendar call and one confirmation',
    async () => {
      const d: TestDatabase = await testDatabase('postgres');
      cleanup.push(() => d.dispose());
      const gw = await testGateway(d);
      cleanup.push(() => gw.close());
      const { service } = await seed(d);

      const child = spawn(process.execPath, ['--import', 'tsx', 'test/support/worker-process.ts'], {
        cwd: REPO_ROOT,
        env: { ...process.env, TEMPORAL_ADDRESS: inject('temporalAddress'), TASK_QUEUE: gw.taskQueue, DATABASE_URL: d.url!, PAUSE_AFTER: 'writeCalendarEvent' },
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      cleanup.push(async () => child.kill('SIGKILL'));
      let out = '';
      child.stdout!.on('data', (b: Buffer) => (out += b.toString()));
      await waitFor(async () => (out.includes('WORKER_READY') ? true : undefined), 60_000, 'child worker');

      // 10:00 UTC two to three days ahead of the real now, in a UTC provider open 00:00–24:00 every day: a slot at any
      // instant, and both reminders (24 h and 1 h before) still lie ahead, so two are scheduled.
      const start = new Date(Date.now() + 3 * 86_400_000);
      start.setUTCHours(10, 0, 0, 0);
      const res = await gw.app.inject({
        method: 'POST',
        url: '/v1/bookings',
        payload: { serviceId: service, start: start.toISOString(), timeZone: 'UTC', customer: { name: 'K', email: 'k@example.com' } },
      });
      expect(res.statusCode).toBe(201);
      const id = (res.json() as { id: string }).id;
      await waitFor(async () => (out.includes('PAUSED_AFTER writeCalendarEvent') ? true : undefined), 30_000, 'calendar step in the child');
      child.kill('SIGKILL');
      await new Promise((r) => child.once('exit', r));
      expect(await count(d, 'booking_events', id, 'calendar_skipped')).toBe(1);
      expect(await count(d, 'messages', id, 'confirmation')).toBe(0);

      const worker: SlotflowWorker = await startWorker({ address: inject('temporalAddress'), namespace: 'default', taskQueue: gw.taskQueue, db: d.db });
      cleanup.push(() => worker.stop());
      // The killed attempt times out (heartbeat timeout 30 s) and is retried here.
      await waitFor(async () => ((await count(d, 'messages', id, 'confirmation')) === 1 ? true : undefined), 60_000, 'confirmation after the kill');
      await waitFor(
        async () => ((await d.db.selectFrom('reminders').select('id').where('booking_id', '=', id).execute()).length === 2 ? true : undefined),
        15_000,
        'reminders scheduled',
      );
      expect(await count(d, 'booking_events', id, 'calendar_skipped')).toBe(1);
      expect(await count(d, 'messages', id, 'confirmation')).toBe(1);
      expect(await count(d, 'booking_events', id, 'reserved')).toBe(1);
    },
    120_000,
  );
});

describe('a dev server restarted while a booking sleeps toward its reminder', () => {
  let d: TestDatabase;
  afterAll(async () => {
    await d?.dispose();
  });

  it.skipIf(skipKind('pglite'))(
    'still sends the reminder (timers are durable in the SQLite file)',
    async () => {
      d = await testDatabase('pglite');
      const dbFile = path.join(makeTempDir('restart'), 'temporal.db');
      const port = await freePort();
      let server = await startDevServer({ cliPath: inject('temporalCliPath'), dbFile, port, uiPort: false });
      const gw = await testGateway(d, { address: server.address });
      const worker = await startWorker({ address: server.address, namespace: 'default', taskQueue: gw.taskQueue, db: d.db });
      try {
        // Real time (the timer must survive the restart); safe at any instant: an "open" override is an absolute
        // range in a
        // UTC provider, never cut at a local midnight.
        const startAt = Math.ceil((Date.now() + 85_000) / 1000) * 1000; // reminder (1 min before) in ~25 s
        const { provider, service } = await seed(d, { reminderAt: startAt });
        await d.db
          .insertInto('provider_overrides')
          .values({ provider_id: provider, kind: 'open', start_time: new Date(startAt), end_time: new Date(startAt + 3_600_000) })
          .execute();
        const res = await gw.app.inject({
          method: 'POST',
          url: '/v1/bookings',
          payload: { serviceId: service, start: new Date(startAt).toISOString(), timeZone: 'UTC', customer: { name: 'R', email: 'r@example.com' } },
        });
        expect(res.statusCode).toBe(201);
        const id = (res.json() as { id: string }).id;
        await waitFor(
          async () => ((await d.db.selectFrom('reminders').select('id').where('booking_id', '=', id).execute()).length === 1 ? true : undefined),
          15_000,
          'reminder scheduled',
        );

        await server.stop();
        await new Promise((r) => setTimeout(r, 3_000));
        server = await startDevServer({ cliPath: inject('temporalCliPath'), dbFile, port, uiPort: false });

        const sent = await waitFor(
          async () => {
            const r = await d.db.selectFrom('reminders').selectAll().where('booking_id', '=', id).where('sent_at', 'is not', null).executeTakeFirst();
            return r ?? undefined;
          },
          60_000,
          'reminder after the restart',
        );
        expect(sent.when.getTime()).toBe(startAt - 60_000);
        expect(await count(d, 'messages', id, 'reminder')).toBe(1);
      } finally {
        await worker.stop().catch(() => {});
        await gw.close();
        await server.stop();
      }
    },
    150_000,
  );
});

describe('a Temporal server that is down when a booking arrives', () => {
  it.skipIf(skipKind('pglite'))(
    'answers 503 service_unavailable with Retry-After, and no row is written',
    async () => {
      const d = await testDatabase('pglite');
      const server = await startDevServer({ cliPath: inject('temporalCliPath'), port: await freePort(), uiPort: false });
      const gw = await testGateway(d, { address: server.address });
      try {
        const { service } = await seed(d);
        await server.stop();
        // 09:00 UTC one to two days ahead, in a UTC provider open every day: a slot at any instant (the answer is
        // 503 anyway).
        const start = new Date(Date.now() + 2 * 86_400_000);
        start.setUTCHours(9, 0, 0, 0);
        const res = await gw.app.inject({
          method: 'POST',
          url: '/v1/bookings',
          payload: { serviceId: service, start: start.toISOString(), timeZone: 'UTC', customer: { name: 'Down' } },
        });
        expect(res.statusCode).toBe(503);
        expect(res.headers['content-type']).toContain('application/problem+json');
        expect(res.json()).toMatchObject({ code: 'service_unavailable', status: 503 });
        expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
        expect(await d.db.selectFrom('bookings').select('id').execute()).toEqual([]);
      } finally {
        await gw.close().catch(() => {});
        await server.stop().catch(() => {});
        await d.dispose();
      }
    },
    90_000,
  );
});
