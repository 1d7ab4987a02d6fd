/**
 * Worker bootstrap: one code path for `slotflow start`, `slotflow worker` and the tests.
 * Workflows are bundled from `workflows/index.ts` at creation (a few seconds); activities come from
 * `createActivities(deps)`.
 */
import os from 'node:os';
import { DefaultLogger, NativeConnection, Runtime, Worker, type LogLevel, type WorkerOptions } from '@temporalio/worker';
import type { Kysely } from 'kysely';
import { createActivities, type ActivityDeps } from '../../activities/index.ts';
import type { DB } from '../db/schema.ts';
import { WORKFLOWS_PATH } from './workflows-path.ts';

export type SlotflowWorker = {
  readonly worker: Worker;
  readonly connection: NativeConnection;
  /** Resolves when the worker has stopped (after `stop()`), rejects if it crashed. */
  readonly done: Promise<void>;
  stop(): Promise<void>;
};

let runtimeConfigured = false;
/** Sets the SDK's log level once per process (its Runtime is a singleton; a second install throws). */
function configureRuntime(level: LogLevel): void {
  if (runtimeConfigured) return;
  runtimeConfigured = true;
  try {
    Runtime.install({ logger: new DefaultLogger(level) });
  } catch {
    /* already installed (e.g. by a test harness) */
  }
}

export async function startWorker(opts: {
  address: string;
  namespace: string;
  taskQueue: string;
  db: Kysely<DB>;
  workerId?: string;
  sdkLogLevel?: LogLevel;
  /** Signs the customer's manage links put into messages. */
  links?: ActivityDeps['links'];
  /** Message transports (default: outbox only). */
  messaging?: ActivityDeps['messaging'];
  /** Calendar connections' key and SSRF policy. */
  calendar?: ActivityDeps['calendar'];
  extra?: Partial<WorkerOptions>;
}): Promise<SlotflowWorker> {
  configureRuntime(opts.sdkLogLevel ?? 'WARN');
  const connection = await NativeConnection.connect({ address: opts.address });
  try {
    const worker = await Worker.create({
      connection,
      namespace: opts.namespace,
      taskQueue: opts.taskQueue,
      workflowsPath: WORKFLOWS_PATH,
      activities: createActivities({
        db: opts.db,
        workerId: opts.workerId ?? `${os.hostname()}:${process.pid}`,
        links: opts.links,
        messaging: opts.messaging,
        calendar: opts.calendar,
      }),
      ...opts.extra,
    });
    const done = worker.run();
    return {
      worker,
      connection,
      done,
      async stop() {
        if (worker.getState() === 'RUNNING') worker.shutdown();
        try {
          await done;
        } finally {
          await connection.close();
        }
      },
    };
  } catch (err) {
    await connection.close();
    throw err;
  }
}
