/**
 * Connecting a provider's CalDAV calendar: the URL passes the SSRF guard, the server is asked for its
 * calendars with the given credentials, the chosen calendar (`calendarId` by id or name, else the primary
 * writable one, else the first writable one) is stored with the credentials sealed, and the connection's
 * sync schedule starts; its first sync has run when this returns.
 *
 * Refusals, in this order: calendar connections not configured, or an unknown provider → `not_found`; a
 * URL the SSRF guard refuses → `invalid_request` (ssrf-guard.ts); credentials the server refuses →
 * `invalid_request` at `body.password`; a server that redirects or resolves outside what slotflow
 * connects to, or has no CalDAV calendars → `invalid_request` at `body.url`; any other failure →
 * `service_unavailable` (Retry-After 30) naming the classified reason, never the server's own text; no
 * such calendar / no writable calendar → `invalid_request` at `body.calendarId` / `body.url`, listing
 * the calendars there.
 */
import { randomUUID } from 'node:crypto';
import { createCalDavConnector, isSsrfRefusal } from '../calendar-connectors/caldav.connector.ts';
import { calendarFetchFor } from '../calendar-connectors/connection-connector.ts';
import { CalendarError, type CalendarInfo } from '../calendar-connectors/connector.ts';
import { seal } from '../calendar-connectors/credential-seal.ts';
import { insertCalendarConnection, type CalendarConnectionRow } from '../db/calendar-connection.repository.ts';
import { AppError } from '../errors.ts';
import { assertCalendarUrlAllowed } from '../outbound/ssrf-guard.ts';
import {
  assertProviderExists,
  calendarSettingsOf,
  loadCalendarConnection,
  startCalendarSync,
  type CalendarConnectionDeps,
} from './calendar-connection-common.ts';

export type ConnectCalDavCalendarInput = {
  providerId: string;
  url: string;
  username: string;
  password: string;
  /** Id or name of the calendar; default: the primary writable one, else the first writable one. */
  calendarId?: string | undefined;
  failClosed: boolean;
};

export type ConnectCalDavCalendarResult = { connection: CalendarConnectionRow; calendars: CalendarInfo[] };

export async function connectCalDavCalendar(deps: CalendarConnectionDeps, input: ConnectCalDavCalendarInput): Promise<ConnectCalDavCalendarResult> {
  const cal = calendarSettingsOf(deps);
  await assertProviderExists(deps, input.providerId);
  await assertCalendarUrlAllowed(input.url, { allowPrivateNetworks: cal.allowPrivateNetworks });
  const connector = createCalDavConnector({ url: input.url, username: input.username, password: input.password, fetch: calendarFetchFor(input.url, cal) });
  let calendars: CalendarInfo[];
  try {
    calendars = await connector.listCalendars();
  } catch (err) {
    throw refusalOf(err);
  }
  const chosen = input.calendarId
    ? calendars.find((c) => c.id === input.calendarId || c.name === input.calendarId)
    : (calendars.find((c) => c.primary && !c.readOnly) ?? calendars.find((c) => !c.readOnly));
  if (!chosen) {
    throw new AppError('invalid_request', input.calendarId ? `No calendar ${input.calendarId} there.` : 'No writable calendar there.', {
      errors: [{ path: input.calendarId ? 'body.calendarId' : 'body.url', message: `available: ${calendars.map((c) => c.id).join(', ') || 'none'}` }],
    });
  }
  const id = randomUUID();
  await insertCalendarConnection(deps.db, {
    id,
    providerId: input.providerId,
    kind: 'caldav',
    displayName: `${input.username} @ ${new URL(input.url).host}`,
    calendarId: chosen.id,
    credentials: seal(cal.sealKey, id, { url: input.url, username: input.username, password: input.password }),
    failClosed: input.failClosed,
  });
  await startCalendarSync(deps, id);
  return { connection: await loadCalendarConnection(deps, id), calendars };
}

/** Why listing the calendars failed, as the refusal the admin sees. */
function refusalOf(err: unknown): AppError {
  if (err instanceof CalendarError && err.kind === 'AUTH_REVOKED') {
    return new AppError('invalid_request', 'The calendar server refused these credentials.', {
      errors: [{ path: 'body.password', message: 'refused by the server' }],
    });
  }
  if (err instanceof CalendarError && isSsrfRefusal(err)) {
    return new AppError('invalid_request', 'The calendar server sends slotflow to another host or to an address it does not connect to.', {
      errors: [{ path: 'body.url', message: 'redirects or resolves outside this server' }],
    });
  }
  if (err instanceof CalendarError && err.kind === 'NOT_FOUND') {
    return new AppError('invalid_request', 'No CalDAV calendars at this URL.', { errors: [{ path: 'body.url', message: 'no CalDAV calendars found' }] });
  }
  // A classified reason, never the server's own text (it may be an internal service's error page).
  const reason = err instanceof CalendarError ? `${err.kind}${err.detail.status ? ` (HTTP ${err.detail.status})` : ''}` : 'no answer';
  return new AppError('service_unavailable', `The calendar server did not answer usefully: ${reason}.`, { retryAfterSeconds: 30, cause: err });
}
