/**
 * Records a booking through the paths the `reminder-catch-up` and `change-policy-in-domain` patches
 * change, as a replay history:
 *   node --import tsx test/replay/record-catch-up.ts <name>      → test/histories/<name>.json
 * Reminders 2 and 1 minutes before a start ~130 s ahead; the worker is down while both fall due (the
 * older is skipped, the latest sent); then the customer reschedules through the manage link and an
 * admin cancels. Own in-memory dev server and PGlite; about two minutes.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { historyToJSON } from '@temporalio/common/lib/proto-utils.js';
import { pino } from 'pino';
import { createLinkSigner } from '../../src/bookings/manage-links.ts';
import { workflowIdOf } from '../../src/bookings/create-booking.ts';
import { openDatabase } from '../../src/db/database.ts';
import { migrate } from '../../src/db/migrator.ts';
import { buildGateway } from '../../src/gateway/app.ts';
import { createGatewayMetrics } from '../../src/gateway/metrics.ts';
import { findTemporalCli } from '../../src/temporal/cli-provision.ts';
import { connectTemporal } from '../../src/temporal/client.ts';
import { startDevServer } from '../../src/temporal/dev-server.ts';
import { startWorker } from '../../src/temporal/worker.ts';

const name = process.argv[2];
if (!name) {
  console.error('usage: record-catch-up.ts <history name>');
  process.exit(2);
}
const KEY = 'record-admin-key-0123456789abcdef';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)));
const cli = await findTemporalCli({ searchPath: process.env.PATH ?? '', cacheDirs: [path.join(os.homedir(), '.cache', 'slotflow', 'bin')] });
if (!cli) throw new Error('no Temporal CLI found');
const server = await startDevServer({ cliPath: cli, port: 0, uiPort: false });
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'slotflow-record-'));
const database = await openDatabase({ kind: 'pglite', dataDir });
await migrate(database);
const { db } = database;
const links = createLinkSigner('record-link-secret-0123456789abcdef-0123456789', 'http://slotflow.test');
let worker = await startWorker({ address: server.address, namespace: 'default', taskQueue: 'record', db, links });
const temporal = await connectTemporal(server.address, 'default');
const app = await buildGateway(
  {
    db,
    temporal,
    taskQueue: 'record',
    adminApiKey: KEY,
    version: 'record',
    metrics: createGatewayMetrics(),
    checks: { database: async () => {}, temporal: async () => {} },
    clock: () => new Date(),
    links,
    bookings: { holdTtlMs: 600_000, attendanceGraceMs: 5_000 },
  },
  { logger: pino({ level: 'silent' }), rateLimitPerMinute: 100_000, bodyLimitBytes: 1_048_576 },
);
try {
  const provider = (await db.insertInto('providers').values({ name: 'Dr. Record', time_zone: 'UTC', weekly_hours: '{}' }).returning('id').executeTakeFirstOrThrow()).id;
  const service = (
    await db.insertInto('services').values({ name: 'Half hour', duration_minutes: 30, minimum_notice_minutes: 0, reminder_offsets_minutes: [2, 1] }).returning('id').executeTakeFirstOrThrow()
  ).id;
  await db.insertInto('provider_services').values({ provider_id: provider, service_id: service }).execute();
  const start = Math.ceil((Date.now() + 130_000) / 1000) * 1000; // reminders at ~+10 s and ~+70 s
  await db.insertInto('provider_overrides').values({ provider_id: provider, kind: 'open', start_time: new Date(start), end_time: new Date(start + 3 * 3_600_000) }).execute();
  const created = await app.inject({ method: 'POST', url: '/v1/bookings', payload: { serviceId: service, start: new Date(start).toISOString(), timeZone: 'UTC', customer: { name: 'Ada', email: 'ada@example.com' } } });
  if (created.statusCode !== 201) throw new Error(`booking: ${created.statusCode} ${created.body}`);
  const { id, manageUrl } = created.json() as { id: string; manageUrl: string };
  await sleep(4_000); // the confirmation steps run
  await worker.stop();
  console.log('worker down while both reminders fall due');
  await sleep(start - 55_000 - Date.now());
  worker = await startWorker({ address: server.address, namespace: 'default', taskQueue: 'record', db, links });
  for (let i = 0; i < 60; i++) {
    const rows = await db.selectFrom('reminders').select(['status', 'last_error']).where('booking_id', '=', id).orderBy('when').execute();
    if (rows.every((r) => r.status !== 'scheduled')) {
      console.log('reminders:', JSON.stringify(rows));
      break;
    }
    await sleep(1_000);
  }
  const manage = `/v1${new URL(manageUrl).pathname}`;
  const moved = await app.inject({ method: 'POST', url: `${manage}/reschedule`, payload: { start: new Date(start + 3_600_000).toISOString() } });
  if (moved.statusCode !== 200) throw new Error(`reschedule: ${moved.statusCode} ${moved.body}`);
  const cancelled = await app.inject({ method: 'POST', url: `/v1/admin/bookings/${id}/cancel`, headers: { authorization: `Bearer ${KEY}` }, payload: { reason: 'record' } });
  if (cancelled.statusCode !== 200) throw new Error(`cancel: ${cancelled.statusCode} ${cancelled.body}`);
  const handle = temporal.client.workflow.getHandle(workflowIdOf(id));
  await handle.result();
  const history = await handle.fetchHistory();
  const markers = (history.events ?? []).filter((e) => e.markerRecordedEventAttributes).length;
  const file = path.join(import.meta.dirname, '..', 'histories', `${name}.json`);
  fs.writeFileSync(file, historyToJSON(history));
  console.log(`wrote ${file} (${history.events?.length ?? 0} events, ${markers} markers)`);
} finally {
  await app.close();
  await temporal.close();
  await worker.stop();
  await database.close();
  await server.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
}
