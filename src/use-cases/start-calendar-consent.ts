/**
 * Starting the OAuth consent that connects a provider's Google or Microsoft 365 calendar: a fresh
 * single-use `state`, the consent URL at the provider (redirecting back to
 * `<PUBLIC_BASE_URL>/v1/connections/<kind>/callback`), and a `pending` connection waiting for that state.
 * complete-calendar-consent.ts finishes it. The caller binds the state to the admin's browser
 * (domain/access/oauth-consent-binding.ts) — it gets the state and the redirect URI for that.
 *
 * Refusals, in this order: calendar connections not configured, or an unknown provider → `not_found`;
 * the kind's OAuth app not configured → `invalid_request` at `body.kind`; no PUBLIC_BASE_URL →
 * `service_unavailable`. Nothing is stored when refused.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { googleAuthUrl } from '../calendar-connectors/google-oauth.ts';
import { microsoftAuthUrl } from '../calendar-connectors/microsoft-oauth.ts';
import { insertCalendarConnection, type CalendarConnectionRow } from '../db/calendar-connection.repository.ts';
import { AppError } from '../errors.ts';
import {
  assertProviderExists,
  calendarSettingsOf,
  loadCalendarConnection,
  oauthRedirectUri,
  type CalendarConnectionDeps,
} from './calendar-connection-common.ts';

export type StartCalendarConsentInput = { kind: 'google' | 'microsoft'; providerId: string; failClosed: boolean };

export type StartCalendarConsentResult = {
  /** The pending connection. */
  connection: CalendarConnectionRow;
  /** Where the admin's browser goes to give consent. */
  consentUrl: string;
  /** The consent's single-use state (in `consentUrl` too). */
  state: string;
  /** Where the provider sends the browser back. */
  redirectUri: string;
};

export async function startCalendarConsent(deps: CalendarConnectionDeps, input: StartCalendarConsentInput): Promise<StartCalendarConsentResult> {
  const cal = calendarSettingsOf(deps);
  await assertProviderExists(deps, input.providerId);
  const { kind } = input;
  const state = randomBytes(24).toString('base64url');
  const id = randomUUID();
  let consentUrl: string;
  if (kind === 'google') {
    const app = cal.google;
    if (!app) throw notConfigured('Google is not configured: set GOOGLE_CLIENT_ID and GOOGLE_CLIENT_SECRET.');
    consentUrl = googleAuthUrl({
      clientId: app.clientId,
      redirectUri: oauthRedirectUri(deps, 'google'),
      state,
      ...(app.authUrl ? { authBaseUrl: app.authUrl } : {}),
    });
  } else {
    const app = cal.microsoft;
    if (!app) throw notConfigured('Microsoft 365 is not configured: set MICROSOFT_CLIENT_ID and MICROSOFT_CLIENT_SECRET.');
    consentUrl = microsoftAuthUrl({
      clientId: app.clientId,
      redirectUri: oauthRedirectUri(deps, 'microsoft'),
      state,
      ...(app.tenant ? { tenant: app.tenant } : {}),
      ...(app.authorizeUrl ? { authorizeUrl: app.authorizeUrl } : {}),
    });
  }
  await insertCalendarConnection(deps.db, {
    id,
    providerId: input.providerId,
    kind,
    displayName: kind === 'google' ? 'Google Calendar (waiting for consent)' : 'Microsoft 365 (waiting for consent)',
    oauthState: state,
    failClosed: input.failClosed,
  });
  return { connection: await loadCalendarConnection(deps, id), consentUrl, state, redirectUri: oauthRedirectUri(deps, kind) };
}

const notConfigured = (message: string) => new AppError('invalid_request', message, { errors: [{ path: 'body.kind', message: 'not configured' }] });
