/**
 * What the history recorders (record-*.ts) run a booking on: their own in-memory Temporal dev server, a
 * migrated PGlite in a temp dir, a worker (which a recorder may stop and start again to simulate an
 * outage) and the gateway, on the real clock. `saveHistory` writes test/histories/<name>.json.
 */
import { bookingWorkflowId } from '../../src/temporal/workflow-ids.ts';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { historyToJSON } from '@temporalio/common/lib/proto-utils.js';
import { pino } from 'pino';
import { createLinkSigner } from '../../src/use-cases/manage-links.ts';
import { openDatabase } from '../../src/db/database.ts';
import { migrate } from '../../src/db/migrator.ts';
import { buildGateway } from '../../src/gateway/app.ts';
import { createGatewayMetrics } from '../../src/gateway/metrics.ts';
import { findTemporalCli } from '../../src/temporal/cli-provision.ts';
import { connectTemporal } from '../../src/temporal/client.ts';
import { startDevServer } from '../../src/temporal/dev-server.ts';
import { startWorker, type SlotflowWorker } from '../../src/temporal/worker.ts';

export const RECORD_ADMIN_KEY = 'record-admin-key-0123456789abcdef';

/** The history name from the command line, or a usage message and exit 2. */
export function historyNameArg(script: string): string {
  const name = process.argv[2];
  if (!name) {
    console.error(`usage: ${script} <history name>`);
    process.exit(2);
  }
  return name;
}

export async function startRecordingStack(opts: { attendanceGraceMs?: number } = {}) {
  const cli = await findTemporalCli({ searchPath: process.env.PATH ?? '', cacheDirs: [path.join(os.homedir(), '.cache', 'slotflow', 'bin')] });
  if (!cli) throw new Error('no Temporal CLI found');
  const server = await startDevServer({ cliPath: cli, port: 0, uiPort: false });
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'slotflow-record-'));
  const database = await openDatabase({ kind: 'pglite', dataDir });
  await migrate(database);
  const { db } = database;
  const links = createLinkSigner('record-link-secret-0123456789abcdef-0123456789', 'http://slotflow.test');
  const newWorker = () => startWorker({ address: server.address, namespace: 'default', taskQueue: 'record', db, links });
  let worker: SlotflowWorker | null = await newWorker();
  const temporal = await connectTemporal(server.address, 'default');
  const app = await buildGateway(
    {
      db,
      temporal,
      taskQueue: 'record',
      adminApiKey: RECORD_ADMIN_KEY,
      version: 'record',
      metrics: createGatewayMetrics(),
      checks: { database: async () => {}, temporal: async () => {} },
      clock: () => new Date(),
      links,
      bookings: { holdTtlMs: 600_000, attendanceGraceMs: opts.attendanceGraceMs ?? 5_000 },
    },
    { logger: pino({ level: 'silent' }), rateLimitPerMinute: 100_000, bodyLimitBytes: 1_048_576 },
  );
  return {
    db,
    app,
    temporal,
    adminHeaders: { authorization: `Bearer ${RECORD_ADMIN_KEY}` },
    async stopWorker() {
      await worker?.stop();
      worker = null;
    },
    async startWorker() {
      worker ??= await newWorker();
    },
    /** Waits for the booking's workflow to end and writes its history; returns the events and markers counted. */
    async saveHistory(bookingId: string, name: string): Promise<{ file: string; events: number; markers: number }> {
      const handle = temporal.client.workflow.getHandle(bookingWorkflowId(bookingId));
      await handle.result();
      const history = await handle.fetchHistory();
      const file = path.join(import.meta.dirname, '..', 'histories', `${name}.json`);
      fs.writeFileSync(file, historyToJSON(history));
      const events = history.events ?? [];
      return { file, events: events.length, markers: events.filter((e) => e.markerRecordedEventAttributes).length };
    },
    async close() {
      await app.close();
      await temporal.close();
      await worker?.stop();
      await database.close();
      await server.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
