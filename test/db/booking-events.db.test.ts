/**
 * The booking audit log's append-once (src/db/booking-event.repository.ts) and the state changes that
 * append their event in the same transaction, exactly once (src/db/booking.repository.ts), on PGlite and
 * PostgreSQL.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { appendBookingEventOnce, listBookingEvents } from '../../src/db/booking-event.repository.ts';
import { advanceBooking, finishBooking, insertBooking, moveBooking, recordCheckIn, releaseBooking } from '../../src/db/booking.repository.ts';
import { DB_KINDS, skipKind, testDatabase, type TestDatabase } from '../support/databases.ts';
import { insertProvider, insertService } from '../support/factories.ts';

describe.each(DB_KINDS)('appendBookingEventOnce on %s', (kind) => {
  let d: TestDatabase;
  afterAll(async () => {
    await d?.dispose();
  });

  it.skipIf(skipKind(kind))('records an outcome once per matching data, again for other data, and only for its own booking', async () => {
    d = await testDatabase(kind);
    const provider = await insertProvider(d.db, { name: 'P', time_zone: 'UTC', weekly_hours: '{}' });
    const service = await insertService(d.db, { name: 'S', duration_minutes: 30 });
    const book = (iso: string) =>
      insertBooking(d.db, {
        serviceId: service,
        providerId: provider,
        start: new Date(iso),
        end: new Date(Date.parse(iso) + 1_800_000),
        status: 'confirmed',
        customerName: 'A',
      });
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

describe.each(DB_KINDS)('state changes with their event on %s', (kind) => {
  let d: TestDatabase;
  afterAll(async () => {
    await d?.dispose();
  });

  it.skipIf(skipKind(kind))('a change appends its event once; a retried step (guard no longer matching) returns the row and appends nothing', async () => {
    d = await testDatabase(kind);
    const provider = await insertProvider(d.db, { name: 'P', time_zone: 'UTC', weekly_hours: '{}' });
    const service = await insertService(d.db, { name: 'S', duration_minutes: 30 });
    const book = (iso: string, status: 'held' | 'confirmed') =>
      insertBooking(d.db, {
        serviceId: service,
        providerId: provider,
        start: new Date(iso),
        end: new Date(Date.parse(iso) + 1_800_000),
        status,
        customerName: 'A',
      });
    const types = async (id: string) => (await listBookingEvents(d.db, id)).map((e) => e.type);

    const held = await book('2030-01-07T09:00:00Z', 'held');
    const confirm = () => advanceBooking(d.db, held.id, 'held', 'confirmed', { type: 'confirmed', actor: 'customer' });
    const first = await confirm();
    const again = await confirm();
    expect([first.status, again.status, again.version]).toEqual(['confirmed', 'confirmed', first.version]);

    const moveTo = '2030-01-07T11:00:00Z';
    const move = () => moveBooking(d.db, held.id, new Date(moveTo), new Date(Date.parse(moveTo) + 1_800_000), first.version, undefined, 'customer');
    const moved = await move();
    expect((await move()).version).toBe(moved.version);

    await recordCheckIn(d.db, held.id, { type: 'checked_in', actor: 'admin', data: { attendance: 'checked_in' } });
    await recordCheckIn(d.db, held.id, { type: 'checked_in', actor: 'admin', data: { attendance: 'checked_in' } });
    const finish = () => finishBooking(d.db, held.id, 'completed', 'checked_in', { type: 'completed', actor: 'system' });
    expect((await finish()).status).toBe('completed');
    expect((await finish()).status).toBe('completed');
    expect(await types(held.id)).toEqual(['confirmed', 'rescheduled', 'checked_in', 'completed']);
    const events = await listBookingEvents(d.db, held.id);
    expect(events[1]?.data).toEqual({ from: '2030-01-07T09:00:00.000Z', to: '2030-01-07T11:00:00.000Z' });

    const live = await book('2030-01-07T13:00:00Z', 'confirmed');
    const cancel = () => releaseBooking(d.db, live.id, 'cancelled', 'ill', { type: 'cancelled', actor: 'customer', data: { reason: 'ill' } });
    expect((await cancel()).status).toBe('cancelled');
    expect((await cancel()).cancel_reason).toBe('ill');
    expect(await types(live.id)).toEqual(['cancelled']);
  });
});
