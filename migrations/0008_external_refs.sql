-- External names without the booking id (issue #21). A booking's ICS UID (in the customer's calendar)
-- and its event key (in the provider's calendar: Google event id, CalDAV UID and resource name, Graph
-- extended property) used to be spelled from the booking id, so anyone who saw an invitation or an event
-- learned the id. New bookings get `external_ref`: 32 random hex digits (gen_random_uuid() is
-- cryptographically random, 122 bits), unrelated to the id and stored, so it survives a secret rotation.
-- Rows that exist now keep NULL on purpose: their invitations and events are already out there under the
-- id-derived names, and updates and cancellations must keep finding them (src/domain/bookings/external-names.ts).
ALTER TABLE bookings ADD COLUMN external_ref text;
ALTER TABLE bookings ALTER COLUMN external_ref SET DEFAULT replace(gen_random_uuid()::text, '-', '');
