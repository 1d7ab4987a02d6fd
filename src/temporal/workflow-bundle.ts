/**
 * The workflow code bundled in a short-lived child process, for a long-running worker.
 *
 * Bundling in the worker's own process (the SDK's `workflowsPath`) leaves webpack, its module graph and
 * caches in that process's heap for good: measured 2026-12-05, an idle bare SDK worker held 276–279 MB RSS
 * bundling in-process and 184–186 MB given a prebuilt bundle. The child runs the same `bundleWorkflowCode`
 * on the same `workflows/index.ts` at every start, so the code a worker runs is always the checkout's
 * (no bundle file to go stale); it costs the same few seconds as bundling in-process.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const BUNDLER_MAIN = fileURLToPath(new URL('./bundle-workflows.main.ts', import.meta.url));

/** Bundles `workflows/index.ts` in a child Node process (same Node, same loader flags) and returns the code. */
export async function bundleWorkflowsInChildProcess(): Promise<{ code: string }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'slotflow-workflows-'));
  const out = path.join(dir, 'workflows.js');
  try {
    // execArgv carries `--import tsx` when slotflow runs from source, so the child can load TypeScript too.
    await promisify(execFile)(process.execPath, [...process.execArgv, BUNDLER_MAIN, out], {
      maxBuffer: 16 * 1024 * 1024,
      timeout: 120_000,
    }).catch((err: Error & { stderr?: string }) => {
      throw new Error(`bundling the workflows failed: ${err.stderr?.trim() || err.message}`);
    });
    return { code: await readFile(out, 'utf8') };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
