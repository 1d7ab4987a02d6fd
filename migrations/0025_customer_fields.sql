-- slotflow 0025: the customer's built-in contact fields per service (#20 item 5). A service can make the
-- booking's e-mail and phone required and label them ("Mobile phone"); the phone stays the booking's one
-- customer_phone, which SMS reminders use. Defaults keep every existing service as it was (neither required
-- by the API, default labels).
ALTER TABLE services ADD COLUMN email_required boolean NOT NULL DEFAULT false;
ALTER TABLE services ADD COLUMN email_label text CHECK (char_length(email_label) BETWEEN 1 AND 60);
ALTER TABLE services ADD COLUMN phone_required boolean NOT NULL DEFAULT false;
ALTER TABLE services ADD COLUMN phone_label text CHECK (char_length(phone_label) BETWEEN 1 AND 60);
