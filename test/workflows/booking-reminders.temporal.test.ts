/**
 * Two reminders, each at its time and once, sent by local activities (patch `reminder-local-activity`), on a
 * real dev server (offsets of 2 and 1 minutes); and after
 * an outage in which both fell due, only the latest goes out and the older is marked skipped (#14).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { startWorker } from '../../src/temporal/worker.ts';
import { skipKind, testDatabase, type TestDatabase } from '../support/databases.ts';
import { testGateway } from '../support/gateway.ts';
import { waitFor } from '../support/process.ts';
import { insertProvider, insertService, offerService } from '../support/factories.ts';

describe('reminders', () => {
  let d: TestDatabase;
  afterAll(async () => {
    await d?.dispose();
  });

  it.skipIf(skipKind('postgres'))(
    'sends the 2-minute and the 1-minute reminder at their times, once each',
    async () => {
      d = await testDatabase('postgres');
      const gw = await testGateway(d);
      const worker = await startWorker({ address: inject('temporalAddress'), namespace: 'default', taskQueue: gw.taskQueue, db: d.db });
      try {
        const provider = await insertProvider(d.db, { name: 'P', time_zone: 'UTC', weekly_hours: '{}' });
        const service = await insertService(d.db, { name: 'S', duration_minutes: 30, reminder_offsets_minutes: [2, 1] });
        await offerService(d.db, provider, service);
        // Real time (the reminders must really fire); safe at any instant: the "open" override below is an absolute
        // range
        // in a UTC provider, never cut at a local midnight, and the offsets are real durations.
        const start = Math.ceil((Date.now() + 130_000) / 1000) * 1000; // reminders in ~10 s and ~70 s
        await d.db
          .insertInto('provider_overrides')
          .values({ provider_id: provider, kind: 'open', start_time: new Date(start), end_time: new Date(start + 3_600_000) })
          .execute();
        const res = await gw.app.inject({
          method: 'POST',
          url: '/v1/bookings',
          payload: { serviceId: service, start: new Date(start).toISOString(), timeZone: 'UTC', customer: { name: 'R', email: 'r@example.com' } },
        });
        expect(res.statusCode).toBe(201);
        const id = (res.json() as { id: string }).id;
        const sent = await waitFor(
          async () => {
            const rows = await d.db.selectFrom('reminders').selectAll().where('booking_id', '=', id).where('sent_at', 'is not', null).orderBy('when').execute();
            return rows.length === 2 ? rows : undefined;
          },
          110_000,
          'both reminders',
        );
        expect(sent.map((r) => r.when.getTime())).toEqual([start - 120_000, start - 60_000]);
        for (const r of sent) {
          expect(r.sent_at!.getTime()).toBeGreaterThanOrEqual(r.when.getTime());
          expect(r.sent_at!.getTime()).toBeLessThan(r.when.getTime() + 10_000);
        }
        const kinds = (await d.db.selectFrom('messages').select('kind').where('booking_id', '=', id).orderBy('created_at').execute()).map((m) => m.kind);
        expect(kinds).toEqual(['confirmation', 'reminder', 'reminder']);
        // Patch `reminder-local-activity`: each send ran as a local activity in the workflow task its timer woke
        // (a local-activity marker each), none as an activity task through the server.
        const events = (await gw.temporal.client.workflow.getHandle(`booking-${id}`).fetchHistory()).events ?? [];
        const scheduled = events.flatMap((e) => (e.activityTaskScheduledEventAttributes ? [e.activityTaskScheduledEventAttributes.activityType?.name] : []));
        expect(scheduled).not.toContain('sendReminder');
        const markerText = (e: (typeof events)[number], key: string) =>
          (e.markerRecordedEventAttributes?.details?.[key]?.payloads ?? []).map((p) => Buffer.from(p.data ?? []).toString('utf8')).join('');
        const localTypes = events
          .filter((e) => e.markerRecordedEventAttributes?.markerName === 'core_local_activity')
          .map((e) => (JSON.parse(markerText(e, 'data')) as { activity_type: string }).activity_type);
        expect(localTypes).toEqual(['reserveSlot', 'sendReminder', 'sendReminder']);
        const patchIds = events.filter((e) => e.markerRecordedEventAttributes?.markerName === 'core_patch').map((e) => markerText(e, 'patch-data'));
        expect(patchIds).toEqual([JSON.stringify({ id: 'reminder-local-activity', deprecated: false })]);
      } finally {
        await worker.stop();
        await gw.close();
      }
    },
    150_000,
  );

  it.skipIf(skipKind('pglite'))(
    'after an outage in which both fell due, sends only the latest and marks the older skipped, with the reason',
    async () => {
      const p = await testDatabase('pglite');
      const gw = await testGateway(p);
      let worker = await startWorker({ address: inject('temporalAddress'), namespace: 'default', taskQueue: gw.taskQueue, db: p.db });
      try {
        const provider = await insertProvider(p.db, { name: 'P', time_zone: 'UTC', weekly_hours: '{}' });
        const service = await insertService(p.db, { name: 'S', duration_minutes: 30, reminder_offsets_minutes: [2, 1] });
        await offerService(p.db, provider, service);
        // Real time, safe at any instant (see above): reminders at ~+10 s and ~+70 s.
        const start = Math.ceil((Date.now() + 130_000) / 1000) * 1000;
        await p.db
          .insertInto('provider_overrides')
          .values({ provider_id: provider, kind: 'open', start_time: new Date(start), end_time: new Date(start + 3_600_000) })
          .execute();
        const res = await gw.app.inject({
          method: 'POST',
          url: '/v1/bookings',
          payload: { serviceId: service, start: new Date(start).toISOString(), timeZone: 'UTC', customer: { name: 'R', email: 'r@example.com' } },
        });
        expect(res.statusCode).toBe(201);
        const id = (res.json() as { id: string }).id;
        const reminders = () =>
          p.db.selectFrom('reminders').select(['when', 'status', 'sent_at', 'last_error']).where('booking_id', '=', id).orderBy('when').execute();
        await waitFor(async () => ((await reminders()).length === 2 ? true : undefined), 8_000, 'reminders scheduled');
        // The worker goes down before the first falls due and comes back after the second did.
        await worker.stop();
        await new Promise((r) => setTimeout(r, Math.max(0, start - 55_000 - Date.now())));
        expect((await reminders()).map((r) => r.status)).toEqual(['scheduled', 'scheduled']);
        worker = await startWorker({ address: inject('temporalAddress'), namespace: 'default', taskQueue: gw.taskQueue, db: p.db });
        const done = await waitFor(
          async () => {
            const rows = await reminders();
            return rows.every((r) => r.status !== 'scheduled') ? rows : undefined;
          },
          40_000,
          'reminders settled',
        );
        expect(done.map((r) => [r.when.getTime(), r.status])).toEqual([
          [start - 120_000, 'skipped'],
          [start - 60_000, 'captured'], // no transport: the outbox captured it, nobody got it
        ]);
        expect(done[0]!.last_error).toMatch(/later reminder was due/);
        const kinds = (await p.db.selectFrom('messages').select('kind').where('booking_id', '=', id).orderBy('created_at').execute()).map((m) => m.kind);
        expect(kinds).toEqual(['confirmation', 'reminder']);
      } finally {
        await worker.stop();
        await gw.close();
        await p.dispose();
      }
    },
    150_000,
  );
});
