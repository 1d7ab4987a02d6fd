/**
 * The full path on a real Temporal dev server: gateway → Temporal → worker → activity → database, on both
 * database engines.
 */
import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { findHealthProbe } from '../../src/db/health-probe.repository.ts';
import { startWorker, type SlotflowWorker } from '../../src/temporal/worker.ts';
import { DB_KINDS, skipKind, testDatabase, type TestDatabase } from '../support/databases.ts';
import { adminHeaders, testGateway } from '../support/gateway.ts';

describe.each(DB_KINDS)('healthcheck workflow on a real dev server with %s', (kind) => {
  let d: TestDatabase;
  let worker: SlotflowWorker;
  let gateway: Awaited<ReturnType<typeof testGateway>>;

  beforeAll(async () => {
    if (skipKind(kind)) return;
    d = await testDatabase(kind);
    gateway = await testGateway(d);
    worker = await startWorker({
      address: inject('temporalAddress'),
      namespace: 'default',
      taskQueue: gateway.taskQueue,
      db: d.db,
      workerId: `test-worker-${kind}`,
    });
  });
  afterAll(async () => {
    await worker?.stop();
    await gateway?.close();
    await d?.dispose();
  });

  it.skipIf(skipKind(kind))('runs the workflow whose activity writes a row the test reads back', async () => {
    const connection = await Connection.connect({ address: inject('temporalAddress') });
    try {
      const client = new Client({ connection });
      const probeId = randomUUID();
      const result = await client.workflow.execute('healthcheckWorkflow', {
        taskQueue: gateway.taskQueue,
        workflowId: `healthcheck-test-${probeId}`,
        args: [probeId],
      });
      expect(result).toMatchObject({ id: probeId, worker: `test-worker-${kind}` });
      const row = await findHealthProbe(d.db, probeId);
      expect(row?.worker).toBe(`test-worker-${kind}`);
      expect(typeof row?.counter).toBe('number');
      // The history shows the activity really ran through the server.
      const history = await client.workflow.getHandle(`healthcheck-test-${probeId}`).fetchHistory();
      const types = (history.events ?? []).map((e) => e.eventType);
      expect(types).toContain(10 /* ACTIVITY_TASK_SCHEDULED */);
      expect(types).toContain(12 /* ACTIVITY_TASK_COMPLETED */);
    } finally {
      await connection.close();
    }
  });

  it.skipIf(skipKind(kind))('POST /v1/admin/selftest goes gateway → Temporal → worker → activity → database', async () => {
    const res = await gateway.app.inject({ method: 'POST', url: '/v1/admin/selftest', headers: adminHeaders, payload: {} });
    expect(res.statusCode).toBe(200);
    const body = res.json() as { workflowId: string; probe: { id: string; worker: string; counter: number } };
    expect(body.workflowId).toBe(`healthcheck-${body.probe.id}`);
    const row = await findHealthProbe(d.db, body.probe.id);
    expect(row).toMatchObject({ id: body.probe.id, worker: `test-worker-${kind}`, counter: body.probe.counter });
    const described = await gateway.temporal.client.workflow.getHandle(body.workflowId).describe();
    expect(described.status.name).toBe('COMPLETED');
  });

  it.skipIf(skipKind(kind))('answers 503 service_unavailable when no worker polls the task queue', async () => {
    const lonely = await testGateway(d); // its own random task queue: nobody polls it
    try {
      const res = await lonely.app.inject({
        method: 'POST',
        url: '/v1/admin/selftest',
        headers: adminHeaders,
        payload: { timeoutSeconds: 1 },
      });
      expect(res.statusCode).toBe(503);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json()).toMatchObject({ code: 'service_unavailable', status: 503 });
    } finally {
      await lonely.close();
    }
  });
});
