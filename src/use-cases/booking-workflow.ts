/**
 * A booking's running workflow, as the use cases reach it: its handle by the one id scheme, and its
 * updates with the workflow's refusals turned into AppErrors (`Refused:<code>` keeps its code).
 */
import type { Client, WorkflowHandle } from '@temporalio/client';
import { bookingWorkflowId } from '../temporal/workflow-ids.ts';
import type { bookingWorkflow } from '../../workflows/booking.workflow.ts';

export type BookingWorkflowHandle = WorkflowHandle<typeof bookingWorkflow>;

export function bookingWorkflowHandle(client: Client, bookingId: string): BookingWorkflowHandle {
  return client.workflow.getHandle<typeof bookingWorkflow>(bookingWorkflowId(bookingId));
}
