/**
 * Test databases on both engines. `DB_KINDS` drives `describe.each`, so every *.db test runs on PGlite
 * and on PostgreSQL; the PostgreSQL variant skips only when global setup found no server (never in CI).
 *
 * `testDatabase(kind, { migrated })` gives a private database: a copy of the PGlite template dir, or a
 * `CREATE DATABASE … TEMPLATE` clone on PostgreSQL; `dispose()` closes and removes it.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import pg from 'pg';
import { inject } from 'vitest';
import { openDatabase, type Database } from '../../src/db/database.ts';
import { makeTempDir } from './paths.ts';

export type DbKind = 'pglite' | 'postgres';
export const DB_KINDS: DbKind[] = ['pglite', 'postgres'];

export function postgresAvailable(): boolean {
  return inject('postgresAdminUrl') !== null;
}

/** True when the `kind` variant must be skipped (PostgreSQL unreachable outside CI). */
export function skipKind(kind: DbKind): boolean {
  return kind === 'postgres' && !postgresAvailable();
}

export type TestDatabase = Database & { readonly url?: string; readonly dataDir?: string; dispose(): Promise<void> };

export async function testDatabase(kind: DbKind, opts: { migrated: boolean } = { migrated: true }): Promise<TestDatabase> {
  if (kind === 'pglite') {
    const dataDir = makeTempDir('pglite');
    fs.cpSync(inject(opts.migrated ? 'pgliteMigratedTemplate' : 'pgliteEmptyTemplate'), dataDir, { recursive: true });
    const database = await openDatabase({ kind: 'pglite', dataDir });
    return Object.assign(database, {
      dataDir,
      async dispose() {
        await database.close();
        fs.rmSync(dataDir, { recursive: true, force: true });
      },
    });
  }
  const { url, drop } = await createPostgresDatabase(opts.migrated ? inject('postgresTemplateDb') : 'template0');
  const database = await openDatabase({ kind: 'postgres', url, maxConnections: 20 });
  return Object.assign(database, {
    url,
    async dispose() {
      await database.close();
      await drop();
    },
  });
}

/** A new, empty-or-cloned PostgreSQL database; `drop()` removes it. */
export async function createPostgresDatabase(template: string): Promise<{ url: string; drop(): Promise<void> }> {
  const adminUrl = inject('postgresAdminUrl');
  if (!adminUrl) throw new Error('PostgreSQL is not available in this run');
  const name = `slotflow_t_${randomBytes(6).toString('hex')}`;
  await withAdmin(adminUrl, (c) => c.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`));
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => withAdmin(adminUrl, (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => {}),
  };
}

async function withAdmin<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}
