-- slotflow 0024: the business's settings and branding (#20 item 3), and where each service takes place.
-- One row (id = 1, enforced): every column null means "not set" and the config's default applies (the
-- business name falls back to BUSINESS_NAME). The logo is an https URL or a small image uploaded as a
-- data: URL (capped at 64 kB by the API and here, so a page's branding answer stays small and cacheable).
CREATE TABLE settings (
  id integer PRIMARY KEY DEFAULT 1 CHECK (id = 1),
  business_name text CHECK (char_length(business_name) BETWEEN 1 AND 100),
  address text CHECK (char_length(address) <= 300),
  phone text CHECK (char_length(phone) <= 40),
  email text CHECK (char_length(email) <= 254),
  logo_url text CHECK (char_length(logo_url) <= 90000),
  accent_color text CHECK (accent_color ~ '^#[0-9a-f]{6}$'),
  default_locale text CHECK (default_locale IN ('en', 'de')),
  default_time_zone text CHECK (char_length(default_time_zone) <= 64),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Where a service takes place: a street address, or a video link (https) for remote appointments. Both or
-- neither; shown in the widget, on the manage page, in messages and as the calendar event's LOCATION.
ALTER TABLE services ADD COLUMN location_kind text CHECK (location_kind IN ('address', 'video'));
ALTER TABLE services ADD COLUMN location_value text CHECK (char_length(location_value) BETWEEN 1 AND 500);
ALTER TABLE services ADD CONSTRAINT services_location_both
  CHECK ((location_kind IS NULL) = (location_value IS NULL));
