/**
 * `POST /v1/admin/selftest`: runs the `healthcheck` workflow end to end (gateway → Temporal → worker →
 * activity → database) and answers with the row the activity wrote.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { AppError } from '../../errors.ts';
import { healthcheckWorkflowId } from '../../temporal/workflow-ids.ts';
import type { healthcheckWorkflow } from '../../../workflows/healthcheck.workflow.ts';
import { defineRoute, type AnyRoute } from '../route.ts';
import type { GatewayDeps } from '../deps.ts';

const ZSelftestBody = z.object({ timeoutSeconds: z.number().int().min(1).max(60).default(20) }).strict();

const ZSelftestResult = z.object({
  workflowId: z.string(),
  probe: z.object({ id: z.string(), worker: z.string(), counter: z.number(), createdAt: z.string() }),
  elapsedMs: z.number(),
});

export function selftestRoutes(deps: GatewayDeps): AnyRoute[] {
  return [
    defineRoute({
      method: 'POST',
      url: '/v1/admin/selftest',
      summary: 'Run the healthcheck workflow through Temporal and a worker; answers the row it wrote',
      tags: ['admin'],
      auth: 'admin',
      body: ZSelftestBody,
      responses: { 200: { description: 'The probe row written by the activity', schema: ZSelftestResult } },
      async handler({ body }) {
        const started = Date.now();
        const probeId = randomUUID();
        const workflowId = healthcheckWorkflowId(probeId);
        const handle = await deps.temporal.client.workflow.start<typeof healthcheckWorkflow>('healthcheckWorkflow', {
          workflowId,
          taskQueue: deps.taskQueue,
          args: [probeId],
          workflowExecutionTimeout: `${body.timeoutSeconds + 5} seconds`,
        });
        const timeout = new Promise<never>((_, reject) =>
          setTimeout(
            () => reject(new AppError('service_unavailable', `No worker finished ${workflowId} within ${body.timeoutSeconds} s.`)),
            body.timeoutSeconds * 1000,
          ).unref(),
        );
        const probe = await Promise.race([handle.result(), timeout]);
        return { workflowId, probe, elapsedMs: Date.now() - started };
      },
    }),
  ];
}
