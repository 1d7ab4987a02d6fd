/**
 * Global setup, Temporal part (db, temporal and e2e projects): one in-memory dev server (product code:
 * src/temporal/dev-server.ts) for the whole run, and the CLI that runs it (found, or installed into
 * ~/.cache/slotflow/bin). The db project needs it too: its gateway suites connect a Temporal client and
 * /healthz pings it.
 */
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { testEnv } from '../../../src/config.ts';
import { findTemporalCli, installTemporalCli } from '../../../src/temporal/cli-provision.ts';
import { startDevServer } from '../../../src/temporal/dev-server.ts';
import { shared } from './shared.ts';

async function startTemporal() {
  const env = testEnv();
  const sharedCache = path.join(os.homedir(), '.cache', 'slotflow', 'bin');
  const cliPath =
    (await findTemporalCli({ explicitPath: env.temporalCliPath, searchPath: env.searchPath, cacheDirs: [sharedCache] })) ??
    (await installTemporalCli({ targetDir: sharedCache, log: (l) => console.log(l), searchPath: env.searchPath }));
  const server = await startDevServer({ cliPath, uiPort: false, port: 0 });
  return { value: { address: server.address, cliPath }, stop: () => server.stop() };
}

export default async function setup(project: TestProject) {
  const { value, release } = await shared('temporal', startTemporal);
  project.provide('temporalAddress', value.address);
  project.provide('temporalCliPath', value.cliPath);
  return release;
}
