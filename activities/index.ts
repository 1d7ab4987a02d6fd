/**
 * `createActivities(deps)`: every activity the worker registers, built from injected dependencies so
 * tests swap the database (PGlite) rather than the code. Activities are thin adapters over `src/`.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../src/db/schema.ts';
import { createHealthcheckActivities } from './healthcheck.activities.ts';

export type ActivityDeps = { db: Kysely<DB>; workerId: string };

export function createActivities(deps: ActivityDeps) {
  return {
    ...createHealthcheckActivities(deps),
  };
}

export type Activities = ReturnType<typeof createActivities>;
