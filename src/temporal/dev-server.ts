/**
 * The embedded Temporal dev server: `temporal server start-dev` as a child process of slotflow.
 *
 * Contract:
 * - State lives in a SQLite file (`dbFile`), so workflows survive a restart; no file = in memory (tests).
 * - Ports: the configured one when free, else a free one; the chosen ones are returned.
 * - `stop()` sends SIGTERM, waits, then SIGKILLs: no orphan after slotflow exits normally or on a signal.
 *   A slotflow killed with SIGKILL cannot clean up, so the child's pid is kept in `pidFile` and the next
 *   start ends a leftover server (only if that pid still runs `temporal server start-dev`).
 * - The server is ready when its frontend answers a gRPC health check; custom search attributes are
 *   passed as flags (new DB) and also ensured through the operator API (existing DB), see
 *   `search-attributes.registry.ts`.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { preferredOrFreePort, waitForPort } from './free-port.ts';
import { searchAttributeFlags } from './search-attributes.ts';
import { ensureSearchAttributes } from './search-attributes.registry.ts';

export type DevServerOptions = {
  cliPath: string;
  /** SQLite file; undefined = in-memory (state lost on exit). */
  dbFile?: string | undefined;
  /** File that records the child's pid (for orphan cleanup); defaults next to dbFile. */
  pidFile?: string | undefined;
  namespace?: string;
  ip?: string;
  port?: number | undefined;
  /** UI port; `false` = headless. */
  uiPort?: number | false | undefined;
  startupTimeoutMs?: number;
  log?: (line: string) => void;
  /** Called when the server exits without `stop()` having been called. */
  onUnexpectedExit?: (code: number | null, signal: NodeJS.Signals | null) => void;
};

export type DevServer = {
  readonly address: string;
  readonly port: number;
  readonly uiPort: number | undefined;
  readonly uiUrl: string | undefined;
  readonly pid: number;
  stop(): Promise<void>;
};

const STOP_GRACE_MS = 10_000;

/**
 * Dynamic config the embedded server starts with (`--dynamic-config-value KEY=JSON`): two server defaults
 * sized for clusters of many hosts and shards that cost a single-process dev server latency (measured with
 * an empty workflow's update-with-start, 600 in a row, one client: p50 50 ms, p99 2.0 s → 9 ms / 25 ms).
 *
 * - Its one history shard polls its transfer queue (a new workflow or activity task waiting to be handed
 *   to matching) and its timer queue at most 20 times a second — a per-shard limit. Once the limiter's
 *   first burst was spent, every start, update and activity waited up to 50 ms (the server's history
 *   showed the workflow task scheduled 38 ms before a waiting worker got it). 1,000 per second is what a
 *   50-shard cluster has.
 * - A task queue has 4 partitions; a task written to one without a waiting poller waited ~2 s (the
 *   history: scheduled → started 2,003 ms) — 1 call in 60. One host needs one partition.
 */
export const DEV_SERVER_DYNAMIC_CONFIG: Readonly<Record<string, number | boolean>> = {
  'history.transferProcessorMaxPollRPS': 1000,
  'history.timerProcessorMaxPollRPS': 1000,
  'matching.numTaskqueueReadPartitions': 1,
  'matching.numTaskqueueWritePartitions': 1,
};

/** `--dynamic-config-value` flags for a map of settings (values as JSON, as the CLI expects them). */
export function dynamicConfigFlags(values: Readonly<Record<string, unknown>>): string[] {
  return Object.entries(values).flatMap(([key, value]) => ['--dynamic-config-value', `${key}=${JSON.stringify(value)}`]);
}

