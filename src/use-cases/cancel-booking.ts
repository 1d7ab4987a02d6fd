/**
 * Cancel a booking, as a customer (manage link, SMS reply "X") or an admin. The workflow applies the
 * change policy (src/domain/policies/change-policy.ts): notice windows for customers, nothing after the
 * start for anyone; `expectedVersion` refuses a change made against a version no longer current (409 booking_changed).
 */
import type { Client } from '@temporalio/client';
import { viaWorkflow } from '../temporal/workflow-errors.ts';
import { cancelUpdate } from '../../workflows/booking.workflow.ts';
import type { BookingSnapshot, CancelRequest } from '../../workflows/booking.types.ts';
import { bookingWorkflowHandle } from './booking-workflow.ts';

export type CancelBookingDeps = { client: Client };
export type CancelBookingInput = CancelRequest & { bookingId: string };

export async function cancelBooking(deps: CancelBookingDeps, { bookingId, ...request }: CancelBookingInput): Promise<BookingSnapshot> {
  return viaWorkflow(bookingWorkflowHandle(deps.client, bookingId).executeUpdate(cancelUpdate, { args: [request] }));
}
