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
import { randomBytes, randomUUID } from 'node:crypto';
import { z } from 'zod';
import { CalendarError } from '../../calendar-connectors/connector.ts';
import { calendarFetchFor, connectorFor, revokeConnection, storeRotatedCredentials } from '../../calendar-connectors/connection-connector.ts';
import { createCalDavConnector, isSsrfRefusal } from '../../calendar-connectors/caldav.connector.ts';
import { exchangeGoogleCode, googleAuthUrl } from '../../calendar-connectors/google.connector.ts';
import { exchangeMicrosoftCode, microsoftAuthUrl } from '../../calendar-connectors/microsoft.connector.ts';
import { seal } from '../../calendar-connectors/credential-seal.ts';
import { assertCalendarUrlAllowed } from '../../outbound/ssrf-guard.ts';
import { listBusyBlocks } from '../../db/busy-block.repository.ts';
import {
  clearOAuthState,
  deleteCalendarConnection,
  findCalendarConnection,
  findConnectionByOAuthState,
  insertCalendarConnection,
  listCalendarConnections,
  recordConnectionFailure,
  setConnectionCalendar,
  storeConnectionCredentials,
  type CalendarConnectionRow,
} from '../../db/calendar-connection.repository.ts';
import { findProvider } from '../../db/provider.repository.ts';
import { AppError } from '../../errors.ts';
import { calendarSyncWorkflow } from '../../../workflows/calendar-sync.workflow.ts';
import type { GatewayDeps } from '../deps.ts';
import { defineRoute, type AnyRoute } from '../route.ts';
import { consentCookie, consentCookieOf, consentRefusal } from '../oauth/oauth-browser-binding.ts';
import { oauthResultPage, RESULT_PAGE_CSP } from '../oauth/oauth-result-page.ts';

const ZCreateOAuth = z
  .object({
    kind: z.enum(['google', 'microsoft']),
    providerId: z.uuid(),
    failClosed: z.boolean().default(true),
  })
  .strict();
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

