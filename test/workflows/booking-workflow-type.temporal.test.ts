/**
 * New bookings start as `bookingWorkflowV2`, whose patches are its code: its history has no patch marker
 * and no `TemporalChangeVersion` upsert (each was a marker and a visibility write per booking, issue #18).
 * A booking started as `bookingWorkflow` (before V2) still decides every patch through `patched()`: its
 * history records them. Both answer the same reserve update the same way. Real dev server, PGlite.
 */
import { randomUUID } from 'node:crypto';
import { WithStartWorkflowOperation, type Client } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { startWorker, type SlotflowWorker } from '../../src/temporal/worker.ts';
import { bookingWorkflow, reserveUpdate } from '../../workflows/booking.workflow.ts';
import { seedProviderWithService } from '../support/catalog-seed.ts';
import { skipKind, testDatabase, type TestDatabase } from '../support/databases.ts';
import { adminHeaders, testGateway } from '../support/gateway.ts';
import { bookingSummary } from '../../src/domain/bookings/temporal-ui-texts.ts';
import { waitFor } from '../support/process.ts';

/** The patch ids a history's markers record, and whether it upserted TemporalChangeVersion. */
async function patchesOf(client: Client, workflowId: string) {
  const events = (await client.workflow.getHandle(workflowId).fetchHistory()).events ?? [];
  const patchMarkers = events.filter((e) => e.markerRecordedEventAttributes?.markerName === 'core_patch');
  const changeVersionUpserts = events.filter((e) =>
    Object.keys(e.upsertWorkflowSearchAttributesEventAttributes?.searchAttributes?.indexedFields ?? {}).includes('TemporalChangeVersion'),
  );
  return { patchMarkers: patchMarkers.length, changeVersionUpserts: changeVersionUpserts.length, events: events.length };
}

