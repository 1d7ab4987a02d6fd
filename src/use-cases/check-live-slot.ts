/**
 * The reserve step's live look at the provider's calendar for the one requested slot (DESIGN §2): the
 * periodic sync can be minutes old, so an event added in Google a minute ago must still win. Only when the
 * provider has a healthy connection; one time-range read of [start − buffer, end + buffer).
 * - An overlapping busy event → `slot_unavailable` (409).
 * - The calendar API rate-limits us → `calendar_busy` (503 + Retry-After): "try again", never a guess.
 * - Credentials refused → the connection turns unhealthy; with fail_closed the slot is refused (409).
 * - Any other failure (timeout, 5xx) → the booking proceeds on the synced busy time: a flaky calendar
 *   must not make the whole booking page unusable.
 */
import type { Kysely } from 'kysely';
import { findHealthyConnectionOfProvider, recordConnectionFailure } from '../db/calendar-connection.repository.ts';
import type { DB } from '../db/schema.ts';
import { bufferedWindow } from '../domain/availability/buffers.ts';
import { busyBlocksFromEvents } from '../domain/calendar-events/busy-from-events.ts';
import { AppError } from '../errors.ts';
import { connectorFor, storeRotatedCredentials, type CalendarSettings } from '../calendar-connectors/connection-connector.ts';
import { CalendarError } from '../calendar-connectors/connector.ts';

export async function checkSlotLive(
  db: Kysely<DB>,
  settings: CalendarSettings,
  slot: { providerId: string; start: number; end: number; bufferBeforeMinutes: number; bufferAfterMinutes: number },
): Promise<void> {
  const conn = await findHealthyConnectionOfProvider(db, slot.providerId);
  if (!conn) return;
  const buffered = bufferedWindow(slot, slot);
  const window = { from: buffered.start, to: buffered.end };
  try {
    const connector = await connectorFor(conn, settings, storeRotatedCredentials(db, settings, conn.id));
    const changes = await connector.listChanges(conn.calendar_id!, window, null);
    const busy = busyBlocksFromEvents(changes.events, { timeZone: conn.time_zone, window });
    if (busy.length > 0) throw new AppError('slot_unavailable', 'That time was just taken in the provider’s calendar.');
  } catch (err) {
    if (!(err instanceof CalendarError)) throw err;
    if (err.kind === 'RATE_LIMITED') {
      const seconds = Math.max(1, Math.ceil((err.detail.retryAfterMs ?? 30_000) / 1000));
      throw new AppError('calendar_busy', "The provider's calendar is busy right now; try again shortly.", { retryAfterSeconds: seconds, cause: err });
    }
    if (err.kind === 'AUTH_REVOKED') {
      await recordConnectionFailure(db, conn.id, err, { unhealthy: true });
      if (conn.fail_closed) throw new AppError('slot_unavailable', "The provider's calendar cannot be read right now.", { cause: err });
    }
  }
}
