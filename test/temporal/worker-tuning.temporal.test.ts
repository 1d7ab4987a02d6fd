/**
 * WORKER_MAX_* (#18): the worker's cache and concurrency from the environment, through src/config.ts and
 * worker-tuning.ts into a real worker on the run's dev server. Unset: the SDK's defaults; a cache smaller
 * than the SDK's 40 concurrent workflow tasks clamps them; more tasks than cache entries is a config error.
 */
import { describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.ts';
import { startWorker } from '../../src/temporal/worker.ts';
import { effectiveTuning, workerTuningOptions } from '../../src/temporal/worker-tuning.ts';
import { testDatabase } from '../support/databases.ts';

describe('worker tuning', () => {
  it('maps WORKER_MAX_* to the worker options and refuses more tasks than cache entries', () => {
    expect(workerTuningOptions(loadConfig({}, '/srv').worker)).toEqual({});
    expect(workerTuningOptions(loadConfig({ WORKER_MAX_CACHED_WORKFLOWS: '10' }, '/srv').worker)).toEqual({
      maxCachedWorkflows: 10,
      maxConcurrentWorkflowTaskExecutions: 10,
    });
    expect(
      workerTuningOptions(
        loadConfig({ WORKER_MAX_CACHED_WORKFLOWS: '500', WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: '8', WORKER_MAX_CONCURRENT_ACTIVITIES: '20' }, '/srv').worker,
      ),
    ).toEqual({ maxCachedWorkflows: 500, maxConcurrentWorkflowTaskExecutions: 8, maxConcurrentActivityTaskExecutions: 20 });
    expect(() => loadConfig({ WORKER_MAX_CACHED_WORKFLOWS: '4', WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: '8' }, '/srv')).toThrow(ConfigError);
    expect(() => loadConfig({ WORKER_MAX_CACHED_WORKFLOWS: '-1' }, '/srv')).toThrow(ConfigError);
  });

  it('a worker started with them runs with them', async () => {
    const d = await testDatabase('pglite');
    const tuning = workerTuningOptions(loadConfig({ WORKER_MAX_CACHED_WORKFLOWS: '25', WORKER_MAX_CONCURRENT_ACTIVITIES: '7' }, '/srv').worker);
    const w = await startWorker({ address: inject('temporalAddress'), namespace: 'default', taskQueue: `tuning-${Date.now()}`, db: d.db, extra: tuning });
    try {
      expect(effectiveTuning(w.worker.options)).toEqual({ maxCachedWorkflows: 25, workflowTaskSlots: 25, activitySlots: 7 });
    } finally {
      await w.stop();
      await d.dispose();
    }
  });
});
