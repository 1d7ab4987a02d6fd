/**
 * The booking benchmark's measuring parts (bench/booking.bench.ts runs them embedded, bench/booking-cluster.ts
 * on the production shape): the catalogue and request bodies, the floor (an empty update-with-start plus one
 * insert transaction), and rounds of floor and bookings at each client count with latency, throughput and CPU
 * per call — of slotflow's processes, of the Temporal server, by thread (in-process) or by process (cluster).
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import inspector from 'node:inspector/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client, Connection, WithStartWorkflowOperation } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import type { Kysely, KyselyPlugin } from 'kysely';
import { insertBooking } from '../src/db/booking.repository.ts';
import type { DB } from '../src/db/schema.ts';
import { timeConcurrently, type Timed } from './concurrently.ts';
import { noopUpdate, noopWorkflow } from './floor/noop.workflow.ts';
import { threadCpuMs, threadDelta } from './thread-cpu.ts';

const PER_RUN = 200;

function pct(sorted: number[], p: number) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/**
 * Where a measurement reads CPU time (ms so far): `slotflow` — this process when gateway and worker run in
 * it, the cluster's gateways and workers otherwise (or this process again for the floor, whose client and
 * worker run here); `server` — the Temporal server's process.
 */
export type CpuSources = {
  slotflow: () => number;
  server: () => number | undefined;
  inProcess: boolean;
  /** CPU so far per process (a cluster's, `machine` for the whole machine's busy time), for the breakdown. */
  perProcess?: () => Record<string, number>;
};

export const selfCpuMs = () => {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1000;
};

export type Result = {
  p50: number;
  p99: number;
  /** Calls that succeeded (bookings made) per second. */
  perSecond: number;
  /** Calls answered other than 201, by status (an overloaded cluster's 503s). */
  refused: Record<string, number>;
  nodeCpuMs: number;
  serverCpuMs: number | undefined;
  queries: number;
  /** Per call, by thread of this process (in-process runs only), largest first. */
  threads: [string, number][];
  /** Per call, by process (cluster runs), with `rest`: the machine's time no listed process used. */
  processes: [string, number][];
};

/** SQL statements sent through Kysely (BEGIN / COMMIT not included), counted by a plugin on the bench's db. */
let queriesSent = 0;
export const countQueries: KyselyPlugin = {
  transformQuery(args) {
    queriesSent++;
    return args.node;
  },
  transformResult: async (args) => args.result,
};

/**
 * Waits until slotflow's processes and the Temporal server are idle (together under 10 % of one core for two
 * 250 ms windows in a row, at most 15 s): a booking's workflow goes on after the answer (calendar step,
 * confirmation, reminders), and that work belongs to the bookings' CPU figures, not to the next measurement.
 */
async function settle(cpu: CpuSources): Promise<void> {
  let quiet = 0;
  for (let i = 0; i < 60 && quiet < 2; i++) {
    const before = cpu.slotflow() + (cpu.server() ?? 0);
    await new Promise((r) => setTimeout(r, 250));
    quiet = cpu.slotflow() + (cpu.server() ?? 0) - before < 0.05 * 250 * 2 ? quiet + 1 : 0;
  }
}

