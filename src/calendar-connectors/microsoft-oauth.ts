/**
 * The Microsoft identity platform: the consent URL, the authorization-code exchange, and the refresh-token
 * grant the Graph client authenticates with (one refresh at a time, cached until 5 min before expiry).
 * Every token-endpoint failure becomes a CalendarError through the shared Graph classifier.
 */
import type { AsyncLocalStorage } from 'node:async_hooks';
import type { AuthenticationProvider } from '@microsoft/microsoft-graph-client';
import { CalendarError } from './connector.ts';
import { graphFailure } from './calendar-errors.ts';

/** Least privilege: read/write the user's calendars; offline_access for a refresh token. */
export const MICROSOFT_SCOPES = ['offline_access', 'Calendars.ReadWrite'] as const;

const LOGIN_BASE_URL = 'https://login.microsoftonline.com';
const REFRESH_MARGIN_MS = 5 * 60_000;

/** Per call: an auth failure the SDK would otherwise wrap without keeping it. */
export type Capture = { authError?: CalendarError };

/** Refresh-token grant against the identity platform, one refresh at a time, cached until 5 min before expiry. */
export class RefreshTokenProvider implements AuthenticationProvider {
  private accessToken: string | undefined;
  private expiresAt = 0;
  private refreshToken: string;
  private inflight: Promise<string> | undefined;

  constructor(
    private readonly options: {
      clientId: string;
      clientSecret: string;
      refreshToken: string;
      tokenUrl: string;
      timeoutMs: number;
      onRefreshToken?: (refreshToken: string) => void | Promise<void>;
    },
    private readonly capture: AsyncLocalStorage<Capture>,
  ) {
    this.refreshToken = options.refreshToken;
  }

  async getAccessToken(): Promise<string> {
    if (this.accessToken !== undefined && Date.now() < this.expiresAt - REFRESH_MARGIN_MS) return this.accessToken;
    this.inflight ??= this.refresh().finally(() => {
      this.inflight = undefined;
    });
    try {
      return await this.inflight;
    } catch (err) {
      // The SDK wraps whatever we throw into a GraphError without keeping it: remember it per call.
      const store = this.capture.getStore();
      if (store && err instanceof CalendarError) store.authError = err;
      throw err;
    }
  }

  private async refresh(): Promise<string> {
    const tokens = await requestToken(
      this.options.tokenUrl,
      {
        client_id: this.options.clientId,
        client_secret: this.options.clientSecret,
        grant_type: 'refresh_token',
        refresh_token: this.refreshToken,
        scope: MICROSOFT_SCOPES.join(' '),
      },
      this.options.timeoutMs,
    );
    this.accessToken = tokens.access_token;
    this.expiresAt = Date.now() + (tokens.expires_in ?? 3600) * 1000;
    if (tokens.refresh_token && tokens.refresh_token !== this.refreshToken) {
      this.refreshToken = tokens.refresh_token;
      await this.options.onRefreshToken?.(tokens.refresh_token);
    }
    return tokens.access_token;
  }
}

type TokenResponse = { access_token: string; refresh_token?: string; expires_in?: number; scope?: string; token_type?: string };

