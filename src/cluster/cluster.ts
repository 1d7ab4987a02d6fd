/**
 * slotflow's production shape on one machine, without Docker (`slotflow cluster up|down|status`):
 *
 *   HAProxy (Debian) ──► 2 × `slotflow gateway` ──► Temporal server v1.31.2 (Go module) ◄── 2 × `slotflow worker`
 *                              │                         │ (PostgreSQL: <temporal db>, <visibility db>)
 *                              └──── PostgreSQL (slotflow db), Redis (shared rate limits)
 *   Temporal Web UI (ui-server v2.45.0) → that server, on 127.0.0.1
 *
 * Every process is detached with its log in `<dir>/logs/`, so `up` returns and `down` ends them all
 * (processes.ts). Databases stay between `down` and `up`, as a production cluster's would; the Temporal
 * schemas are set up / upgraded by temporal-sql-tool on every `up` (safe to re-run). The same Temporal
 * config file (config/temporal-server.yaml) and HAProxy file (config/haproxy.cfg) serve docker-compose.yml.
 */
import { execFile } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Connection } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time.js';
import pg from 'pg';
import { findOnPath, type Log } from '../temporal/cli-provision.ts';
import { isPortFree } from '../temporal/free-port.ts';
import { ensureSearchAttributes } from '../temporal/search-attributes.registry.ts';
import { ensureWebBuilt } from '../web-bundle.ts';
import { ensureGoTool, GO_TOOLS } from './go-tools.ts';
import { isAlive, readState, startProcess, stopProcess, waitFor, writeState, type ClusterState, type ProcessSpec, type RunningProcess } from './processes.ts';

const run = promisify(execFile);
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const CONFIG_DIR = path.join(REPO_ROOT, 'src/cluster/config');
/** Temporal namespace retention of closed workflows (a booking's history stays visible this long after it ends). */
const RETENTION_SECONDS = 7 * 86_400;

export type ClusterPorts = {
  /** HAProxy's listener: the one URL clients use. */
  lb: number;
  ui: number;
  /** Temporal frontend gRPC; the other server ports follow it (temporalPorts). */
  temporal: number;
  gateways: [number, number];
};

export type ClusterOptions = {
  /** State, secrets, per-process data and logs. */
  dir: string;
  /** Where the Go-built binaries are cached. */
  binDir: string;
  /** Names the databases: slotflow_<name>, temporal_<name>, temporal_<name>_visibility. */
  name: string;
  /** PostgreSQL the cluster stores everything in (a role that may create databases). */
  postgres: { host: string; port: number; user: string; password?: string | undefined };
  redisUrl?: string | undefined;
  ports: ClusterPorts;
  workers?: number;
  /** Build and start the Temporal Web UI (the chaos test skips it). */
  ui?: boolean;
  /** More environment for gateways and workers (SMTP_URL, RATE_LIMIT_PER_MINUTE, …). */
  env?: Record<string, string>;
  log: Log;
};

export type ClusterInfo = {
  url: string;
  uiUrl?: string | undefined;
  temporalAddress: string;
  databaseUrl: string;
  adminApiKey: string;
  logs: string;
};

/** Each worker's WORKER_MAX_CACHED_WORKFLOWS unless ClusterOptions.env sets it. */
export const WORKER_CACHE = 250;

export const DEFAULT_PORTS: ClusterPorts = { lb: 8480, ui: 8488, temporal: 17233, gateways: [8481, 8482] };

/** The Temporal server's ports, derived from the frontend's (all on 127.0.0.1). */
export function temporalPorts(frontend: number) {
  return {
    TEMPORAL_FRONTEND_PORT: frontend,
    TEMPORAL_HISTORY_PORT: frontend + 1,
    TEMPORAL_MATCHING_PORT: frontend + 2,
    TEMPORAL_WORKER_PORT: frontend + 6,
    TEMPORAL_FRONTEND_HTTP_PORT: frontend + 10,
    TEMPORAL_FRONTEND_MEMBERSHIP_PORT: frontend + 100,
    TEMPORAL_HISTORY_MEMBERSHIP_PORT: frontend + 101,
    TEMPORAL_MATCHING_MEMBERSHIP_PORT: frontend + 102,
    TEMPORAL_WORKER_MEMBERSHIP_PORT: frontend + 106,
  };
}

export function databaseNames(name: string) {
  return { slotflow: `slotflow_${name}`, temporal: `temporal_${name}`, visibility: `temporal_${name}_visibility` };
}

function pgUrl(o: ClusterOptions, database: string): string {
  const auth = o.postgres.password ? `${encodeURIComponent(o.postgres.user)}:${encodeURIComponent(o.postgres.password)}` : encodeURIComponent(o.postgres.user);
  return `postgres://${auth}@${o.postgres.host}:${o.postgres.port}/${database}`;
}

