-- slotflow 0001: the booking core.
-- Runs on PostgreSQL 15 (production, Debian) and PGlite (PostgreSQL 18.6): use nothing newer than 15.
-- The seed's tables keep the seed's column names (services.duration_minutes/buffer_before/buffer_after,
-- bookings.customer_name/start_time/end_time/status/created_by, reminders."when"/channel/sent_at).

CREATE EXTENSION IF NOT EXISTS btree_gist;

CREATE TABLE providers (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name          text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  email         text,
  phone         text,
  -- IANA zone; weekly hours and date overrides are read in this zone.
  time_zone     text NOT NULL,
  -- {"mon": [["09:00","12:00"],["13:00","17:00"]], "tue": [...], ...}; local wall-clock times.
  weekly_hours  jsonb NOT NULL DEFAULT '{}'::jsonb,
  active        boolean NOT NULL DEFAULT true,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now()
);

-- A date override either replaces one local day's hours (kind = 'hours', date + hours; [] = day off)
-- or blocks / opens an absolute range (kind = 'block' | 'open', start_time + end_time).
CREATE TABLE provider_overrides (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  provider_id  uuid NOT NULL REFERENCES providers(id) ON DELETE CASCADE,
  kind         text NOT NULL CHECK (kind IN ('hours', 'block', 'open')),
  date         date,
  hours        jsonb,
  start_time   timestamptz,
  end_time     timestamptz,
  reason       text,
  created_at   timestamptz NOT NULL DEFAULT now(),
  CHECK (
    (kind = 'hours' AND date IS NOT NULL AND hours IS NOT NULL AND start_time IS NULL AND end_time IS NULL)
    OR (kind IN ('block', 'open') AND date IS NULL AND start_time IS NOT NULL AND end_time > start_time)
  )
);
CREATE INDEX provider_overrides_provider_idx ON provider_overrides (provider_id, kind);

