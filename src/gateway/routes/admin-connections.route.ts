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
 * - `POST /v1/admin/connections` `{ kind: "google" | "microsoft", providerId, failClosed? }` and
 *   `GET /v1/connections/{kind}/callback`: the OAuth consent round trip, bound to the admin's browser by a
 *   cookie (src/domain/access/oauth-consent-binding.ts); the callback answers a small HTML page.
 * Each route parses, calls one use case (connect-caldav-calendar, start- / complete-calendar-consent,
 * sync-calendar-now, remove-calendar-connection in src/use-cases; the two listings read their repository)
 * and presents the result; the refusals and their order are the use cases'.
 */
import { z } from 'zod';
import { zInstant } from '../schemas/common.schemas.ts';
import { listBusyBlocks } from '../../db/busy-block.repository.ts';
import { listCalendarConnections, type CalendarConnectionRow } from '../../db/calendar-connection.repository.ts';
import type { CalendarConnectionDeps } from '../../use-cases/calendar-connection-common.ts';
import { completeCalendarConsent, type CompleteCalendarConsentResult } from '../../use-cases/complete-calendar-consent.ts';
import { connectCalDavCalendar } from '../../use-cases/connect-caldav-calendar.ts';
import { removeCalendarConnection } from '../../use-cases/remove-calendar-connection.ts';
import { startCalendarConsent } from '../../use-cases/start-calendar-consent.ts';
import { syncCalendarConnectionNow } from '../../use-cases/sync-calendar-now.ts';
import type { GatewayDeps } from '../deps.ts';
import { defineRoute, type AnyRoute } from '../route.ts';
import { consentCookie, consentCookieOf } from '../../domain/access/oauth-consent-binding.ts';
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

/** The callback page's text for each consent that did not connect (answered with 400). */
const CONSENT_PAGES: Record<Extract<CompleteCalendarConsentResult, { status: 'not_connected' }>['reason'], string> = {
  expired: 'This consent link has expired (10 minutes). Start again from the admin dashboard.',
  not_granted: 'Access was not granted. Start again from the admin dashboard.',
  exchange_refused: 'The provider did not accept the consent (expired, or a permission was unticked). Start again.',
  no_writable_calendar: 'This account has no calendar slotflow may write to.',
};

export function adminConnectionRoutes(deps: GatewayDeps): AnyRoute[] {
  const useCaseDeps: CalendarConnectionDeps = {
    db: deps.db,
    client: deps.temporal.client,
    taskQueue: deps.taskQueue,
    calendar: deps.calendar,
    fallbackBaseUrl: deps.links?.baseUrl,
  };

  return [
    defineRoute({
      method: 'GET',
      url: '/v1/connections/:kind/callback',
      summary: "OAuth 2.0 redirect target after Google / Microsoft consent (opened by the admin's browser)",
      tags: ['public'],
      auth: 'public',
      errors: ['not_found', 'forbidden'],
      params: z.object({ kind: z.enum(['google', 'microsoft']) }).strict(),
      query: z.object({ state: z.string().min(1).max(200), code: z.string().max(4000).optional(), error: z.string().max(200).optional() }).loose(),
      responses: { 200: { description: 'A small page saying the calendar is connected', contentType: 'text/html' } },
      async handler({ params, query }, req, reply) {
        const result = await completeCalendarConsent(
          { ...useCaseDeps, now: deps.clock().getTime() },
          { kind: params.kind, state: query.state, code: query.code, error: query.error, browserBinding: consentCookieOf(req.headers.cookie) },
        );
        reply.type('text/html; charset=utf-8').header('content-security-policy', RESULT_PAGE_CSP).header('referrer-policy', 'no-referrer');
        if (result.status === 'connected')
          return reply.send(oauthResultPage('Calendar connected', `${result.calendarName} is now connected. You can close this window.`));
        reply.status(400);
        return reply.send(oauthResultPage('Calendar not connected', CONSENT_PAGES[result.reason]));
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/v1/admin/connections',
      summary: "Connect a provider's calendar (CalDAV); syncs its busy time at once and then on a schedule",
      tags: ['admin'],
      auth: 'admin',
      // not_found: calendar connections not configured on this gateway, or no such provider.
      errors: ['not_found'],
      body: z.discriminatedUnion('kind', [ZCreateCalDav, ZCreateOAuth]),
      responses: { 201: { description: 'CalDAV: the connection after its first sync; Google / Microsoft: the pending connection and the consentUrl to open' } },
      async handler({ body }, _req, reply) {
        if (body.kind !== 'caldav') {
          const started = await startCalendarConsent(useCaseDeps, body);
          // Binds the consent to this browser (src/domain/access/oauth-consent-binding.ts): the callback needs the
          // cookie.
          reply.header('set-cookie', consentCookie(deps.calendar!.sealKey, started.state, started.redirectUri.startsWith('https:')));
          reply.status(201);
          return { ...present(started.connection), consentUrl: started.consentUrl };
        }
        const connected = await connectCalDavCalendar(useCaseDeps, body);
        reply.status(201);
        return { ...present(connected.connection), calendars: connected.calendars };
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
      errors: ['not_found'],
      params: ZId,
      responses: { 200: { description: 'The sync outcome and the connection' } },
      async handler({ params }) {
        const { outcome, connection } = await syncCalendarConnectionNow(useCaseDeps, { connectionId: params.id });
        return { outcome, connection: present(connection) };
      },
    }),
    defineRoute({
      method: 'DELETE',
      url: '/v1/admin/connections/:id',
      summary: 'Disconnect: stop syncing, revoke the consent at the provider where possible (Google), forget the credentials and the busy blocks',
      tags: ['admin'],
      auth: 'admin',
      errors: ['not_found'],
      params: ZId,
      responses: { 204: { description: 'Gone' } },
      async handler({ params }, _req, reply) {
        await removeCalendarConnection(useCaseDeps, { connectionId: params.id });
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
      errors: ['not_found'],
      params: ZId,
      query: z.object({ from: zInstant(), to: zInstant() }).strict(),
      responses: { 200: { description: '{ busy }' } },
      async handler({ params, query }) {
        const rows = await listBusyBlocks(deps.db, params.id, { from: new Date(query.from), to: new Date(query.to) });
        return {
          busy: rows.map((r) => ({
            id: r.id,
            start: r.start_time.toISOString(),
            end: r.end_time.toISOString(),
            source: r.source,
            externalId: r.external_id,
            connectionId: r.connection_id,
          })),
        };
      },
    }),
  ];
}
