-- slotflow 0026: a version per provider and per resource pool of everything availability reads about their
-- time (#19 item 5). Any committed change to a provider's live bookings or busy blocks, or to a pool's unit
-- allocations, blocks or membership, gives its key a new version in the same transaction; a gateway that has
-- folded that time for a window keeps the result under the version it read first, and reads the data again
-- only when the version moved (src/db/time-cache.ts). Keys: 'provider:<uuid>', 'unit-pool:<name>'.
--
-- Versions come from one sequence, never from version + 1: a value is never handed out twice (not after a
-- rollback, not after a table is emptied), so one version always names one committed state. A key without a
-- row has never changed since this migration; readers treat it as version 0. Rows are never deleted.
CREATE SEQUENCE time_version_seq;
CREATE TABLE time_versions (
  key     text PRIMARY KEY,
  version bigint NOT NULL
);

-- New versions for `keys`, locking their rows in key order (two transactions bumping the same keys cannot
-- deadlock on each other's order).
CREATE FUNCTION bump_time_versions(keys text[]) RETURNS void LANGUAGE sql AS $$
  INSERT INTO time_versions (key, version)
  SELECT k, nextval('time_version_seq') FROM (SELECT DISTINCT k FROM unnest(keys) AS k WHERE k IS NOT NULL ORDER BY k) s
  ON CONFLICT (key) DO UPDATE SET version = excluded.version
$$;

-- Providers' rows (bookings, busy blocks): statement triggers with transition tables, so a bulk insert (a
-- calendar sync) bumps each provider once.
CREATE FUNCTION provider_rows_bump_time() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM bump_time_versions(ARRAY(SELECT 'provider:' || provider_id FROM new_rows));
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM bump_time_versions(ARRAY(SELECT 'provider:' || provider_id FROM old_rows));
  ELSE
    PERFORM bump_time_versions(ARRAY(SELECT 'provider:' || provider_id FROM old_rows UNION SELECT 'provider:' || provider_id FROM new_rows));
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER busy_blocks_time_insert AFTER INSERT ON busy_blocks REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION provider_rows_bump_time();
CREATE TRIGGER busy_blocks_time_update AFTER UPDATE ON busy_blocks REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION provider_rows_bump_time();
CREATE TRIGGER busy_blocks_time_delete AFTER DELETE ON busy_blocks REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION provider_rows_bump_time();
CREATE TRIGGER bookings_time_insert AFTER INSERT ON bookings REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION provider_rows_bump_time();
CREATE TRIGGER bookings_time_delete AFTER DELETE ON bookings REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION provider_rows_bump_time();

-- A booking's update counts only when it changes what availability reads: provider, status, start or
-- blocked range (not a reminder flag, a calendar event id, the customer's name).
CREATE FUNCTION bookings_update_bump_time() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM bump_time_versions(ARRAY(
    SELECT 'provider:' || p FROM old_rows o JOIN new_rows n ON n.id = o.id,
      LATERAL (VALUES (o.provider_id), (n.provider_id)) AS v(p)
    WHERE (o.provider_id, o.status, o.start_time, o.blocked) IS DISTINCT FROM (n.provider_id, n.status, n.start_time, n.blocked)));
  RETURN NULL;
END $$;
CREATE TRIGGER bookings_time_update AFTER UPDATE ON bookings REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION bookings_update_bump_time();

-- Pools: unit allocations and unit blocks bump the unit's pool; a unit that changes pool bumps both.
--
-- Lock order: every bump locks its keys sorted, and 'provider:…' sorts before 'unit-pool:…'. A change to a
-- booking's units also bumps the booking's provider, so a transaction that holds a pool's version row holds
-- its provider's already: a reserve (booking row, then its units) and a cancel (the units freed by a trigger
-- inside the booking's update, then the booking) both lock provider → pools, and cannot deadlock.
CREATE FUNCTION unit_keys(unit_ids uuid[], booking_ids uuid[]) RETURNS text[] LANGUAGE sql STABLE AS $$
  SELECT ARRAY(
    SELECT 'unit-pool:' || pool FROM resources WHERE id = ANY(unit_ids)
    UNION SELECT 'provider:' || provider_id FROM bookings WHERE id = ANY(booking_ids))
$$;
CREATE FUNCTION unit_rows_bump_time() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  units uuid[];
  owners uuid[] := '{}';
BEGIN
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    units := ARRAY(SELECT resource_id FROM new_rows);
    IF TG_TABLE_NAME = 'booking_resources' THEN owners := ARRAY(SELECT booking_id FROM new_rows); END IF;
  END IF;
  IF TG_OP IN ('DELETE', 'UPDATE') THEN
    units := coalesce(units, '{}') || ARRAY(SELECT resource_id FROM old_rows);
    IF TG_TABLE_NAME = 'booking_resources' THEN owners := owners || ARRAY(SELECT booking_id FROM old_rows); END IF;
  END IF;
  PERFORM bump_time_versions(unit_keys(units, owners));
  RETURN NULL;
END $$;
CREATE TRIGGER booking_resources_time_insert AFTER INSERT ON booking_resources REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION unit_rows_bump_time();
CREATE TRIGGER booking_resources_time_update AFTER UPDATE ON booking_resources REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION unit_rows_bump_time();
CREATE TRIGGER booking_resources_time_delete AFTER DELETE ON booking_resources REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION unit_rows_bump_time();
CREATE TRIGGER resource_blocks_time_insert AFTER INSERT ON resource_blocks REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION unit_rows_bump_time();
CREATE TRIGGER resource_blocks_time_update AFTER UPDATE ON resource_blocks REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION unit_rows_bump_time();
CREATE TRIGGER resource_blocks_time_delete AFTER DELETE ON resource_blocks REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION unit_rows_bump_time();

CREATE FUNCTION resources_bump_time() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM bump_time_versions(ARRAY['unit-pool:' || OLD.pool, 'unit-pool:' || NEW.pool]);
  RETURN NULL;
END $$;
CREATE TRIGGER resources_time_update AFTER UPDATE OF pool ON resources
  FOR EACH ROW WHEN (OLD.pool IS DISTINCT FROM NEW.pool) EXECUTE FUNCTION resources_bump_time();
