/**
 * Calendar connections (admin):
 * - `POST /v1/admin/connections` `{ kind: "caldav", providerId, url, username, password, calendarId?,
 *   failClosed? }`: the URL passes the SSRF guard, the server is asked for its calendars with the given
 *   credentials (refused → 422 naming `body.password`), the credentials are sealed, a Temporal Schedule
 *   syncs busy time every CALENDAR_SYNC_INTERVAL_SECONDS, and the first sync runs before the answer (201).
 * - `GET /v1/admin/connections?providerId`: each with health, last sync and last error (never secrets).
 * - `POST /v1/admin/connections/{id}/sync`: sync now; answers when done.
 * - `DELETE /v1/admin/connections/{id}`: stops the schedule and forgets the credentials and busy blocks.
 * - `GET /v1/admin/providers/{id}/busy?from&to`: the synced (and manual) busy blocks.
 * Google and Microsoft 365 (OAuth consent) come next; the kinds are reserved in the table already.
 */
import { randomUUID } from 'node:crypto';
import type { Selectable } from 'kysely';
import { z } from 'zod';
import { CalendarError } from '../../calendar/connector.ts';
import { createCalDavConnector } from '../../calendar/connectors/caldav.connector.ts';
import { seal } from '../../calendar/credential-seal.ts';
import { assertCalendarUrlAllowed } from '../../calendar/ssrf-guard.ts';
import type { CalendarConnectionsTable } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import { calendarSyncWorkflow } from '../../../workflows/calendar-sync.workflow.ts';
import type { GatewayDeps } from '../deps.ts';
import { defineRoute, type AnyRoute } from '../route.ts';

const ZCreateCalDav = z
  .object({
    kind: z.literal('caldav'),
    providerId: z.uuid(),
    url: z.url({ protocol: /^https?$/ }).max(2000),
    username: z.string().min(1).max(200),
    password: z.string().min(1).max(500),
    calendarId: z.string().min(1).max(2000).optional().describe('Default: the first writable calendar'),
    failClosed: z.boolean().default(true).describe("While the calendar cannot be read, offer none of the provider's slots"),
  })
  .strict();
const ZId = z.object({ id: z.uuid() }).strict();

export const scheduleIdOf = (connectionId: string) => `calendar-sync-${connectionId}`;

function present(c: Selectable<CalendarConnectionsTable>) {
  return {
    id: c.id,
    providerId: c.provider_id,
    kind: c.kind,
    status: c.status,
    displayName: c.display_name,
    calendarId: c.calendar_id,
    failClosed: c.fail_closed,
    lastSyncAt: c.last_sync_at?.toISOString() ?? null,
    lastError: c.last_error,
    lastErrorKind: c.last_error_kind,
    createdAt: c.created_at.toISOString(),
  };
}

