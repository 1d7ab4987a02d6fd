-- slotflow 0021: the outbox is a transport of its own kind (#20). A message recorded with no e-mail or SMS
-- transport configured left nothing: it is 'captured', never 'sent' (which now always means a provider
-- accepted it). Captured e-mails keep the calendar invitation they would have carried, for the admin's
-- outbox viewer.
ALTER TABLE messages DROP CONSTRAINT messages_status_check;
ALTER TABLE messages ADD CONSTRAINT messages_status_check
  CHECK (status IN ('queued', 'sending', 'sent', 'delivered', 'failed', 'skipped', 'captured'));
UPDATE messages SET status = 'captured', sent_at = NULL WHERE transport = 'outbox' AND status = 'sent';
-- The RFC 5545 invitation of a captured e-mail (its METHOD inside); null for every other message.
ALTER TABLE messages ADD COLUMN ics text;
CREATE INDEX messages_captured_idx ON messages (created_at) WHERE status = 'captured';
