/**
 * CPU time of this process's threads by thread name, from Linux /proc (empty elsewhere), in ms: the main
 * thread ("MainThread"), the workflow thread ("WorkerThread"), the SDK's Rust core ("tokio-runtime-w"), V8's
 * helpers ("V8Worker": GC). utime + stime are counted in USER_HZ (100 per second).
 */
import fs from 'node:fs';

const TICK_MS = 10;

/** A file's text, or undefined when it is gone (a thread may end between two reads). */
function readOrUndefined(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

function statFields(file: string): string[] | undefined {
  const stat = readOrUndefined(file);
  return stat?.slice(stat.lastIndexOf(')') + 2).split(' ');
}

/** CPU time (ms) per thread name of this process ("MainThread", "WorkerThread", "tokio-runtime-w", …). */
export function threadCpuMs(): Map<string, number> {
  const byName = new Map<string, number>();
  const tids = fs.existsSync('/proc/self/task') ? fs.readdirSync('/proc/self/task') : [];
  for (const tid of tids) {
    const f = statFields(`/proc/self/task/${tid}/stat`);
    const comm = readOrUndefined(`/proc/self/task/${tid}/comm`)?.trim();
    if (f && comm) byName.set(comm, (byName.get(comm) ?? 0) + (Number(f[11]) + Number(f[12])) * TICK_MS);
  }
  return byName;
}

/** What each thread name used between two threadCpuMs() readings, per call, largest first (≥ 0.1 ms). */
export function threadDelta(before: Map<string, number>, after: Map<string, number>, calls: number): [string, number][] {
  return [...after]
    .map(([name, ms]): [string, number] => [name, (ms - (before.get(name) ?? 0)) / calls])
    .filter(([, ms]) => ms >= 0.1)
    .sort((a, b) => b[1] - a[1]);
}
