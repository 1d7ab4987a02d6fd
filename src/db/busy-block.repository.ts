/**
 * Busy blocks: the statements on `busy_blocks` outside availability (which reads them in
 * availability.repository.ts): a calendar sync's write and the admin listing.
 *
 * Contract of `applyCalendarSync`: one transaction. A full listing deletes every block of the connection;
 * an incremental one deletes the blocks of the touched (changed or removed) events. The given blocks are
 * then upserted on (provider_id, source, external_id) with source `calendar:<connectionId>`, and the
 * connection is marked healthy with the new cursor: a sync lands whole or not at all.
 */
import type { Kysely } from 'kysely';
import { markConnectionSynced } from './calendar-connection.repository.ts';
import type { DB } from './schema.ts';
import { dbNow } from './sql-values.ts';

export type SyncedBusy = {
  connectionId: string;
  providerId: string;
  /** A complete listing of the window (replaces all of the connection's blocks). */
  full: boolean;
  /** Incremental: external ids of the events changed or removed since the last cursor. */
  touched: string[];
  blocks: { externalId: string; start: number; end: number }[];
  cursor: string;
  syncedAt: Date;
};

export async function applyCalendarSync(db: Kysely<DB>, s: SyncedBusy): Promise<void> {
  await db.transaction().execute(async (trx) => {
    if (s.full) {
      await trx.deleteFrom('busy_blocks').where('connection_id', '=', s.connectionId).execute();
    } else if (s.touched.length > 0) {
      await trx.deleteFrom('busy_blocks').where('connection_id', '=', s.connectionId).where('external_id', 'in', s.touched).execute();
    }
    if (s.blocks.length > 0) {
      await trx
        .insertInto('busy_blocks')
        .values(
          s.blocks.map((b) => ({
            provider_id: s.providerId,
            connection_id: s.connectionId,
            source: `calendar:${s.connectionId}`,
            external_id: b.externalId,
            start_time: new Date(b.start),
            end_time: new Date(b.end),
          })),
        )
        .onConflict((oc) =>
          oc
            .columns(['provider_id', 'source', 'external_id'])
            .doUpdateSet((eb) => ({ start_time: eb.ref('excluded.start_time'), end_time: eb.ref('excluded.end_time'), updated_at: dbNow })),
        )
        .execute();
    }
    await markConnectionSynced(trx, s.connectionId, { cursor: s.cursor, syncedAt: s.syncedAt });
  });
}

/** The provider's busy blocks (synced or manual) overlapping [from, to), by start. */
export async function listBusyBlocks(db: Kysely<DB>, providerId: string, range: { from: Date; to: Date }) {
  return db
    .selectFrom('busy_blocks')
    .select(['id', 'start_time', 'end_time', 'source', 'external_id', 'connection_id'])
    .where('provider_id', '=', providerId)
    .where('start_time', '<', range.to)
    .where('end_time', '>', range.from)
    .orderBy('start_time')
    .execute();
}