describe('booking workflow types', () => {
  let d: TestDatabase;
  let gw: Awaited<ReturnType<typeof testGateway>>;
  let worker: SlotflowWorker;
  let provider: string;
  let service: string;

  beforeAll(async () => {
    if (skipKind('pglite')) return;
    d = await testDatabase('pglite');
    gw = await testGateway(d);
    worker = await startWorker({ address: inject('temporalAddress'), namespace: 'default', taskQueue: gw.taskQueue, db: d.db });
    ({ provider, service } = await seedProviderWithService(d.db, { providerName: 'P' }));
  }, 60_000);
  afterAll(async () => {
    await worker?.stop();
    await gw?.close();
    await d?.dispose();
  });

  /** The confirmation step and the reminder loop have run: the history holds the patches of every phase. */
  const confirmed = (client: Client, workflowId: string) =>
    waitFor(
      async () => {
        const events = (await client.workflow.getHandle(workflowId).fetchHistory()).events ?? [];
        return events.some((e) => e.timerStartedEventAttributes) || undefined; // the reminder loop's sleep until the end
      },
      30_000,
      'the confirmed booking asleep',
    );

  it.skipIf(skipKind('pglite'))('a booking made through the API is bookingWorkflowV2, with no patch marker or change-version upsert', async () => {
    const start = new Date(Math.ceil((Date.now() + 3 * 86_400_000) / 3_600_000) * 3_600_000);
    const res = await gw.app.inject({
      method: 'POST',
      url: '/v1/bookings',
      payload: { serviceId: service, start: start.toISOString(), timeZone: 'UTC', customer: { name: 'Ada', email: 'ada@example.com' } },
    });
    expect(res.statusCode).toBe(201);
    const workflowId = `booking-${(res.json() as { id: string }).id}`;
    const client = gw.temporal.client;
    expect((await client.workflow.getHandle(workflowId).describe()).type).toBe('bookingWorkflowV2');
    await confirmed(client, workflowId);
    expect(await patchesOf(client, workflowId)).toMatchObject({ patchMarkers: 0, changeVersionUpserts: 0 });
  });

  it.skipIf(skipKind('pglite'))(
    "the Temporal UI: the list line names service, customer and local time; details follow the status; timers say what they wait for; a cancelled booking's result says so",
    async () => {
      const berlin = await seedProviderWithService(d.db, { providerName: 'B', timeZone: 'Europe/Berlin', serviceName: 'Haircut' });
      const start = new Date(Math.ceil((Date.now() + 5 * 86_400_000) / 3_600_000) * 3_600_000);
      const res = await gw.app.inject({
        method: 'POST',
        url: '/v1/bookings',
        payload: { serviceId: berlin.service, start: start.toISOString(), timeZone: 'UTC', customer: { name: 'Ada Lovelace', email: 'ada@example.com' } },
      });
      expect(res.statusCode, res.body).toBe(201);
      const id = (res.json() as { id: string }).id;
      const handle = gw.temporal.client.workflow.getHandle(`booking-${id}`);
      await confirmed(gw.temporal.client, `booking-${id}`);
      const description = await handle.describe();
      expect(await description.staticSummary()).toBe(
        bookingSummary({ serviceName: 'Haircut', customerName: 'Ada Lovelace', timeZone: 'Europe/Berlin' }, start.getTime()),
      );
      expect(await description.staticSummary()).toMatch(/^Haircut · Ada Lovelace · \w{3} \d{4}-\d{2}-\d{2} \d{2}:00 Europe\/Berlin$/);
      expect(await description.staticDetails()).toContain(id);
      const metadata = () => handle.query<{ currentDetails: string }>('__temporal_workflow_metadata');
      expect((await metadata()).currentDetails).toMatch(/^\*\*confirmed\*\* · Haircut · Ada Lovelace\n\n.* Europe\/Berlin · version 1 · reminders sent 0$/);
      // The service's reminders (24 h and 1 h before) lie ahead: the timer the workflow sleeps on says which.
      const summaries = async () => {
        const events = (await handle.fetchHistory()).events ?? [];
        const texts = events.flatMap((e) => (e.timerStartedEventAttributes ? [e.userMetadata?.summary?.data] : []));
        return texts.map((data) => (data ? (JSON.parse(Buffer.from(data).toString('utf8')) as string) : null));
      };
      expect(await summaries()).toEqual(['reminder 24 h before']);

      // The list's readable column (BookingSummary search attribute) follows a reschedule; BookingStatus the status.
      const attribute = async (name: string) => (await handle.describe()).searchAttributes[name]?.[0];
      expect(await attribute('BookingSummary')).toBe(
        bookingSummary({ serviceName: 'Haircut', customerName: 'Ada Lovelace', timeZone: 'Europe/Berlin' }, start.getTime()),
      );
      const later = new Date(start.getTime() + 24 * 3_600_000);
      const moved = await gw.app.inject({
        method: 'POST',
        url: `/v1/admin/bookings/${id}/reschedule`,
        headers: adminHeaders,
        payload: { start: later.toISOString() },
      });
      expect(moved.statusCode, moved.body).toBe(200);
      const laterLine = bookingSummary({ serviceName: 'Haircut', customerName: 'Ada Lovelace', timeZone: 'Europe/Berlin' }, later.getTime());
      await waitFor(async () => (await attribute('BookingSummary')) === laterLine || undefined, 10_000, 'the summary attribute after the move');

      const cancelled = await gw.app.inject({ method: 'POST', url: `/v1/admin/bookings/${id}/cancel`, headers: adminHeaders, payload: {} });
      expect(cancelled.statusCode, cancelled.body).toBe(200);
      const result = (await handle.result()) as { outcome: string; booking: { status: string } };
      expect(result.outcome).toBe('cancelled');
      expect(Object.keys(result)[0]).toBe('outcome');
      expect(result.booking.status).toBe('cancelled');
      expect(await attribute('BookingStatus')).toBe('cancelled');
    },
  );

  it.skipIf(skipKind('pglite'))('a booking started as bookingWorkflow still records its patches (running bookings replay as they ran)', async () => {
    const bookingId = randomUUID();
    const start = new Date(Math.ceil((Date.now() + 4 * 86_400_000) / 3_600_000) * 3_600_000);
    const client = gw.temporal.client;
    const startOp = new WithStartWorkflowOperation(bookingWorkflow, {
      workflowId: `booking-${bookingId}`,
      taskQueue: gw.taskQueue,
      args: [{ bookingId, attendanceGraceMs: 60_000, requiresApproval: false }],
      workflowIdConflictPolicy: 'FAIL',
    });
    const booked = await client.workflow.executeUpdateWithStart(reserveUpdate, {
      args: [
        {
          bookingId,
          serviceId: service,
          providerId: provider,
          start: start.toISOString(),
          end: new Date(start.getTime() + 3_600_000).toISOString(),
          customer: { name: 'Grace' },
          intake: {},
          channel: 'api',
          hold: false,
          requiresApproval: false,
          holdTtlMs: 600_000,
        },
      ],
      startWorkflowOperation: startOp,
    });
    expect(booked).toMatchObject({ id: bookingId, status: 'confirmed' });
    await confirmed(client, `booking-${bookingId}`);
    const patches = await patchesOf(client, `booking-${bookingId}`);
    // reserve-local-activity, confirm-in-one-activity, reminder-catch-up: one marker and one upsert each.
    expect(patches.patchMarkers).toBe(3);
    expect(patches.changeVersionUpserts).toBe(3);
  });
});
