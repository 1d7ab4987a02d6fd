/**
 * `npm run bench:scale` — the production shape at scale (issue #18): many bookings asleep in their workflows,
 * then a burst of reminders falling due in the same minute.
 *
 * Starts its own cluster like the chaos run (src/cluster, databases slotflow_scale, temporal_scale*, dropped
 * first; e-mail into a local SMTP sink; no UI), then:
 *
 *   1. books BENCH_SCALE_BOOKINGS (10,000) confirmed 30-minute bookings 21+ days ahead through HAProxy from
 *      BENCH_SCALE_CLIENTS (8) concurrent clients; waits for every confirmation e-mail and idle workers;
 *      measures each worker's RSS, the Temporal server's, the databases' sizes and the running workflows;
 *   2. books BENCH_SCALE_BURST (1,000) one-minute bookings, one per provider, all starting at T + 60 min with
 *      a 60-minute reminder, so every reminder falls due at the minute T (far enough ahead that the booking
 *      at phase 1's rate ends ≥ 30 s before it); waits until T + 5 min at most for the reminders and
 *      measures their lag (sink arrival − the reminder row's `when`).
 *
 * Prints a table, then as the last stdout line one JSON object (the figures). Exit 1 when a target fails
 * (checks below), 2 when the run could not be made. Progress goes to stderr.
 *
 * Environment: BENCH_SCALE_BOOKINGS, BENCH_SCALE_BURST, BENCH_SCALE_CLIENTS; WORKER_MAX_CACHED_WORKFLOWS
 * (default BENCH_CACHE; set it empty for the SDK's default), WORKER_MAX_CONCURRENT_WORKFLOW_TASKS and
 * WORKER_MAX_CONCURRENT_ACTIVITIES go to the workers as they are; TEST_DATABASE_URL (an admin URL of the
 * PostgreSQL to use), TEST_REDIS_URL; BENCH_KEEP_CLUSTER=1 leaves the cluster running.
 */
import os from 'node:os';
import { Client, Connection } from '@temporalio/client';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { databaseNames, REPO_ROOT, type ClusterInfo } from '../src/cluster/cluster.ts';
import { readState, sleep, waitFor } from '../src/cluster/processes.ts';
import type { DB } from '../src/db/schema.ts';
import { IDEMPOTENCY_HEADER } from '../src/transports/smtp.transport.ts';
import { startThrowawayCluster, type ThrowawayCluster } from '../test/support/throwaway-cluster.ts';
import { everyDayHours, insertProvider, insertService } from '../test/support/factories.ts';
import { startSmtpFake, type ReceivedMail } from '../test/support/fakes/smtp.ts';
import { timeConcurrently } from './concurrently.ts';
import { cpuPerBooking, cpuSnapshot, memoryMb, resetPeak, settle } from './proc-stats.ts';

/**
 * The workers' WORKER_MAX_CACHED_WORKFLOWS unless the environment sets it: 250 per worker. A sleeping
 * booking in the cache costs ~0.15–0.25 MB (small runs: 300 bookings, cache 20 vs 1000), a worker idles at
 * ~300 MB (its workflows bundled in a child process) and grows under load, so 1,000 cached would pass 500 MB;
 * an evicted booking is replayed from its short history when its reminder wakes it (CPU, not correctness —
 * the burst measures that).
 */
const BENCH_CACHE = 250;
const env = process.env;
const N = Number(env.BENCH_SCALE_BOOKINGS ?? 10_000);
const BURST = Number(env.BENCH_SCALE_BURST ?? 1000);
/**
 * Concurrent clients while creating. 8: on this 2-core machine the cluster saturates at ~9 bookings/s
 * (bench:booking: ~200 ms of CPU per booking across Temporal, PostgreSQL and slotflow); 32 clients only
 * queue — past the gateway's 10 s deadline on Temporal, answered 503 — at the same rate.
 */
