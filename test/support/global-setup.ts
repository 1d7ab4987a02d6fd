/**
 * Runs once per `vitest run`:
 * - PGlite templates: an initialised empty data dir and a migrated one, cached under .tmp/ by the
 *   migrations' fingerprint, so a test copies a dir (~0.1 s) instead of creating one (4–5 s).
 * - PostgreSQL: a migrated template database on TEST_DATABASE_URL (default: the local server). When it is
 *   unreachable, the Postgres suites skip with a visible message — except under CI (or
 *   REQUIRE_POSTGRES=true), where the run fails.
 * - Web: the Vite build of web/ (src/web/build.ts), for the browser suites.
 * - Temporal: one in-memory dev server (product code: src/temporal/dev-server.ts) for all temporal tests.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { testEnv } from '../../src/config.ts';
import { openDatabase } from '../../src/db/database.ts';
import { migrate } from '../../src/db/migrator.ts';
import { findTemporalCli, installTemporalCli } from '../../src/temporal/cli-provision.ts';
import { startDevServer, type DevServer } from '../../src/temporal/dev-server.ts';
import { ensureWebBuilt, webFingerprint } from '../../src/web/build.ts';
import { migrationsFingerprint, TMP_ROOT } from './paths.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteEmptyTemplate: string;
    pgliteMigratedTemplate: string;
    /** Admin URL of the PostgreSQL server (a DB we may CREATE DATABASE from), or null when skipped. */
    postgresAdminUrl: string | null;
    postgresTemplateDb: string;
    temporalAddress: string;
    temporalCliPath: string;
    /** The web build the browser suites serve. */
    webDist: string;
    /** Why the web build failed, or null. */
    webBuildError: string | null;
  }
}

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

export default async function setup(project: TestProject) {
  const env = testEnv();
  fs.mkdirSync(TMP_ROOT, { recursive: true });

  // The web pages the browser suites load, in a dir named by their sources' fingerprint: concurrent
  // runs (and a later edit of web/) never rebuild under a gateway that is serving them (~2 s to build).
  // A broken web build fails the browser suites (with the build's error), not every other suite.
  const webDist = path.join(TMP_ROOT, `web-${webFingerprint().slice(0, 12)}`);
  // Builds of older sources, unused for an hour (a concurrent run may still serve a recent one).
  for (const name of fs.readdirSync(TMP_ROOT)) {
    const dir = path.join(TMP_ROOT, name);
    if (/^web-[0-9a-f]{12}$/.test(name) && dir !== webDist && Date.now() - fs.statSync(dir).mtimeMs > 3_600_000) {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
  try {
    await ensureWebBuilt({ outDir: webDist, log: (m) => console.log(m) });
    project.provide('webDist', webDist);
    project.provide('webBuildError', null);
  } catch (err) {
    console.error(`\n!!! The web build failed; the browser suites will fail:\n${(err as Error).message}\n`);
    project.provide('webDist', '');
    project.provide('webBuildError', (err as Error).message);
  }

  const [empty, migrated] = [await pgliteTemplate('empty', false), await pgliteTemplate('migrated', true)];
  project.provide('pgliteEmptyTemplate', empty);
  project.provide('pgliteMigratedTemplate', migrated);

  const pgUrl = env.databaseUrl ?? DEFAULT_PG_URL;
  const problem = await reachable(pgUrl);
  const templateDb = `slotflow_tpl_${migrationsFingerprint()}`;
  if (problem) {
    if (env.requirePostgres) {
      throw new Error(`PostgreSQL at ${pgUrl} is required (CI=true or REQUIRE_POSTGRES=true) but unreachable: ${problem}`);
    }
    console.warn(
      `\n!!! PostgreSQL at ${pgUrl} is unreachable (${problem}).\n!!! The PostgreSQL variants of the *.db tests are SKIPPED. Set TEST_DATABASE_URL to run them.\n`,
    );
    project.provide('postgresAdminUrl', null);
  } else {
    await postgresTemplate(pgUrl, templateDb);
    project.provide('postgresAdminUrl', pgUrl);
  }
  project.provide('postgresTemplateDb', templateDb);

  const sharedCache = path.join(os.homedir(), '.cache', 'slotflow', 'bin');
  const cliPath =
    (await findTemporalCli({ explicitPath: env.temporalCliPath, searchPath: env.searchPath, cacheDirs: [sharedCache] })) ??
    (await installTemporalCli({ targetDir: sharedCache, log: (l) => console.log(l), searchPath: env.searchPath }));
  const server: DevServer = await startDevServer({ cliPath, uiPort: false, port: 0 });
  project.provide('temporalAddress', server.address);
  project.provide('temporalCliPath', cliPath);

  return async () => {
    await server.stop();
  };
}