/** The cluster's secrets: made on the first `up`, kept in `<dir>/secrets.json` so links stay valid across restarts. */
function clusterSecrets(dir: string): { adminApiKey: string; linkSigningSecret: string } {
  const file = path.join(dir, 'secrets.json');
  if (fs.existsSync(file)) return JSON.parse(fs.readFileSync(file, 'utf8')) as { adminApiKey: string; linkSigningSecret: string };
  const secrets = { adminApiKey: crypto.randomBytes(24).toString('hex'), linkSigningSecret: crypto.randomBytes(32).toString('hex') };
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  fs.writeFileSync(file, JSON.stringify(secrets), { mode: 0o600 });
  return secrets;
}

/** The names and specs of every process, in start order. */
export function processSpecs(o: ClusterOptions, bins: { server: string; ui?: string | undefined; haproxy: string }): ProcessSpec[] {
  const names = databaseNames(o.name);
  const secrets = clusterSecrets(o.dir);
  const base: Record<string, string> = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', LANG: 'C.UTF-8' };
  const tPorts = temporalPorts(o.ports.temporal);
  const temporalEnv: Record<string, string> = {
    ...base,
    ...Object.fromEntries(Object.entries(tPorts).map(([k, v]) => [k, String(v)])),
    TEMPORAL_DB: names.temporal,
    TEMPORAL_VISIBILITY_DB: names.visibility,
    TEMPORAL_DB_HOST: o.postgres.host,
    TEMPORAL_DB_PORT: String(o.postgres.port),
    TEMPORAL_DB_USER: o.postgres.user,
    TEMPORAL_DB_PASSWORD: o.postgres.password ?? '',
    TEMPORAL_DYNAMIC_CONFIG: path.join(CONFIG_DIR, 'temporal-dynamic.yaml'),
  };
  const temporalAddress = `127.0.0.1:${o.ports.temporal}`;
  const lbUrl = `http://127.0.0.1:${o.ports.lb}`;
  const slotflowEnv = (role: string): Record<string, string> => ({
    ...base,
    NODE_ENV: 'production',
    LOG_LEVEL: 'info',
    DATA_DIR: path.join(o.dir, 'data', role),
    DATABASE_URL: pgUrl(o, names.slotflow),
    TEMPORAL_ADDRESS: temporalAddress,
    TEMPORAL_NAMESPACE: 'default',
    ADMIN_API_KEY: secrets.adminApiKey,
    LINK_SIGNING_SECRET: secrets.linkSigningSecret,
    PUBLIC_BASE_URL: lbUrl,
    // HAProxy on this machine is the one proxy whose X-Forwarded-For is believed.
    TRUST_PROXY: '127.0.0.1',
    ...(o.ports.ui && o.ui !== false ? { TEMPORAL_UI_URL: `http://127.0.0.1:${o.ports.ui}` } : {}),
    ...(o.redisUrl ? { REDIS_URL: o.redisUrl } : {}),
    ...o.env,
  });
  const node = process.execPath;
  const cli = ['--import', 'tsx', path.join(REPO_ROOT, 'src/cli.ts')];
  const specs: ProcessSpec[] = [
    {
      name: 'temporal-server',
      command: bins.server,
      args: ['--config-file', path.join(CONFIG_DIR, 'temporal-server.yaml'), '--allow-no-auth', 'start'],
      env: temporalEnv,
      cwd: REPO_ROOT,
    },
  ];
  if (bins.ui) {
    specs.push({
      name: 'temporal-ui',
      command: bins.ui,
      args: ['--root', CONFIG_DIR, '--config', 'ui', '--env', 'production', 'start'],
      env: { ...base, TEMPORAL_ADDRESS: temporalAddress, TEMPORAL_UI_PORT: String(o.ports.ui), TEMPORAL_UI_IP: '127.0.0.1' },
      cwd: REPO_ROOT,
    });
  }
  for (let i = 1; i <= (o.workers ?? 2); i++) {
    // A bounded cache (override through `env`): with the SDK's default, sized from a multi-GB heap, thousands
    // of sleeping bookings would stay in memory (README, "At scale": 250 each, RSS measured with 10,000 asleep).
    const env = { WORKER_MAX_CACHED_WORKFLOWS: String(WORKER_CACHE), ...slotflowEnv(`worker-${i}`) };
    specs.push({ name: `worker-${i}`, command: node, args: [...cli, 'worker'], env, cwd: REPO_ROOT });
  }
  o.ports.gateways.forEach((port, i) => {
    specs.push({
      name: `gateway-${i + 1}`,
      command: node,
      args: [...cli, 'gateway'],
      env: { ...slotflowEnv(`gateway-${i + 1}`), HOST: '127.0.0.1', PORT: String(port) },
      cwd: REPO_ROOT,
    });
  });
  specs.push({
    name: 'haproxy',
    command: bins.haproxy,
    args: ['-f', path.join(CONFIG_DIR, 'haproxy.cfg'), '-db'],
    env: {
      ...base,
      SLOTFLOW_LB_BIND: `127.0.0.1:${o.ports.lb}`,
      SLOTFLOW_GATEWAY_1: `127.0.0.1:${o.ports.gateways[0]}`,
      SLOTFLOW_GATEWAY_2: `127.0.0.1:${o.ports.gateways[1]}`,
    },
    cwd: REPO_ROOT,
  });
  return specs;
}

