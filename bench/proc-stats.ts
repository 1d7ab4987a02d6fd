/**
 * What a benchmark reads of processes on Linux (/proc): memory (VmRSS, VmHWM), CPU time of a process and of
 * the machine, and "idle". Times are in ms; /proc counts CPU in USER_HZ, 100 a second on Linux.
 */
import fs from 'node:fs';
import { sleep } from '../src/cluster/processes.ts';

/** VmRSS and VmHWM (peak) of a process in MB, from /proc (Linux). */
export function memoryMb(pid: number): { rss: number; hwm: number } {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rss: Math.round(kb('VmRSS') / 1024), hwm: Math.round(kb('VmHWM') / 1024) };
}

/** CPU time (ms) the whole machine has spent busy so far: /proc/stat's first line without idle and iowait. */
export function machineCpuMs(): number {
  const [user, nice, system, , , irq, softirq, steal] = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  return (user! + nice! + system! + irq! + softirq! + steal!) * 10;
}

/** CPU time (ms) so far of each cluster process, of this one (`bench`: load, SMTP sink) and of the machine. */
export function cpuSnapshot(procs: { name: string; pid: number }[]): Record<string, number> {
  const self = process.cpuUsage();
  return { ...Object.fromEntries(procs.map((p) => [p.name, cpuMs(p.pid)])), bench: (self.user + self.system) / 1000, machine: machineCpuMs() };
}

/** CPU ms per booking between two snapshots; `rest` is the machine's time no listed process used (PostgreSQL, …). */
export function cpuPerBooking(before: Record<string, number>, after: Record<string, number>, bookings: number): Record<string, number> {
  const per = Object.fromEntries(Object.keys(before).map((k) => [k, Math.round((after[k]! - before[k]!) / bookings)]));
  const listed = Object.entries(per).filter(([k]) => k !== 'machine');
  return { ...per, rest: per.machine! - listed.reduce((sum, [, ms]) => sum + ms, 0) };
}

/**
 * Starts a process's VmHWM afresh from its current RSS (5 → /proc/<pid>/clear_refs, Linux ≥ 4.0), so the peak
 * read later is the run's, not the start-up's (a worker bundles its workflows when it starts). False if refused.
 */
export function resetPeak(pid: number): boolean {
  try {
    fs.writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}

/** CPU time (ms) a process has used so far: utime + stime from /proc/<pid>/stat, in USER_HZ (100). */
export function cpuMs(pid: number): number {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** True once the processes together use < 5 % of a core for two 1-s windows in a row; false after `timeoutMs`. */
export async function settle(pids: number[], timeoutMs = 120_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (let quiet = 0; Date.now() < deadline;) {
    const before = pids.reduce((s, p) => s + cpuMs(p), 0);
    await sleep(1000);
    quiet = pids.reduce((s, p) => s + cpuMs(p), 0) - before < 50 ? quiet + 1 : 0;
    if (quiet >= 2) return true;
  }
  return false;
}
