/**
 * `npm run chaos` — slotflow's production shape under faults, measured (issue #17).
 *
 * Starts its own cluster (src/cluster: Temporal server on PostgreSQL, 2 gateways behind HAProxy, 2 workers,
 * Redis rate limits; databases slotflow_chaos, temporal_chaos*, dropped first; e-mail into a local SMTP
 * sink), drives steady load through HAProxy (test/chaos/load.ts) and in turn: kill -9 a worker, kill -9 a
 * gateway, restart the Temporal server, cut every PostgreSQL connection of the cluster (or restart
 * PostgreSQL itself with --restart-postgres), each with recovery before the next. Then it checks
 * (checks.ts), prints the table and exits 1 when a check failed. Bounded: time and request counts are
 * fixed by the mode, all traffic goes to 127.0.0.1.
 *
 *   npm run chaos                    full version (~5 min)
 *   npm run chaos -- --short         one fault of each kind, small load (~2 min; part of npm test)
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import { parseArgs, promisify } from 'node:util';
import { Client, Connection } from '@temporalio/client';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { databaseNames, REPO_ROOT } from '../../src/cluster/cluster.ts';
import { isAlive, readState, signalProcess, sleep, startProcess, stopProcess, waitFor, writeState } from '../../src/cluster/processes.ts';
import type { DB } from '../../src/db/schema.ts';
import { startThrowawayCluster } from '../support/throwaway-cluster.ts';
import { startSmtpFake } from '../support/fakes/smtp.ts';
import { everyDayHours, insertProvider, insertService } from '../support/factories.ts';
import { renderTable, runChecks, type Check, type FaultWindow } from './checks.ts';
import { runLoad, type Slot } from './load.ts';

const exec = promisify(execFile);

export type ChaosOptions = {
  short: boolean;
  restartPostgres?: boolean;
  pgAdminUrl?: string;
  redisUrl?: string;
  log?: (line: string) => void;
};

export type ChaosResult = {
  ok: boolean;
  checks: Check[];
  table: string;
  faults: FaultWindow[];
  rateLimit: { answered: number; limited: number; gateways: string[] };
};

const MODES = {
  short: { concurrency: 3, warmupMs: 5_000, faultMs: 4_000, settleMs: 8_000, pauseMs: 150 },
  full: { concurrency: 6, warmupMs: 15_000, faultMs: 8_000, settleMs: 20_000, pauseMs: 0 },
};

/** The local PostgreSQL cluster's version folder (Debian's /etc/postgresql/<version>), newest first. */
const pgVersion = () => fs.readdirSync('/etc/postgresql').sort((a, b) => Number(b) - Number(a))[0]!;

