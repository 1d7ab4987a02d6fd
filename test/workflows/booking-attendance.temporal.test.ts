/**
 * Attendance: marked by an admin once the appointment started (stored at once; a no-show also ends the
 * booking at once), or the grace period after the end passing unmarked.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { startWorker } from '../../src/temporal/worker.ts';
import { skipKind, testDatabase, type TestDatabase } from '../support/databases.ts';
import { testGateway } from '../support/gateway.ts';
import { waitFor } from '../support/process.ts';
import { insertProvider, insertService, offerService } from '../support/factories.ts';

describe('after the appointment: attendance or grace', () => {
  let d: TestDatabase;
  afterAll(async () => {
    await d?.dispose();
  });

  it.skipIf(skipKind('pglite'))(
    'a no-show ends at once, a check-in is stored at once and completes at the end, unmarked follows the service’s no-show policy after the grace',
    async () => {
      d = await testDatabase('pglite');
      const gw = await testGateway(d, { attendanceGraceMs: 1_000 });
      const worker = await startWorker({ address: inject('temporalAddress'), namespace: 'default', taskQueue: gw.taskQueue, db: d.db });
      try {
        const provider = await insertProvider(d.db, { name: 'P', time_zone: 'UTC', weekly_hours: '{}' });
        const other = await insertProvider(d.db, { name: 'Q', time_zone: 'UTC', weekly_hours: '{}' });
        const third = await insertProvider(d.db, { name: 'R', time_zone: 'UTC', weekly_hours: '{}' });
        const strictProvider = await insertProvider(d.db, { name: 'S', time_zone: 'UTC', weekly_hours: '{}' });
        const service = await insertService(d.db, { name: 'One minute', duration_minutes: 1, reminder_offsets_minutes: [] });
        await d.db
          .insertInto('provider_services')
          .values([provider, other, third].map((p) => ({ provider_id: p, service_id: service })))
          .execute();
        // A service whose no-show policy requires check-in: unmarked appointments end as no-shows.
        const strict = await insertService(d.db, {
          name: 'Check-in required',
          duration_minutes: 1,
          reminder_offsets_minutes: [],
          no_show_policy: 'require_check_in',
        });
        await offerService(d.db, strictProvider, strict);
        // Real time (the workflow's timers are real): an "open" override is an absolute range in a UTC provider,
        // never cut
        // at a local midnight, so a 1-minute slot ~6 s ahead is bookable at any instant.
        const start = Math.ceil((Date.now() + 6_000) / 1000) * 1000;
        await d.db
          .insertInto('provider_overrides')
          .values(
            [provider, other, third, strictProvider].map((p) => ({
              provider_id: p,
              kind: 'open' as const,
              start_time: new Date(start),
              end_time: new Date(start + 60_000),
            })),
          )
          .execute();
        const book = (providerId: string, serviceId = service) =>
          gw.app.inject({
            method: 'POST',
            url: '/v1/bookings',
            payload: { serviceId, providerId, start: new Date(start).toISOString(), timeZone: 'UTC', customer: { name: 'A' } },
          });
        const [marked, unmarked, checkedIn] = [
          (await book(provider)).json() as { id: string },
          (await book(other)).json() as { id: string },
          (await book(third)).json() as { id: string },
        ];
        const unmarkedStrict = (await book(strictProvider, strict)).json() as { id: string };
        const { adminHeaders } = await import('../support/gateway.ts');
        const early = await gw.app.inject({
          method: 'POST',
          url: `/v1/admin/bookings/${marked.id}/attendance`,
          headers: adminHeaders,
          payload: { attendance: 'no_show' },
        });
        expect(early.statusCode).toBe(409); // before the start
        await new Promise((r) => setTimeout(r, Math.max(0, start - Date.now()) + 500));
        // Once the appointment has started an admin records attendance — no cancel, no reschedule (#14).
        const lateCancel = await gw.app.inject({
          method: 'POST',
          url: `/v1/admin/bookings/${checkedIn.id}/cancel`,
          headers: adminHeaders,
          payload: { reason: 'too late' },
        });
        expect(lateCancel.statusCode).toBe(409);
        expect(lateCancel.json()).toMatchObject({ code: 'conflict', detail: expect.stringContaining('has started') });
        // A free slot an hour later exists (opened below), so only the started appointment stands in the way.
        await d.db
          .insertInto('provider_overrides')
          .values({ provider_id: third, kind: 'open', start_time: new Date(start + 3_600_000), end_time: new Date(start + 3_660_000) })
          .execute();
        const lateMove = await gw.app.inject({
          method: 'POST',
          url: `/v1/admin/bookings/${checkedIn.id}/reschedule`,
          headers: adminHeaders,
          payload: { start: new Date(start + 3_600_000).toISOString() },
        });
        expect(lateMove.statusCode, lateMove.body).toBe(409);
        expect(lateMove.json()).toMatchObject({ code: 'conflict', detail: expect.stringContaining('has started') });
        const mark = await gw.app.inject({
          method: 'POST',
          url: `/v1/admin/bookings/${marked.id}/attendance`,
          headers: adminHeaders,
          payload: { attendance: 'no_show' },
        });
        expect(mark.statusCode).toBe(200);
        const status = (id: string) => d.db.selectFrom('bookings').select(['status', 'attendance']).where('id', '=', id).executeTakeFirstOrThrow();
        // Stored the moment it is marked (the appointment still runs for another ~59 s).
        expect(mark.json()).toMatchObject({ status: 'no_show', attendance: 'no_show' });
        expect(await status(marked.id)).toEqual({ status: 'no_show', attendance: 'no_show' });
        const checkIn = await gw.app.inject({
          method: 'POST',
          url: `/v1/admin/bookings/${checkedIn.id}/attendance`,
          headers: adminHeaders,
          payload: { attendance: 'checked_in' },
        });
        expect(checkIn.json()).toMatchObject({ status: 'confirmed', attendance: 'checked_in' });
        const events = await d.db.selectFrom('booking_events').select(['type', 'actor']).where('booking_id', '=', checkedIn.id).orderBy('id').execute();
        expect(events.at(-1)).toEqual({ type: 'checked_in', actor: 'admin' });
        // The no-show's workflow has ended already; the others run until the end (+ grace).
        const handle = (id: string) => gw.temporal.client.workflow.getHandle(`booking-${id}`);
        await waitFor(async () => ((await handle(marked.id).describe()).status.name === 'COMPLETED' ? true : undefined), 10_000, 'no-show workflow ended');
        expect((await handle(checkedIn.id).describe()).status.name).toBe('RUNNING');
        await waitFor(async () => ((await status(unmarked.id)).status === 'completed' ? true : undefined), 90_000, 'completed after grace');
        expect(await status(marked.id)).toEqual({ status: 'no_show', attendance: 'no_show' });
        expect(await status(unmarked.id)).toEqual({ status: 'completed', attendance: null });
        await waitFor(async () => ((await status(checkedIn.id)).status === 'completed' ? true : undefined), 30_000, 'checked-in completed');
        expect(await status(checkedIn.id)).toEqual({ status: 'completed', attendance: 'checked_in' });
        await waitFor(async () => ((await status(unmarkedStrict.id)).status !== 'confirmed' ? true : undefined), 30_000, 'strict service finished');
        expect(await status(unmarkedStrict.id)).toEqual({ status: 'no_show', attendance: null });
        const metrics = (await gw.app.inject({ method: 'GET', url: '/metrics' })).body;
        expect(metrics).toContain('slotflow_no_show_ratio 0.5'); // 2 no-shows of 4 finished
      } finally {
        await worker.stop();
        await gw.close();
      }
    },
    150_000,
  );
});