export async function startDevServer(opts: DevServerOptions): Promise<DevServer> {
  const ip = opts.ip ?? '127.0.0.1';
  const namespace = opts.namespace ?? 'default';
  const log = opts.log ?? (() => {});
  const pidFile = opts.pidFile ?? (opts.dbFile ? `${opts.dbFile}.pid` : undefined);
  if (pidFile) await killLeftover(pidFile, log);
  if (opts.dbFile) fs.mkdirSync(path.dirname(opts.dbFile), { recursive: true });

  const port = await preferredOrFreePort(opts.port ?? 7233, ip);
  const uiPort = opts.uiPort === false ? undefined : await preferredOrFreePort(opts.uiPort ?? 8233, ip);
  const args = [
    'server',
    'start-dev',
    '--ip',
    ip,
    '--port',
    String(port),
    '--namespace',
    namespace,
    '--log-level',
    'warn',
    ...(uiPort === undefined ? ['--headless'] : ['--ui-port', String(uiPort)]),
    ...(opts.dbFile ? ['--db-filename', opts.dbFile] : []),
    ...searchAttributeFlags(),
    ...dynamicConfigFlags(DEV_SERVER_DYNAMIC_CONFIG),
  ];
  const child = spawn(opts.cliPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  if (pidFile && child.pid) fs.writeFileSync(pidFile, String(child.pid));

  let stopping = false;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const output: string[] = [];
  const collect = (buf: Buffer) => {
    for (const line of buf.toString().split('\n').filter(Boolean)) {
      output.push(line);
      if (output.length > 40) output.shift();
      log(line);
    }
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  child.once('exit', (code, signal) => {
    if (pidFile) removePidFile(pidFile, child.pid);
    if (!stopping) opts.onUnexpectedExit?.(code, signal);
  });

  const address = `${ip}:${port}`;
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    stopping = true;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
    await exited;
    clearTimeout(timer);
  };

  try {
    await Promise.race([
      waitReady(address, namespace, opts.startupTimeoutMs ?? 60_000),
      exited.then(() => {
        throw new Error(`temporal server start-dev exited during start-up:\n${output.join('\n')}`);
      }),
    ]);
    if (uiPort !== undefined) await waitForPort(uiPort, ip, 15_000);
  } catch (err) {
    await stop();
    throw err;
  }
  return {
    address,
    port,
    uiPort,
    uiUrl: uiPort === undefined ? undefined : `http://${ip}:${uiPort}`,
    pid: child.pid!,
    stop,
  };
}

/** Waits for the frontend to answer, then makes sure slotflow's search attributes exist. */
async function waitReady(address: string, namespace: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    let connection: Connection | undefined;
    try {
      connection = await Connection.connect({ address, connectTimeout: 2_000 });
      await connection.workflowService.describeNamespace({ namespace });
      await ensureSearchAttributes(connection, namespace);
      return;
    } catch (err) {
      lastError = err;
      await new Promise((r) => setTimeout(r, 250));
    } finally {
      await connection?.close().catch(() => {});
    }
  }
  throw new Error(`Temporal dev server at ${address} not ready after ${timeoutMs} ms: ${String(lastError)}`);
}

async function killLeftover(pidFile: string, log: (line: string) => void): Promise<void> {
  let pid: number;
  try {
    pid = Number.parseInt(fs.readFileSync(pidFile, 'utf8'), 10);
  } catch {
    return;
  }
  if (!Number.isInteger(pid) || pid <= 0) return;
  let cmdline = '';
  try {
    cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
  } catch {
    /* not running, or no /proc */
  }
  if (cmdline.includes('start-dev')) {
    log(`Stopping a Temporal dev server left over by an earlier run (pid ${pid}).`);
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      /* gone meanwhile */
    }
    // Wait until it is really gone: it holds the SQLite file and the ports.
    for (let i = 0; i < 100 && fs.existsSync(`/proc/${pid}`); i++) await new Promise((r) => setTimeout(r, 50));
  }
  removePidFile(pidFile, pid);
}

function removePidFile(pidFile: string, pid: number | undefined): void {
  try {
    if (fs.readFileSync(pidFile, 'utf8').trim() === String(pid)) fs.unlinkSync(pidFile);
  } catch {
    /* already gone */
  }
}
