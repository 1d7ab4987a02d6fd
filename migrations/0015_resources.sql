-- slotflow 0015: resources (issue #19 item 1) — rooms and equipment a booking needs besides its provider.
--
-- A resource is one unit ("Room 1", "Laser A") in a pool ("treatment-room", "laser"). A service requires
-- zero or more pools with a count (services.required_resources = [{"pool": "treatment-room", "count": 1}]).
-- The reserve transaction allocates concrete free units and stores them in booking_resources with the
-- booking's blocked range; the exclusion constraint refuses a unit allocated twice at one instant, as
-- bookings_no_overlap does for providers. A booking leaving the live statuses frees its units at once
-- (trigger below), so no code path that changes a status can forget them.

CREATE TABLE resources (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  -- A pool is a name shared by interchangeable units: lower-case letters, digits and dashes.
  pool        text NOT NULL CHECK (pool ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
  active      boolean NOT NULL DEFAULT true,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  UNIQUE (pool, name)
);

-- Maintenance and other time a unit cannot be used, like a provider's 'block' override.
CREATE TABLE resource_blocks (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  resource_id  uuid NOT NULL REFERENCES resources(id) ON DELETE CASCADE,
  start_time   timestamptz NOT NULL,
  end_time     timestamptz NOT NULL,
  reason       text,
  created_at   timestamptz NOT NULL DEFAULT now(),
  CHECK (end_time > start_time)
);
CREATE INDEX resource_blocks_range_idx ON resource_blocks USING gist (resource_id, tstzrange(start_time, end_time));

-- The units a booking holds. `blocked` is the booking's blocked range (buffers included); `live` mirrors
-- the booking's status being held / pending / confirmed.
CREATE TABLE booking_resources (
  booking_id   uuid NOT NULL REFERENCES bookings(id) ON DELETE CASCADE,
  resource_id  uuid NOT NULL REFERENCES resources(id),
  blocked      tstzrange NOT NULL,
  live         boolean NOT NULL DEFAULT true,
  PRIMARY KEY (booking_id, resource_id),
  -- No double allocation, by construction: two live bookings never hold one unit at one instant.
  CONSTRAINT booking_resources_no_overlap EXCLUDE USING gist (resource_id WITH =, blocked WITH &&) WHERE (live)
);
CREATE INDEX booking_resources_resource_idx ON booking_resources (resource_id) WHERE live;

ALTER TABLE services ADD COLUMN required_resources jsonb NOT NULL DEFAULT '[]'::jsonb;

-- A booking that stops being live (cancelled, expired, rejected, completed, no_show) frees its units.
CREATE FUNCTION booking_resources_follow_status() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE booking_resources SET live = NEW.status IN ('held', 'pending', 'confirmed')
    WHERE booking_id = NEW.id AND live IS DISTINCT FROM (NEW.status IN ('held', 'pending', 'confirmed'));
  RETURN NULL;
END $$;

CREATE TRIGGER bookings_free_resources AFTER UPDATE OF status ON bookings
  FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status) EXECUTE FUNCTION booking_resources_follow_status();
