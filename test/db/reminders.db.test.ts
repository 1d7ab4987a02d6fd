/** A booking's reminder rows made to match a plan (src/db/reminder.repository.ts), on PGlite and PostgreSQL. */
import { afterAll, describe, expect, it } from 'vitest';
import { insertBooking } from '../../src/db/booking.repository.ts';
import { replaceScheduledReminders } from '../../src/db/reminder.repository.ts';
import { DB_KINDS, skipKind, testDatabase, type TestDatabase } from '../support/databases.ts';
import { insertProvider, insertService } from '../support/factories.ts';

describe.each(DB_KINDS)('replaceScheduledReminders on %s', (kind) => {
  let d: TestDatabase;
  afterAll(async () => {
    await d?.dispose();
  });

  it.skipIf(skipKind(kind))('inserts the plan, cancels what left it, cancels everything for an empty plan, and brings rows back', async () => {
    d = await testDatabase(kind);
    const provider = await insertProvider(d.db, { name: 'P', time_zone: 'UTC', weekly_hours: '{}' });
    const service = await insertService(d.db, { name: 'S', duration_minutes: 30 });
    const b = await insertBooking(d.db, {
      serviceId: service,
      providerId: provider,
      start: new Date('2030-01-08T09:00:00Z'),
      end: new Date('2030-01-08T09:30:00Z'),
      status: 'confirmed',
      customerName: 'A',
    });
    const dayBefore = { when: new Date('2030-01-07T09:00:00Z'), channel: 'email' as const };
    const hourBefore = { when: new Date('2030-01-08T08:00:00Z'), channel: 'email' as const };
    const states = async () =>
      (await d.db.selectFrom('reminders').select(['when', 'status']).where('booking_id', '=', b.id).orderBy('when').execute()).map((r) => [
        r.when.toISOString(),
        r.status,
      ]);

    const both = await replaceScheduledReminders(d.db, b.id, [dayBefore, hourBefore]);
    expect(both.map((r) => [r.when.toISOString(), r.status])).toEqual([
      ['2030-01-07T09:00:00.000Z', 'scheduled'],
      ['2030-01-08T08:00:00.000Z', 'scheduled'],
    ]);
    await replaceScheduledReminders(d.db, b.id, [hourBefore]);
    expect(await states()).toEqual([
      ['2030-01-07T09:00:00.000Z', 'cancelled'],
      ['2030-01-08T08:00:00.000Z', 'scheduled'],
    ]);
    // Moved to within the hour: no reminder ahead any more.
    expect(await replaceScheduledReminders(d.db, b.id, [])).toEqual([]);
    expect(await states()).toEqual([
      ['2030-01-07T09:00:00.000Z', 'cancelled'],
      ['2030-01-08T08:00:00.000Z', 'cancelled'],
    ]);
    // And back: the same reminder is scheduled again, not duplicated.
    await replaceScheduledReminders(d.db, b.id, [dayBefore]);
    expect(await states()).toEqual([
      ['2030-01-07T09:00:00.000Z', 'scheduled'],
      ['2030-01-08T08:00:00.000Z', 'cancelled'],
    ]);
  });
});
