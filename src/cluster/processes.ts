/**
 * The cluster's processes: each started detached (its own process group, output to `<dir>/logs/<name>.log`)
 * so `slotflow cluster up` can return and `down` — from another shell, later — can end them. What was
 * started, and how to start it again (the chaos script restarts what it killed), is kept in
 * `<dir>/state.json` (0600: it holds the cluster's secrets in the environments).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export type ProcessSpec = { name: string; command: string; args: string[]; env: Record<string, string>; cwd: string };
export type RunningProcess = ProcessSpec & { pid: number; log: string; startedAt: string };
export type ClusterState = { dir: string; processes: RunningProcess[]; info: Record<string, string> };

const STATE_FILE = 'state.json';

export function readState(dir: string): ClusterState | undefined {
  try {
    return JSON.parse(fs.readFileSync(path.join(dir, STATE_FILE), 'utf8')) as ClusterState;
  } catch {
    return undefined;
  }
}

export function writeState(state: ClusterState): void {
  fs.mkdirSync(state.dir, { recursive: true, mode: 0o700 });
  const file = path.join(state.dir, STATE_FILE);
  fs.writeFileSync(`${file}.tmp`, JSON.stringify(state, null, 2), { mode: 0o600 });
  fs.renameSync(`${file}.tmp`, file);
}

/** Whether `pid` is a live process (a zombie of ours counts as gone once reaped). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/^\d+ \(.*\) Z/.test(stat);
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Starts `spec` detached, its stdout and stderr appended to its log. */
export function startProcess(dir: string, spec: ProcessSpec): RunningProcess {
  const logs = path.join(dir, 'logs');
  fs.mkdirSync(logs, { recursive: true });
  const log = path.join(logs, `${spec.name}.log`);
  const fd = fs.openSync(log, 'a');
  fs.writeSync(fd, `\n==== ${new Date().toISOString()} start: ${spec.command} ${spec.args.join(' ')}\n`);
  const child = spawn(spec.command, spec.args, { cwd: spec.cwd, env: spec.env, detached: true, stdio: ['ignore', fd, fd] });
  fs.closeSync(fd);
  if (child.pid === undefined) throw new Error(`could not start ${spec.name} (${spec.command})`);
  child.unref();
  return { ...spec, pid: child.pid, log, startedAt: new Date().toISOString() };
}

/** Sends `signal` to the process's group (it and anything it started). */
export function signalProcess(p: RunningProcess, signal: NodeJS.Signals): void {
  for (const target of [-p.pid, p.pid]) {
    try {
      process.kill(target, signal);
      return;
    } catch {
      // group gone or not a group leader: try the pid itself, then give up
    }
  }
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves once the process is gone. */
export async function stopProcess(p: RunningProcess, graceMs = 10_000): Promise<void> {
  if (!isAlive(p.pid)) return;
  signalProcess(p, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (isAlive(p.pid) && Date.now() < deadline) await sleep(100);
  if (isAlive(p.pid)) signalProcess(p, 'SIGKILL');
  while (isAlive(p.pid)) await sleep(50);
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `check` until it resolves truthy or `timeoutMs` passes; the error names what was awaited. */
export async function waitFor<T>(what: string, check: () => Promise<T | undefined | false>, timeoutMs: number, proc?: RunningProcess): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    if (proc && !isAlive(proc.pid)) throw new Error(`${proc.name} exited while waiting for ${what}; see ${proc.log}`);
    try {
      const v = await check();
      if (v) return v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${(last as Error).message}` : ''}`);
    await sleep(250);
  }
}
