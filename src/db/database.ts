/**
 * Opens the database: PGlite in-process (embedded default, `DATA_DIR/pg`) or PostgreSQL through `pg`
 * (`DATABASE_URL`). Both speak the same SQL and run the same migrations.
 *
 * Type contract, the same on both drivers (so no code above this file asks which one it has):
 *   int8 → number (throws past 2^53), date → 'YYYY-MM-DD' string, timestamptz → Date, json(b) → parsed.
 * PGlite is always opened with btree_gist (the bookings exclusion constraint needs it) and under an
 * exclusive data-dir lock (PGlite does not lock its dir itself).
 */
import { PGlite } from '@electric-sql/pglite';
import { btree_gist } from '@electric-sql/pglite/contrib/btree_gist';
import { Kysely, PGliteDialect, PostgresDialect } from 'kysely';
import pg from 'pg';
import { acquireDataDirLock, type DataDirLock } from './data-dir-lock.ts';
import { ensurePrivateDir, restrictTree } from '../private-files.ts';
import type { DB } from './schema.ts';

const OID_INT8 = 20;
const OID_DATE = 1082;

function parseInt8(value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw new RangeError(`int8 value ${value} does not fit a JS number`);
  return n;
}
const keepString = (value: string) => value;

export type ScriptExec = (sql: string) => Promise<Record<string, unknown>[]>;

export interface Database {
  readonly kind: 'pglite' | 'postgres';
  readonly db: Kysely<DB>;
  /**
   * Runs `fn` inside one transaction on one connection. `exec` accepts multi-statement scripts (used by
   * the migrator) and returns the rows of the last statement.
   */
  scriptTransaction<T>(fn: (exec: ScriptExec) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export type DatabaseOptions =
  { kind: 'pglite'; dataDir: string | undefined /* undefined = in memory */ } | { kind: 'postgres'; url: string; maxConnections?: number };

export async function openDatabase(opts: DatabaseOptions): Promise<Database> {
  return opts.kind === 'pglite' ? openPglite(opts.dataDir) : openPostgres(opts.url, opts.maxConnections ?? 10);
}

async function openPglite(dataDir: string | undefined): Promise<Database> {
  if (dataDir) ensurePrivateDir(dataDir);
  const lock: DataDirLock | undefined = dataDir ? acquireDataDirLock(dataDir) : undefined;
  let pglite: PGlite;
  try {
    pglite = await PGlite.create(dataDir ?? 'memory://', {
      extensions: { btree_gist },
      parsers: { [OID_INT8]: parseInt8, [OID_DATE]: keepString },
    });
    if (dataDir) restrictTree(dataDir); // PGlite writes its files 0666 (src/private-files.ts)
  } catch (err) {
    lock?.release();
    throw err;
  }
  const db = new Kysely<DB>({ dialect: new PGliteDialect({ pglite }) });
  // Files PGlite creates later (DDL, WAL segments) come 0666 too: tightened after every script (the
  // migrator's DDL) and once a minute; the 0700 directory keeps other users out meanwhile.
  const tighten = dataDir ? setInterval(() => restrictTree(dataDir), 60_000).unref() : undefined;
  return {
    kind: 'pglite',
    db,
    async scriptTransaction(fn) {
      const result = await pglite.transaction(async (tx) =>
        fn(async (sql) => {
          const results = await tx.exec(sql);
          return (results.at(-1)?.rows ?? []) as Record<string, unknown>[];
        }),
      );
      if (dataDir) restrictTree(dataDir);
      return result;
    },
    async close() {
      if (tighten) clearInterval(tighten);
      try {
        // Kysely closes PGlite only if it ever ran a query; close it ourselves in any case.
        await db.destroy();
        if (!pglite.closed) await pglite.close();
        if (dataDir) restrictTree(dataDir);
      } finally {
        lock?.release();
      }
    },
  };
}

async function openPostgres(url: string, max: number): Promise<Database> {
  const types = {
    getTypeParser(oid: number, format?: string) {
      if (oid === OID_INT8) return parseInt8;
      if (oid === OID_DATE) return keepString;
      return pg.types.getTypeParser(oid, format as 'text');
    },
  };
  const pool = new pg.Pool({ connectionString: url, max, types: types as pg.CustomTypesConfig });
  // An idle client that errors (server restart) must not crash the process; the pool replaces it.
  pool.on('error', () => {});
  // Nor a checked-out one (a transaction between two statements when PostgreSQL cuts the connection): the
  // pool does not forward its errors, and an 'error' event nobody listens to kills the process (found by
  // `npm run chaos`: a worker exited). The statement under way fails on its own and is retried or answered 503.
  pool.on('connect', (client) => client.on('error', () => {}));
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  return {
    kind: 'postgres',
    db,
    async scriptTransaction(fn) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await fn(async (sql) => {
          // No parameters → simple query protocol, which accepts several statements.
          const res = (await client.query(sql)) as unknown as pg.QueryResult | pg.QueryResult[];
          const last = Array.isArray(res) ? res.at(-1) : res;
          return (last?.rows ?? []) as Record<string, unknown>[];
        });
        await client.query('COMMIT');
        return result;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => {});
        throw err;
      } finally {
        client.release();
      }
    },
    async close() {
      await db.destroy();
      // Kysely ends the pool only if it ever ran a query.
      if (!pool.ended) await pool.end();
    },
  };
}
