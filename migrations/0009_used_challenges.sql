-- Proof-of-work challenges already spent on a booking (issue #21, BOOKING_CHALLENGE=on). A solved
-- challenge buys one booking attempt: its signed nonce is claimed here (the primary key makes the claim
-- atomic across every gateway) and kept until the challenge expires; expired rows are purged on later
-- claims.
CREATE TABLE used_challenges (
  nonce text PRIMARY KEY,
  expires_at timestamptz NOT NULL
);
CREATE INDEX used_challenges_expiry ON used_challenges (expires_at);
