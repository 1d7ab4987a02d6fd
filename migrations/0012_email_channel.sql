-- Booking by e-mail (issue #16).
--
-- email_threads: one conversation with one customer address. Its id travels in the signed reply address
-- (book+t<id>.<mac>@…) and names its Temporal workflow (email-thread-<id>). A thread may lead to a booking
-- (booking_id) or act on one (a reply to a booking's confirmation or reminder). message_ids is the thread's
-- References chain (every Message-ID seen or sent, oldest first, capped by the code), so every answer and
-- the booking's own messages thread in the customer's mail client.
CREATE TABLE email_threads (
  id              text PRIMARY KEY CHECK (id ~ '^[a-z2-7]{16}$'),
  customer_email  text NOT NULL CHECK (length(customer_email) BETWEEN 3 AND 320),
  customer_name   text CHECK (length(customer_name) <= 200),
  locale          text NOT NULL DEFAULT 'en' CHECK (locale IN ('en', 'de')),
  subject         text NOT NULL DEFAULT '' CHECK (length(subject) <= 998),
  service_id      uuid REFERENCES services(id) ON DELETE SET NULL,
  booking_id      uuid REFERENCES bookings(id) ON DELETE SET NULL,
  message_ids     text[] NOT NULL DEFAULT '{}',
  wish            jsonb,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX email_threads_booking_idx ON email_threads (booking_id, created_at DESC) WHERE booking_id IS NOT NULL;

-- Every message that reached slotflow by e-mail (SMTP receiver or inbound-parse webhook), whatever became
-- of it. No attachments and no raw MIME are kept; body_text is the new part of the message (quoted text
-- and signature removed), capped. message_id is unique: a message delivered twice (an MTA retry, a
-- webhook retry) is recorded and acted on once.
CREATE TABLE inbound_messages (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  message_id    text CHECK (length(message_id) <= 998),
  via           text NOT NULL CHECK (via IN ('smtp', 'webhook')),
  from_address  text NOT NULL DEFAULT '' CHECK (length(from_address) <= 320),
  from_name     text CHECK (length(from_name) <= 200),
  subject       text NOT NULL DEFAULT '' CHECK (length(subject) <= 998),
  size_bytes    integer NOT NULL CHECK (size_bytes >= 0),
  dmarc         text NOT NULL DEFAULT 'not_checked',
  thread_id     text REFERENCES email_threads(id) ON DELETE SET NULL,
  booking_id    uuid REFERENCES bookings(id) ON DELETE SET NULL,
  body_text     text NOT NULL DEFAULT '' CHECK (length(body_text) <= 10000),
  outcome       text NOT NULL,
  sent_at       timestamptz,
  detail        text CHECK (length(detail) <= 1000),
  received_at   timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX inbound_messages_message_id_idx ON inbound_messages (message_id) WHERE message_id IS NOT NULL;
CREATE INDEX inbound_messages_received_idx ON inbound_messages (received_at DESC);
CREATE INDEX inbound_messages_sender_idx ON inbound_messages (from_address, received_at DESC);
CREATE INDEX inbound_messages_thread_idx ON inbound_messages (thread_id, received_at) WHERE thread_id IS NOT NULL;

-- Answers slotflow sends in a thread (proposals, questions) are messages too: exactly once by their
-- idempotency key, listed with the thread.
ALTER TABLE messages ADD COLUMN thread_id text REFERENCES email_threads(id) ON DELETE SET NULL;
CREATE INDEX messages_thread_idx ON messages (thread_id, created_at) WHERE thread_id IS NOT NULL;
