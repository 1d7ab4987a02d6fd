/**
 * Where the workflow code starts: the worker bundles it, the replay tests bundle and replay it. A module of
 * its own so that knowing the path does not load the worker and every activity behind it.
 */
import { fileURLToPath } from 'node:url';

export const WORKFLOWS_PATH = fileURLToPath(new URL('../../workflows/index.ts', import.meta.url));
