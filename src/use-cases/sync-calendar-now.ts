/**
 * Syncing a calendar connection's busy time now (beside its schedule), answered when the sync is done:
 * the sync's outcome and the connection as it is afterwards. A sync of the connection already running
 * on demand is joined, not doubled (calendar-connection-common.ts).
 *
 * Refusals: calendar connections not configured, or an unknown connection → `not_found`. A calendar that
 * refuses us is no refusal: the outcome says `unhealthy`, and so does the connection.
 */
import type { CalendarConnectionRow } from '../db/calendar-connection.repository.ts';
import {
  calendarSettingsOf,
  loadCalendarConnection,
  syncCalendarNow,
  type CalendarConnectionDeps,
  type CalendarSyncOutcome,
} from './calendar-connection-common.ts';

export type SyncCalendarNowResult = { outcome: CalendarSyncOutcome; connection: CalendarConnectionRow };

export async function syncCalendarConnectionNow(deps: CalendarConnectionDeps, input: { connectionId: string }): Promise<SyncCalendarNowResult> {
  calendarSettingsOf(deps);
  await loadCalendarConnection(deps, input.connectionId);
  const outcome = await syncCalendarNow(deps, input.connectionId);
  return { outcome, connection: await loadCalendarConnection(deps, input.connectionId) };
}
