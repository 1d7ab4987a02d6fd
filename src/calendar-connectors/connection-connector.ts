/**
 * A stored calendar connection → the connector that talks to it. Credentials are unsealed here and
 * nowhere else; CalDAV URLs pass the SSRF guard again on every use (DNS may have changed since).
 */
import type { Kysely, Selectable } from 'kysely';
import { storeConnectionCredentials } from '../db/calendar-connection.repository.ts';
import type { CalendarConnectionsTable, DB } from '../db/schema.ts';
import { CalendarError, type CalendarConnector } from './connector.ts';
import { createCalDavConnector } from './caldav.connector.ts';
import { createCalendarFetch, type AllLookup } from '../outbound/ssrf-fetch.ts';
import { createGoogleConnector } from './google.connector.ts';
import { revokeGoogleToken } from './google-oauth.ts';
import { createMicrosoftConnector } from './microsoft.connector.ts';
import { seal, unseal } from './credential-seal.ts';
import { assertCalendarUrlAllowed } from '../outbound/ssrf-guard.ts';

export type GoogleApp = {
  clientId: string;
  clientSecret: string;
  apiRootUrl?: string | undefined;
  tokenUrl?: string | undefined;
  authUrl?: string | undefined;
  revokeUrl?: string | undefined;
};
export type MicrosoftApp = {
  clientId: string;
  clientSecret: string;
  tenant?: string | undefined;
  graphBaseUrl?: string | undefined;
  tokenUrl?: string | undefined;
  authorizeUrl?: string | undefined;
};

export type CalendarSettings = {
  /** AES-256-GCM key for stored credentials (see credential-seal.ts). */
  sealKey: Buffer;
  /** CALENDAR_ALLOW_PRIVATE_NETWORKS: CalDAV servers on loopback / private ranges (a LAN Nextcloud). */
  allowPrivateNetworks: boolean;
  /** DNS for CalDAV connections (default the system's); tests simulate rebinding with it. */
  lookup?: AllLookup | undefined;
  /** OAuth apps (each only when its client id and secret are configured). */
  google?: GoogleApp | undefined;
  microsoft?: MicrosoftApp | undefined;
};

export type CalDavCredentials = { url: string; username: string; password: string };
export type OAuthCredentials = { refreshToken: string };

/** The fetch CalDAV requests go through: pinned to the configured origin, addresses checked at connect time. */
export function calendarFetchFor(url: string, settings: Pick<CalendarSettings, 'allowPrivateNetworks' | 'lookup'>): typeof fetch {
  return createCalendarFetch({
    origin: new URL(url).origin,
    allowPrivateNetworks: settings.allowPrivateNetworks,
    ...(settings.lookup ? { lookup: settings.lookup } : {}),
  });
}

/**
 * `onCredentials` receives credentials the provider rotated (Microsoft issues a new refresh token on
 * every refresh); the caller seals and stores them.
 */
export async function connectorFor(
  row: Selectable<CalendarConnectionsTable>,
  settings: CalendarSettings,
  onCredentials?: (creds: OAuthCredentials) => Promise<void>,
): Promise<CalendarConnector> {
  if (!row.credentials) throw new CalendarError('AUTH_REVOKED', `Connection ${row.id} has no credentials (consent not finished).`);
  let creds: CalDavCredentials & OAuthCredentials;
  try {
    creds = unseal<CalDavCredentials & OAuthCredentials>(settings.sealKey, row.id, row.credentials);
  } catch (err) {
    throw new CalendarError('AUTH_REVOKED', 'Stored credentials cannot be opened (was the key rotated?); connect the calendar again.', { cause: err });
  }
  switch (row.kind) {
    case 'caldav':
      await assertCalendarUrlAllowed(creds.url, { allowPrivateNetworks: settings.allowPrivateNetworks });
      return createCalDavConnector({ url: creds.url, username: creds.username, password: creds.password, fetch: calendarFetchFor(creds.url, settings) });
    case 'google': {
      const app = settings.google;
      if (!app) throw new CalendarError('AUTH_REVOKED', 'Google is not configured (GOOGLE_CLIENT_ID / GOOGLE_CLIENT_SECRET).');
      return createGoogleConnector({
        credentials: { clientId: app.clientId, clientSecret: app.clientSecret, refreshToken: creds.refreshToken },
        ...(app.apiRootUrl ? { rootUrl: app.apiRootUrl } : {}),
        ...(app.tokenUrl ? { tokenUrl: app.tokenUrl } : {}),
      });
    }
    case 'microsoft': {
      const app = settings.microsoft;
      if (!app) throw new CalendarError('AUTH_REVOKED', 'Microsoft 365 is not configured (MICROSOFT_CLIENT_ID / MICROSOFT_CLIENT_SECRET).');
      return createMicrosoftConnector({
        credentials: {
          clientId: app.clientId,
          clientSecret: app.clientSecret,
          refreshToken: creds.refreshToken,
          ...(app.tenant ? { tenant: app.tenant } : {}),
        },
        ...(app.graphBaseUrl ? { graphBaseUrl: app.graphBaseUrl } : {}),
        ...(app.tokenUrl ? { tokenUrl: app.tokenUrl } : {}),
        ...(onCredentials ? { onRefreshToken: (refreshToken: string) => void onCredentials({ refreshToken }) } : {}),
      });
    }
  }
}

/**
 * Takes back what the connection was granted, where the provider allows it: Google refresh tokens are
 * revoked at Google's revoke endpoint. Microsoft has no endpoint that revokes one refresh token (only all
 * of the user's sessions), and CalDAV passwords are the user's to change: those are forgotten only.
 * Best effort: a failure here must not keep a disconnected calendar's credentials in the database.
 */
export async function revokeConnection(row: Selectable<CalendarConnectionsTable>, settings: CalendarSettings): Promise<'revoked' | 'forgotten'> {
  if (row.kind !== 'google' || !row.credentials || !settings.google) return 'forgotten';
  try {
    const { refreshToken } = unseal<OAuthCredentials>(settings.sealKey, row.id, row.credentials);
    await revokeGoogleToken({ refreshToken, revokeUrl: settings.google.revokeUrl });
    return 'revoked';
  } catch {
    return 'forgotten';
  }
}

/** The `onCredentials` hook that seals and stores rotated credentials of connection `id`. */
export function storeRotatedCredentials(db: Kysely<DB>, settings: CalendarSettings, id: string) {
  return async (creds: OAuthCredentials) => {
    await storeConnectionCredentials(db, id, seal(settings.sealKey, id, creds));
  };
}
