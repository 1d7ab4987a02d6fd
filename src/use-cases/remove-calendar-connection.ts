/**
 * Removing a calendar connection: what it was granted is taken back at the provider where possible
 * (Google; best effort, connection-connector.ts `revokeConnection` — only when calendar connections are
 * configured), its sync schedule (`calendar-sync-<id>`) is deleted (already gone is fine), and the row
 * goes, and its synced busy blocks with it.
 *
 * Refusals: an unknown connection → `not_found` (also when calendar connections are not configured: a
 * connection left from before can still be removed).
 */
import { revokeConnection } from '../calendar-connectors/connection-connector.ts';
import { deleteCalendarConnection } from '../db/calendar-connection.repository.ts';
import { calendarSyncScheduleId } from '../temporal/workflow-ids.ts';
import { loadCalendarConnection, type CalendarConnectionDeps } from './calendar-connection-common.ts';

export async function removeCalendarConnection(deps: CalendarConnectionDeps, input: { connectionId: string }): Promise<void> {
  const row = await loadCalendarConnection(deps, input.connectionId);
  if (deps.calendar) await revokeConnection(row, deps.calendar);
  await deps.client.schedule
    .getHandle(calendarSyncScheduleId(input.connectionId))
    .delete()
    .catch((err: unknown) => {
      if ((err as { name?: string }).name !== 'ScheduleNotFoundError') throw err;
    });
  await deleteCalendarConnection(deps.db, input.connectionId);
}
