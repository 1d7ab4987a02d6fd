/**
 * Replays every saved history in test/histories/ against today's workflow code (no server
 * needed). A workflow change that would break a running booking fails here with a
 * DeterminismViolationError; guard such changes with `patched()` and record a new history.
 * The file name's prefix up to the first `.` is the workflow type (e.g. healthcheckWorkflow.v1.json).
 * The code replayed is the bundle a `slotflow worker` runs: built in a child process (workflow-bundle.ts).
 */
import fs from 'node:fs';
import path from 'node:path';
import { bundleWorkflowCode, DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { beforeAll, describe, expect, it } from 'vitest';
import { bundleWorkflowsInChildProcess } from '../../src/temporal/workflow-bundle.ts';

Runtime.install({ logger: new DefaultLogger('WARN') });

const dir = path.join(import.meta.dirname, '..', 'histories');
const files = fs
  .readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .sort();

describe('workflow replay of saved histories', () => {
  let workflowBundle: { code: string };
  beforeAll(async () => {
    workflowBundle = await bundleWorkflowsInChildProcess();
  }, 120_000);

  it('has at least one saved history per exported workflow', async () => {
    const exported = Object.keys(await import('../../workflows/index.ts'));
    const recorded = new Set(files.map((f) => f.split('.')[0]));
    for (const wf of exported) expect(recorded, `no saved history for ${wf}`).toContain(wf);
  });

  it.each(files)('replays %s deterministically', async (file) => {
    const history = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
    await expect(Worker.runReplayHistory({ workflowBundle, replayName: file }, history, `replay-${file}`)).resolves.toBeUndefined();
  });

  it('detects a nondeterministic change (the harness can fail)', async () => {
    const { code } = await bundleWorkflowCode({
      workflowsPath: path.join(import.meta.dirname, 'fixtures', 'changed-healthcheck.workflow.ts'),
      logger: quietLogger,
    });
    const file = files.find((f) => f.startsWith('healthcheckWorkflow.'))!;
    const history = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
    await expect(Worker.runReplayHistory({ workflowBundle: { code } }, history)).rejects.toThrow(/[Nn]ondeterminism|TMPRL1100/);
  }, 120_000);
});

const noop = () => {};
const quietLogger = { trace: noop, debug: noop, info: noop, warn: noop, error: noop, log: noop };