CREATE TABLE services (
  id                         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name                       text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  description                text,
  duration_minutes           integer NOT NULL CHECK (duration_minutes BETWEEN 1 AND 1440),
  buffer_before              integer NOT NULL DEFAULT 0 CHECK (buffer_before BETWEEN 0 AND 1440),
  buffer_after               integer NOT NULL DEFAULT 0 CHECK (buffer_after BETWEEN 0 AND 1440),
  slot_interval_minutes      integer CHECK (slot_interval_minutes BETWEEN 1 AND 1440),
  minimum_notice_minutes     integer NOT NULL DEFAULT 0 CHECK (minimum_notice_minutes >= 0),
  maximum_advance_days       integer NOT NULL DEFAULT 60 CHECK (maximum_advance_days BETWEEN 1 AND 730),
  max_bookings_per_day       integer CHECK (max_bookings_per_day > 0),
  max_bookings_per_week      integer CHECK (max_bookings_per_week > 0),
  requires_approval          boolean NOT NULL DEFAULT false,
  reminder_offsets_minutes   integer[] NOT NULL DEFAULT ARRAY[1440, 60],
  reminder_channels          text[] NOT NULL DEFAULT ARRAY['email'],
  cancel_notice_minutes      integer NOT NULL DEFAULT 0 CHECK (cancel_notice_minutes >= 0),
  reschedule_notice_minutes  integer NOT NULL DEFAULT 0 CHECK (reschedule_notice_minutes >= 0),
  intake_fields              jsonb NOT NULL DEFAULT '[]'::jsonb,
  active                     boolean NOT NULL DEFAULT true,
  created_at                 timestamptz NOT NULL DEFAULT now(),
  updated_at                 timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE provider_services (
  provider_id  uuid NOT NULL REFERENCES providers(id) ON DELETE CASCADE,
  service_id   uuid NOT NULL REFERENCES services(id) ON DELETE CASCADE,
  PRIMARY KEY (provider_id, service_id)
);
CREATE INDEX provider_services_service_idx ON provider_services (service_id);

CREATE TABLE bookings (
  id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  customer_name       text NOT NULL CHECK (length(customer_name) BETWEEN 1 AND 200),
  customer_email      text,
  customer_phone      text,
  customer_time_zone  text,
  locale              text NOT NULL DEFAULT 'en',
  service_id          uuid NOT NULL REFERENCES services(id),
  provider_id         uuid NOT NULL REFERENCES providers(id),
  start_time          timestamptz NOT NULL,
  end_time            timestamptz NOT NULL,
  -- The range the provider is unavailable: [start - buffer_before, end + buffer_after). Half-open, so a
  -- booking ending at 10:00 and one starting at 10:00 touch without overlapping.
  blocked             tstzrange NOT NULL,
  status              text NOT NULL CHECK (status IN
                        ('held', 'pending', 'confirmed', 'cancelled', 'expired', 'rejected', 'completed', 'no_show')),
  attendance          text CHECK (attendance IN ('checked_in', 'no_show')),
  created_by          text NOT NULL DEFAULT 'customer',
  channel             text NOT NULL DEFAULT 'web' CHECK (channel IN ('web', 'phone', 'email', 'api', 'admin')),
  intake              jsonb NOT NULL DEFAULT '{}'::jsonb,
  idempotency_key     text UNIQUE,
  hold_expires_at     timestamptz,
  -- Bumped on every change; signed manage links carry it, so an old link cannot act on a moved booking.
  version             integer NOT NULL DEFAULT 1,
  calendar_event_ref  text,
  cancel_reason       text,
  created_at          timestamptz NOT NULL DEFAULT now(),
  updated_at          timestamptz NOT NULL DEFAULT now(),
  CHECK (end_time > start_time),
  CHECK (lower(blocked) <= start_time AND upper(blocked) >= end_time),
  -- No double booking, by construction: two live bookings of one provider never share an instant.
  CONSTRAINT bookings_no_overlap EXCLUDE USING gist (provider_id WITH =, blocked WITH &&)
    WHERE (status IN ('held', 'pending', 'confirmed'))
);
CREATE INDEX bookings_service_start_idx ON bookings (service_id, start_time);
CREATE INDEX bookings_provider_start_idx ON bookings (provider_id, start_time);
CREATE INDEX bookings_status_idx ON bookings (status);

CREATE TABLE reminders (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  booking_id  uuid NOT NULL REFERENCES bookings(id) ON DELETE CASCADE,
  "when"      timestamptz NOT NULL,
  channel     text NOT NULL CHECK (channel IN ('email', 'sms')),
  status      text NOT NULL DEFAULT 'scheduled' CHECK (status IN ('scheduled', 'sent', 'skipped', 'failed', 'cancelled')),
  sent_at     timestamptz,
  attempts    integer NOT NULL DEFAULT 0,
  last_error  text,
  created_at  timestamptz NOT NULL DEFAULT now(),
  -- One reminder per booking, instant and channel: a replayed activity cannot schedule it twice.
  UNIQUE (booking_id, "when", channel)
);

CREATE TABLE messages (
  id                   uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  booking_id           uuid REFERENCES bookings(id) ON DELETE SET NULL,
  provider_id          uuid REFERENCES providers(id) ON DELETE SET NULL,
  kind                 text NOT NULL,
  channel              text NOT NULL CHECK (channel IN ('email', 'sms')),
  transport            text NOT NULL DEFAULT 'outbox',
  recipient            text NOT NULL,
  subject              text,
  body_text            text NOT NULL,
  body_html            text,
  -- Stable per booking, kind and version: a retried activity finds its row instead of sending again.
  idempotency_key      text NOT NULL UNIQUE,
  status               text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'sent', 'delivered', 'failed')),
  provider_message_id  text,
  error                text,
  attempts             integer NOT NULL DEFAULT 0,
  created_at           timestamptz NOT NULL DEFAULT now(),
  sent_at              timestamptz,
  updated_at           timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX messages_booking_idx ON messages (booking_id);
CREATE INDEX messages_created_idx ON messages (created_at);

-- Append-only audit log of everything that happened to a booking (who, what, when).
CREATE TABLE booking_events (
  id          bigserial PRIMARY KEY,
  booking_id  uuid NOT NULL REFERENCES bookings(id) ON DELETE CASCADE,
  type        text NOT NULL,
  actor       text NOT NULL,
  data        jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX booking_events_booking_idx ON booking_events (booking_id, id);

-- Admin API keys; only a SHA-256 hash is stored, the prefix lets an admin tell keys apart.
CREATE TABLE api_keys (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name          text NOT NULL,
  key_prefix    text NOT NULL,
  key_hash      text NOT NULL UNIQUE,
  created_at    timestamptz NOT NULL DEFAULT now(),
  last_used_at  timestamptz,
  revoked_at    timestamptz
);

-- Rows written by the `healthcheck` workflow's activity: proof that gateway → Temporal → worker →
-- activity → database works end to end.
CREATE TABLE health_probes (
  id          text PRIMARY KEY,
  worker      text NOT NULL,
  counter     bigint NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now()
);
