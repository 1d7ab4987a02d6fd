/**
 * `healthcheckWorkflow`: the smallest real path through the product — gateway → Temporal → worker →
 * activity → database. Used by `POST /v1/admin/selftest` and the tests; deterministic (no I/O here).
 */
import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities/index.ts';

const { recordHealthProbe } = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '500 ms', maximumAttempts: 5 },
});

export async function healthcheckWorkflow(probeId: string) {
  return recordHealthProbe(probeId);
}
