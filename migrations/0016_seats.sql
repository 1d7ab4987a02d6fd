-- slotflow 0016: group sessions with seats (issue #19 item 2).
--
-- A service with seats > 1 lets several customers book the same provider at the same start until the seats
-- are taken; each attendee's booking is its own row (and workflow). The attendees of one session share a
-- `seat_session` key (service id / provider id @ start instant), and the exclusion constraints let rows of one session
-- overlap each other — and nothing else: a one-to-one booking (its key is its own id) still cannot overlap a
-- session, nor a session another. Seats are counted under the provider lock in the reserve transaction.

ALTER TABLE services ADD COLUMN seats integer NOT NULL DEFAULT 1 CONSTRAINT services_seats_check CHECK (seats BETWEEN 1 AND 1000);

ALTER TABLE bookings ADD COLUMN seat_session text;
CREATE INDEX bookings_seat_session_idx ON bookings (seat_session) WHERE seat_session IS NOT NULL;

ALTER TABLE bookings DROP CONSTRAINT bookings_no_overlap;
-- No double booking, by construction: two live bookings of one provider never share an instant, unless they
-- are seats of one session.
ALTER TABLE bookings ADD CONSTRAINT bookings_no_overlap
  EXCLUDE USING gist (provider_id WITH =, blocked WITH &&, (COALESCE(seat_session, id::text)) WITH <>)
  WHERE (status IN ('held', 'pending', 'confirmed'));

-- A session's room is held once for all its attendees: their rows for one unit carry the session's key.
ALTER TABLE booking_resources ADD COLUMN seat_session text;
ALTER TABLE booking_resources DROP CONSTRAINT booking_resources_no_overlap;
ALTER TABLE booking_resources ADD CONSTRAINT booking_resources_no_overlap
  EXCLUDE USING gist (resource_id WITH =, blocked WITH &&, (COALESCE(seat_session, booking_id::text)) WITH <>) WHERE (live);