function present(c: CalendarConnectionRow) {
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
    const row = await findCalendarConnection(deps.db, id);
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

  /** Schedule + first sync of a connection that has credentials and a calendar. */
  const activate = async (id: string) => {
    const cal = settings();
    await deps.temporal.client.schedule.create({
      scheduleId: scheduleIdOf(id),
      spec: { intervals: [{ every: `${cal.syncIntervalSeconds}s` }] },
      action: { type: 'startWorkflow', workflowType: calendarSyncWorkflow, args: [{ connectionId: id }], taskQueue: deps.taskQueue, workflowId: `calendar-sync-${id}` },
      policies: { overlap: 'SKIP' },
    });
    await syncNow(id);
  };
  const redirectUri = (kind: 'google' | 'microsoft') => {
    const base = deps.calendar?.publicBaseUrl ?? deps.links?.baseUrl;
    if (!base) throw new AppError('service_unavailable', 'PUBLIC_BASE_URL is needed for the OAuth callback.');
    return `${base.replace(/\/+$/, '')}/v1/connections/${kind}/callback`;
  };
  const startConsent = async (kind: 'google' | 'microsoft', providerId: string, failClosed: boolean) => {
    const cal = settings();
    const state = randomBytes(24).toString('base64url');
    const id = randomUUID();
    let consentUrl: string;
    if (kind === 'google') {
      const app = cal.google;
      if (!app) throw new AppError('invalid_request', 'Google is not configured: set GOOGLE_CLIENT_ID and GOOGLE_CLIENT_SECRET.', { errors: [{ path: 'body.kind', message: 'not configured' }] });
      consentUrl = googleAuthUrl({ clientId: app.clientId, redirectUri: redirectUri('google'), state, ...(app.authUrl ? { authBaseUrl: app.authUrl } : {}) });
    } else {
      const app = cal.microsoft;
      if (!app) throw new AppError('invalid_request', 'Microsoft 365 is not configured: set MICROSOFT_CLIENT_ID and MICROSOFT_CLIENT_SECRET.', { errors: [{ path: 'body.kind', message: 'not configured' }] });
      consentUrl = microsoftAuthUrl({ clientId: app.clientId, redirectUri: redirectUri('microsoft'), state, ...(app.tenant ? { tenant: app.tenant } : {}), ...(app.authorizeUrl ? { authorizeUrl: app.authorizeUrl } : {}) });
    }
    await insertCalendarConnection(deps.db, {
      id,
      providerId,
      kind,
      displayName: kind === 'google' ? 'Google Calendar (waiting for consent)' : 'Microsoft 365 (waiting for consent)',
      oauthState: state,
      failClosed,
    });
    return { connection: { ...present(await load(id)), consentUrl }, state };
  };

  return [
    defineRoute({
      method: 'GET',
      url: '/v1/connections/:kind/callback',
      summary: 'OAuth 2.0 redirect target after Google / Microsoft consent (opened by the admin\'s browser)',
      tags: ['public'],
      auth: 'public',
      params: z.object({ kind: z.enum(['google', 'microsoft']) }).strict(),
      query: z.object({ state: z.string().min(1).max(200), code: z.string().max(4000).optional(), error: z.string().max(200).optional() }).loose(),
      responses: { 200: { description: 'A small page saying the calendar is connected', contentType: 'text/html' } },
      async handler({ params, query }, req, reply) {
        const cal = settings();
        const row = await findConnectionByOAuthState(deps.db, query.state, params.kind);
        if (!row) throw new AppError('not_found', 'This consent link is unknown or was already used.');
        const refusal = consentRefusal({ key: cal.sealKey, state: query.state, cookie: consentCookieOf(req.headers.cookie), startedAt: row.created_at, now: deps.clock().getTime() });
        if (refusal === 'other_browser') throw new AppError('forbidden', 'Open the consent link in the browser that started it (the admin dashboard).');
        await clearOAuthState(deps.db, row.id); // single use
        const page = (title: string, text: string) =>
          reply.type('text/html; charset=utf-8').header('content-security-policy', RESULT_PAGE_CSP).header('referrer-policy', 'no-referrer').send(oauthResultPage(title, text));
        if (refusal === 'expired') {
          await recordConnectionFailure(deps.db, row.id, { message: 'consent not finished within 10 minutes', kind: 'AUTH_REVOKED' }, { unhealthy: false });
          reply.status(400);
          return page('Calendar not connected', 'This consent link has expired (10 minutes). Start again from the admin dashboard.');
        }
        if (query.error || !query.code) {
          await recordConnectionFailure(deps.db, row.id, { message: `consent not given: ${query.error ?? 'no code'}`, kind: 'AUTH_REVOKED' }, { unhealthy: false });
          reply.status(400);
          return page('Calendar not connected', 'Access was not granted. Start again from the admin dashboard.');
        }
        let refreshToken: string;
        try {
          if (params.kind === 'google') {
            const app = cal.google!;
            refreshToken = (await exchangeGoogleCode({ clientId: app.clientId, clientSecret: app.clientSecret, redirectUri: redirectUri('google'), code: query.code, ...(app.tokenUrl ? { tokenUrl: app.tokenUrl } : {}) })).refreshToken;
          } else {
            const app = cal.microsoft!;
            refreshToken = (await exchangeMicrosoftCode({ clientId: app.clientId, clientSecret: app.clientSecret, redirectUri: redirectUri('microsoft'), code: query.code, ...(app.tenant ? { tenant: app.tenant } : {}), ...(app.tokenUrl ? { tokenUrl: app.tokenUrl } : {}) })).refreshToken;
          }
        } catch (err) {
          await recordConnectionFailure(deps.db, row.id, { message: (err as Error).message, kind: err instanceof CalendarError ? err.kind : 'TEMPORARY' }, { unhealthy: false });
          reply.status(400);
          return page('Calendar not connected', 'The provider did not accept the consent (expired, or a permission was unticked). Start again.');
        }
        const credentials = seal(cal.sealKey, row.id, { refreshToken });
        await storeConnectionCredentials(deps.db, row.id, credentials);
        const connector = await connectorFor({ ...row, credentials }, cal, storeRotatedCredentials(deps.db, cal, row.id));
        const calendars = await connector.listCalendars();
        const chosen = calendars.find((c) => c.primary && !c.readOnly) ?? calendars.find((c) => !c.readOnly);
        if (!chosen) {
          await recordConnectionFailure(deps.db, row.id, { message: 'no writable calendar', kind: 'NOT_FOUND' }, { unhealthy: false });
          reply.status(400);
          return page('Calendar not connected', 'This account has no calendar slotflow may write to.');
        }
        await setConnectionCalendar(deps.db, row.id, { calendarId: chosen.id, displayName: chosen.name });
        await activate(row.id);
        return page('Calendar connected', `${chosen.name} is now connected. You can close this window.`);
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/v1/admin/connections',
      summary: "Connect a provider's calendar (CalDAV); syncs its busy time at once and then on a schedule",
      tags: ['admin'],
      auth: 'admin',
      body: z.discriminatedUnion('kind', [ZCreateCalDav, ZCreateOAuth]),
      responses: { 201: { description: 'CalDAV: the connection after its first sync; Google / Microsoft: the pending connection and the consentUrl to open' } },
      async handler({ body }, _req, reply) {
        const cal = settings();
        if (!(await findProvider(deps.db, body.providerId))) throw new AppError('not_found', `No provider ${body.providerId}.`);
        if (body.kind !== 'caldav') {
          const started = await startConsent(body.kind, body.providerId, body.failClosed);
          // Binds the consent to this browser (oauth-browser-binding.ts): the callback needs the cookie.
          reply.header('set-cookie', consentCookie(cal.sealKey, started.state, redirectUri(body.kind).startsWith('https:')));
          reply.status(201);
          return started.connection;
        }
        await assertCalendarUrlAllowed(body.url, { allowPrivateNetworks: cal.allowPrivateNetworks });
        const connector = createCalDavConnector({ url: body.url, username: body.username, password: body.password, fetch: calendarFetchFor(body.url, cal) });
        let calendars;
        try {
          calendars = await connector.listCalendars();
        } catch (err) {
          if (err instanceof CalendarError && err.kind === 'AUTH_REVOKED') {
            throw new AppError('invalid_request', 'The calendar server refused these credentials.', { errors: [{ path: 'body.password', message: 'refused by the server' }] });
          }
          if (err instanceof CalendarError && isSsrfRefusal(err)) {
            throw new AppError('invalid_request', 'The calendar server sends slotflow to another host or to an address it does not connect to.', { errors: [{ path: 'body.url', message: 'redirects or resolves outside this server' }] });
          }
          if (err instanceof CalendarError && err.kind === 'NOT_FOUND') {
            throw new AppError('invalid_request', 'No CalDAV calendars at this URL.', { errors: [{ path: 'body.url', message: 'no CalDAV calendars found' }] });
          }
          // A classified reason, never the server's own text (it may be an internal service's error page).
          const reason = err instanceof CalendarError ? `${err.kind}${err.detail.status ? ` (HTTP ${err.detail.status})` : ''}` : 'no answer';
          throw new AppError('service_unavailable', `The calendar server did not answer usefully: ${reason}.`, { retryAfterSeconds: 30, cause: err });
        }
        const chosen = body.calendarId ? calendars.find((c) => c.id === body.calendarId || c.name === body.calendarId) : (calendars.find((c) => c.primary && !c.readOnly) ?? calendars.find((c) => !c.readOnly));
        if (!chosen) {
          throw new AppError('invalid_request', body.calendarId ? `No calendar ${body.calendarId} there.` : 'No writable calendar there.', {
            errors: [{ path: body.calendarId ? 'body.calendarId' : 'body.url', message: `available: ${calendars.map((c) => c.id).join(', ') || 'none'}` }],
          });
        }
        const id = randomUUID();
        await insertCalendarConnection(deps.db, {
          id,
          providerId: body.providerId,
          kind: 'caldav',
          displayName: `${body.username} @ ${new URL(body.url).host}`,
          calendarId: chosen.id,
          credentials: seal(cal.sealKey, id, { url: body.url, username: body.username, password: body.password }),
          failClosed: body.failClosed,
        });
        await activate(id);
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
        return { connections: (await listCalendarConnections(deps.db, { providerId: query.providerId })).map(present) };
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
      summary: 'Disconnect: stop syncing, revoke the consent at the provider where possible (Google), forget the credentials and the busy blocks',
      tags: ['admin'],
      auth: 'admin',
      params: ZId,
      responses: { 204: { description: 'Gone' } },
      async handler({ params }, _req, reply) {
        const row = await load(params.id);
        if (deps.calendar) await revokeConnection(row, deps.calendar);
        await deps.temporal.client.schedule
          .getHandle(scheduleIdOf(params.id))
          .delete()
          .catch((err: unknown) => {
            if ((err as { name?: string }).name !== 'ScheduleNotFoundError') throw err;
          });
        await deleteCalendarConnection(deps.db, params.id);
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
        const rows = await listBusyBlocks(deps.db, params.id, { from: new Date(query.from), to: new Date(query.to) });
        return {
          busy: rows.map((r) => ({ id: r.id, start: r.start_time.toISOString(), end: r.end_time.toISOString(), source: r.source, externalId: r.external_id, connectionId: r.connection_id })),
        };
      },
    }),
  ];
}
