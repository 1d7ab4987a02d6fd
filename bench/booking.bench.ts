/**
 * Booking benchmark (`npm run bench:booking`): POST /v1/bookings round trip — availability re-check,
 * update-with-start, reserve activity inserting under the exclusion constraint — at 1 and 32 concurrent
 * clients, on a real dev server (in memory) and PGlite / PostgreSQL — a plain booking and one with an
 * e-mail and two reminders. Beside it, the floor measured in the same run: an empty update-with-start on
 * the same server, plus one insert transaction. Per call it also prints the CPU time of this process and
 * of the dev server and the SQL statements sent (see the README's benchmark section).
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import inspector from 'node:inspector/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client, Connection, WithStartWorkflowOperation } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import type { KyselyPlugin } from 'kysely';
import pg from 'pg';
import { pino } from 'pino';
import { insertBooking } from '../src/db/booking.repository.ts';
import { openDatabase, type Database } from '../src/db/database.ts';
import { migrate } from '../src/db/migrator.ts';
import { buildGateway } from '../src/gateway/app.ts';
import { createGatewayMetrics } from '../src/gateway/metrics.ts';
import { findTemporalCli } from '../src/temporal/cli-provision.ts';
import { connectTemporal } from '../src/temporal/client.ts';
import { startDevServer } from '../src/temporal/dev-server.ts';
import { startWorker } from '../src/temporal/worker.ts';
import { timeConcurrently, type Timed } from './concurrently.ts';
import { noopUpdate, noopWorkflow } from './floor/noop.workflow.ts';

const PER_RUN = 200;

function pct(sorted: number[], p: number) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** CPU time (ms) the dev server process has used so far (Linux /proc; undefined elsewhere). */
function serverCpuMs(pid: number): number | undefined {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime + stime, in USER_HZ (100)
  } catch {
    return undefined;
  }
}

type Result = { p50: number; p99: number; perSecond: number; nodeCpuMs: number; serverCpuMs: number | undefined; queries: number };

/** SQL statements sent through Kysely (BEGIN / COMMIT not included), counted by a plugin on the bench's db. */
let queriesSent = 0;
const countQueries: KyselyPlugin = {
  transformQuery(args) {
    queriesSent++;
    return args.node;
  },
  transformResult: async (args) => args.result,
};

/**
 * Waits until this process and the dev server are idle (together under 10 % of one core for two 250 ms
 * windows in a row, at most 15 s): a booking's workflow goes on after the answer (calendar step, confirmation,
 * reminders), and that work belongs to the bookings' CPU figures, not to the next measurement.
 */
async function settle(): Promise<void> {
  let quiet = 0;
  for (let i = 0; i < 60 && quiet < 2; i++) {
    const cpu0 = process.cpuUsage();
    const server0 = serverCpuMs(serverPid) ?? 0;
    await new Promise((r) => setTimeout(r, 250));
    const c = process.cpuUsage(cpu0);
    const busyMs = (c.user + c.system) / 1000 + ((serverCpuMs(serverPid) ?? 0) - server0);
    quiet = busyMs < 0.05 * 250 * 2 ? quiet + 1 : 0;
  }
}

/** POSTs each body once from a child process (bench/http-load.ts), `concurrency` at a time. */
async function overHttp(url: string, bodies: string[], concurrency: number): Promise<Timed> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', fileURLToPath(new URL('./http-load.ts', import.meta.url)), JSON.stringify({ url, bodies, concurrency })],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  let out = '';
  child.stdout.on('data', (b: Buffer) => (out += b.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`http-load exited with ${code}`);
  return JSON.parse(out) as Timed;
}

/**
 * Measures `drive` (the calls): sorted latencies' p50/p99, throughput, and the CPU time per call of this
 * process (gateway, Temporal client, worker, PGlite — not the HTTP load generator) and of the dev server.
 * The HTTP child's start-up (~0.3 s) falls inside the measured CPU window of neither process.
 */
