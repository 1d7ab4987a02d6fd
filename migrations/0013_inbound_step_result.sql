-- What the e-mail thread workflow's step handed back for a message (its offer), written with the
-- message's outcome in one update. A step retried after it finished (its completion lost: a worker killed
-- at that instant, a timeout) hands back the same offer instead of none. Rows from before: NULL ("keep").
ALTER TABLE inbound_messages ADD COLUMN step_result jsonb;
