/**
 * Global setup, web part (e2e project): the Vite build of web/ (src/web-bundle.ts) that the browser suites
 * serve and the bundle-size budget measures, in `.tmp/web-<fingerprint>`.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { ensureWebBuilt, webFingerprint } from '../../../src/web-bundle.ts';
import { TMP_ROOT } from '../paths.ts';
import { shared } from './shared.ts';

async function buildWeb(): Promise<{ value: { webDist: string; webBuildError: string | null } }> {
  fs.mkdirSync(TMP_ROOT, { recursive: true });
  // A dir named by the sources' fingerprint: concurrent runs (and a later edit of web/) never rebuild under
  // a gateway that is serving them (~2 s to build). A broken web build fails the browser suites (with the
  // build's error), not every other suite.
  const webDist = path.join(TMP_ROOT, `web-${webFingerprint().slice(0, 12)}`);
  // Builds of older sources, unused for an hour (a concurrent run may still serve a recent one).
  for (const name of fs.readdirSync(TMP_ROOT)) {
    const dir = path.join(TMP_ROOT, name);
    if (/^web-[0-9a-f]{12}$/.test(name) && dir !== webDist && Date.now() - fs.statSync(dir).mtimeMs > 3_600_000) {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
  try {
    await ensureWebBuilt({ outDir: webDist, log: (m) => console.log(m) });
    return { value: { webDist, webBuildError: null } };
  } catch (err) {
    console.error(`\n!!! The web build failed; the browser suites will fail:\n${(err as Error).message}\n`);
    return { value: { webDist: '', webBuildError: (err as Error).message } };
  }
}

export default async function setup(project: TestProject) {
  const { value, release } = await shared('web', buildWeb);
  project.provide('webDist', value.webDist);
  project.provide('webBuildError', value.webBuildError);
  return release;
}