/** Creates the databases and brings both Temporal schemas to the server's version (safe to re-run). */
async function prepareDatabases(o: ClusterOptions, sqlTool: string): Promise<void> {
  const names = databaseNames(o.name);
  const admin = new pg.Client({ connectionString: pgUrl(o, 'postgres') });
  await admin.connect();
  try {
    const have = await admin.query<{ datname: string }>('SELECT datname FROM pg_database WHERE datname = $1', [names.slotflow]);
    if (have.rowCount === 0) await admin.query(`CREATE DATABASE ${names.slotflow}`); // names are [a-z0-9_] (clusterName)
  } finally {
    await admin.end();
  }
  const common = ['--plugin', 'postgres12', '--ep', o.postgres.host, '-p', String(o.postgres.port), '-u', o.postgres.user];
  if (o.postgres.password) common.push('--pw', o.postgres.password);
  for (const [db, schema] of [
    [names.temporal, 'postgresql/v12/temporal'],
    [names.visibility, 'postgresql/v12/visibility'],
  ] as const) {
    await run(sqlTool, [...common, '--db', db, 'create-database']);
    await run(sqlTool, [...common, '--db', db, 'setup-schema', '-v', '0.0']);
    await run(sqlTool, [...common, '--db', db, 'update-schema', '--schema-name', schema]);
    o.log(`  database ${db}: schema ${schema} up to date`);
  }
}

/**
 * Registers `namespace` (a fresh server has none) and slotflow's search attributes, and waits until the
 * server's namespace cache knows both (~10 s on a fresh server). Safe to run again. Also `slotflow temporal
 * setup` (docker-compose's one-shot job).
 */
export async function ensureNamespace(address: string, namespace: string, log: Log): Promise<void> {
  const connection = await Connection.connect({ address, connectTimeout: 10_000 });
  try {
    const ws = connection.workflowService;
    const exists = await ws.describeNamespace({ namespace }).then(
      () => true,
      () => false,
    );
    if (!exists) {
      await ws.registerNamespace({ namespace, workflowExecutionRetentionPeriod: msToTs(RETENTION_SECONDS * 1000) }).catch((err: Error) => {
        if (!/already exists/i.test(err.message)) throw err;
      });
      log(`  namespace ${namespace} registered (the server takes a few seconds to see it)`);
    }
    // Search attributes go through the namespace cache too: retry until they are in.
    await waitFor(`namespace ${namespace} and slotflow’s search attributes`, async () => (await ensureSearchAttributes(connection, namespace), true), 60_000);
  } finally {
    await connection.close();
  }
}

async function httpOk(url: string): Promise<boolean> {
  const res = await fetch(url, { signal: AbortSignal.timeout(2_000) });
  return res.ok;
}

/** Builds (once) every Go binary of the cluster; returns their paths. */
export async function buildClusterBinaries(binDir: string, log: Log): Promise<Record<keyof typeof GO_TOOLS, string>> {
  return {
    server: await ensureGoTool(GO_TOOLS.server, { binDir, log }),
    sqlTool: await ensureGoTool(GO_TOOLS.sqlTool, { binDir, log }),
    ui: await ensureGoTool(GO_TOOLS.ui, { binDir, log }),
  };
}

