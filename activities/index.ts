/**
 * `createActivities(deps)`: every activity the worker registers, built from injected dependencies so
 * tests swap the database (PGlite) rather than the code. Activities are thin adapters over `src/`.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../src/db/schema.ts';
import type { BookingRow } from '../src/db/booking.repository.ts';
import { createBookingActivities } from './booking.activities.ts';
import { createHealthcheckActivities } from './healthcheck.activities.ts';

export type ActivityDeps = {
  db: Kysely<DB>;
  workerId: string;
  /** The customer's signed manage link for a booking (none until link signing is configured). */
  manageUrl?: (booking: BookingRow) => string | undefined;
};

export function createActivities(deps: ActivityDeps) {
  return {
    ...createHealthcheckActivities(deps),
    ...createBookingActivities(deps),
  };
}

export type Activities = ReturnType<typeof createActivities>;
