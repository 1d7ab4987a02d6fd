/**
 * A refusal keeps its problem code across the activity → workflow → client boundary (issue #14): the
 * reserve step refusing a service that does not exist answers `not_found` (404), as the repository
 * raised it — it used to come back as 409 `conflict`. Driven through the Temporal client directly (the
 * gateway checks the service before it ever asks the workflow), with the gateway's own error mapping.
 */
import { randomUUID } from 'node:crypto';
import { WithStartWorkflowOperation } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { AppError } from '../../src/errors.ts';
import { viaWorkflow } from '../../src/temporal/workflow-errors.ts';
import { startWorker, type SlotflowWorker } from '../../src/temporal/worker.ts';
import { bookingWorkflow, reserveUpdate } from '../../workflows/booking.workflow.ts';
import { seedProviderWithService } from '../support/catalog-seed.ts';
import { skipKind, testDatabase, type TestDatabase } from '../support/databases.ts';
import { testGateway } from '../support/gateway.ts';

describe('refusal codes across the activity boundary', () => {
  let d: TestDatabase;
  let gw: Awaited<ReturnType<typeof testGateway>>;
  let worker: SlotflowWorker;
  let provider: string;

  beforeAll(async () => {
    if (skipKind('pglite')) return;
    d = await testDatabase('pglite');
    gw = await testGateway(d);
    worker = await startWorker({ address: inject('temporalAddress'), namespace: 'default', taskQueue: gw.taskQueue, db: d.db });
    ({ provider } = await seedProviderWithService(d.db, { providerName: 'P' }));
  }, 60_000);
  afterAll(async () => {
    await worker?.stop();
    await gw?.close();
    await d?.dispose();
  });

  it.skipIf(skipKind('pglite'))('a reserve step refused with not_found answers not_found (404), not conflict', async () => {
    const bookingId = randomUUID();
    const start = new Date(Date.now() + 7 * 86_400_000);
    const startOp = new WithStartWorkflowOperation(bookingWorkflow, {
      workflowId: `booking-${bookingId}`,
      taskQueue: gw.taskQueue,
      args: [{ bookingId, attendanceGraceMs: 60_000, requiresApproval: false }],
      workflowIdConflictPolicy: 'USE_EXISTING',
    });
    const request = {
      bookingId,
      serviceId: randomUUID(), // no such service
      providerId: provider,
      start: start.toISOString(),
      end: new Date(start.getTime() + 1_800_000).toISOString(),
      customer: { name: 'Nobody' },
      intake: {},
      channel: 'api' as const,
      hold: false,
      requiresApproval: false,
      holdTtlMs: 600_000,
    };
    const err = await viaWorkflow(
      gw.temporal.client.workflow.executeUpdateWithStart(reserveUpdate, { args: [request], startWorkflowOperation: startOp }),
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject({ code: 'not_found', status: 404, message: expect.stringContaining('does not exist') });
  });
});
