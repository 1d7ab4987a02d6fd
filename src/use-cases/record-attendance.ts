/**
 * An admin records whether the customer came (`checked_in` / `no_show`): the one change allowed after an
 * appointment has started (src/domain/policies/change-policy.ts, `attendanceRefusal`).
 */
import type { Client } from '@temporalio/client';
import { viaWorkflow } from '../temporal/workflow-errors.ts';
import { attendanceUpdate } from '../../workflows/booking.workflow.ts';
import type { AttendanceRequest, BookingSnapshot } from '../../workflows/booking.types.ts';
import { bookingWorkflowHandle } from './booking-workflow.ts';

export type RecordAttendanceDeps = { client: Client };
export type RecordAttendanceInput = AttendanceRequest & { bookingId: string };

export async function recordAttendance(deps: RecordAttendanceDeps, { bookingId, attendance }: RecordAttendanceInput): Promise<BookingSnapshot> {
  return viaWorkflow(bookingWorkflowHandle(deps.client, bookingId).executeUpdate(attendanceUpdate, { args: [{ attendance }] }));
}
