-- slotflow 0004: real message delivery (e-mail via SMTP/SendGrid, SMS via Twilio), per-service templates,
-- SMS opt-outs and short manage links for SMS.

-- Delivery tracking. 'sending' marks an attempt in flight: a retry that finds it knows the earlier
-- attempt may have reached the provider (see activities/message-delivery.ts for what it does then).
ALTER TABLE messages DROP CONSTRAINT messages_status_check;
ALTER TABLE messages ADD CONSTRAINT messages_status_check
  CHECK (status IN ('queued', 'sending', 'sent', 'delivered', 'failed', 'skipped'));
-- Why a message failed, in the transport's terms (auth | invalid_recipient | permanent), for the admin.
ALTER TABLE messages ADD COLUMN failure_kind text;
-- The message this one replaces (an SMS that failed and fell back to e-mail).
ALTER TABLE messages ADD COLUMN fallback_of uuid REFERENCES messages(id) ON DELETE SET NULL;
ALTER TABLE messages ADD COLUMN delivered_at timestamptz;
-- Status callbacks find their message by the provider's id (Twilio MessageSid, SendGrid X-Message-Id).
CREATE INDEX messages_provider_message_idx ON messages (transport, provider_message_id) WHERE provider_message_id IS NOT NULL;

-- Per-service overrides of the default templates (mustache), per kind and locale; any part may be null
-- (= keep the default for that part).
CREATE TABLE message_templates (
  service_id  uuid NOT NULL REFERENCES services(id) ON DELETE CASCADE,
  kind        text NOT NULL,
  locale      text NOT NULL CHECK (locale IN ('en', 'de')),
  subject     text,
  body_text   text,
  body_html   text,
  sms         text,
  updated_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (service_id, kind, locale)
);

-- Phone numbers that replied STOP: no SMS is sent to them until they reply START.
CREATE TABLE sms_opt_outs (
  phone       text PRIMARY KEY,
  created_at  timestamptz NOT NULL DEFAULT now()
);

-- Short links for SMS bodies (one GSM-7 segment has no room for an 85-character token): a random code
-- → the signed manage token it stands for. The token still decides what the link may do and until when.
CREATE TABLE short_links (
  code        text PRIMARY KEY,
  token       text NOT NULL UNIQUE,
  booking_id  uuid NOT NULL REFERENCES bookings(id) ON DELETE CASCADE,
  created_at  timestamptz NOT NULL DEFAULT now()
);
