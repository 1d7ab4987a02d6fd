/**
 * A stored calendar connection → the connector that talks to it. Credentials are unsealed here and
 * nowhere else; CalDAV URLs pass the SSRF guard again on every use (DNS may have changed since).
 */
import type { Selectable } from 'kysely';
import type { CalendarConnectionsTable } from '../db/schema.ts';
import { CalendarError, type CalendarConnector } from './connector.ts';
import { createCalDavConnector } from './connectors/caldav.connector.ts';
import { unseal } from './credential-seal.ts';
import { assertCalendarUrlAllowed } from './ssrf-guard.ts';

export type CalendarSettings = {
  /** AES-256-GCM key for stored credentials (see credential-seal.ts). */
  sealKey: Buffer;
  /** CALENDAR_ALLOW_PRIVATE_NETWORKS: CalDAV servers on loopback / private ranges (a LAN Nextcloud). */
  allowPrivateNetworks: boolean;
};

export type CalDavCredentials = { url: string; username: string; password: string };

export async function connectorFor(row: Selectable<CalendarConnectionsTable>, settings: CalendarSettings): Promise<CalendarConnector> {
  if (!row.credentials) throw new CalendarError('AUTH_REVOKED', `Connection ${row.id} has no credentials (consent not finished).`);
  let creds: CalDavCredentials;
  try {
    creds = unseal<CalDavCredentials>(settings.sealKey, row.id, row.credentials);
  } catch (err) {
    throw new CalendarError('AUTH_REVOKED', 'Stored credentials cannot be opened (was the key rotated?); connect the calendar again.', { cause: err });
  }
  switch (row.kind) {
    case 'caldav':
      await assertCalendarUrlAllowed(creds.url, { allowPrivateNetworks: settings.allowPrivateNetworks });
      return createCalDavConnector(creds);
    default:
      throw new CalendarError('AUTH_REVOKED', `Calendar kind ${row.kind} is not supported yet.`);
  }
}
