/**
 * `node bundle-workflows.main.ts <out.js>`: writes the workflow bundle (workflows/index.ts, as the SDK's
 * `workflowsPath` would bundle it) to a file and exits. Run by workflow-bundle.ts in a child process.
 */
import { writeFile } from 'node:fs/promises';
import { bundleWorkflowCode } from '@temporalio/worker';
import { WORKFLOWS_PATH } from './workflows-path.ts';

const out = process.argv[2];
if (!out) {
  console.error('usage: bundle-workflows.main.ts <out.js>');
  process.exit(2);
}
const { code } = await bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, logger: quietLogger() });
await writeFile(out, code);

/** webpack's progress lines would only clutter the worker's log; warnings and errors still go to stderr. */
function quietLogger() {
  const drop = () => undefined;
  const err = (message: string, meta?: unknown) => console.error(message, meta ?? '');
  return { trace: drop, debug: drop, info: drop, log: drop, warn: err, error: err };
}
