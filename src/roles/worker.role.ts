/** Hosts the Temporal worker (workflows + activities) on TEMPORAL_TASK_QUEUE. */
import type { Logger } from 'pino';
import type { Config } from '../config.ts';
import type { LinkSigner } from '../use-cases/manage-links.ts';
import type { Database } from '../db/database.ts';
import type { MessagingOptions } from '../use-cases/deliver-booking-message.ts';
import type { CalendarSettings } from '../calendar-connectors/connection-connector.ts';
import { effectiveTuning, workerTuningOptions } from '../temporal/worker-tuning.ts';
import { startWorker, type SlotflowWorker } from '../temporal/worker.ts';
import { bundleWorkflowsInChildProcess } from '../temporal/workflow-bundle.ts';
import type { Lifecycle } from './lifecycle.ts';

export async function startWorkerRole(p: {
  config: Config;
  database: Database;
  temporalAddress: string;
  log: Logger;
  life: Lifecycle;
  links: LinkSigner;
  messaging: MessagingOptions;
  calendar: CalendarSettings;
}): Promise<SlotflowWorker> {
  const started = Date.now();
  // Bundled apart so that webpack never lives in this long-running process (workflow-bundle.ts).
  const workflowBundle = await bundleWorkflowsInChildProcess();
  const worker = await startWorker({
    workflowBundle,
    address: p.temporalAddress,
    namespace: p.config.temporal.namespace,
    taskQueue: p.config.temporal.taskQueue,
    db: p.database.db,
    links: p.links,
    messaging: p.messaging,
    calendar: p.calendar,
    email: p.config.inboundEmail
      ? {
          inbound: {
            address: p.config.inboundEmail.address,
            proposalTtlMs: p.config.inboundEmail.proposalTtlMs,
            businessTimeZone: p.config.inboundEmail.businessTimeZone,
          },
          booking: { holdTtlMs: p.config.bookings.holdTtlMs, attendanceGraceMs: p.config.bookings.attendanceGraceMs, calendar: p.calendar },
        }
      : undefined,
    sdkLogLevel: p.config.logLevel === 'debug' || p.config.logLevel === 'trace' ? 'DEBUG' : 'WARN',
    extra: workerTuningOptions(p.config.worker),
  });
  p.life.onShutdown('worker', () => worker.stop());
  worker.done.catch((err: unknown) => {
    p.log.error({ err }, 'worker crashed');
    void p.life.shutdown('worker crashed', 1);
  });
  // What the worker really runs with (the SDK's defaults where WORKER_MAX_* are unset).
  const tuning = effectiveTuning(worker.worker.options);
  p.log.info({ taskQueue: p.config.temporal.taskQueue, ms: Date.now() - started, ...tuning }, 'worker running');
  return worker;
}
