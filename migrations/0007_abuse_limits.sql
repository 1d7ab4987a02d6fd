-- Abuse limits (issue #21): live holds are counted per client (a keyed hash of the client's address,
-- never the address itself) and live future bookings per contact (e-mail, phone), so one visitor cannot
-- hold a clinic's whole calendar or book it full under one address.
ALTER TABLE bookings ADD COLUMN client_key text;

CREATE INDEX bookings_live_holds_by_client ON bookings (client_key) WHERE status = 'held';
CREATE INDEX bookings_live_by_email ON bookings (lower(customer_email)) WHERE status IN ('held', 'pending', 'confirmed');
CREATE INDEX bookings_live_by_phone ON bookings (customer_phone) WHERE status IN ('held', 'pending', 'confirmed');