async function load(n: number, drive: () => Promise<Timed>): Promise<Result> {
  const cpu0 = process.cpuUsage();
  const server0 = serverCpuMs(serverPid);
  const queries0 = queriesSent;
  const { latencies: lat, seconds } = await drive();
  await settle();
  const cpu = process.cpuUsage(cpu0);
  const server1 = serverCpuMs(serverPid);
  lat.sort((a, b) => a - b);
  return {
    p50: pct(lat, 50),
    p99: pct(lat, 99),
    perSecond: n / seconds,
    nodeCpuMs: (cpu.user + cpu.system) / 1000 / n,
    serverCpuMs: server0 === undefined || server1 === undefined ? undefined : (server1 - server0) / n,
    queries: (queriesSent - queries0) / n,
  };
}

/** BENCH_PROFILE=dir: a CPU profile of this process's main thread during `fn`, written to dir/<name>.cpuprofile. */
async function profiled<T>(name: string, fn: () => Promise<T>): Promise<T> {
  const dir = process.env.BENCH_PROFILE;
  if (!dir) return fn();
  const session = new inspector.Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  try {
    return await fn();
  } finally {
    const { profile } = await session.post('Profiler.stop');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, `${name}.cpuprofile`), JSON.stringify(profile));
    session.disconnect();
  }
}

const line = (label: string, r: Result) =>
  console.log(
    `  ${label.padEnd(48)} p50 ${r.p50.toFixed(1).padStart(7)} ms   p99 ${r.p99.toFixed(1).padStart(7)} ms   ${r.perSecond.toFixed(0).padStart(5)}/s` +
      `   per call: cpu node ${r.nodeCpuMs.toFixed(1)} ms, dev server ${r.serverCpuMs?.toFixed(1) ?? '?'} ms; ${r.queries.toFixed(1)} SQL`,
  );

async function run(kind: string, database: Database, address: string) {
  await migrate(database);
  const db = database.db.withPlugin(countQueries);
  const hours = JSON.stringify(Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [['00:00', '24:00']]])));
  const providers = await db
    .insertInto('providers')
    .values(Array.from({ length: 4 }, (_, i) => ({ name: `P${i}`, time_zone: 'UTC', weekly_hours: hours })))
    .returning('id')
    .execute();
  const svc = await db
    .insertInto('services')
    .values({ name: 'Bench', duration_minutes: 15, maximum_advance_days: 700, reminder_offsets_minutes: [] })
    .returning('id')
    .executeTakeFirstOrThrow();
  // The same with what a real booking usually has: a customer e-mail (confirmation into the outbox) and two
  // reminders (two rows, two timers).
  const full = await db
    .insertInto('services')
    .values({ name: 'Bench, reminders', duration_minutes: 15, maximum_advance_days: 700, reminder_offsets_minutes: [1440, 60] })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('provider_services')
    .values(providers.flatMap((p) => [svc.id, full.id].map((service_id) => ({ provider_id: p.id, service_id }))))
    .execute();

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

  // Distinct slots, so every request is a real booking: 15-minute slots from tomorrow on.
  let slot = 0;
  const base = Math.ceil(Date.now() / 86_400_000 + 1) * 86_400_000;
  const nextStart = () => new Date(base + slot++ * 15 * 60_000).toISOString();
  const bookings = (n: number) =>
    Array.from({ length: n }, () => JSON.stringify({ serviceId: svc.id, start: nextStart(), timeZone: 'UTC', customer: { name: 'Bench' } }));
  const book = (n: number, c: number) => () => overHttp(`http://127.0.0.1:${port}/v1/bookings`, bookings(n), c);
  // Realistic ones from 30 days on (so both reminders lie ahead).
  let fullSlot = 0;
  const fullBase = base + 30 * 86_400_000;
  const fullBookings = (n: number) =>
    Array.from({ length: n }, () =>
      JSON.stringify({
        serviceId: full.id,
        start: new Date(fullBase + fullSlot++ * 15 * 60_000).toISOString(),
        timeZone: 'UTC',
        customer: { name: 'Bench', email: 'bench@example.com' },
      }),
    );
  const bookFull = (n: number, c: number) => () => overHttp(`http://127.0.0.1:${port}/v1/bookings`, fullBookings(n), c);

  // Floor: an empty update-with-start on the same server + one insert transaction.
  const floorQueue = `${taskQueue}-floor`;
  const floorConn = await NativeConnection.connect({ address });
  const floorWorker = await Worker.create({
    connection: floorConn,
    taskQueue: floorQueue,
    workflowsPath: fileURLToPath(new URL('./floor/noop.workflow.ts', import.meta.url)),
  });
  const floorRun = floorWorker.run();
  const conn = await Connection.connect({ address });
  const client = new Client({ connection: conn });
  let floorSlot = 0;
  const floorBase = base + 365 * 86_400_000;
  const floor = async () => {
    const op = new WithStartWorkflowOperation(noopWorkflow, { workflowId: `floor-${randomUUID()}`, taskQueue: floorQueue, workflowIdConflictPolicy: 'FAIL' });
    await client.workflow.executeUpdateWithStart(noopUpdate, { args: ['x'], startWorkflowOperation: op });
    const start = floorBase + floorSlot++ * 15 * 60_000;
    await insertBooking(db, {
      serviceId: svc.id,
      providerId: providers[0]!.id,
      start: new Date(start),
      end: new Date(start + 900_000),
      status: 'confirmed',
      customerName: 'Floor',
    });
  };

  console.log(`\n[${kind}]`);
  // BENCH_CLIENTS=1 for a quick run.
  for (const c of (process.env.BENCH_CLIENTS ?? '1,32').split(',').map(Number)) {
    await load(20, () => timeConcurrently(20, c, () => floor())); // warm-up
    await load(20, book(20, c));
    const f = await load(PER_RUN, () => timeConcurrently(PER_RUN, c, () => floor()));
    const b = await profiled(`booking-${kind}-${c}`, () => load(PER_RUN, book(PER_RUN, c)));
    const r = await load(PER_RUN, bookFull(PER_RUN, c));
    line(`floor (update-with-start + insert), ${c} client(s)`, f);
    line(`POST /v1/bookings, ${c} client(s)`, b);
    console.log(`  ratio p99 booking/floor: ${(b.p99 / f.p99).toFixed(2)}×   p50: ${(b.p50 / f.p50).toFixed(2)}×`);
    line(`  … with e-mail + 2 reminders, ${c} client(s)`, r);
    console.log(`  ratio p99 booking/floor: ${(r.p99 / f.p99).toFixed(2)}×   p50: ${(r.p50 / f.p50).toFixed(2)}×`);
  }
  await app.close();
  await temporal.close();
  floorWorker.shutdown();
  await floorRun;
  await floorConn.close();
  await conn.close();
  await worker.stop();
}