/** POST to the token endpoint, once. Every failure becomes a CalendarError. */
export async function requestToken(tokenUrl: string, params: Record<string, string>, timeoutMs: number): Promise<TokenResponse> {
  let response: Response;
  try {
    response = await fetch(tokenUrl, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
      body: new URLSearchParams(params).toString(),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (err) {
    throw new CalendarError('TEMPORARY', `microsoft token endpoint unreachable: ${(err as Error).message}`, { cause: err });
  }
  const text = await response.text().catch(() => '');
  let data: { error?: string; error_description?: string; error_codes?: number[] } & Partial<TokenResponse> = {};
  try {
    data = JSON.parse(text) as typeof data;
  } catch {
    // not JSON (a proxy's HTML error page, …)
  }
  if (response.ok && typeof data.access_token === 'string') return data as TokenResponse;
  if (response.ok) throw new CalendarError('TEMPORARY', 'microsoft token endpoint: 200 without access_token', { status: response.status });
  // The token endpoint's OAuth errors (invalid_grant with AADSTS70008 expired/revoked, 50173 password
  // changed, 65001 consent withdrawn; interaction_required; temporarily_unavailable; 429; 5xx) go
  // through the same classifier as Graph's own failures.
  throw graphFailure({ statusCode: response.status, code: data.error, body: text, headers: response.headers }, 'token endpoint');
}

export function tokenUrlFor(tenant: string | undefined): string {
  return `${LOGIN_BASE_URL}/${encodeURIComponent(tenant ?? 'common')}/oauth2/v2.0/token`;
}

/** The authorization-code request URL for connecting an Outlook/Microsoft 365 calendar. */
export function microsoftAuthUrl(options: {
  clientId: string;
  redirectUri: string;
  state: string;
  tenant?: string;
  loginHint?: string;
  /** e.g. `select_account` or `consent`; default none. */
  prompt?: string;
  /** Authorize endpoint for a fake (default `https://login.microsoftonline.com/{tenant}/oauth2/v2.0/authorize`). */
  authorizeUrl?: string;
}): string {
  const url = new URL(options.authorizeUrl ?? `${LOGIN_BASE_URL}/${encodeURIComponent(options.tenant ?? 'common')}/oauth2/v2.0/authorize`);
  url.searchParams.set('client_id', options.clientId);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('redirect_uri', options.redirectUri);
  url.searchParams.set('response_mode', 'query');
  url.searchParams.set('scope', MICROSOFT_SCOPES.join(' '));
  url.searchParams.set('state', options.state);
  if (options.prompt !== undefined) url.searchParams.set('prompt', options.prompt);
  if (options.loginHint !== undefined) url.searchParams.set('login_hint', options.loginHint);
  return url.toString();
}

export type MicrosoftTokenGrant = { refreshToken: string; accessToken: string; expiresAt: number | undefined; scopes: string[] };

/**
 * The OAuth callback: exchanges the authorization `code`. AUTH_REVOKED when the code is invalid, no
 * refresh token came back, or Calendars.ReadWrite was not granted (`providerCode: 'insufficient_scope'`).
 */
export async function exchangeMicrosoftCode(options: {
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  code: string;
  tenant?: string;
  tokenUrl?: string;
  timeoutMs?: number;
}): Promise<MicrosoftTokenGrant> {
  const tokens = await requestToken(
    options.tokenUrl ?? tokenUrlFor(options.tenant),
    {
      client_id: options.clientId,
      client_secret: options.clientSecret,
      grant_type: 'authorization_code',
      code: options.code,
      redirect_uri: options.redirectUri,
      scope: MICROSOFT_SCOPES.join(' '),
    },
    options.timeoutMs ?? 20_000,
  );
  const scopes = (tokens.scope ?? '').split(' ').filter(Boolean);
  const granted = new Set(scopes.map((s) => s.replace(/^https:\/\/graph\.microsoft\.com\//i, '').toLowerCase()));
  if (!granted.has('calendars.readwrite')) {
    throw new CalendarError('AUTH_REVOKED', `microsoft consent lacks Calendars.ReadWrite (granted: ${scopes.join(' ') || 'nothing'})`, {
      providerCode: 'insufficient_scope',
    });
  }
  if (!tokens.refresh_token) {
    throw new CalendarError('AUTH_REVOKED', 'microsoft token exchange returned no refresh token (offline_access missing?)', {
      providerCode: 'no_refresh_token',
    });
  }
  return {
    refreshToken: tokens.refresh_token,
    accessToken: tokens.access_token,
    expiresAt: tokens.expires_in === undefined ? undefined : Date.now() + tokens.expires_in * 1000,
    scopes,
  };
}
