-- Scoped API keys (issue #15): an `admin` key may call the admin API; an `agent` key (an MCP client, a
-- phone agent's backend) may do what a customer could do and never an admin route. Keys issued before
-- scopes existed were admin keys, so they stay `admin`.
ALTER TABLE api_keys ADD COLUMN scope text NOT NULL DEFAULT 'admin' CHECK (scope IN ('admin', 'agent'));
