/** An admin approves or declines a booking that waits for approval (`pending`). */
import type { Client } from '@temporalio/client';
import { viaWorkflow } from '../temporal/workflow-errors.ts';
import { approveUpdate } from '../../workflows/booking.workflow.ts';
import type { BookingSnapshot } from '../../workflows/booking.types.ts';
import { bookingWorkflowHandle } from './booking-workflow.ts';

export type DecideBookingDeps = { client: Client };
export type DecideBookingInput = { bookingId: string; approve: boolean; reason?: string | undefined };

export async function decideBooking(deps: DecideBookingDeps, { bookingId, approve, reason }: DecideBookingInput): Promise<BookingSnapshot> {
  return viaWorkflow(bookingWorkflowHandle(deps.client, bookingId).executeUpdate(approveUpdate, { args: [{ approve, reason }] }));
}
