/** The booking audit log's append-once (src/db/booking-event.repository.ts), on PGlite and PostgreSQL. */
import { afterAll, describe, expect, it } from 'vitest';
import { appendBookingEventOnce, listBookingEvents } from '../../src/db/booking-event.repository.ts';
import { insertBooking } from '../../src/db/booking.repository.ts';
import { DB_KINDS, skipKind, testDatabase, type TestDatabase } from '../support/databases.ts';

describe.each(DB_KINDS)('appendBookingEventOnce on %s', (kind) => {
  let d: TestDatabase;
  afterAll(async () => {
    await d?.dispose();
  });

  it.skipIf(skipKind(kind))('records an outcome once per matching data, again for other data, and only for its own booking', async () => {
    d = await testDatabase(kind);
    const provider = (await d.db.insertInto('providers').values({ name: 'P', time_zone: 'UTC', weekly_hours: '{}' }).returning('id').executeTakeFirstOrThrow()).id;
    const service = (await d.db.insertInto('services').values({ name: 'S', duration_minutes: 30 }).returning('id').executeTakeFirstOrThrow()).id;
    const book = (iso: string) =>
      insertBooking(d.db, { serviceId: service, providerId: provider, start: new Date(iso), end: new Date(Date.parse(iso) + 1_800_000), status: 'confirmed', customerName: 'A' });
    const [a, b] = [await book('2030-01-07T09:00:00Z'), await book('2030-01-07T10:00:00Z')];
    const skipped = (bookingId: string, version: number) =>
      appendBookingEventOnce(d.db, { bookingId, type: 'calendar_skipped', actor: 'system', data: { version, reason: 'no calendar connection' } }, { version });

    await skipped(a.id, 1);
    await skipped(a.id, 1); // a retried step
    await skipped(a.id, 2); // the booking moved: a new version
    await skipped(b.id, 1); // another booking's event does not count for this one
    const data = async (id: string) => (await listBookingEvents(d.db, id)).map((e) => [e.type, (e.data as { version: number }).version]);
    expect(await data(a.id)).toEqual([
      ['calendar_skipped', 1],
      ['calendar_skipped', 2],
    ]);
    expect(await data(b.id)).toEqual([['calendar_skipped', 1]]);
  });
});
