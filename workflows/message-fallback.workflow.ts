/**
 * `messageFallbackWorkflow`: an SMS that a provider reported undelivered after it was accepted (a
 * status callback, so no booking workflow is waiting for it) goes out again by e-mail. One workflow per
 * failed SMS (id `message-fallback-<messageId>`); the activity is idempotent through the outbox key.
 */
import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities/index.ts';

const { sendEmailFallback } = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute', maximumAttempts: 50 },
});

export async function messageFallbackWorkflow(input: { messageId: string }): Promise<{ sent: boolean }> {
  return sendEmailFallback(input.messageId);
}
