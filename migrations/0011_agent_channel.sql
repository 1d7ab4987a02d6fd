-- Bookings made by an AI assistant over MCP carry channel `agent` (issue #15); voice agents (Vapi,
-- Retell) use the existing `phone`. The column's inline CHECK is named bookings_channel_check by
-- PostgreSQL (and PGlite); it is replaced by one that allows the new value.
ALTER TABLE bookings DROP CONSTRAINT bookings_channel_check;
ALTER TABLE bookings ADD CONSTRAINT bookings_channel_check CHECK (channel IN ('web', 'phone', 'email', 'api', 'admin', 'agent'));
