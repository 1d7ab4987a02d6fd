/**
 * Google's OAuth 2.0: the consent URL, the authorization-code exchange, revocation, and the OAuth2Client
 * the connector authenticates with (refresh-token grant, library retries switched off).
 */
import { auth as googleAuth } from 'googleapis/build/src/apis/calendar/index.js';
import { CalendarError } from './connector.ts';
import { googleFailure } from './calendar-errors.ts';

/**
 * Least privilege for what the connector does:
 * - `calendar.events`: read and write events on the user's calendars (events.list/insert/patch/delete).
 * - `calendar.calendarlist.readonly`: only the list of calendars the user has (calendarList.list).
 * Not `calendar.readonly` (would add reading every calendar's settings/ACL-visible data, and events
 * are already covered), nor `calendar.freebusy` (free/busy only: it does not allow events.list with
 * sync tokens, calendarList.list, or reading which busy blocks are slotflow's own bookings).
 */
export const GOOGLE_SCOPES = ['https://www.googleapis.com/auth/calendar.events', 'https://www.googleapis.com/auth/calendar.calendarlist.readonly'] as const;

export type OAuth2Client = InstanceType<typeof googleAuth.OAuth2>;

export function createOAuthClient(options: {
  clientId: string;
  clientSecret?: string;
  redirectUri?: string;
  tokenUrl?: string;
  timeoutMs: number;
}): OAuth2Client {
  const client = new googleAuth.OAuth2({
    clientId: options.clientId,
    ...(options.clientSecret === undefined ? {} : { clientSecret: options.clientSecret }),
    ...(options.redirectUri === undefined ? {} : { redirectUri: options.redirectUri }),
    ...(options.tokenUrl === undefined ? {} : { endpoints: { oauth2TokenUrl: options.tokenUrl } }),
    transporterOptions: { timeout: options.timeoutMs },
  });
  // Token and API requests both go through this transporter; token requests carry their own
  // `retry: true` + retryConfig (which beat transporter defaults), so clear them per request.
  client.transporter.interceptors.request.add({
    resolved: async (config) => {
      config.retry = false;
      delete config.retryConfig;
      return config;
    },
  });
  return client;
}

/**
 * The consent URL for connecting a Google calendar: offline access (a refresh token), `prompt=consent`
 * (Google only returns a refresh token on consent; re-connecting must get a fresh one), least-privilege
 * scopes (GOOGLE_SCOPES), `include_granted_scopes` for incremental authorization.
 */
export function googleAuthUrl(options: {
  clientId: string;
  redirectUri: string;
  state: string;
  loginHint?: string;
  /** Consent page for a fake (default `https://accounts.google.com/o/oauth2/v2/auth`). */
  authBaseUrl?: string;
}): string {
  const client = new googleAuth.OAuth2({
    clientId: options.clientId,
    redirectUri: options.redirectUri,
    ...(options.authBaseUrl === undefined ? {} : { endpoints: { oauth2AuthBaseUrl: options.authBaseUrl } }),
  });
  return client.generateAuthUrl({
    access_type: 'offline',
    prompt: 'consent',
    scope: [...GOOGLE_SCOPES],
    state: options.state,
    include_granted_scopes: true,
    ...(options.loginHint === undefined ? {} : { login_hint: options.loginHint }),
  });
}

export type GoogleTokenGrant = {
  refreshToken: string;
  accessToken: string;
  /** Epoch ms, when Google said. */
  expiresAt: number | undefined;
  scopes: string[];
};

/**
 * The OAuth callback: exchanges the authorization `code` for tokens. Fails with AUTH_REVOKED when the code
 * is invalid/expired, when no refresh token came back, or when the user unticked a required scope on
 * Google's granular consent screen (`providerCode: 'insufficient_scope'`).
 */
export async function exchangeGoogleCode(options: {
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  code: string;
  tokenUrl?: string;
  timeoutMs?: number;
}): Promise<GoogleTokenGrant> {
  const client = createOAuthClient({
    clientId: options.clientId,
    clientSecret: options.clientSecret,
    redirectUri: options.redirectUri,
    tokenUrl: options.tokenUrl,
    timeoutMs: options.timeoutMs ?? 20_000,
  });
  const tokens = await client.getToken({ code: options.code, redirect_uri: options.redirectUri }).then(
    (response) => response.tokens,
    (err: unknown) => {
      throw googleFailure(err, 'token exchange');
    },
  );
  const scopes = (tokens.scope ?? '').split(' ').filter(Boolean);
  const missing = GOOGLE_SCOPES.filter((scope) => !scopes.includes(scope));
  if (missing.length > 0) {
    throw new CalendarError('AUTH_REVOKED', `google consent lacks ${missing.join(', ')}`, { providerCode: 'insufficient_scope' });
  }
  if (!tokens.refresh_token || !tokens.access_token) {
    throw new CalendarError('AUTH_REVOKED', 'google token exchange returned no refresh token', { providerCode: 'no_refresh_token' });
  }
  return {
    refreshToken: tokens.refresh_token,
    accessToken: tokens.access_token,
    expiresAt: tokens.expiry_date ?? undefined,
    scopes,
  };
}

/**
 * Revokes a refresh token at Google (and the access it granted): DELETE of a connection takes the
 * consent back, not only forgets it. An already revoked / unknown token is success (400 invalid_token).
 */
export async function revokeGoogleToken(options: { refreshToken: string; revokeUrl?: string | undefined; timeoutMs?: number }): Promise<void> {
  let res: Response;
  try {
    res = await fetch(options.revokeUrl ?? 'https://oauth2.googleapis.com/revoke', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: options.refreshToken }).toString(),
      signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
    });
  } catch (err) {
    throw googleFailure(err, 'token revocation');
  }
  if (res.ok || res.status === 400) return;
  // Any other answer through the shared classifier (429 with its Retry-After, 5xx, …), as gaxios would report it.
  const data = await res.text().catch(() => '');
  throw googleFailure(
    { status: res.status, message: `Google token revocation answered ${res.status}`, response: { status: res.status, headers: res.headers, data } },
    'token revocation',
  );
}