export async function clusterUp(o: ClusterOptions): Promise<ClusterInfo> {
  if (!/^[a-z][a-z0-9_]{0,30}$/.test(o.name)) throw new Error(`cluster name "${o.name}": lower-case letters, digits and _ only`);
  const previous = readState(o.dir);
  const alive = previous?.processes.filter((p) => isAlive(p.pid)) ?? [];
  if (alive.length > 0) throw new Error(`the cluster in ${o.dir} is running (${alive.map((p) => p.name).join(', ')}); \`slotflow cluster down\` first`);
  const busy = [];
  for (const port of [o.ports.lb, o.ports.temporal, ...o.ports.gateways, ...(o.ui === false ? [] : [o.ports.ui])]) {
    if (!(await isPortFree(port))) busy.push(port);
  }
  if (busy.length > 0) throw new Error(`ports in use: ${busy.join(', ')}`);

  const started = Date.now();
  o.log('== binaries');
  const haproxy = await findOnPath('haproxy', `${process.env.PATH ?? ''}:/usr/sbin:/sbin`);
  if (!haproxy) throw new Error('HAProxy is not installed: `apt-get install haproxy` (Debian package)');
  const server = await ensureGoTool(GO_TOOLS.server, { binDir: o.binDir, log: o.log });
  const sqlTool = await ensureGoTool(GO_TOOLS.sqlTool, { binDir: o.binDir, log: o.log });
  const ui = o.ui === false ? undefined : await ensureGoTool(GO_TOOLS.ui, { binDir: o.binDir, log: o.log });
  o.log('== databases');
  await prepareDatabases(o, sqlTool);
  o.log('== web pages');
  await ensureWebBuilt({ log: o.log });

  const specs = processSpecs(o, { server, ui, haproxy });
  const state: ClusterState = { dir: o.dir, processes: [], info: {} };
  const launch = (spec: ProcessSpec): RunningProcess => {
    const p = startProcess(o.dir, spec);
    state.processes.push(p);
    writeState(state);
    o.log(`  ${spec.name} pid ${p.pid}`);
    return p;
  };
  const temporalAddress = `127.0.0.1:${o.ports.temporal}`;
  try {
    o.log('== Temporal server');
    const t = launch(specs.find((s) => s.name === 'temporal-server')!);
    await waitFor(
      'the Temporal frontend',
      async () => {
        const c = await Connection.connect({ address: temporalAddress, connectTimeout: 2_000 });
        try {
          await c.workflowService.getSystemInfo({});
          return true;
        } finally {
          await c.close();
        }
      },
      90_000,
      t,
    );
    await ensureNamespace(temporalAddress, 'default', o.log);
    const uiSpec = specs.find((s) => s.name === 'temporal-ui');
    if (uiSpec) {
      const u = launch(uiSpec);
      await waitFor('the Temporal UI', () => httpOk(`http://127.0.0.1:${o.ports.ui}/`), 30_000, u);
    }
    o.log('== slotflow');
    const migrate = specs.find((s) => s.name === 'worker-1')!;
    await run(migrate.command, [...migrate.args.slice(0, -1), 'migrate'], { env: migrate.env, cwd: REPO_ROOT });
    for (const spec of specs.filter((s) => s.name.startsWith('worker-'))) launch(spec);
    for (const spec of specs.filter((s) => s.name.startsWith('gateway-'))) {
      const g = launch(spec);
      await waitFor(`${spec.name} /healthz`, () => httpOk(`http://127.0.0.1:${spec.env.PORT}/healthz`), 60_000, g);
    }
    const lb = launch(specs.find((s) => s.name === 'haproxy')!);
    await waitFor('HAProxy /healthz', () => httpOk(`http://127.0.0.1:${o.ports.lb}/healthz`), 20_000, lb);
  } catch (err) {
    o.log(`start-up failed: ${(err as Error).message}; stopping what started`);
    await clusterDown(o.dir, o.log);
    throw err;
  }
  const info: ClusterInfo = {
    url: `http://127.0.0.1:${o.ports.lb}`,
    uiUrl: ui ? `http://127.0.0.1:${o.ports.ui}` : undefined,
    temporalAddress,
    databaseUrl: pgUrl(o, databaseNames(o.name).slotflow),
    adminApiKey: clusterSecrets(o.dir).adminApiKey,
    logs: path.join(o.dir, 'logs'),
  };
  state.info = Object.fromEntries(Object.entries(info).filter(([, v]) => v !== undefined)) as Record<string, string>;
  writeState(state);
  o.log(`== up in ${Math.round((Date.now() - started) / 1000)} s`);
  return info;
}

/** Stops every process of the cluster in `dir` (reverse start order); resolves when none is left. */
export async function clusterDown(dir: string, log: Log): Promise<string[]> {
  const state = readState(dir);
  if (!state) return [];
  const stopped: string[] = [];
  for (const p of [...state.processes].reverse()) {
    if (!isAlive(p.pid)) continue;
    await stopProcess(p);
    stopped.push(p.name);
    log(`  stopped ${p.name} (pid ${p.pid})`);
  }
  const left = state.processes.filter((p) => isAlive(p.pid));
  if (left.length > 0) throw new Error(`still running: ${left.map((p) => `${p.name} ${p.pid}`).join(', ')}`);
  writeState({ ...state, processes: [] });
  return stopped;
}

export function clusterStatus(dir: string): { name: string; pid: number; alive: boolean; log: string }[] {
  return (readState(dir)?.processes ?? []).map((p) => ({ name: p.name, pid: p.pid, alive: isAlive(p.pid), log: p.log }));
}