export async function runChaos(opts: ChaosOptions): Promise<ChaosResult> {
  const log = opts.log ?? ((l: string) => console.error(l));
  const mode = opts.short ? MODES.short : MODES.full;
  const adminUrl = new URL(opts.pgAdminUrl ?? 'postgres://postgres@127.0.0.1:5432/postgres');
  const name = 'chaos';
  const names = databaseNames(name);
  const sink = await startSmtpFake();
  // A fresh start (the databases dropped first): the checks read whole tables.
  const cluster = await startThrowawayCluster({
    name,
    adminUrl: adminUrl.toString(),
    redisUrl: opts.redisUrl ?? 'redis://127.0.0.1:6379',
    env: {
      SMTP_URL: sink.url,
      EMAIL_FROM: 'Chaos Clinic <clinic@chaos.test>',
      RATE_LIMIT_PER_MINUTE: '10',
      HOLDS_PER_CLIENT: '0',
      HOLDS_PER_CONTACT: '0',
      BOOKINGS_PER_CONTACT: '0',
      BOOKING_HOLD_TTL_SECONDS: '20',
      LOG_LEVEL: 'info',
    },
    log: (l) => log(`  ${l}`),
  });
  const { dir, info } = cluster;
  const pool = new pg.Pool({ connectionString: info.databaseUrl, max: 3 });
  pool.on('error', () => {});
  const kdb = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  const connection = await Connection.connect({ address: info.temporalAddress });
  const temporal = new Client({ connection, namespace: 'default' });
  const faults: FaultWindow[] = [];
  try {
    // The catalogue: "Visit" (30 min, far future: bulk load) and "Quick" (1 min, starting within minutes:
    // its 1-minute reminder falls due during the run).
    const far = await Promise.all([1, 2, 3].map((i) => insertProvider(kdb, { name: `Far ${i}`, time_zone: 'UTC', weekly_hours: everyDayHours() })));
    const near = await Promise.all([1, 2, 3, 4, 5, 6].map((i) => insertProvider(kdb, { name: `Near ${i}`, time_zone: 'UTC', weekly_hours: everyDayHours() })));
    const visit = await insertService(kdb, { name: 'Visit', duration_minutes: 30, slot_interval_minutes: 30, providers: far });
    const quick = await insertService(kdb, { name: 'Quick', duration_minutes: 1, slot_interval_minutes: 1, reminder_offsets_minutes: [1], providers: near });
    const pick = <T>(xs: T[]) => xs[Math.floor(Math.random() * xs.length)]!;
    const nextSlot = (): Slot => {
      const now = Date.now();
      if (Math.random() < 0.25) {
        // Starts 70–190 s ahead: the reminder (1 min before) falls due 10–130 s from now.
        const minute = Math.ceil((now + 70_000) / 60_000) + Math.floor(Math.random() * 2);
        return { providerId: pick(near), serviceId: quick, start: new Date(minute * 60_000) };
      }
      const halfHours = Math.ceil((now + 86_400_000) / 1_800_000) + Math.floor(Math.random() * 30 * 48);
      return { providerId: pick(far), serviceId: visit, start: new Date(halfHours * 1_800_000) };
    };

    // Shared rate limit: 20 requests from one client address → exactly 10 answered, on both gateways.
    const rl = { answered: 0, limited: 0, gateways: new Set<string>() };
    const probeIp = `10.255.${Math.floor(Math.random() * 256)}.${1 + Math.floor(Math.random() * 254)}`; // Redis keeps counts a minute
    for (let i = 0; i < 20; i++) {
      const res = await fetch(`${info.url}/v1/services`, { headers: { 'x-forwarded-for': probeIp } });
      await res.arrayBuffer();
      if (res.status === 429) rl.limited++;
      else if (res.ok) rl.answered++;
      rl.gateways.add(res.headers.get('x-slotflow-gateway') ?? '?');
    }
    log(`rate limit 10/min across both gateways: ${rl.answered} answered, ${rl.limited} × 429 (served by ${[...rl.gateways].join(', ')})`);

    let stop = false;
    const loadStarted = Date.now();
    // Never left unhandled: a failure in the load ends up in `await loading` below (and the cluster goes down).
    const loading = runLoad({ url: info.url, nextSlot }, { concurrency: mode.concurrency, stop: () => stop, pauseMs: mode.pauseMs });
    const state = () => readState(dir)!;
    const proc = (n: string) => state().processes.find((x) => x.name === n)!;
    const restart = (n: string) => {
      const s = state();
      const old = s.processes.find((x) => x.name === n)!;
      const fresh = startProcess(dir, old);
      s.processes = s.processes.map((x) => (x.name === n ? fresh : x));
      writeState(s);
      return fresh;
    };
    loading.catch(() => {});
    const fault = async (kind: string, inject: () => Promise<void>, recover: () => Promise<void>) => {
      const start = Date.now();
      log(`fault: ${kind}`);
      await inject();
      await sleep(mode.faultMs);
      await recover();
      // What a supervisor (compose's `restart: unless-stopped`, systemd) does: restart a process that exited
      // on its own during the fault. Reported in the table; none is expected.
      const restarted: string[] = [];
      const supervise = async () => {
        for (const p of state().processes.filter((x) => !isAlive(x.pid))) {
          log(`  ${p.name} exited during the fault (see ${p.log}): restarted`);
          restart(p.name);
          restarted.push(p.name);
        }
        return (await fetch(`${info.url}/healthz`, { signal: AbortSignal.timeout(2_000) })).ok;
      };
      await waitFor('the cluster’s /healthz through HAProxy', supervise, 120_000);
      const recoveredAt = Date.now();
      faults.push({ kind, start, recoveredAt, restarted });
      log(`  recovered after ${Math.round((recoveredAt - start) / 100) / 10} s`);
      await sleep(mode.settleMs);
    };

    await sleep(mode.warmupMs);
    await fault(
      'kill -9 worker-1',
      async () => signalProcess(proc('worker-1'), 'SIGKILL'),
      async () => void restart('worker-1'),
    );
    await fault(
      'kill -9 gateway-1',
      async () => signalProcess(proc('gateway-1'), 'SIGKILL'),
      async () => {
        const g = restart('gateway-1');
        await waitFor('gateway-1 /healthz', async () => (await fetch(`http://127.0.0.1:${g.env.PORT}/healthz`)).ok, 60_000, g);
      },
    );
    await fault(
      'restart the Temporal server',
      async () => stopProcess(proc('temporal-server')),
      async () => {
        restart('temporal-server');
        await waitFor('the Temporal frontend', async () => (await connection.workflowService.getSystemInfo({}), true), 90_000);
      },
    );
    await fault(
      opts.restartPostgres ? 'restart PostgreSQL' : 'terminate every PostgreSQL connection of the cluster',
      async () => {
        if (opts.restartPostgres) {
          await exec('pg_ctlcluster', ['--skip-systemctl-redirect', pgVersion(), 'main', 'stop', '-m', 'fast']);
        } else {
          const c = new pg.Client({ connectionString: adminUrl.toString() });
          await c.connect();
          const r = await c.query('SELECT count(pg_terminate_backend(pid)) AS n FROM pg_stat_activity WHERE datname = ANY($1) AND pid <> pg_backend_pid()', [
            Object.values(names),
          ]);
          log(`  terminated ${r.rows[0].n} connections`);
          await c.end();
        }
      },
      async () => {
        if (opts.restartPostgres) {
          await exec('pg_ctlcluster', ['--skip-systemctl-redirect', pgVersion(), 'main', 'start']);
        }
      },
    );
    stop = true;
    const outcomes = await loading;
    const loadEnded = Date.now();
    log(`load: ${outcomes.length} requests in ${Math.round((loadEnded - loadStarted) / 1000)} s`);

    // Let what the run started finish: reminders due by now sent, confirmations delivered.
    const dueCutoff = loadEnded;
    await waitFor(
      'reminders due in the run and confirmations to settle',
      async () => {
        const r = await pool.query(`SELECT count(*)::int AS n FROM reminders WHERE "when" <= $1 AND status = 'scheduled'`, [new Date(dueCutoff)]);
        const m = await pool.query(`SELECT count(*)::int AS n FROM messages WHERE status = 'queued'`);
        return r.rows[0].n === 0 && m.rows[0].n === 0;
      },
      60_000,
    ).catch((err: Error) => log(`  (${err.message}; checking anyway)`));
    await sleep(2_000);
    const db = new pg.Client({ connectionString: info.databaseUrl });
    await db.connect();
    let checks: Check[];
    try {
      checks = await runChecks({ outcomes, db, temporal, mails: sink.messages, faults, dueCutoff });
    } finally {
      await db.end();
    }
    checks.unshift({
      name: 'rate limit 10/min shared by both gateways (Redis)',
      ok: rl.answered === 10 && rl.limited === 10 && rl.gateways.size === 2,
      figures: `20 requests from one client: ${rl.answered} answered, ${rl.limited} × 429, served by ${rl.gateways.size} gateways`,
      problems: rl.answered === 10 ? [] : [`${rl.answered} answered`],
    });
    // A process that died of a fault it should outlive is a failure too.
    const died = faults.flatMap((f) => f.restarted.map((n) => `${n} exited during "${f.kind}"`));
    checks.push({ name: 'no process exits on a fault it should outlive', ok: died.length === 0, figures: `${died.length} exits`, problems: died });
    const faultLines = faults.map(
      (f) => `| ${f.kind} | ${Math.round((f.recoveredAt - f.start) / 100) / 10} s to healthy | ${f.restarted.length > 0 ? f.restarted.join(', ') : 'none'} |`,
    );
    const table = [renderTable(checks), '', '| fault | recovery | exited on their own (restarted) |', '|---|---|---|', ...faultLines].join('\n');
    return { ok: checks.every((c) => c.ok), checks, table, faults, rateLimit: { ...rl, gateways: [...rl.gateways] } };
  } finally {
    await connection.close().catch(() => {});
    await kdb.destroy().catch(() => {});
    // CHAOS_KEEP_CLUSTER=1 leaves it running to look into (slotflow's cluster state is in `dir`).
    if (process.env.CHAOS_KEEP_CLUSTER) log(`cluster left running: ${dir} (temporal ${info.temporalAddress})`);
    else await cluster.down().catch((err: Error) => log(`cluster down: ${err.message}`));
    await sink.close();
    if (!process.env.CHAOS_KEEP_LOGS && !process.env.CHAOS_KEEP_CLUSTER) fs.rmSync(dir, { recursive: true, force: true });
    else log(`logs kept in ${dir}/logs`);
  }
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('test/chaos/run.ts')) {
  const { values } = parseArgs({ options: { short: { type: 'boolean' }, 'restart-postgres': { type: 'boolean' } }, strict: true });
  process.chdir(REPO_ROOT);
  runChaos({
    short: values.short ?? false,
    restartPostgres: values['restart-postgres'] ?? false,
    pgAdminUrl: process.env.CHAOS_DATABASE_URL ?? process.env.TEST_DATABASE_URL,
    redisUrl: process.env.CHAOS_REDIS_URL ?? process.env.TEST_REDIS_URL,
  }).then(
    (r) => {
      console.log(`\n${r.table}\n`);
      console.log(r.ok ? 'chaos: every check holds' : 'chaos: a check FAILED');
      process.exit(r.ok ? 0 : 1);
    },
    (err: Error) => {
      console.error(`chaos: could not run: ${err.stack ?? err.message}`);
      process.exit(2);
    },
  );
}
