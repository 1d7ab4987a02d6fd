/**
 * A booking worker in its own process, for tests that kill it. Env: TEMPORAL_ADDRESS, TASK_QUEUE,
 * DATABASE_URL (PostgreSQL: a second process cannot share PGlite), PAUSE_AFTER (an activity name, or a
 * step of `confirmBookingSteps`: the worker runs it for real, prints `PAUSED_AFTER <name>`, and then
 * hangs, so the test can SIGKILL it at a known point). Message transports come from the production variables
 * (SMTP_URL, …).
 */
import { NativeConnection, Worker } from '@temporalio/worker';
import { createActivities } from '../../activities/index.ts';
import { loadConfig } from '../../src/config.ts';
import { openDatabase } from '../../src/db/database.ts';
import { messagingFromConfig } from '../../src/transports/transports-from-config.ts';
import { WORKFLOWS_PATH } from '../../src/temporal/workflows-path.ts';

const env = process.env;
const database = await openDatabase({ kind: 'postgres', url: env.DATABASE_URL! });
// Message transports from the same variables as production (SMTP_URL, EMAIL_FROM, TWILIO_*, …).
const messaging = messagingFromConfig(loadConfig(env).messaging, undefined);
const activities = createActivities({ db: database.db, workerId: `child-${process.pid}`, messaging }) as Record<string, (...a: unknown[]) => Promise<unknown>>;
const pauseAfter = env.PAUSE_AFTER;
const hang = (name: string) => {
  console.log(`PAUSED_AFTER ${name}`);
  return new Promise(() => {});
};
if (pauseAfter && activities[pauseAfter]) {
  const real = activities[pauseAfter]!;
  activities[pauseAfter] = async (...args: unknown[]) => {
    await real(...args);
    return hang(pauseAfter);
  };
}
// Since patch `confirm-in-one-activity` the calendar step and the confirmation run inside
// `confirmBookingSteps`, in that order: pausing "after" one of them runs the real steps up to it.
const STEPS = ['writeCalendarEvent', 'sendBookingMessage'];
if (pauseAfter && STEPS.includes(pauseAfter)) {
  activities.confirmBookingSteps = async (...args: unknown[]) => {
    const [id, version] = args as [string, number];
    await activities.writeCalendarEvent!(id, version);
    if (pauseAfter === 'writeCalendarEvent') return hang(pauseAfter);
    await activities.sendBookingMessage!(id, 'confirmation', version);
    return hang(pauseAfter);
  };
}
const connection = await NativeConnection.connect({ address: env.TEMPORAL_ADDRESS! });
const worker = await Worker.create({ connection, taskQueue: env.TASK_QUEUE!, workflowsPath: WORKFLOWS_PATH, activities });
console.log('WORKER_READY');
await worker.run();