const CLIENTS = Number(env.BENCH_SCALE_CLIENTS ?? 8);
const SLEEPING_PROVIDERS = 100;
/** Names the databases: slotflow_scale, temporal_scale, temporal_scale_visibility. */
const NAME = 'scale';
const MINUTE = 60_000;
const DAY = 86_400_000;
/** Targets (issue #18): exit 1 when one fails. */
const TARGET = { workerRssMb: 500, burstLagP99S: 30, failedShare: 0.005 };

const mb = (bytes: number) => Math.round(bytes / 1_048_576);
const round1 = (x: number) => Math.round(x * 10) / 10;
const pct = (sorted: number[], p: number) => (sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!);
const log = (line: string) => console.error(line);

/**
 * The sink's deliveries by idempotency key (`<booking>:confirmation:<version>`, `<booking>:reminder:<reminder
 * id>`, see src/use-cases/deliver-booking-message.ts): the arrival times of each, read on every call from
 * where the last call stopped.
 */
function deliveryIndex(mails: ReceivedMail[]): () => Map<string, number[]> {
  const byKey = new Map<string, number[]>();
  let seen = 0;
  return () => {
    for (; seen < mails.length; seen++) {
      const m = mails[seen]!;
      const key = m.parsed.headers.get(IDEMPOTENCY_HEADER.toLowerCase()); // mailparser keys headers in lower case
      if (typeof key === 'string') byKey.set(key, [...(byKey.get(key) ?? []), m.receivedAt]);
    }
    return byKey;
  };
}

/** The booking ids whose message of `kind` reached the sink. */
const reached = (byKey: Map<string, number[]>, kind: 'confirmation' | 'reminder') =>
  new Set([...byKey.keys()].filter((k) => k.includes(`:${kind}:`)).map((k) => k.split(':')[0]!));

type Slot = { serviceId: string; providerId: string; start: Date };
type Booked = { ids: string[]; failures: Record<string, number>; seconds: number; p50: number; p99: number };

/** POSTs one confirmed booking per slot through `url`, `CLIENTS` at a time; counts every answer but 201. */
async function bookAll(url: string, slots: Slot[], tag: string): Promise<Booked> {
  const ids: string[] = [];
  const failures: Record<string, number> = {};
  const fail = (what: string) => (failures[what] = (failures[what] ?? 0) + 1);
  const timed = await timeConcurrently(slots.length, CLIENTS, async (i) => {
    const s = slots[i]!;
    const body = {
      serviceId: s.serviceId,
      providerId: s.providerId,
      start: s.start.toISOString(),
      timeZone: 'UTC',
      customer: { name: 'Scale', email: `${tag}-${i}@scale.test` },
    };
    try {
      const res = await fetch(`${url}/v1/bookings`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(60_000),
      });
      const answer = (await res.json().catch(() => ({}))) as { id?: string; code?: string };
      if (res.status === 201 && answer.id) return void ids.push(answer.id);
      fail(`${res.status} ${answer.code ?? ''}`.trim());
    } catch (err) {
      fail((err as Error).name);
    }
    return false; // not a booking: not in the latencies
  });
  const lat = timed.latencies.sort((a, b) => a - b);
  return { ids, failures, seconds: timed.seconds, p50: pct(lat, 50), p99: pct(lat, 99) };
}

const failed = (b: Booked) => Object.values(b.failures).reduce((s, n) => s + n, 0);
const failuresText = (b: Booked) =>
  Object.entries(b.failures)
    .map(([k, n]) => `${n} × ${k}`)
    .join(', ') || 'none';

type Check = { name: string; ok: boolean; figures: string };

