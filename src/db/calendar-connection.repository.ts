/**
 * Calendar connections: every SQL statement on `calendar_connections` (the /metrics counts live in
 * calendar-connection-stats.repository.ts, the fail-closed check in availability.repository.ts).
 *
 * Contract: every write bumps `updated_at` (the database's now()). Credentials are stored sealed; this
 * file never opens them (src/calendar-connectors/credential-seal.ts does). A failure is recorded by one function,
 * `recordConnectionFailure`, whether or not it turns the connection `unhealthy` (which, with
 * `fail_closed`, makes availability offer none of the provider's slots).
 */
import type { Kysely, Selectable } from 'kysely';
import type { CalendarConnectionsTable, DB } from './schema.ts';
import { dbNow } from './sql-values.ts';

export type CalendarConnectionRow = Selectable<CalendarConnectionsTable>;
export type CalendarKind = CalendarConnectionRow['kind'];

export type NewCalendarConnection = {
  id: string;
  providerId: string;
  kind: CalendarKind;
  displayName: string;
  failClosed: boolean;
  /** CalDAV: known at once; OAuth kinds: chosen after consent. */
  calendarId?: string | null;
  /** Sealed credentials; OAuth kinds get theirs after consent. */
  credentials?: string | null;
  /** OAuth: the consent's `state`, single use. */
  oauthState?: string | null;
};

export async function insertCalendarConnection(db: Kysely<DB>, c: NewCalendarConnection): Promise<void> {
  await db
    .insertInto('calendar_connections')
    .values({
      id: c.id,
      provider_id: c.providerId,
      kind: c.kind,
      display_name: c.displayName,
      fail_closed: c.failClosed,
      ...(c.calendarId !== undefined ? { calendar_id: c.calendarId } : {}),
      ...(c.credentials !== undefined ? { credentials: c.credentials } : {}),
      ...(c.oauthState !== undefined ? { oauth_state: c.oauthState } : {}),
    })
    .execute();
}

export async function findCalendarConnection(db: Kysely<DB>, id: string): Promise<CalendarConnectionRow | undefined> {
  return db.selectFrom('calendar_connections').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Like `findCalendarConnection`, for a connection that must exist: throws Kysely's NoResultError when it does not. */
export async function getCalendarConnection(db: Kysely<DB>, id: string): Promise<CalendarConnectionRow> {
  return db.selectFrom('calendar_connections').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

/** The pending OAuth connection of `kind` waiting for the consent with this `state`. */
export async function findConnectionByOAuthState(db: Kysely<DB>, state: string, kind: CalendarKind): Promise<CalendarConnectionRow | undefined> {
  return db.selectFrom('calendar_connections').selectAll().where('oauth_state', '=', state).where('kind', '=', kind).executeTakeFirst();
}

/** All connections (or one provider's), oldest first. */
export async function listCalendarConnections(db: Kysely<DB>, q: { providerId?: string | undefined } = {}): Promise<CalendarConnectionRow[]> {
  let query = db.selectFrom('calendar_connections').selectAll().orderBy('created_at');
  if (q.providerId) query = query.where('provider_id', '=', q.providerId);
  return query.execute();
}

/**
 * The provider's first (oldest) connection with a calendar selected, whatever its health: the one booking events
 * are written to.
 */
export async function findWritableConnectionOfProvider(db: Kysely<DB>, providerId: string): Promise<CalendarConnectionRow | undefined> {
  return db
    .selectFrom('calendar_connections')
    .selectAll()
    .where('provider_id', '=', providerId)
    .where('calendar_id', 'is not', null)
    .orderBy('created_at')
    .executeTakeFirst();
}

/**
 * A healthy connection of the provider with a calendar selected, with the provider's time zone (the live slot
 * check).
 */
export async function findHealthyConnectionOfProvider(
  db: Kysely<DB>,
  providerId: string,
): Promise<(CalendarConnectionRow & { time_zone: string }) | undefined> {
  return db
    .selectFrom('calendar_connections')
    .innerJoin('providers', 'providers.id', 'calendar_connections.provider_id')
    .selectAll('calendar_connections')
    .select('providers.time_zone')
    .where('calendar_connections.provider_id', '=', providerId)
    .where('calendar_connections.status', '=', 'healthy')
    .where('calendar_connections.calendar_id', 'is not', null)
    .executeTakeFirst();
}

/** Spends the OAuth `state` (a consent link works once). */
export async function clearOAuthState(db: Kysely<DB>, id: string): Promise<void> {
  await db.updateTable('calendar_connections').set({ oauth_state: null, updated_at: dbNow }).where('id', '=', id).execute();
}

/** Stores (sealed) credentials: after consent, or rotated by the provider on a token refresh. */
export async function storeConnectionCredentials(db: Kysely<DB>, id: string, sealedCredentials: string): Promise<void> {
  await db.updateTable('calendar_connections').set({ credentials: sealedCredentials, updated_at: dbNow }).where('id', '=', id).execute();
}

/** The calendar chosen for the connection (after OAuth consent) and its name. */
export async function setConnectionCalendar(db: Kysely<DB>, id: string, calendar: { calendarId: string; displayName: string }): Promise<void> {
  await db
    .updateTable('calendar_connections')
    .set({ calendar_id: calendar.calendarId, display_name: calendar.displayName, updated_at: dbNow })
    .where('id', '=', id)
    .execute();
}

/**
 * Records a failure: `last_error` / `last_error_kind`, and `status = 'unhealthy'` when `unhealthy` (the
 * calendar refuses us or is gone). Without it the status stays (a consent that failed leaves the
 * connection `pending`; a temporary sync failure leaves it as it was).
 */
export async function recordConnectionFailure(
  db: Kysely<DB>,
  id: string,
  failure: { message: string; kind: string },
  opts: { unhealthy: boolean },
): Promise<void> {
  await db
    .updateTable('calendar_connections')
    .set({
      ...(opts.unhealthy ? { status: 'unhealthy' as const } : {}),
      last_error: failure.message,
      last_error_kind: failure.kind,
      updated_at: dbNow,
    })
    .where('id', '=', id)
    .execute();
}

/** A sync that went through: healthy, the new cursor and sync time, no error. Runs inside the sync's transaction. */
export async function markConnectionSynced(db: Kysely<DB>, id: string, sync: { cursor: string | null; syncedAt: Date }): Promise<void> {
  await db
    .updateTable('calendar_connections')
    .set({ status: 'healthy', sync_cursor: sync.cursor, last_sync_at: sync.syncedAt, last_error: null, last_error_kind: null, updated_at: dbNow })
    .where('id', '=', id)
    .execute();
}

/** Deletes the connection; its synced busy blocks go with it (ON DELETE CASCADE). */
export async function deleteCalendarConnection(db: Kysely<DB>, id: string): Promise<void> {
  await db.deleteFrom('calendar_connections').where('id', '=', id).execute();
}
