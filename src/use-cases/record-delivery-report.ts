/**
 * Recording a provider's delivery report for a message slotflow sent (e.g. a Twilio status callback):
 * the outbox row takes the reported status (`applyDeliveryReport`: out-of-order reports never move a
 * message back; a report for an unknown message changes nothing), and a message that thereby becomes
 * `failed` starts its e-mail fallback, `messageFallbackWorkflow`.
 *
 * One fallback per message: `failed` is final, so a repeated report changes nothing and starts nothing;
 * the workflow id is `messageFallbackWorkflowId(<message id>)` with conflict policy USE_EXISTING, so a
 * start that races another reaches the running fallback; and the fallback's e-mail is keyed in the outbox.
 */
import type { Client } from '@temporalio/client';
import type { Kysely } from 'kysely';
import { applyDeliveryReport, type DeliveryReport, type MessageRow } from '../db/message.repository.ts';
import type { DB } from '../db/schema.ts';
import { messageFallbackWorkflowId } from '../temporal/workflow-ids.ts';
import { messageFallbackWorkflow } from '../../workflows/message-fallback.workflow.ts';

export type DeliveryReportDeps = { db: Kysely<DB>; client: Client; taskQueue: string };

/** Returns the updated message, or undefined when the report changed nothing. */
export async function recordDeliveryReport(deps: DeliveryReportDeps, report: DeliveryReport): Promise<MessageRow | undefined> {
  const row = await applyDeliveryReport(deps.db, report);
  if (row?.status === 'failed') {
    await deps.client.workflow.start(messageFallbackWorkflow, {
      workflowId: messageFallbackWorkflowId(row.id),
      taskQueue: deps.taskQueue,
      args: [{ messageId: row.id }],
      workflowIdConflictPolicy: 'USE_EXISTING',
    });
  }
  return row;
}
