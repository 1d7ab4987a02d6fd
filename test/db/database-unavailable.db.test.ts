/**
 * A lost database connection is "unavailable for a moment" (the gateway answers 503 + Retry-After), a bad
 * query is not: isDatabaseUnavailable on the errors a real PostgreSQL gives. Found by `npm run chaos`: a
 * booking whose connection PostgreSQL terminated answered 500.
 */
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { testEnv } from '../../src/config.ts';
import { sql } from 'kysely';
import { openDatabase } from '../../src/db/database.ts';
import { isDatabaseUnavailable } from '../../src/db/pg-errors.ts';

const { databaseUrl, requirePostgres } = testEnv();

describe.skipIf(!databaseUrl && !requirePostgres)('database unavailable (PostgreSQL)', () => {
  it('a connection terminated by the server and a refused connection count; a syntax error or a constraint does not', async () => {
    const victim = new pg.Client({ connectionString: databaseUrl });
    victim.on('error', () => {});
    await victim.connect();
    const pid = (await victim.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;
    const killer = new pg.Client({ connectionString: databaseUrl });
    await killer.connect();
    // The victim is inside a query when its backend is terminated (as in-flight requests were in the chaos run).
    const inFlight = victim.query('SELECT pg_sleep(5)').catch((err: unknown) => err);
    await new Promise((r) => setTimeout(r, 200));
    await killer.query('SELECT pg_terminate_backend($1)', [pid]);
    const terminated = await inFlight;
    expect(terminated).toBeInstanceOf(Error);
    expect(isDatabaseUnavailable(terminated)).toBe(true);
    // The same client afterwards: its connection is gone.
    const after = await victim.query('SELECT 1').catch((err: unknown) => err);
    expect(isDatabaseUnavailable(after)).toBe(true);

    const refused = await new pg.Client({ connectionString: 'postgres://postgres@127.0.0.1:1/postgres' }).connect().catch((err: unknown) => err);
    expect(isDatabaseUnavailable(refused)).toBe(true);

    const syntax = await killer.query('SELEC 1').catch((err: unknown) => err);
    expect(isDatabaseUnavailable(syntax)).toBe(false);
    const constraint = await killer.query('SELECT 1/0').catch((err: unknown) => err);
    expect(isDatabaseUnavailable(constraint)).toBe(false);
    await killer.end();
  });

  it('a transaction whose connection PostgreSQL terminates between two statements fails as unavailable; the process lives on', async () => {
    const database = await openDatabase({ kind: 'postgres', url: databaseUrl!, maxConnections: 2 });
    const killer = new pg.Client({ connectionString: databaseUrl });
    await killer.connect();
    try {
      const failed = await database.db
        .transaction()
        .execute(async (trx) => {
          const { rows } = await sql<{ pid: number }>`SELECT pg_backend_pid() AS pid`.execute(trx);
          await killer.query('SELECT pg_terminate_backend($1)', [rows[0]!.pid]);
          // The checked-out client emits 'error' now, between statements (an unhandled one ends the process).
          await new Promise((r) => setTimeout(r, 300));
          await sql`SELECT 1`.execute(trx);
        })
        .catch((err: unknown) => err);
      expect(isDatabaseUnavailable(failed)).toBe(true);
      // The pool goes on with a fresh connection.
      const { rows } = await sql<{ one: number }>`SELECT 1 AS one`.execute(database.db);
      expect(rows[0]!.one).toBe(1);
    } finally {
      await killer.end();
      await database.close();
    }
  });
});
