/** Activities of the healthcheck workflow: a thin adapter over the health-probe repository. */
import type { Kysely } from 'kysely';
import { recordHealthProbe } from '../src/db/health-probe.repository.ts';
import type { DB } from '../src/db/schema.ts';

export type HealthProbeResult = { id: string; worker: string; counter: number; createdAt: string };

export function createHealthcheckActivities(deps: { db: Kysely<DB>; workerId: string }) {
  return {
    /** Idempotent by `probeId`: a retry returns the row the first attempt wrote. */
    async recordHealthProbe(probeId: string): Promise<HealthProbeResult> {
      const row = await recordHealthProbe(deps.db, probeId, deps.workerId);
      return { id: row.id, worker: row.worker, counter: row.counter, createdAt: row.created_at.toISOString() };
    },
  };
}
