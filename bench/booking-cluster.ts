/**
 * The booking bench on the production shape (issue #18): its own cluster (test/support/throwaway-cluster:
 * Temporal server on PostgreSQL, 2 gateways behind HAProxy, 2 workers, Redis rate limits; e-mail into the
 * outbox, as embedded), booked through HAProxy at each client count beside the floor on the same Temporal
 * server and database (its client and worker in this process); then again with worker-2 stopped. CPU per
 * booking is read for slotflow's processes together (gateways + workers) and per process, with the machine's
 * busy time: what no listed process used is PostgreSQL's and the load generator's.
 */
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { readState, stopProcess } from '../src/cluster/processes.ts';
import type { DB } from '../src/db/schema.ts';
import { startThrowawayCluster } from '../test/support/throwaway-cluster.ts';
import { bodies, headline, rounds, seedCatalogue, selfCpuMs, startFloor, type CpuSources } from './booking-rounds.ts';
import { cpuMs, machineCpuMs } from './proc-stats.ts';

export async function runOnCluster(o: { adminUrl: string; redisUrl?: string | undefined; clients: number[] }) {
  const cluster = await startThrowawayCluster({
    name: 'bench_booking',
    adminUrl: o.adminUrl,
    redisUrl: o.redisUrl ?? 'redis://127.0.0.1:6379',
    env: { RATE_LIMIT_PER_MINUTE: '100000000', HOLDS_PER_CLIENT: '0', HOLDS_PER_CONTACT: '0', BOOKINGS_PER_CONTACT: '0', LOG_LEVEL: 'warn' },
    log: (l) => console.error(`  ${l}`),
  });
  const pool = new pg.Pool({ connectionString: cluster.info.databaseUrl, max: 4 });
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  try {
    const catalogue = await seedCatalogue(db);
    const b = bodies(catalogue);
    const floor = await startFloor(cluster.info.temporalAddress, db, catalogue, b.floorBase);
    const procs = () => readState(cluster.dir)!.processes;
    const pid = (name: string) => procs().find((p) => p.name === name)!.pid;
    const running = new Set(procs().map((p) => p.name));
    const slotflowNames = () => [...running].filter((n) => n.startsWith('gateway') || n.startsWith('worker'));
    const server = () => cpuMs(pid('temporal-server'));
    const perProcess = () => ({
      ...Object.fromEntries([...running].map((n) => [n, cpuMs(pid(n))])),
      bench: selfCpuMs(),
      machine: machineCpuMs(),
    });
    const bookingCpu: CpuSources = { slotflow: () => slotflowNames().reduce((s, n) => s + cpuMs(pid(n)), 0), server, inProcess: false, perProcess };
    const floorCpu: CpuSources = { slotflow: selfCpuMs, server, inProcess: true, perProcess };
    const common = { url: cluster.info.url, clients: o.clients, floor: floor.call, floorCpu, bookingCpu, bodies: b, refusalsAllowed: true };
    try {
      const two = await rounds('cluster (Temporal server on PostgreSQL, HAProxy, 2 gateways), 2 workers', common);
      await stopProcess(procs().find((p) => p.name === 'worker-2')!);
      running.delete('worker-2');
      const one = await rounds('cluster, worker-2 stopped: 1 worker', common);
      return { cluster: { ...headline(two), workers: 2 }, clusterOneWorker: { ...headline(one), workers: 1 } };
    } finally {
      await floor.stop();
    }
  } finally {
    await db.destroy();
    await cluster.down();
  }
}
