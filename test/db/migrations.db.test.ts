import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/database.ts';
import { migrate, MigrationError, readMigrations } from '../../src/db/migrator.ts';
import { DB_KINDS, skipKind, testDatabase, type TestDatabase } from '../support/databases.ts';
import { makeTempDir } from '../support/paths.ts';

const EXPECTED_TABLES = [
  'api_keys',
  'booking_events',
  'booking_resources',
  'bookings',
  'busy_blocks',
  'calendar_connections',
  'email_threads',
  'health_probes',
  'inbound_messages',
  'message_templates',
  'messages',
  'provider_overrides',
  'provider_services',
  'providers',
  'reminders',
  'resource_blocks',
  'resources',
  'schema_migrations',
  'services',
  'settings',
  'short_links',
  'sms_opt_outs',
  'time_versions',
  'used_challenges',
];

describe.each(DB_KINDS)('migrations on %s', (kind) => {
  const open: TestDatabase[] = [];
  afterEach(async () => {
    while (open.length) await open.pop()!.dispose();
  });
  const fresh = async () => {
    const d = await testDatabase(kind, { migrated: false });
    open.push(d);
    return d;
  };

  it.skipIf(skipKind(kind))('applies every migration to an empty database, then applying again is a no-op', async () => {
    const d = await fresh();
    const files = await readMigrations();
    const first = await migrate(d);
    expect(first.applied).toEqual(files.map((f) => f.version));
    expect(first.alreadyApplied).toEqual([]);

    const tables = await sql<{ table_name: string }>`
      SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name`.execute(d.db);
    expect(tables.rows.map((r) => r.table_name)).toEqual(EXPECTED_TABLES);

    const second = await migrate(d);
    expect(second.applied).toEqual([]);
    expect(second.alreadyApplied).toEqual(files.map((f) => f.version));
    const recorded = await d.db.selectFrom('schema_migrations').select(['version', 'checksum']).execute();
    expect(recorded.map((r) => r.version)).toEqual(files.map((f) => f.version));
    expect(recorded.map((r) => r.checksum)).toEqual(files.map((f) => f.checksum));
  });

  it.skipIf(skipKind(kind))('two concurrent migrators apply each migration exactly once', async () => {
    const d = await fresh();
    // PostgreSQL: two independent connections pools, as two processes would have. PGlite: one instance
    // (it is single-process by design; its data dir is locked), two concurrent calls.
    const other = kind === 'postgres' ? await openDatabase({ kind: 'postgres', url: d.url! }) : d;
    try {
      const [a, b] = await Promise.all([migrate(d), migrate(other)]);
      const files = (await readMigrations()).map((f) => f.version);
      expect([...a.applied, ...b.applied].sort()).toEqual(files);
      expect(a.applied.length === 0 || b.applied.length === 0).toBe(true);
      const count = await d.db
        .selectFrom('schema_migrations')
        .select(sql<number>`count(*)`.as('n'))
        .executeTakeFirstOrThrow();
      expect(count.n).toBe(files.length);
    } finally {
      if (other !== d) await other.close();
    }
  });

  it.skipIf(skipKind(kind))('refuses to run when an applied migration file was edited', async () => {
    const d = await fresh();
    const dir = makeTempDir('migrations');
    for (const f of await readMigrations()) fs.writeFileSync(path.join(dir, `${f.version}_${f.name}.sql`), f.sql);
    await migrate(d, dir);
    const [first] = await readMigrations(dir);
    fs.appendFileSync(path.join(dir, `${first!.version}_${first!.name}.sql`), '\n-- edited\n');
    await expect(migrate(d, dir)).rejects.toBeInstanceOf(MigrationError);
  });

  it.skipIf(skipKind(kind))('rolls back a failing migration completely', async () => {
    const d = await fresh();
    const dir = makeTempDir('migrations');
    for (const f of await readMigrations()) fs.writeFileSync(path.join(dir, `${f.version}_${f.name}.sql`), f.sql);
    fs.writeFileSync(path.join(dir, '9999_broken.sql'), 'CREATE TABLE half_done (id int);\nSELECT no_such_function();\n');
    await expect(migrate(d, dir)).rejects.toThrow(/no_such_function/);
    const tables = await sql<{ n: number }>`
      SELECT count(*) AS n FROM information_schema.tables WHERE table_schema = 'public'`.execute(d.db);
    expect(tables.rows[0]!.n).toBe(0); // not even schema_migrations: one transaction
  });

  it.skipIf(skipKind(kind))('returns int8 as number and date as YYYY-MM-DD, like the other driver', async () => {
    const d = await fresh();
    const r = await sql<{ big: unknown; cnt: unknown; day: unknown; ts: unknown }>`
      SELECT 9007199254740991::int8 AS big, count(*) AS cnt, DATE '2026-03-29' AS day,
             TIMESTAMPTZ '2026-03-29T01:30:00Z' AS ts FROM (VALUES (1), (2)) v(x)`.execute(d.db);
    const row = r.rows[0]!;
    expect(row.big).toBe(9007199254740991);
    expect(row.cnt).toBe(2);
    expect(row.day).toBe('2026-03-29');
    expect(row.ts).toBeInstanceOf(Date);
    expect((row.ts as Date).toISOString()).toBe('2026-03-29T01:30:00.000Z');
    await expect(sql`SELECT 9007199254740993::int8 AS too_big`.execute(d.db)).rejects.toThrow(RangeError);
  });
});
