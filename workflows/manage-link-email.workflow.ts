/**
 * `manageLinkEmailWorkflow` ("e-mail me my link", #20): sends the current manage links of an address's
 * upcoming bookings (activity `sendManageLinks`, idempotent through the outbox keys). Started by the
 * gateway for every request, known address or not, so the answer tells nobody which addresses have
 * bookings; one per address and window (src/temporal/workflow-ids.ts).
 */
import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities/index.ts';

const { sendManageLinks } = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute', maximumAttempts: 20 },
});

export async function manageLinkEmailWorkflow(input: { email: string; window: number }): Promise<{ sent: number }> {
  return sendManageLinks(input);
}
