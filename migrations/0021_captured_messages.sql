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

-- A reminder whose every message was captured went to no one either: 'captured', not 'sent' (sent_at still
-- marks it done), so the reminder delivery rate counts only reminders a provider took.
ALTER TABLE reminders DROP CONSTRAINT reminders_status_check;
ALTER TABLE reminders ADD CONSTRAINT reminders_status_check
  CHECK (status IN ('scheduled', 'sent', 'skipped', 'failed', 'cancelled', 'captured'));
UPDATE reminders r SET status = 'captured'
 WHERE r.status = 'sent'
   AND EXISTS (SELECT 1 FROM messages m WHERE m.idempotency_key LIKE r.booking_id || ':reminder:' || r.id || '%' AND m.status = 'captured')
   AND NOT EXISTS (SELECT 1 FROM messages m WHERE m.idempotency_key LIKE r.booking_id || ':reminder:' || r.id || '%' AND m.status IN ('sent', 'delivered'));