/** The same run on a fresh database of the PostgreSQL at TEST_DATABASE_URL (skipped when unreachable). */
async function runOnPostgres(address: string) {
  const admin = new pg.Client({
    connectionString: process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
    connectionTimeoutMillis: 2000,
  });
  const reachable = await admin.connect().then(
    () => true,
    () => false,
  );
  if (reachable) {
    await admin.query('DROP DATABASE IF EXISTS slotflow_bench_booking WITH (FORCE)');
    await admin.query('CREATE DATABASE slotflow_bench_booking');
    await admin.end();
    const u = new URL(process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
    u.pathname = '/slotflow_bench_booking';
    const database = await openDatabase({ kind: 'postgres', url: u.toString(), maxConnections: 40 });
    await run('PostgreSQL', database, address);
    await database.close();
  } else console.log('\n(PostgreSQL not reachable: skipped)');
}

const cli = await findTemporalCli({
  explicitPath: process.env.TEMPORAL_CLI_PATH,
  searchPath: process.env.PATH,
  cacheDirs: [path.join(os.homedir(), '.cache', 'slotflow', 'bin')],
});
if (!cli) throw new Error('No Temporal CLI: run `npm run slotflow -- temporal install --dir ~/.cache/slotflow/bin`');
const server = await startDevServer({ cliPath: cli, port: 0, uiPort: false });
const serverPid = server.pid;
console.log(`booking benchmark — ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, node ${process.version}, dev server ${server.address}`);
try {
  // BENCH_DATABASES=pglite (or postgres) for one of the two.
  const databases = (process.env.BENCH_DATABASES ?? 'pglite,postgres').split(',');
  if (databases.includes('pglite')) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slotflow-bench-'));
    const lite = await openDatabase({ kind: 'pglite', dataDir: path.join(dir, 'pg') });
    await run('PGlite', lite, server.address);
    await lite.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  if (databases.includes('postgres')) await runOnPostgres(server.address);
} finally {
  await server.stop();
}
