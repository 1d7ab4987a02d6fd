/**
 * A throw-away production-shape cluster (src/cluster) for the chaos run and the benches: its own databases
 * (slotflow_<name>, temporal_<name>*, dropped first, so checks can read whole tables), free ports beside
 * anything else on this machine, no UI. `down()` stops every process; the directory (logs) is removed only
 * when asked.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { clusterDown, clusterUp, databaseNames, type ClusterInfo } from '../../src/cluster/cluster.ts';
import { freeClusterPorts } from './cluster-ports.ts';

export type ThrowawayCluster = { dir: string; info: ClusterInfo; down(opts?: { removeDir?: boolean }): Promise<void> };

export async function startThrowawayCluster(o: {
  name: string;
  /** A URL of the PostgreSQL to use, as a role that may create databases (e.g. TEST_DATABASE_URL). */
  adminUrl: string;
  redisUrl?: string | undefined;
  workers?: number;
  /** Environment for gateways and workers. */
  env: Record<string, string>;
  log: (line: string) => void;
}): Promise<ThrowawayCluster> {
  const adminUrl = new URL(o.adminUrl);
  const admin = new pg.Client({ connectionString: adminUrl.toString() });
  await admin.connect();
  try {
    for (const db of Object.values(databaseNames(o.name))) await admin.query(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
  } finally {
    await admin.end();
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `slotflow-${o.name}-`));
  const info = await clusterUp({
    dir,
    binDir: path.join(process.env.SLOTFLOW_CACHE_DIR ?? path.join(os.homedir(), '.cache', 'slotflow'), 'bin'),
    name: o.name,
    postgres: {
      host: adminUrl.hostname,
      port: Number(adminUrl.port || 5432),
      user: decodeURIComponent(adminUrl.username || 'postgres'),
      password: adminUrl.password || undefined,
    },
    redisUrl: o.redisUrl,
    ports: await freeClusterPorts(),
    ...(o.workers ? { workers: o.workers } : {}),
    ui: false,
    env: o.env,
    log: o.log,
  });
  return {
    dir,
    info,
    async down(opts = {}) {
      await clusterDown(dir, () => {});
      if (opts.removeDir) fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
