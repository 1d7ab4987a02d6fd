/**
 * The worker's cache and concurrency, from WORKER_MAX_* (src/config.ts), as @temporalio/worker options.
 *
 * - `maxCachedWorkflows`: workflows kept in memory between their tasks (sticky). The SDK sizes it from the
 *   heap (≈1.7 MiB each, ../shared/research/wave2-notes.md §5c); a worker holding thousands of sleeping
 *   bookings sets it to bound its RSS — a workflow not in the cache is replayed from its history when it
 *   wakes (a reminder), which costs CPU, not correctness. 0 turns the cache off.
 * - `maxConcurrentWorkflowTaskExecutions`: at most the cache size (the SDK refuses more; config.ts says so first).
 * - `maxConcurrentActivityTaskExecutions`: activities at once (SMTP, calendar calls, SQL).
 * Unset values keep the SDK's defaults.
 */
import type { CompiledWorkerOptions, WorkerOptions } from '@temporalio/worker';

export type WorkerTuning = Readonly<{
  maxCachedWorkflows: number | undefined;
  maxConcurrentWorkflowTasks: number | undefined;
  maxConcurrentActivities: number | undefined;
}>;

export function workerTuningOptions(t: WorkerTuning): Partial<WorkerOptions> {
  const options: Partial<WorkerOptions> = {};
  if (t.maxCachedWorkflows !== undefined) options.maxCachedWorkflows = t.maxCachedWorkflows;
  // The SDK's default of 40 concurrent workflow tasks exceeds a small cache: clamp it to the cache.
  const tasks = t.maxConcurrentWorkflowTasks ?? (t.maxCachedWorkflows ? Math.min(40, t.maxCachedWorkflows) : undefined);
  if (tasks !== undefined) options.maxConcurrentWorkflowTaskExecutions = Math.max(2, tasks);
  if (t.maxConcurrentActivities !== undefined) options.maxConcurrentActivityTaskExecutions = t.maxConcurrentActivities;
  return options;
}

/** What a created worker runs with (compiled options: the SDK turns the limits into fixed-size slot suppliers). */
export function effectiveTuning(o: CompiledWorkerOptions): { maxCachedWorkflows: number; workflowTaskSlots?: number; activitySlots?: number } {
  const slots = (supplier: unknown) => (supplier as { numSlots?: number } | undefined)?.numSlots;
  return {
    maxCachedWorkflows: o.maxCachedWorkflows,
    workflowTaskSlots: slots(o.tuner.workflowTaskSlotSupplier),
    activitySlots: slots(o.tuner.activityTaskSlotSupplier),
  };
}
