/**
 * Records a booking whose attendance is marked `no_show` after it started and before it ended — the
 * path the `attendance-at-once` patch changes — as a replay history:
 *   node --import tsx test/replay/record-attendance.ts <name>      → test/histories/<name>.json
 * Runs its own in-memory dev server, a migrated PGlite in a temp dir, a worker and the gateway; the
 * booking is a 1-minute appointment starting within a minute, so a run takes about two minutes.
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
import { everyDayHours } from '../support/catalog-seed.ts';

const name = process.argv[2];
if (!name) {
  console.error('usage: record-attendance.ts <history name>');
  process.exit(2);
}
const KEY = 'record-admin-key-0123456789abcdef';
const cli = await findTemporalCli({ searchPath: process.env.PATH ?? '', cacheDirs: [path.join(os.homedir(), '.cache', 'slotflow', 'bin')] });
if (!cli) throw new Error('no Temporal CLI found');
const server = await startDevServer({ cliPath: cli, port: 0, uiPort: false });
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'slotflow-record-'));
const database = await openDatabase({ kind: 'pglite', dataDir });
await migrate(database);
const { db } = database;
const links = createLinkSigner('record-link-secret-0123456789abcdef-0123456789', 'http://slotflow.test');
const worker = await startWorker({ address: server.address, namespace: 'default', taskQueue: 'record', db, links });
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
  const provider = (await db.insertInto('providers').values({ name: 'Dr. Record', time_zone: 'UTC', weekly_hours: everyDayHours() }).returning('id').executeTakeFirstOrThrow()).id;
  const service = (
    await db.insertInto('services').values({ name: 'One minute', duration_minutes: 1, minimum_notice_minutes: 0, maximum_advance_days: 2, reminder_offsets_minutes: [] }).returning('id').executeTakeFirstOrThrow()
  ).id;
  await db.insertInto('provider_services').values({ provider_id: provider, service_id: service }).execute();
  // The next whole minute ≥ 20 s ahead of the real now: a slot of the UTC provider open 00:00–24:00 at any instant.
  const start = Math.ceil((Date.now() + 20_000) / 60_000) * 60_000;
  const created = await app.inject({ method: 'POST', url: '/v1/bookings', payload: { serviceId: service, start: new Date(start).toISOString(), timeZone: 'UTC', customer: { name: 'Ada', email: 'ada@example.com' } } });
  if (created.statusCode !== 201) throw new Error(`booking: ${created.statusCode} ${created.body}`);
  const id = (created.json() as { id: string }).id;
  await new Promise((r) => setTimeout(r, start - Date.now() + 2_000));
  const marked = await app.inject({ method: 'POST', url: `/v1/admin/bookings/${id}/attendance`, headers: { authorization: `Bearer ${KEY}` }, payload: { attendance: 'no_show' } });
  if (marked.statusCode !== 200) throw new Error(`attendance: ${marked.statusCode} ${marked.body}`);
  console.log('marked no_show:', JSON.stringify(marked.json()));
  const handle = temporal.client.workflow.getHandle(workflowIdOf(id));
  await handle.result();
  const history = await handle.fetchHistory();
  const file = path.join(import.meta.dirname, '..', 'histories', `${name}.json`);
  fs.writeFileSync(file, historyToJSON(history));
  const row = await db.selectFrom('bookings').select(['status', 'attendance']).where('id', '=', id).executeTakeFirstOrThrow();
  console.log(`wrote ${file} (${history.events?.length ?? 0} events); booking ${row.status} / ${row.attendance}`);
} finally {
  await app.close();
  await temporal.close();
  await worker.stop();
  await database.close();
  await server.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
}
