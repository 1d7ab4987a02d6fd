/**
 * Typed SQL fragments for column values, so inserts and updates type-check against `schema.ts` without
 * casts: `dbNow` is the database's `now()` (the transaction's start time, as every `updated_at` write
 * uses), `plusOne(column)` is `column + 1` for counters and versions.
 */
import { sql, type RawBuilder } from 'kysely';

/** `now()`: for timestamp columns (`updated_at`, `sent_at`, …). */
export const dbNow: RawBuilder<Date> = sql<Date>`now()`;

/** `<column> + 1`, for integer columns of the row being updated. */
export function plusOne(column: 'version' | 'attempts'): RawBuilder<number> {
  return sql<number>`${sql.ref(column)} + 1`;
}
