/**
 * `calendarSyncWorkflow`: one busy-time sync of one calendar connection. Started every few minutes by the
 * connection's Temporal Schedule (`calendar-sync-<connectionId>`, overlap SKIP) and on demand by
 * "sync now" in the admin API. Deterministic: the activity does all I/O.
 */
import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities/index.ts';

const { syncCalendarConnection } = proxyActivities<Activities>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '2 seconds', maximumInterval: '1 minute', maximumAttempts: 5 },
});

export async function calendarSyncWorkflow(input: { connectionId: string }) {
  return syncCalendarConnection(input.connectionId);
}
