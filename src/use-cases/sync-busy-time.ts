/**
 * One sync of a calendar connection: the connector's changes since the stored cursor → `busy_blocks`
 * (tagged with the connection), then the connection's health. Availability reads only `busy_blocks`, so
 * a slow or failing calendar never slows a booking page (Cal.com's 10–60 s loads).
 *
 * - A full listing replaces every block of the connection inside the window; an incremental one deletes
 *   the blocks of each changed or removed event and inserts the changed events' busy time again (an
 *   event that became "free" or was cancelled simply does not come back).
 * - Credentials refused (AUTH_REVOKED) → the connection turns `unhealthy` with the reason; its blocks stay
 *   and, with `fail_closed`, availability offers none of the provider's slots until it is fixed. Never
 *   silently ignored (Cal.com's 29896).
 * - TEMPORARY / RATE_LIMITED are recorded and re-thrown: the caller (an activity) retries.
 */
import type { Kysely } from 'kysely';
import { applyCalendarSync } from '../db/busy-block.repository.ts';
import { getCalendarConnection, recordConnectionFailure } from '../db/calendar-connection.repository.ts';
import type { DB } from '../db/schema.ts';
import { busyBlocksFromEvents } from '../domain/calendar-events/busy-from-events.ts';
import { CalendarError, type CalendarConnector } from '../calendar-connectors/connector.ts';

/** Busy time is kept from a day back to this far ahead (the longest booking horizon a service may set). */
export const SYNC_HORIZON_DAYS = 730;
const DAY = 86_400_000;

export type SyncOutcome = { status: 'healthy'; full: boolean; blocks: number; changed: number; removed: number } | { status: 'unhealthy'; error: string };

export async function syncConnectionBusy(
  db: Kysely<DB>,
  connectionId: string,
  connector: CalendarConnector,
  opts: { now: number; timeZone: string },
): Promise<SyncOutcome> {
  const conn = await getCalendarConnection(db, connectionId);
  if (!conn.calendar_id) throw new CalendarError('NOT_FOUND', `Connection ${connectionId} has no calendar selected.`);
  // Whole UTC days, so the window (part of a CalDAV cursor) stays the same between syncs of one day.
  const from = Math.floor(opts.now / DAY) * DAY - DAY;
  const window = { from, to: from + (SYNC_HORIZON_DAYS + 2) * DAY };
  let changes;
  try {
    changes = await connector.listChanges(conn.calendar_id, window, conn.sync_cursor);
  } catch (err) {
    const e = err instanceof CalendarError ? err : new CalendarError('TEMPORARY', err instanceof Error ? err.message : String(err), { cause: err });
    const unhealthy = e.kind === 'AUTH_REVOKED' || e.kind === 'NOT_FOUND';
    await recordConnectionFailure(db, connectionId, e, { unhealthy });
    if (unhealthy) return { status: 'unhealthy', error: e.message };
    throw e;
  }

  const blocks = busyBlocksFromEvents(changes.events, { timeZone: opts.timeZone, window });
  await applyCalendarSync(db, {
    connectionId,
    providerId: conn.provider_id,
    full: changes.full,
    touched: changes.full ? [] : [...changes.events.map((e) => e.id), ...changes.removed],
    blocks,
    cursor: changes.cursor,
    syncedAt: new Date(opts.now),
  });
  return { status: 'healthy', full: changes.full, blocks: blocks.length, changed: changes.events.length, removed: changes.removed.length };
}
