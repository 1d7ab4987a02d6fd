/**
 * Calendar activities: thin adapters over src/calendar/. A rate-limited or unreachable calendar is a
 * retryable failure (the next attempt waits what the provider asked for); refused credentials are not
 * an error here — the connection turns unhealthy and the outcome says so.
 */
import { ApplicationFailure } from '@temporalio/activity';
import type { Kysely } from 'kysely';
import { syncConnectionBusy, type SyncOutcome } from '../src/use-cases/sync-busy-time.ts';
import { connectorFor, storeRotatedCredentials, type CalendarSettings } from '../src/calendar-connectors/connection-connector.ts';
import { CalendarError } from '../src/calendar-connectors/connector.ts';
import { outboundKindOf } from '../src/calendar-connectors/calendar-errors.ts';
import { findCalendarConnection, recordConnectionFailure } from '../src/db/calendar-connection.repository.ts';
import { providerTimeZone } from '../src/db/provider.repository.ts';
import type { DB } from '../src/db/schema.ts';
import { activityFailure } from '../src/outbound/activity-failure.ts';

export type CalendarActivityDeps = { db: Kysely<DB>; calendar?: CalendarSettings | undefined };

/**
 * A CalendarError the activity should retry (TEMPORARY, RATE_LIMITED) → a retryable ApplicationFailure
 * whose next attempt waits what the provider asked for; anything else is returned unchanged.
 */
export function calendarRetryable(err: unknown): unknown {
  if (err instanceof CalendarError && outboundKindOf(err.kind) === 'retryable') {
    return activityFailure({ kind: 'retryable', message: err.message, retryAfterMs: err.detail.retryAfterMs }, `Calendar${err.kind}`);
  }
  return err;
}

export function createCalendarActivities(deps: CalendarActivityDeps) {
  return {
    /** One busy-time sync of a connection (see busy-sync.ts); 'gone' when it was deleted meanwhile. */
    async syncCalendarConnection(connectionId: string): Promise<SyncOutcome | { status: 'gone' }> {
      const row = await findCalendarConnection(deps.db, connectionId);
      if (!row) return { status: 'gone' };
      if (!deps.calendar) throw ApplicationFailure.nonRetryable('This worker has no calendar settings.', 'CalendarNotConfigured');
      const timeZone = await providerTimeZone(deps.db, row.provider_id);
      try {
        const connector = await connectorFor(row, deps.calendar, storeRotatedCredentials(deps.db, deps.calendar, row.id));
        return await syncConnectionBusy(deps.db, connectionId, connector, { now: Date.now(), timeZone });
      } catch (err) {
        const retry = calendarRetryable(err);
        if (retry !== err) throw retry;
        if (err instanceof CalendarError) {
          await recordConnectionFailure(deps.db, connectionId, err, { unhealthy: true });
          return { status: 'unhealthy', error: err.message };
        }
        throw err;
      }
    },
  };
}