/** POSTs each body once from a child process (bench/http-load.ts), `concurrency` at a time. */
export async function overHttp(url: string, bodies: string[], concurrency: number): Promise<Timed> {
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
 * Measures `drive` (the calls): sorted latencies' p50/p99, throughput, and per call the CPU time of
 * slotflow's processes (not the HTTP load generator), of the Temporal server and, in-process, by thread.
 * The HTTP child's start-up (~0.3 s) falls inside the measured CPU window of neither.
 */
export async function load(n: number, drive: () => Promise<Timed>, cpu: CpuSources): Promise<Result> {
  const slotflow0 = cpu.slotflow();
  const server0 = cpu.server();
  const threads0 = threadCpuMs();
  const procs0 = cpu.perProcess?.();
  const queries0 = queriesSent;
  const { latencies: lat, seconds, refused = {} } = await drive();
  await settle(cpu);
  const server1 = cpu.server();
  lat.sort((a, b) => a - b);
  return {
    p50: pct(lat, 50),
    p99: pct(lat, 99),
    perSecond: lat.length / seconds,
    refused,
    nodeCpuMs: (cpu.slotflow() - slotflow0) / n,
    serverCpuMs: server0 === undefined || server1 === undefined ? undefined : (server1 - server0) / n,
    queries: (queriesSent - queries0) / n,
    threads: cpu.inProcess ? threadDelta(threads0, threadCpuMs(), n) : [],
    processes: procs0 ? processDelta(procs0, cpu.perProcess!(), n) : [],
  };
}

/** Per call CPU by process between two readings, largest first; `rest` is the machine's time none of them used. */
function processDelta(before: Record<string, number>, after: Record<string, number>, n: number): [string, number][] {
  const per = Object.keys(before).map((k): [string, number] => [k, (after[k]! - before[k]!) / n]);
  const machine = per.find(([k]) => k === 'machine')?.[1];
  const listed = per.filter(([k]) => k !== 'machine');
  const rest: [string, number][] = machine === undefined ? [] : [['rest', machine - listed.reduce((s, [, ms]) => s + ms, 0)]];
  return [...listed, ...rest, ...(machine === undefined ? [] : [['machine', machine] as [string, number]])];
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

const line = (label: string, r: Result) => {
  console.log(
    `  ${label.padEnd(48)} p50 ${r.p50.toFixed(1).padStart(7)} ms   p99 ${r.p99.toFixed(1).padStart(7)} ms   ${r.perSecond.toFixed(0).padStart(5)}/s` +
      `   per call: cpu slotflow ${r.nodeCpuMs.toFixed(1)} ms, Temporal ${r.serverCpuMs?.toFixed(1) ?? '?'} ms${r.queries > 0 ? `; ${r.queries.toFixed(1)} SQL` : ''}`,
  );
  const refused = Object.entries(r.refused);
  if (refused.length > 0) console.log(`    refused (not in the latencies): ${refused.map(([status, k]) => `${k} × ${status}`).join(', ')}`);
  if (r.threads.length > 0) console.log(`    by thread: ${r.threads.map(([t, ms]) => `${t} ${ms.toFixed(1)}`).join(', ')} ms`);
  if (r.processes.length > 0) console.log(`    by process: ${r.processes.map(([t, ms]) => `${t} ${ms.toFixed(1)}`).join(', ')} ms`);
};

/** The catalogue every run books from: 4 providers open around the clock, a plain service and one with reminders. */
export async function seedCatalogue(db: Kysely<DB>) {
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
  return { providerId: providers[0]!.id, serviceId: svc.id, fullServiceId: full.id };
}

/**
 * Request bodies for distinct slots, so every request is a real booking: plain ones in 15-minute slots from
 * tomorrow on, realistic ones (customer e-mail, both reminders ahead) from 30 days on.
 */
export function bodies(catalogue: { serviceId: string; fullServiceId: string }) {
  let slot = 0;
  let fullSlot = 0;
  const base = Math.ceil(Date.now() / 86_400_000 + 1) * 86_400_000;
  const at = (from: number, i: number) => new Date(from + i * 15 * 60_000).toISOString();
  return {
    floorBase: base + 365 * 86_400_000,
    plain: (n: number) =>
      Array.from({ length: n }, () =>
        JSON.stringify({ serviceId: catalogue.serviceId, start: at(base, slot++), timeZone: 'UTC', customer: { name: 'Bench' } }),
      ),
    full: (n: number) =>
      Array.from({ length: n }, () =>
        JSON.stringify({
          serviceId: catalogue.fullServiceId,
          start: at(base + 30 * 86_400_000, fullSlot++),
          timeZone: 'UTC',
          customer: { name: 'Bench', email: 'bench@example.com' },
        }),
      ),
  };
}

/**
 * The floor on the Temporal server at `address`: an empty update-with-start (its worker in this process)
 * plus one insert transaction into `db`. Returns the call and a stop function.
 */
export async function startFloor(address: string, db: Kysely<DB>, catalogue: { providerId: string; serviceId: string }, floorBase: number) {
  const floorQueue = `bench-floor-${randomUUID()}`;
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
  return {
    async call() {
      const op = new WithStartWorkflowOperation(noopWorkflow, { workflowId: `floor-${randomUUID()}`, taskQueue: floorQueue, workflowIdConflictPolicy: 'FAIL' });
      await client.workflow.executeUpdateWithStart(noopUpdate, { args: ['x'], startWorkflowOperation: op });
      const start = floorBase + floorSlot++ * 15 * 60_000;
      await insertBooking(db, {
        serviceId: catalogue.serviceId,
        providerId: catalogue.providerId,
        start: new Date(start),
        end: new Date(start + 900_000),
        status: 'confirmed',
        customerName: 'Floor',
      });
    },
    async stop() {
      floorWorker.shutdown();
      await floorRun;
      await floorConn.close();
      await conn.close();
    },
  };
}

/** One client count's figures: the floor, the plain booking, the booking with e-mail and reminders. */
export type Round = { clients: number; floor: Result; booking: Result; full: Result };

/**
 * Floor and bookings at each client count, side by side: a warm-up of each, then PER_RUN calls of each.
 * `floorCpu` / `bookingCpu` say whose CPU each is (the same in-process; the bench vs the cluster otherwise).
 */
export async function rounds(
  kind: string,
  o: {
    url: string;
    clients: number[];
    floor: () => Promise<void>;
    floorCpu: CpuSources;
    bookingCpu: CpuSources;
    bodies: ReturnType<typeof bodies>;
    /** Refusals (503 past the deadline) are reported, not fatal: the cluster on 2 cores at 32 clients. */
    refusalsAllowed?: boolean;
  },
): Promise<Round[]> {
  const book = (make: (n: number) => string[], n: number, c: number) => () => overHttp(`${o.url}/v1/bookings`, make(n), c);
  const out: Round[] = [];
  console.log(`\n[${kind}]`);
  for (const c of o.clients) {
    await load(20, () => timeConcurrently(20, c, o.floor), o.floorCpu); // warm-up
    await load(20, book(o.bodies.plain, 20, c), o.bookingCpu);
    const floor = await load(PER_RUN, () => timeConcurrently(PER_RUN, c, o.floor), o.floorCpu);
    const booking = await profiled(`booking-${kind}-${c}`, () => load(PER_RUN, book(o.bodies.plain, PER_RUN, c), o.bookingCpu));
    const full = await load(PER_RUN, book(o.bodies.full, PER_RUN, c), o.bookingCpu);
    line(`floor (update-with-start + insert), ${c} client(s)`, floor);
    line(`POST /v1/bookings, ${c} client(s)`, booking);
    console.log(`  ratio p99 booking/floor: ${(booking.p99 / floor.p99).toFixed(2)}×   p50: ${(booking.p50 / floor.p50).toFixed(2)}×`);
    line(`  … with e-mail + 2 reminders, ${c} client(s)`, full);
    console.log(`  ratio p99 booking/floor: ${(full.p99 / floor.p99).toFixed(2)}×   p50: ${(full.p50 / floor.p50).toFixed(2)}×`);
    out.push({ clients: c, floor, booking, full });
    const refusals = [booking, full].flatMap((r) => Object.keys(r.refused));
    if (refusals.length > 0 && !o.refusalsAllowed) throw new Error(`${kind}: bookings refused (${refusals.join(', ')}): see above`);
  }
  return out;
}

/** The headline figures of a run for the JSON line (issue #18): ratios at one client, throughput at 32. */
export function headline(rs: Round[]) {
  const one = rs.find((r) => r.clients === 1);
  const many = rs.find((r) => r.clients === 32);
  const round2 = (x: number) => Math.round(x * 100) / 100;
  return {
    p50RatioOneClient: one ? round2(one.booking.p50 / one.floor.p50) : null,
    cpuRatio: one ? round2(one.booking.nodeCpuMs / one.floor.nodeCpuMs) : null,
    bookingsPerSecond32: many ? Math.round(many.booking.perSecond * 10) / 10 : null,
    floorPerSecond32: many ? Math.round(many.floor.perSecond * 10) / 10 : null,
    refused32: many ? Object.values(many.booking.refused).reduce((a, b) => a + b, 0) : null,
  };
}
