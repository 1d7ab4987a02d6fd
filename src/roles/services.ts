/**
 * Building blocks shared by every role (`start`, `gateway`, `worker`, `migrate`): one code path.
 */
import path from 'node:path';
import type { Logger } from 'pino';
import type { Config } from '../config.ts';
import { openDatabase, type Database } from '../db/database.ts';
import { migrate } from '../db/migrator.ts';
import { cliCacheDirs, ensureTemporalCli } from '../temporal/cli-provision.ts';
import { connectTemporal } from '../temporal/client.ts';
import { startDevServer, type DevServer } from '../temporal/dev-server.ts';
import { ensureSearchAttributes } from '../temporal/search-attributes.registry.ts';
import type { Lifecycle } from './lifecycle.ts';

export function pgliteDir(config: Config): string {
  return path.join(config.dataDir, 'pg');
}

/** Opens PGlite (`DATA_DIR/pg`) or PostgreSQL (`DATABASE_URL`) and applies pending migrations. */
export async function openAndMigrate(config: Config, log: Logger, life?: Lifecycle): Promise<Database> {
  const started = Date.now();
  const database = config.databaseUrl
    ? await openDatabase({ kind: 'postgres', url: config.databaseUrl })
    : await openDatabase({ kind: 'pglite', dataDir: pgliteDir(config) });
  life?.onShutdown('database', () => database.close());
  const result = await migrate(database);
  log.info({ database: database.kind, applied: result.applied, alreadyApplied: result.alreadyApplied.length, ms: Date.now() - started }, 'database ready');
  return database;
}

export async function findOrInstallCli(config: Config, log: Logger): Promise<string> {
  return ensureTemporalCli({
    explicitPath: config.temporal.cliPath,
    searchPath: config.temporal.searchPath,
    cacheDirs: cliCacheDirs(config.dataDir, config.temporal.cacheDir),
    installDir: path.join(config.dataDir, 'bin'),
    log: (line) => log.info(line),
  });
}

export type TemporalTarget = { address: string; devServer?: DevServer };

/**
 * TEMPORAL_ADDRESS set: use that server (and make sure the search attributes exist).
 * Unset and `embedded` allowed: start the dev server with its SQLite file under DATA_DIR/temporal.
 */
export async function resolveTemporal(config: Config, log: Logger, life: Lifecycle, opts: { embedded: boolean }): Promise<TemporalTarget> {
  if (config.temporal.address) {
    const t = await connectTemporal(config.temporal.address, config.temporal.namespace);
    try {
      const added = await ensureSearchAttributes(t.connection, config.temporal.namespace);
      if (added.length) log.info({ added }, 'registered search attributes');
    } finally {
      await t.close();
    }
    return { address: config.temporal.address };
  }
  if (!opts.embedded) {
    throw new Error('TEMPORAL_ADDRESS is not set. Only `slotflow start` embeds a dev server; other roles need a server address.');
  }
  const cliPath = await findOrInstallCli(config, log);
  const devServer = await startDevServer({
    cliPath,
    dbFile: path.join(config.dataDir, 'temporal', 'temporal.db'),
    namespace: config.temporal.namespace,
    port: config.temporal.port,
    uiPort: config.temporal.uiPort,
    log: (line) => log.debug({ source: 'temporal' }, line),
    onUnexpectedExit: (code, signal) => {
      log.error({ code, signal }, 'the Temporal dev server exited unexpectedly');
      void life.shutdown('temporal dev server exited', 1);
    },
  });
  life.onShutdown('temporal dev server', () => devServer.stop());
  log.info({ address: devServer.address, ui: devServer.uiUrl, temporalPid: devServer.pid, cli: cliPath }, 'Temporal dev server started');
  return { address: devServer.address, devServer };
}