export function adminConnectionRoutes(deps: GatewayDeps): AnyRoute[] {
  const settings = () => {
    if (!deps.calendar) throw new AppError('not_found', 'Calendar connections are not configured on this gateway.');
    return deps.calendar;
  };
  const load = async (id: string) => {
    const row = await deps.db.selectFrom('calendar_connections').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw new AppError('not_found', `No calendar connection ${id}.`);
    return row;
  };
  const syncNow = (id: string) =>
    deps.temporal.client.workflow.execute(calendarSyncWorkflow, {
      workflowId: `calendar-sync-now-${id}`,
      taskQueue: deps.taskQueue,
      args: [{ connectionId: id }],
      workflowIdConflictPolicy: 'USE_EXISTING',
    });

  return [
    defineRoute({
      method: 'POST',
      url: '/v1/admin/connections',
      summary: "Connect a provider's calendar (CalDAV); syncs its busy time at once and then on a schedule",
      tags: ['admin'],
      auth: 'admin',
      body: ZCreateCalDav,
      responses: { 201: { description: 'The connection after its first sync' } },
      async handler({ body }, _req, reply) {
        const cal = settings();
        const provider = await deps.db.selectFrom('providers').select('id').where('id', '=', body.providerId).executeTakeFirst();
        if (!provider) throw new AppError('not_found', `No provider ${body.providerId}.`);
        await assertCalendarUrlAllowed(body.url, { allowPrivateNetworks: cal.allowPrivateNetworks });
        const connector = createCalDavConnector({ url: body.url, username: body.username, password: body.password });
        let calendars;
        try {
          calendars = await connector.listCalendars();
        } catch (err) {
          if (err instanceof CalendarError && err.kind === 'AUTH_REVOKED') {
            throw new AppError('invalid_request', 'The calendar server refused these credentials.', { errors: [{ path: 'body.password', message: 'refused by the server' }] });
          }
          if (err instanceof CalendarError && err.kind === 'NOT_FOUND') {
            throw new AppError('invalid_request', 'No CalDAV calendars at this URL.', { errors: [{ path: 'body.url', message: 'no CalDAV calendars found' }] });
          }
          throw new AppError('service_unavailable', `The calendar server did not answer: ${(err as Error).message}`, { retryAfterSeconds: 30, cause: err });
        }
        const chosen = body.calendarId ? calendars.find((c) => c.id === body.calendarId || c.name === body.calendarId) : (calendars.find((c) => c.primary && !c.readOnly) ?? calendars.find((c) => !c.readOnly));
        if (!chosen) {
          throw new AppError('invalid_request', body.calendarId ? `No calendar ${body.calendarId} there.` : 'No writable calendar there.', {
            errors: [{ path: body.calendarId ? 'body.calendarId' : 'body.url', message: `available: ${calendars.map((c) => c.id).join(', ') || 'none'}` }],
          });
        }
        const id = randomUUID();
        await deps.db
          .insertInto('calendar_connections')
          .values({
            id,
            provider_id: body.providerId,
            kind: 'caldav',
            display_name: `${body.username} @ ${new URL(body.url).host}`,
            calendar_id: chosen.id,
            credentials: seal(cal.sealKey, id, { url: body.url, username: body.username, password: body.password }),
            fail_closed: body.failClosed,
          })
          .execute();
        await deps.temporal.client.schedule.create({
          scheduleId: scheduleIdOf(id),
          spec: { intervals: [{ every: `${cal.syncIntervalSeconds}s` }] },
          action: { type: 'startWorkflow', workflowType: calendarSyncWorkflow, args: [{ connectionId: id }], taskQueue: deps.taskQueue, workflowId: `calendar-sync-${id}` },
          policies: { overlap: 'SKIP' },
        });
        await syncNow(id);
        reply.status(201);
        return { ...present(await load(id)), calendars };
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/v1/admin/connections',
      summary: 'Calendar connections with health, last sync and last error',
      tags: ['admin'],
      auth: 'admin',
      query: z.object({ providerId: z.uuid().optional() }).strict(),
      responses: { 200: { description: '{ connections }' } },
      async handler({ query }) {
        let q = deps.db.selectFrom('calendar_connections').selectAll().orderBy('created_at');
        if (query.providerId) q = q.where('provider_id', '=', query.providerId);
        return { connections: (await q.execute()).map(present) };
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/v1/admin/connections/:id/sync',
      summary: 'Sync busy time now; answers when done',
      tags: ['admin'],
      auth: 'admin',
      params: ZId,
      responses: { 200: { description: 'The sync outcome and the connection' } },
      async handler({ params }) {
        settings();
        await load(params.id);
        const outcome = await syncNow(params.id);
        return { outcome, connection: present(await load(params.id)) };
      },
    }),
    defineRoute({
      method: 'DELETE',
      url: '/v1/admin/connections/:id',
      summary: 'Disconnect: stop syncing, forget the credentials and the busy blocks synced from it',
      tags: ['admin'],
      auth: 'admin',
      params: ZId,
      responses: { 204: { description: 'Gone' } },
      async handler({ params }, _req, reply) {
        await load(params.id);
        await deps.temporal.client.schedule
          .getHandle(scheduleIdOf(params.id))
          .delete()
          .catch((err: unknown) => {
            if ((err as { name?: string }).name !== 'ScheduleNotFoundError') throw err;
          });
        await deps.db.deleteFrom('calendar_connections').where('id', '=', params.id).execute();
        reply.status(204);
        return reply.send();
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/v1/admin/providers/:id/busy',
      summary: "A provider's busy blocks (synced from calendars, or manual) overlapping [from, to)",
      tags: ['admin'],
      auth: 'admin',
      params: ZId,
      query: z.object({ from: z.iso.datetime({ offset: true }), to: z.iso.datetime({ offset: true }) }).strict(),
      responses: { 200: { description: '{ busy }' } },
      async handler({ params, query }) {
        const rows = await deps.db
          .selectFrom('busy_blocks')
          .select(['id', 'start_time', 'end_time', 'source', 'external_id', 'connection_id'])
          .where('provider_id', '=', params.id)
          .where('start_time', '<', new Date(query.to))
          .where('end_time', '>', new Date(query.from))
          .orderBy('start_time')
          .execute();
        return {
          busy: rows.map((r) => ({ id: r.id, start: r.start_time.toISOString(), end: r.end_time.toISOString(), source: r.source, externalId: r.external_id, connectionId: r.connection_id })),
        };
      },
    }),
  ];
}
