/**
 * Applies `migrations/NNNN_name.sql` in order, recording each in `schema_migrations`.
 *
 * Contract: idempotent (a second run applies nothing) and safe from several processes at once — the whole
 * run is one transaction that first takes `pg_advisory_xact_lock(MIGRATION_LOCK)`, so a concurrent
 * migrator waits, then sees the versions the first one recorded. A run is all-or-nothing. A recorded
 * migration whose file changed afterwards stops the run (checksum mismatch): released migrations are
 * never edited, a new file is added instead.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Database } from './database.ts';

/** Arbitrary constant shared by every slotflow process; the key of the migration advisory lock. */
const MIGRATION_LOCK = 727_384_001;
const FILE_PATTERN = /^(\d{4})_([a-z0-9_]+)\.sql$/;

export const DEFAULT_MIGRATIONS_DIR = fileURLToPath(new URL('../../migrations/', import.meta.url));

export type MigrationFile = { version: string; name: string; sql: string; checksum: string };
export type MigrationResult = { applied: string[]; alreadyApplied: string[] };

export class MigrationError extends Error {
  override name = 'MigrationError';
}

export async function readMigrations(dir: string = DEFAULT_MIGRATIONS_DIR): Promise<MigrationFile[]> {
  const files = (await fs.readdir(dir)).filter((f) => f.endsWith('.sql')).sort();
  const out: MigrationFile[] = [];
  for (const file of files) {
    const m = FILE_PATTERN.exec(file);
    if (!m) throw new MigrationError(`Migration file name ${file} does not match NNNN_name.sql`);
    const sql = await fs.readFile(path.join(dir, file), 'utf8');
    out.push({ version: m[1]!, name: m[2]!, sql, checksum: createHash('sha256').update(sql).digest('hex') });
  }
  const versions = out.map((m) => m.version);
  if (new Set(versions).size !== versions.length) throw new MigrationError(`Duplicate migration versions in ${dir}`);
  return out;
}

export async function migrate(database: Database, dir: string = DEFAULT_MIGRATIONS_DIR): Promise<MigrationResult> {
  const migrations = await readMigrations(dir);
  return database.scriptTransaction(async (exec) => {
    await exec(`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK})`);
    await exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version text PRIMARY KEY, name text NOT NULL, checksum text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now())`);
    const rows = await exec('SELECT version, checksum FROM schema_migrations');
    const recorded = new Map(rows.map((r) => [String(r.version), String(r.checksum)]));
    const applied: string[] = [];
    const alreadyApplied: string[] = [];
    for (const m of migrations) {
      const checksum = recorded.get(m.version);
      if (checksum !== undefined) {
        if (checksum !== m.checksum) {
          throw new MigrationError(`Migration ${m.version}_${m.name} was changed after it was applied; add a new migration instead.`);
        }
        alreadyApplied.push(m.version);
        continue;
      }
      await exec(m.sql);
      await exec(`INSERT INTO schema_migrations (version, name, checksum) VALUES ('${m.version}', '${m.name}', '${m.checksum}')`);
      applied.push(m.version);
    }
    return { applied, alreadyApplied };
  });
}
