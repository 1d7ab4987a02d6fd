-- slotflow 0002: time a provider is busy elsewhere (synced external calendars, or entered by hand).
-- Availability subtracts these, widened by the requested service's buffers. The calendar sync upserts
-- by (provider_id, source, external_id), so a re-sync never duplicates a block.

CREATE TABLE busy_blocks (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  provider_id  uuid NOT NULL REFERENCES providers(id) ON DELETE CASCADE,
  start_time   timestamptz NOT NULL,
  end_time     timestamptz NOT NULL,
  source       text NOT NULL DEFAULT 'manual',
  external_id  text,
  created_at   timestamptz NOT NULL DEFAULT now(),
  updated_at   timestamptz NOT NULL DEFAULT now(),
  CHECK (end_time > start_time),
  UNIQUE (provider_id, source, external_id)
);
-- Range lookups per provider ("what overlaps [from, to)?") use this index.
CREATE INDEX busy_blocks_provider_range_idx ON busy_blocks USING gist (provider_id, tstzrange(start_time, end_time));
