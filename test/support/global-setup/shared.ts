/**
 * What the global-setup parts (./web.ts, ./databases.ts, ./temporal.ts) share: the values they provide to
 * tests, and `shared()`, which starts a resource once per `vitest run` however many projects ask for it.
 *
 * Each vitest project loads its globalSetup files in its own module runner, so a module-level variable
 * would not be shared between the db, temporal and e2e projects; they all run in the one main process,
 * though, so the registry lives on globalThis. Vitest tears every project's setup down at the end of the
 * run; the resource stops when its last user has released it.
 */
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

type Started<T> = { value: T; stop?: () => Promise<void> };
type Entry = { started: Promise<Started<unknown>>; users: number };

const REGISTRY = Symbol.for('slotflow.test.global-setup');
const registry = ((globalThis as Record<symbol, unknown>)[REGISTRY] ??= new Map<string, Entry>()) as Map<string, Entry>;

/** `start()` once per run under `key`; returns its value and a `release` for the project's teardown. */
export async function shared<T>(key: string, start: () => Promise<Started<T>>): Promise<{ value: T; release: () => Promise<void> }> {
  let entry = registry.get(key);
  if (!entry) {
    entry = { started: start(), users: 0 };
    registry.set(key, entry);
    entry.started.catch(() => registry.delete(key)); // a failed start is retried by the next project
  }
  const { value, stop } = (await entry.started) as Started<T>;
  entry.users += 1;
  const mine = entry;
  let released = false;
  return {
    value,
    async release() {
      if (released) return;
      released = true;
      mine.users -= 1;
      if (mine.users > 0) return;
      registry.delete(key);
      await stop?.();
    },
  };
}
