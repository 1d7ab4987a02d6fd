/**
 * Booking benchmark (`npm run bench:booking`): POST /v1/bookings round trip — availability re-check,
 * update-with-start, reserve activity inserting under the exclusion constraint — at 1 and 32 concurrent
 * clients, on a real dev server (in memory) and PGlite / PostgreSQL — a plain booking and one with an
 * e-mail and two reminders. Beside it, the floor measured in the same run: an empty update-with-start on
 * the same server, plus one insert transaction. Per call it also prints the CPU time of this process and
 * of the dev server and the SQL statements sent (see the README's benchmark section).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { pino } from 'pino';
import { openDatabase, type Database } from '../src/db/database.ts';
import { migrate } from '../src/db/migrator.ts';
import { buildGateway } from '../src/gateway/app.ts';
import { createGatewayMetrics } from '../src/gateway/metrics.ts';
import { findTemporalCli } from '../src/temporal/cli-provision.ts';
import { connectTemporal } from '../src/temporal/client.ts';
import { startDevServer } from '../src/temporal/dev-server.ts';
import { startWorker } from '../src/temporal/worker.ts';
import { runOnCluster } from './booking-cluster.ts';
import { bodies, countQueries, headline, rounds, seedCatalogue, selfCpuMs, startFloor, type CpuSources, type Round } from './booking-rounds.ts';
import { cpuMs } from './proc-stats.ts';

/** Gateway and worker in this process on `database`, against the dev server at `address`. */
async function runEmbedded(kind: string, database: Database, address: string, serverPid: number): Promise<Round[]> {
  await migrate(database);
  const db = database.db.withPlugin(countQueries);
  const catalogue = await seedCatalogue(db);
  const taskQueue = `bench-${randomUUID()}`;
  const worker = await startWorker({ address, namespace: 'default', taskQueue, db });
  const temporal = await connectTemporal(address, 'default');
  const app = await buildGateway(
    {
      db,
      temporal,
      taskQueue,
      adminApiKey: 'bench-admin-key-0123456789abcdef',
      version: 'bench',
      metrics: createGatewayMetrics(),
      checks: { database: async () => {}, temporal: async () => {} },
      clock: () => new Date(),
      bookings: { holdTtlMs: 600_000, attendanceGraceMs: 3_600_000 },
    },
    { logger: pino({ level: 'silent' }), rateLimitPerMinute: 10_000_000, bodyLimitBytes: 1_048_576 },
  );
  await app.listen({ port: 0, host: '127.0.0.1' });
  const port = (app.server.address() as { port: number }).port;
  const b = bodies(catalogue);
  const floor = await startFloor(address, db, catalogue, b.floorBase);
  const cpu: CpuSources = { slotflow: selfCpuMs, server: () => processCpu(serverPid), inProcess: true };
  try {
    return await rounds(kind, { url: `http://127.0.0.1:${port}`, clients: clientCounts(), floor: floor.call, floorCpu: cpu, bookingCpu: cpu, bodies: b });
  } finally {
    await app.close();
    await temporal.close();
    await floor.stop();
    await worker.stop();
  }
}

/** The process's CPU so far, or undefined once it is gone. */
function processCpu(pid: number): number | undefined {
  try {
    return cpuMs(pid);
  } catch {
    return undefined;
  }
}

/** BENCH_CLIENTS=1 for a quick run. */
const clientCounts = () => (process.env.BENCH_CLIENTS ?? '1,32').split(',').map(Number);

const adminUrl = () => process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

const connects = (client: pg.Client) =>
  client.connect().then(
    () => true,
    () => false,
  );

/** A fresh database `name` on the PostgreSQL at TEST_DATABASE_URL; undefined when it is unreachable. */
async function freshPostgres(name: string): Promise<string | undefined> {
  const admin = new pg.Client({ connectionString: adminUrl(), connectionTimeoutMillis: 2000 });
  if (!(await connects(admin))) return undefined;
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const u = new URL(adminUrl());
  u.pathname = `/${name}`;
  return u.toString();
}

const cli = await findTemporalCli({
  explicitPath: process.env.TEMPORAL_CLI_PATH,
  searchPath: process.env.PATH,
  cacheDirs: [path.join(os.homedir(), '.cache', 'slotflow', 'bin')],
});
if (!cli) throw new Error('No Temporal CLI: run `npm run slotflow -- temporal install --dir ~/.cache/slotflow/bin`');
// BENCH_DATABASES=pglite,postgres,cluster (default all three) picks the runs.
const runs = (process.env.BENCH_DATABASES ?? 'pglite,postgres,cluster').split(',');
const summary: Record<string, ReturnType<typeof headline> & Record<string, unknown>> = {};
const server = await startDevServer({ cliPath: cli, port: 0, uiPort: false });
console.log(`booking benchmark — ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, node ${process.version}, dev server ${server.address}`);
try {
  if (runs.includes('pglite')) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slotflow-bench-'));
    const lite = await openDatabase({ kind: 'pglite', dataDir: path.join(dir, 'pg') });
    summary.pglite = headline(await runEmbedded('PGlite', lite, server.address, server.pid));
    await lite.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  if (runs.includes('postgres')) {
    const url = await freshPostgres('slotflow_bench_booking');
    if (url) {
      const database = await openDatabase({ kind: 'postgres', url, maxConnections: 40 });
      summary.postgres = headline(await runEmbedded('PostgreSQL', database, server.address, server.pid));
      await database.close();
    } else console.log('\n(PostgreSQL not reachable: skipped)');
  }
} finally {
  await server.stop();
}
if (runs.includes('cluster')) {
  // The cluster keeps Temporal and slotflow in the PostgreSQL at TEST_DATABASE_URL (Go binaries: built on first use).
  const probe = new pg.Client({ connectionString: adminUrl(), connectionTimeoutMillis: 2000 });
  if (await connects(probe)) {
    await probe.end();
    Object.assign(summary, await runOnCluster({ adminUrl: adminUrl(), redisUrl: process.env.TEST_REDIS_URL, clients: clientCounts() }));
  } else console.log('\n(PostgreSQL not reachable: the cluster run skipped)');
}
console.log(JSON.stringify(summary));
