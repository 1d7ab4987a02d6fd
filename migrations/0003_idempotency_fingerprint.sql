-- slotflow 0003: what an Idempotency-Key was first used for. A later request with the same key but a
-- different body is refused (422 idempotency_key_mismatch) instead of silently answering the first booking.
ALTER TABLE bookings ADD COLUMN idempotency_fingerprint text;
