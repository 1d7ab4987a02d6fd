/**
 * What availability folded of a provider's or a pool's time for one window, kept under the version the
 * database gave that time (migration 0026: every committed change to it gets a new version from one
 * sequence, so one version names one committed state).
 *
 * Contract: read the version first, then the data (in a later statement), and store the data under that
 * version. Data read after the version is at least as new as the version, never older; a change committed in
 * between only costs a miss later (the next reader sees a newer version). Never read or fill it inside a
 * transaction (`db.isTransaction`): a transaction sees its own uncommitted changes. One cache per database
 * handle (a Kysely instance is one database); bounded, the oldest entries go first.
 */
import type { Kysely } from 'kysely';
import type { DB } from './schema.ts';

/** Entries per database handle: e.g. 64 providers × 4 windows in use at once. */
const MAX_ENTRIES = 256;

export class TimeCache<V> {
  private readonly entries = new Map<string, { version: string; value: V }>();

  constructor(private readonly max = MAX_ENTRIES) {}

  /** The value stored for `key` at `version`, or undefined when none or another version is stored. */
  get(key: string, version: string): V | undefined {
    const e = this.entries.get(key);
    if (!e || e.version !== version) return undefined;
    // Most recently used last: Map keeps insertion order, the first key is the one to evict.
    this.entries.delete(key);
    this.entries.set(key, e);
    return e.value;
  }

  set(key: string, version: string, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, { version, value });
    while (this.entries.size > this.max) this.entries.delete(this.entries.keys().next().value!);
  }
}

const caches = new WeakMap<Kysely<DB>, Map<string, TimeCache<unknown>>>();

/**
 * The cache named `name` of this database handle, or undefined inside a transaction (see the contract).
 */
export function timeCacheOf<V>(db: Kysely<DB>, name: string): TimeCache<V> | undefined {
  if (db.isTransaction) return undefined;
  let byName = caches.get(db);
  if (!byName) caches.set(db, (byName = new Map()));
  let cache = byName.get(name);
  if (!cache) byName.set(name, (cache = new TimeCache()));
  return cache as TimeCache<V>;
}
