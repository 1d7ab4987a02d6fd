/**
 * Finishing an OAuth consent (the provider redirected the admin's browser back with `state` and a `code`
 * or an `error`), in this order:
 * 1. calendar connections not configured → `not_found`; no pending connection of this kind waits for
 *    `state` (unknown, or already used) → `not_found`;
 * 2. the browser is not the one that started the consent (`browserBinding`, the consent cookie's value:
 *    domain/access/oauth-consent-binding.ts) → `forbidden`, and the state stays usable;
 * 3. the state is spent (single use) — every outcome below leaves it spent;
 * 4. started more than 10 minutes ago → `expired`; consent not given (`error`, or no `code`) →
 *    `not_granted`; the provider refuses the code → `exchange_refused`: each recorded as the connection's
 *    last error, the connection stays `pending`;
 * 5. the refresh token is stored sealed, the account's calendars listed: none writable →
 *    `no_writable_calendar` (recorded likewise); else the primary writable calendar (or the first
 *    writable one) is chosen, and the connection's sync schedule starts — its first sync has run when
 *    this returns `connected`.
 * Failures after the exchange (listing the calendars, starting the schedule) are thrown as they are.
 */
import { CalendarError } from '../calendar-connectors/connector.ts';
import { connectorFor, storeRotatedCredentials } from '../calendar-connectors/connection-connector.ts';
import { seal } from '../calendar-connectors/credential-seal.ts';
import { exchangeGoogleCode } from '../calendar-connectors/google-oauth.ts';
import { exchangeMicrosoftCode } from '../calendar-connectors/microsoft-oauth.ts';
import {
  clearOAuthState,
  findConnectionByOAuthState,
  recordConnectionFailure,
  setConnectionCalendar,
  storeConnectionCredentials,
} from '../db/calendar-connection.repository.ts';
import { AppError } from '../errors.ts';
import { consentRefusal } from '../domain/access/oauth-consent-binding.ts';
import {
  calendarSettingsOf,
  oauthRedirectUri,
  startCalendarSync,
  type CalendarConnectionDeps,
  type CalendarConnectionSettings,
} from './calendar-connection-common.ts';

export type CompleteCalendarConsentDeps = CalendarConnectionDeps & { now: number };

export type CompleteCalendarConsentInput = {
  kind: 'google' | 'microsoft';
  state: string;
  code?: string | undefined;
  /** The provider's `error` parameter (e.g. `access_denied`). */
  error?: string | undefined;
  /** The consent cookie this browser sent, if any. */
  browserBinding: string | undefined;
};

export type CompleteCalendarConsentResult =
  | { status: 'connected'; connectionId: string; calendarName: string }
  | { status: 'not_connected'; connectionId: string; reason: 'expired' | 'not_granted' | 'exchange_refused' | 'no_writable_calendar' };

export async function completeCalendarConsent(deps: CompleteCalendarConsentDeps, input: CompleteCalendarConsentInput): Promise<CompleteCalendarConsentResult> {
  const cal = calendarSettingsOf(deps);
  const row = await findConnectionByOAuthState(deps.db, input.state, input.kind);
  if (!row) throw new AppError('not_found', 'This consent link is unknown or was already used.');
  const refusal = consentRefusal({ key: cal.sealKey, state: input.state, cookie: input.browserBinding, startedAt: row.created_at, now: deps.now });
  if (refusal === 'other_browser') throw new AppError('forbidden', 'Open the consent link in the browser that started it (the admin dashboard).');
  await clearOAuthState(deps.db, row.id); // single use
  const notConnected = async (
    reason: Extract<CompleteCalendarConsentResult, { status: 'not_connected' }>['reason'],
    failure: { message: string; kind: string },
  ) => {
    await recordConnectionFailure(deps.db, row.id, failure, { unhealthy: false });
    return { status: 'not_connected' as const, connectionId: row.id, reason };
  };
  if (refusal === 'expired') return notConnected('expired', { message: 'consent not finished within 10 minutes', kind: 'AUTH_REVOKED' });
  if (input.error || !input.code) return notConnected('not_granted', { message: `consent not given: ${input.error ?? 'no code'}`, kind: 'AUTH_REVOKED' });
  let refreshToken: string;
  try {
    refreshToken = await exchangeCode(deps, cal, input.kind, input.code);
  } catch (err) {
    return notConnected('exchange_refused', { message: (err as Error).message, kind: err instanceof CalendarError ? err.kind : 'TEMPORARY' });
  }
  const credentials = seal(cal.sealKey, row.id, { refreshToken });
  await storeConnectionCredentials(deps.db, row.id, credentials);
  const connector = await connectorFor({ ...row, credentials }, cal, storeRotatedCredentials(deps.db, cal, row.id));
  const calendars = await connector.listCalendars();
  const chosen = calendars.find((c) => c.primary && !c.readOnly) ?? calendars.find((c) => !c.readOnly);
  if (!chosen) return notConnected('no_writable_calendar', { message: 'no writable calendar', kind: 'NOT_FOUND' });
  await setConnectionCalendar(deps.db, row.id, { calendarId: chosen.id, displayName: chosen.name });
  await startCalendarSync(deps, row.id);
  return { status: 'connected', connectionId: row.id, calendarName: chosen.name };
}

/**
 * The refresh token for the consent's code. Any failure — the provider's refusal, but also an OAuth app or
 * PUBLIC_BASE_URL unset since the consent started — counts as a refused exchange.
 */
async function exchangeCode(deps: CalendarConnectionDeps, cal: CalendarConnectionSettings, kind: 'google' | 'microsoft', code: string): Promise<string> {
  if (kind === 'google') {
    const app = cal.google!;
    return (
      await exchangeGoogleCode({
        clientId: app.clientId,
        clientSecret: app.clientSecret,
        redirectUri: oauthRedirectUri(deps, 'google'),
        code,
        ...(app.tokenUrl ? { tokenUrl: app.tokenUrl } : {}),
      })
    ).refreshToken;
  }
  const app = cal.microsoft!;
  return (
    await exchangeMicrosoftCode({
      clientId: app.clientId,
      clientSecret: app.clientSecret,
      redirectUri: oauthRedirectUri(deps, 'microsoft'),
      code,
      ...(app.tenant ? { tenant: app.tenant } : {}),
      ...(app.tokenUrl ? { tokenUrl: app.tokenUrl } : {}),
    })
  ).refreshToken;
}
