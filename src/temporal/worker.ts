/**
 * Worker bootstrap: one code path for `slotflow start`, `slotflow worker` and the tests.
 * Workflows are bundled from `workflows/index.ts` at creation (a few seconds) unless a prebuilt bundle is
 * given (the worker role bundles in a child process: workflow-bundle.ts); activities come from
 * `createActivities(deps)`.
 */
import os from 'node:os';
import { DefaultLogger, NativeConnection, Runtime, Worker, type LogLevel, type WorkerOptions } from '@temporalio/worker';
import type { Kysely } from 'kysely';
import { Client, Connection } from '@temporalio/client';
import { createActivities, type ActivityDeps } from '../../activities/index.ts';
import type { EmailChannelSettings } from '../../activities/email.activities.ts';
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
  /** Booking by e-mail: everything but the Temporal client, which the worker makes for its activities. */
  email?: Omit<EmailChannelSettings, 'client' | 'taskQueue'> | undefined;
  /** Prebuilt workflow code (workflow-bundle.ts); unset: bundled from WORKFLOWS_PATH in this process. */
  workflowBundle?: { code: string };
  extra?: Partial<WorkerOptions>;
}): Promise<SlotflowWorker> {
  configureRuntime(opts.sdkLogLevel ?? 'WARN');
  const connection = await NativeConnection.connect({ address: opts.address });
  // The e-mail channel's activities book through the same use cases as the gateway (update-with-start
  // of booking workflows), so they need a client of their own.
  const clientConnection = opts.email ? await Connection.connect({ address: opts.address }) : undefined;
  const email: EmailChannelSettings | undefined =
    opts.email && clientConnection
      ? { ...opts.email, client: new Client({ connection: clientConnection, namespace: opts.namespace }), taskQueue: opts.taskQueue }
      : undefined;
  try {
    const worker = await Worker.create({
      connection,
      namespace: opts.namespace,
      taskQueue: opts.taskQueue,
      ...(opts.workflowBundle ? { workflowBundle: opts.workflowBundle } : { workflowsPath: WORKFLOWS_PATH }),
      activities: createActivities({
        db: opts.db,
        workerId: opts.workerId ?? `${os.hostname()}:${process.pid}`,
        links: opts.links,
        messaging: opts.messaging,
        calendar: opts.calendar,
        email,
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
          await clientConnection?.close();
        }
      },
    };
  } catch (err) {
    await connection.close();
    await clientConnection?.close();
    throw err;
  }
}
