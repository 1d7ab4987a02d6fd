-- slotflow 0005: providers' external calendars (Google, Microsoft 365, CalDAV). A connection's busy time
-- is synced into busy_blocks (tagged with the connection, so forgetting it removes them); its credentials
-- are sealed with AES-256-GCM before they reach the database.

CREATE TABLE calendar_connections (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  provider_id      uuid NOT NULL REFERENCES providers(id) ON DELETE CASCADE,
  kind             text NOT NULL CHECK (kind IN ('google', 'microsoft', 'caldav')),
  -- pending: OAuth consent not finished; healthy: last sync worked; unhealthy: credentials refused
  -- (the provider's slots fail closed while fail_closed is set); never silently ignored.
  status           text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'healthy', 'unhealthy')),
  -- What the admin sees (account, URL): never a secret.
  display_name     text NOT NULL,
  -- The calendar read for busy time and written with bookings.
  calendar_id      text,
  -- Sealed JSON (see src/calendar/credential-seal.ts); null until consent finishes.
  credentials      text,
  -- OAuth `state` of a pending consent flow (random, single use).
  oauth_state      text UNIQUE,
  sync_cursor      text,
  last_sync_at     timestamptz,
  last_error       text,
  last_error_kind  text,
  fail_closed      boolean NOT NULL DEFAULT true,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX calendar_connections_provider_idx ON calendar_connections (provider_id);

ALTER TABLE busy_blocks ADD COLUMN connection_id uuid REFERENCES calendar_connections(id) ON DELETE CASCADE;
CREATE INDEX busy_blocks_connection_idx ON busy_blocks (connection_id) WHERE connection_id IS NOT NULL;
