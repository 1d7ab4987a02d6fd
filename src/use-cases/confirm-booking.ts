/**
 * Confirm a held booking (the widget's confirm step, the manage link's "confirm", an SMS reply "C").
 * Who may confirm is the caller's check (a manage token, a verified phone); the workflow decides whether
 * the hold can still be confirmed. A workflow that has ended says why from the row: 409 "The booking is
 * expired" rather than a bare 404.
 */
import type { Client } from '@temporalio/client';
import type { Kysely } from 'kysely';
import { findBooking } from '../db/booking.repository.ts';
import type { DB } from '../db/schema.ts';
import { AppError } from '../errors.ts';
import { viaWorkflow } from '../temporal/workflow-errors.ts';
import { confirmUpdate } from '../../workflows/booking.workflow.ts';
import type { BookingSnapshot } from '../../workflows/booking.types.ts';
import { bookingWorkflowHandle } from './booking-workflow.ts';

export type ConfirmBookingDeps = { db: Kysely<DB>; client: Client };

export async function confirmBooking(deps: ConfirmBookingDeps, bookingId: string): Promise<BookingSnapshot> {
  const handle = bookingWorkflowHandle(deps.client, bookingId);
  return viaWorkflow(handle.executeUpdate(confirmUpdate, { args: [] })).catch(async (err: unknown) => {
    if (err instanceof AppError && err.code === 'not_found') {
      const row = await findBooking(deps.db, bookingId);
      if (row) throw new AppError('conflict', `The booking is ${row.status}.`);
    }
    throw err;
  });
}
