/**
 * Global setup, database part (db, temporal and e2e projects):
 * - PGlite templates: an initialised empty data dir and a migrated one, cached under .tmp/ by the
 *   migrations' fingerprint, so a test copies a dir (~0.1 s) instead of creating one (4–5 s).
 * - PostgreSQL: a migrated template database on TEST_DATABASE_URL (default: the local server). When it is
 *   unreachable, the Postgres suites skip with a visible message — except under CI (or
 *   REQUIRE_POSTGRES=true), where the run fails.
 */
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { testEnv } from '../../../src/config.ts';
import { openDatabase } from '../../../src/db/database.ts';
import { migrate } from '../../../src/db/migrator.ts';
import { migrationsFingerprint, TMP_ROOT } from '../paths.ts';
import { shared } from './shared.ts';

const DEFAULT_PG_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

async function pgliteTemplate(name: string, migrated: boolean): Promise<string> {
  const dir = path.join(TMP_ROOT, `pglite-${name}-${migrationsFingerprint()}`);
  if (fs.existsSync(path.join(dir, '.template-ready'))) return dir;
  fs.rmSync(dir, { recursive: true, force: true });
  const database = await openDatabase({ kind: 'pglite', dataDir: dir });
  if (migrated) await migrate(database);
  await database.close();
  fs.writeFileSync(path.join(dir, '.template-ready'), new Date().toISOString());
  return dir;
}

async function postgresTemplate(adminUrl: string, name: string): Promise<void> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (exists.rowCount) return; // named by fingerprint: same migrations, same content
    await admin.query(`CREATE DATABASE "${name}_building"`).catch(async () => {
      await admin.query(`DROP DATABASE IF EXISTS "${name}_building"`);
      await admin.query(`CREATE DATABASE "${name}_building"`);
    });
    const url = new URL(adminUrl);
    url.pathname = `/${name}_building`;
    const database = await openDatabase({ kind: 'postgres', url: url.toString(), maxConnections: 2 });
    await migrate(database);
    await database.close();
    // The pool's backends end asynchronously after close(); retry while the server still counts them.
    for (let attempt = 0; ; attempt++) {
      try {
        await admin.query(`ALTER DATABASE "${name}_building" RENAME TO "${name}"`);
        break;
      } catch (err) {
        if ((err as { code?: string }).code !== '55006' || attempt >= 50) throw err;
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  } finally {
    await admin.end();
  }
}

async function reachable(url: string): Promise<string | undefined> {
  const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3_000 });
  try {
    await c.connect();
    await c.query('SELECT 1');
    return undefined;
  } catch (err) {
    return (err as Error).message;
  } finally {
    await c.end().catch(() => {});
  }
}

async function prepareTemplates() {
  const env = testEnv();
  fs.mkdirSync(TMP_ROOT, { recursive: true });
  const [pgliteEmptyTemplate, pgliteMigratedTemplate] = [await pgliteTemplate('empty', false), await pgliteTemplate('migrated', true)];

  const pgUrl = env.databaseUrl ?? DEFAULT_PG_URL;
  const problem = await reachable(pgUrl);
  const postgresTemplateDb = `slotflow_tpl_${migrationsFingerprint()}`;
  let postgresAdminUrl: string | null = null;
  if (problem) {
    if (env.requirePostgres) {
      throw new Error(`PostgreSQL at ${pgUrl} is required (CI=true or REQUIRE_POSTGRES=true) but unreachable: ${problem}`);
    }
    console.warn(
      `\n!!! PostgreSQL at ${pgUrl} is unreachable (${problem}).\n!!! The PostgreSQL variants of the *.db tests are SKIPPED. Set TEST_DATABASE_URL to run them.\n`,
    );
  } else {
    await postgresTemplate(pgUrl, postgresTemplateDb);
    postgresAdminUrl = pgUrl;
  }
  return { value: { pgliteEmptyTemplate, pgliteMigratedTemplate, postgresAdminUrl, postgresTemplateDb } };
}

export default async function setup(project: TestProject) {
  const { value, release } = await shared('databases', prepareTemplates);
  project.provide('pgliteEmptyTemplate', value.pgliteEmptyTemplate);
  project.provide('pgliteMigratedTemplate', value.pgliteMigratedTemplate);
  project.provide('postgresAdminUrl', value.postgresAdminUrl);
  project.provide('postgresTemplateDb', value.postgresTemplateDb);
  return release;
}
