/**
 * What the calendar-connection use cases share (connect-caldav-calendar.ts, start- / complete-calendar-
 * consent.ts, sync-calendar-now.ts, remove-calendar-connection.ts):
 * - `CalendarConnectionDeps`: database, Temporal client and task queue, the calendar settings (absent:
 *   calendar connections are off) and the OAuth redirect base (PUBLIC_BASE_URL);
 * - refusals, with the codes and texts the admin API has always answered: `calendarSettingsOf` (not
 *   configured → `not_found`), `loadCalendarConnection` (unknown id → `not_found`), `assertProviderExists`
 *   (unknown provider → `not_found`), `oauthRedirectUri` (no PUBLIC_BASE_URL → `service_unavailable`);
 * - `syncCalendarNow`: one sync of a connection, run to its end (the workflow `calendar-sync-now-<id>`;
 *   a sync already running is joined, not doubled);
 * - `startCalendarSync`: the connection's Temporal Schedule (`calendar-sync-<id>`, every
 *   `syncIntervalSeconds`, overlap SKIP) and its first sync, for a connection with credentials and a
 *   calendar.
 * Workflow and schedule ids come from src/temporal/workflow-ids.ts.
 */
import type { Client } from '@temporalio/client';
import type { Kysely } from 'kysely';
import type { CalendarSettings } from '../calendar-connectors/connection-connector.ts';
import { findCalendarConnection, type CalendarConnectionRow } from '../db/calendar-connection.repository.ts';
import { findProvider } from '../db/provider.repository.ts';
import type { DB } from '../db/schema.ts';
import { AppError } from '../errors.ts';
import { calendarSyncNowWorkflowId, calendarSyncScheduleId, calendarSyncWorkflowId } from '../temporal/workflow-ids.ts';
import { calendarSyncWorkflow } from '../../workflows/calendar-sync.workflow.ts';

export type CalendarConnectionSettings = CalendarSettings & {
  /** CALENDAR_SYNC_INTERVAL_SECONDS: how often a connection's schedule syncs it. */
  syncIntervalSeconds: number;
  /** OAuth redirect base (PUBLIC_BASE_URL). */
  publicBaseUrl?: string | undefined;
};

export type CalendarConnectionDeps = {
  db: Kysely<DB>;
  client: Client;
  taskQueue: string;
  /** Absent: calendar connections are not configured (every use case but removal refuses, `not_found`). */
  calendar?: CalendarConnectionSettings | undefined;
  /** Where the OAuth callback lives when `calendar.publicBaseUrl` is not set (the manage links' base). */
  fallbackBaseUrl?: string | undefined;
};

export function calendarSettingsOf(deps: Pick<CalendarConnectionDeps, 'calendar'>): CalendarConnectionSettings {
  if (!deps.calendar) throw new AppError('not_found', 'Calendar connections are not configured on this gateway.');
  return deps.calendar;
}

export async function loadCalendarConnection(deps: Pick<CalendarConnectionDeps, 'db'>, id: string): Promise<CalendarConnectionRow> {
  const row = await findCalendarConnection(deps.db, id);
  if (!row) throw new AppError('not_found', `No calendar connection ${id}.`);
  return row;
}

export async function assertProviderExists(deps: Pick<CalendarConnectionDeps, 'db'>, providerId: string): Promise<void> {
  if (!(await findProvider(deps.db, providerId))) throw new AppError('not_found', `No provider ${providerId}.`);
}

/** The OAuth redirect URI registered with Google / Microsoft: `<base>/v1/connections/<kind>/callback`. */
export function oauthRedirectUri(deps: Pick<CalendarConnectionDeps, 'calendar' | 'fallbackBaseUrl'>, kind: 'google' | 'microsoft'): string {
  const base = deps.calendar?.publicBaseUrl ?? deps.fallbackBaseUrl;
  if (!base) throw new AppError('service_unavailable', 'PUBLIC_BASE_URL is needed for the OAuth callback.');
  return `${base.replace(/\/+$/, '')}/v1/connections/${kind}/callback`;
}

export type CalendarSyncOutcome = Awaited<ReturnType<typeof calendarSyncWorkflow>>;

/** Syncs the connection now and answers the outcome when the sync is done. */
export function syncCalendarNow(deps: Pick<CalendarConnectionDeps, 'client' | 'taskQueue'>, connectionId: string): Promise<CalendarSyncOutcome> {
  return deps.client.workflow.execute(calendarSyncWorkflow, {
    workflowId: calendarSyncNowWorkflowId(connectionId),
    taskQueue: deps.taskQueue,
    args: [{ connectionId }],
    workflowIdConflictPolicy: 'USE_EXISTING',
  });
}

/** Schedule + first sync of a connection that has credentials and a calendar. */
export async function startCalendarSync(deps: CalendarConnectionDeps, connectionId: string): Promise<void> {
  const cal = calendarSettingsOf(deps);
  await deps.client.schedule.create({
    scheduleId: calendarSyncScheduleId(connectionId),
    spec: { intervals: [{ every: `${cal.syncIntervalSeconds}s` }] },
    action: {
      type: 'startWorkflow',
      workflowType: calendarSyncWorkflow,
      args: [{ connectionId }],
      taskQueue: deps.taskQueue,
      workflowId: calendarSyncWorkflowId(connectionId),
    },
    policies: { overlap: 'SKIP' },
  });
  await syncCalendarNow(deps, connectionId);
}