async function main(): Promise<boolean> {
  const admin = new pg.Client({ connectionString: env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres' });
  await admin.connect();
  // The workers' cache and concurrency: this process's WORKER_MAX_*, the cache BENCH_CACHE unless set.
  const tuning: Record<string, string> = { WORKER_MAX_CACHED_WORKFLOWS: String(BENCH_CACHE) };
  for (const k of ['WORKER_MAX_CACHED_WORKFLOWS', 'WORKER_MAX_CONCURRENT_WORKFLOW_TASKS', 'WORKER_MAX_CONCURRENT_ACTIVITIES']) {
    if (env[k] !== undefined) tuning[k] = env[k];
  }
  const sink = await startSmtpFake();
  let cluster: ThrowawayCluster | undefined;
  let ok = false;
  try {
    cluster = await startThrowawayCluster({
      name: NAME,
      adminUrl: env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
      redisUrl: env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379',
      env: {
        SMTP_URL: sink.url,
        EMAIL_FROM: 'Scale Clinic <clinic@scale.test>',
        RATE_LIMIT_PER_MINUTE: '100000000',
        HOLDS_PER_CLIENT: '0',
        HOLDS_PER_CONTACT: '0',
        BOOKINGS_PER_CONTACT: '0',
        LOG_LEVEL: 'warn',
        ...tuning,
      },
      log: (l) => log(`  ${l}`),
    });
    ok = await measure(cluster.info, { admin, sink: sink.messages, dir: cluster.dir, tuning });
    return ok;
  } finally {
    await admin.end().catch(() => {});
    if (cluster && env.BENCH_KEEP_CLUSTER) log(`cluster left running: ${cluster.dir} (${cluster.info.url}, temporal ${cluster.info.temporalAddress})`);
    else await cluster?.down({ removeDir: ok }).catch((err: Error) => log(`cluster down: ${err.message}`));
    await sink.close();
    if (cluster && (!ok || env.BENCH_KEEP_CLUSTER)) log(`logs kept in ${cluster.dir}/logs`);
  }
}

type Memory = { name: string; rss: number; hwm: number };
/** What both phases read: the cluster, its processes, the sink. */
type Run = {
  url: string;
  kdb: Kysely<DB>;
  admin: pg.Client;
  temporal: Client;
  deliveries: () => Map<string, number[]>;
  workers: { name: string; pid: number }[];
  serverPid: number;
  /** Every process of the cluster. */
  processes: { name: string; pid: number }[];
};
const workerMemory = (run: Run): Memory[] => run.workers.map((w) => ({ name: w.name, ...memoryMb(w.pid) }));
const workerPids = (run: Run) => run.workers.map((w) => w.pid);

/** The catalogue: "Sleeping" on 100 providers, "Burst" on BURST (one burst booking each). */
async function catalogue(kdb: Kysely<DB>) {
  const provider = (n: string) => insertProvider(kdb, { name: n, time_zone: 'UTC', weekly_hours: everyDayHours() });
  const sleepers = await Promise.all(Array.from({ length: SLEEPING_PROVIDERS }, (_, i) => provider(`Sleeping ${i}`)));
  const bursters = await Promise.all(Array.from({ length: BURST }, (_, i) => provider(`Burst ${i}`)));
  const sleeping = await insertService(kdb, {
    name: 'Sleeping',
    duration_minutes: 30,
    slot_interval_minutes: 30,
    reminder_offsets_minutes: [1440, 60],
    maximum_advance_days: 700,
    providers: sleepers,
  });
  const burst = await insertService(kdb, { name: 'Burst', duration_minutes: 1, slot_interval_minutes: 1, reminder_offsets_minutes: [60], providers: bursters });
  return { sleepers, bursters, sleeping, burst };
}

/**
 * Phase 1: N bookings asleep (booking n: provider n mod 100, its half-hour n div 100 from midnight 21 days on),
 * measured once every confirmation reached the sink and the workers are idle.
 */
async function phase1(run: Run, serviceId: string, providers: string[]) {
  log(`== phase 1: ${N} bookings, ${CLIENTS} clients`);
  const baseline = workerMemory(run);
  const peaksReset = [...workerPids(run), run.serverPid].map(resetPeak).every(Boolean);
  const from = Math.ceil(Date.now() / DAY) * DAY + 21 * DAY;
  const slots = Array.from({ length: N }, (_, n) => ({
    serviceId,
    providerId: providers[n % SLEEPING_PROVIDERS]!,
    start: new Date(from + Math.floor(n / SLEEPING_PROVIDERS) * 30 * MINUTE),
  }));
  const cpu0 = cpuSnapshot(run.processes);
  const booked = await bookAll(run.url, slots, 'sleeping');
  const rate = booked.ids.length / booked.seconds;
  log(`  ${booked.ids.length} × 201 in ${round1(booked.seconds)} s (${round1(rate)}/s); failures: ${failuresText(booked)}`);
  const confirmed = await waitFor(
    'every confirmation in the sink',
    async () => {
      const got = reached(run.deliveries(), 'confirmation');
      return booked.ids.every((id) => got.has(id)) && got;
    },
    120_000 + 50 * N,
  ).catch((err: Error) => {
    log(`  ${err.message}`);
    return reached(run.deliveries(), 'confirmation');
  });
  const idle = await settle(workerPids(run));
  // Until the workflows have settled: a booking's work after its answer (confirmation, reminder rows) counts.
  const cpu = cpuPerBooking(cpu0, cpuSnapshot(run.processes), N);
  const sizes = await run.admin.query<{ datname: string; bytes: string }>(
    'SELECT datname, pg_database_size(datname)::text AS bytes FROM pg_database WHERE datname = ANY($1)',
    [Object.values(databaseNames(NAME))],
  );
  // Visibility is written asynchronously: give it a moment to count every workflow.
  const query = 'WorkflowType IN ("bookingWorkflow", "bookingWorkflowV2") AND ExecutionStatus="Running"';
  const count = async () => (await run.temporal.workflow.count(query)).count;
  const running = await waitFor('the running workflows in visibility', async () => (await count()) >= booked.ids.length, 30_000).then(count, count);
  return {
    booked,
    rate,
    confirmations: booked.ids.filter((id) => confirmed.has(id)).length,
    idle,
    baseline,
    peaksReset,
    memory: workerMemory(run),
    temporal: memoryMb(run.serverPid),
    pgMb: Object.fromEntries(sizes.rows.map((r) => [r.datname, mb(Number(r.bytes))])),
    running,
    cpu,
  };
}

/** Every reminder row with its booking's service. */
const reminderRows = (kdb: Kysely<DB>) =>
  kdb
    .selectFrom('reminders')
    .innerJoin('bookings', 'bookings.id', 'reminders.booking_id')
    .select(['reminders.id', 'reminders.when', 'reminders.status', 'bookings.service_id'])
    .execute();

/** Reminder id → the arrival times of its e-mail (key `<booking>:reminder:<reminder id>`). */
const reminderArrivals = (byKey: Map<string, number[]>) =>
  new Map([...byKey.entries()].filter(([k]) => k.includes(':reminder:')).map(([k, at]) => [k.split(':reminder:')[1]!, at]));

/**
 * Phase 2: one booking per burst provider starting at T + 60 min, its one reminder due at the minute T — T far
 * enough ahead that the booking at phase 1's rate ends ≥ 30 s before it. Waits until every reminder row of a
 * burst booking (the database's, so a booking made despite a failed answer counts too) reached the sink, or
 * T + 5 min; a reminder's lag is its first arrival in the sink − its row's `when`.
 */
async function phase2(run: Run, services: { burst: string; sleeping: string }, providers: string[], rate: number) {
  const T = Math.ceil((Date.now() + (providers.length / Math.max(rate, 1)) * 1000 + 30_000) / MINUTE) * MINUTE;
  log(`== phase 2: ${providers.length} bookings starting ${new Date(T + 60 * MINUTE).toISOString()}, reminders due ${new Date(T).toISOString()}`);
  const start = new Date(T + 60 * MINUTE);
  const booked = await bookAll(
    run.url,
    providers.map((providerId) => ({ serviceId: services.burst, providerId, start })),
    'burst',
  );
  const marginS = round1((T - Date.now()) / 1000);
  log(`  ${booked.ids.length} × 201 in ${round1(booked.seconds)} s, ${marginS} s before T; failures: ${failuresText(booked)}`);
  const burstRows = async () => (await reminderRows(run.kdb)).filter((r) => r.service_id === services.burst);
  await waitFor(
    'every burst reminder in the sink',
    async () => {
      const [rows, arrivals] = [await burstRows(), reminderArrivals(run.deliveries())];
      return rows.length >= booked.ids.length && rows.every((r) => arrivals.has(r.id));
    },
    Math.max(0, T + 5 * MINUTE - Date.now()),
  ).catch((err: Error) => log(`  ${err.message}`));
  await sleep(2_000); // a second delivery of the same reminder would come about now
  const byKey = run.deliveries();
  const arrivals = reminderArrivals(byKey);
  const rows = await reminderRows(run.kdb);
  const burst = rows.filter((r) => r.service_id === services.burst);
  const sleeping = rows.filter((r) => r.service_id === services.sleeping);
  const lags = burst
    .filter((r) => arrivals.has(r.id))
    .map((r) => (arrivals.get(r.id)![0]! - r.when.getTime()) / 1000)
    .sort((a, b) => a - b);
  return {
    booked,
    marginS,
    reminders: burst.length,
    delivered: lags.length,
    lag: { p50: round1(pct(lags, 50)), p99: round1(pct(lags, 99)), max: round1(lags.at(-1) ?? NaN) },
    twice: [...byKey.values()].filter((at) => at.length > 1).length,
    remindersTwice: [...arrivals.values()].filter((at) => at.length > 1).length,
    sleepingNotScheduled: sleeping.filter((r) => r.status !== 'scheduled').length,
    sleepingMailed: sleeping.filter((r) => arrivals.has(r.id)).length,
    memory: workerMemory(run),
  };
}

const memText = (m: Memory[]) => m.map((w) => `${w.name} ${w.rss} MB (peak ${w.hwm})`).join(', ');

/** Prints the table and, as the last line, the JSON figures; true when every target holds. */
function report(p1: Awaited<ReturnType<typeof phase1>>, p2: Awaited<ReturnType<typeof phase2>>, maxCachedWorkflows: string): boolean {
  const workerRssMb = Math.max(...p1.memory.map((w) => w.rss));
  const peaks = p1.peaksReset ? 'peaks since phase 1 began' : 'peaks since start';
  const checks: Check[] = [
    {
      name: 'phase 1 bookings 201 (≥ 99.5 %)',
      ok: failed(p1.booked) <= TARGET.failedShare * N,
      figures: `${p1.booked.ids.length}/${N}; failures: ${failuresText(p1.booked)}`,
    },
    {
      name: 'phase 1 create rate',
      ok: true,
      figures: `${round1(p1.rate)}/s (${CLIENTS} clients; p50 ${Math.round(p1.booked.p50)} ms, p99 ${Math.round(p1.booked.p99)} ms)`,
    },
    {
      name: 'phase 1 CPU per booking (ms)',
      ok: true,
      figures: Object.entries(p1.cpu)
        .map(([k, ms]) => `${k} ${ms}`)
        .join(', '),
    },
    { name: 'confirmations delivered', ok: p1.confirmations === p1.booked.ids.length, figures: `${p1.confirmations}/${p1.booked.ids.length}` },
    { name: 'sleeping workflows running', ok: p1.running >= p1.booked.ids.length, figures: `${p1.running} running; workers idle: ${p1.idle ? 'yes' : 'no'}` },
    {
      name: `worker RSS after phase 1 ≤ ${TARGET.workerRssMb} MB`,
      ok: workerRssMb <= TARGET.workerRssMb,
      figures: `${memText(p1.memory)} (${peaks}); idle before phase 1: ${p1.baseline.map((w) => `${w.name} ${w.rss} MB`).join(', ')}`,
    },
    { name: 'Temporal server RSS after phase 1', ok: true, figures: `${p1.temporal.rss} MB (peak ${p1.temporal.hwm}, ${peaks})` },
    {
      name: 'database sizes after phase 1',
      ok: true,
      figures: Object.entries(p1.pgMb)
        .map(([d, s]) => `${d} ${s} MB`)
        .join(', '),
    },
    {
      name: 'burst bookings 201 (≥ 99.5 %)',
      ok: failed(p2.booked) <= TARGET.failedShare * BURST,
      figures: `${p2.booked.ids.length}/${BURST} in ${round1(p2.booked.seconds)} s, done ${p2.marginS} s before T; failures: ${failuresText(p2.booked)}`,
    },
    {
      name: 'burst reminders delivered',
      ok: p2.delivered === p2.reminders && p2.reminders >= p2.booked.ids.length,
      figures: `${p2.delivered}/${p2.reminders} reminder rows`,
    },
    {
      name: `burst reminder lag p99 ≤ ${TARGET.burstLagP99S} s`,
      ok: p2.lag.p99 <= TARGET.burstLagP99S,
      figures: `p50 ${p2.lag.p50} s, p99 ${p2.lag.p99} s, max ${p2.lag.max} s`,
    },
    { name: 'no reminder delivered twice', ok: p2.remindersTwice === 0, figures: `${p2.remindersTwice} reminders twice (${p2.twice} messages of any kind)` },
    {
      name: 'no sleeping reminder sent',
      ok: p2.sleepingNotScheduled + p2.sleepingMailed === 0,
      figures: `${p2.sleepingNotScheduled} rows not scheduled, ${p2.sleepingMailed} e-mails`,
    },
    { name: 'worker RSS at the end', ok: true, figures: `${memText(p2.memory)} (${peaks})` },
  ];
  const ok = checks.every((c) => c.ok);
  console.log(
    `\nscale benchmark — ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, node ${process.version}, ${N} + ${BURST} bookings, ${CLIENTS} clients`,
  );
  console.log(
    ['', '| measure | result | figures |', '|---|---|---|', ...checks.map((c) => `| ${c.name} | ${c.ok ? 'ok' : 'FAILED'} | ${c.figures} |`), ''].join('\n'),
  );
  console.log(
    JSON.stringify({
      sleepingBookings: p1.booked.ids.length,
      createPerSecond: round1(p1.rate),
      workerRssMb,
      burstReminders: p2.delivered,
      burstLagP50S: p2.lag.p50,
      burstLagP99S: p2.lag.p99,
      remindersSentTwice: p2.remindersTwice,
      ok,
      burstLagMaxS: p2.lag.max,
      burstMarginS: p2.marginS,
      runningWorkflows: p1.running,
      cpuMsPerBooking: p1.cpu,
      failedRequests: failed(p1.booked) + failed(p2.booked),
      maxCachedWorkflows: maxCachedWorkflows || 'sdk default',
      workers: p1.memory.map((w, i) => ({
        name: w.name,
        baselineMb: p1.baseline[i]!.rss,
        phase1Mb: w.rss,
        endMb: p2.memory[i]!.rss,
        peakMb: p2.memory[i]!.hwm,
      })),
      temporalRssMb: p1.temporal.rss,
      pgMb: p1.pgMb,
    }),
  );
  return ok;
}

async function measure(info: ClusterInfo, ctx: { admin: pg.Client; sink: ReceivedMail[]; dir: string; tuning: Record<string, string> }): Promise<boolean> {
  const pool = new pg.Pool({ connectionString: info.databaseUrl, max: 3 });
  pool.on('error', () => {});
  const kdb = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  const connection = await Connection.connect({ address: info.temporalAddress });
  const processes = readState(ctx.dir)!.processes;
  const run: Run = {
    url: info.url,
    kdb,
    admin: ctx.admin,
    temporal: new Client({ connection, namespace: 'default' }),
    deliveries: deliveryIndex(ctx.sink),
    workers: processes.filter((p) => p.name.startsWith('worker-')),
    processes,
    serverPid: processes.find((p) => p.name === 'temporal-server')!.pid,
  };
  try {
    log('== catalogue');
    const c = await catalogue(kdb);
    await settle(workerPids(run), 30_000);
    const p1 = await phase1(run, c.sleeping, c.sleepers);
    const p2 = await phase2(run, c, c.bursters, p1.rate);
    return report(p1, p2, ctx.tuning.WORKER_MAX_CACHED_WORKFLOWS!);
  } finally {
    await connection.close().catch(() => {});
    await kdb.destroy().catch(() => {});
  }
}

process.chdir(REPO_ROOT);
main().then(
  (ok) => process.exit(ok ? 0 : 1),
  (err: Error) => {
    console.error(`bench:scale: could not run: ${err.stack ?? err.message}`);
    process.exit(2);
  },
);
