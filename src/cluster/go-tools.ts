/**
 * The Go-built binaries of the production shape (`slotflow cluster`): the Temporal server, its SQL schema
 * tool and the Temporal Web UI server, each built once with `go install <module>@<version>` and cached
 * like the CLI (`~/.cache/slotflow/bin`).
 *
 * Each tool gets its own GOBIN folder named `<tool>@<version>`: two of these modules install a binary named
 * `server`, so a shared folder would let one overwrite the other; a version bump builds into a new folder
 * and never runs a stale binary. Versions are the ones built and run here (../shared/research/wave2-notes.md
 * §5): server v1.31.2 needs Go ≥ 1.26.4 and has no `replace` directive; ui-server v2.45.0 builds with the
 * `go.temporal.io/api` the module proxy serves (v2.58.1 does not).
 */
import path from 'node:path';
import { findOnPath, isExecutable, run, type Log } from '../temporal/cli-provision.ts';

export type GoTool = { name: string; module: string; version: string; binary: string };

export const TEMPORAL_SERVER_VERSION = '1.31.2';
export const TEMPORAL_UI_VERSION = '2.45.0';

export const GO_TOOLS = {
  server: { name: 'temporal-server', module: 'go.temporal.io/server/cmd/server', version: TEMPORAL_SERVER_VERSION, binary: 'server' },
  sqlTool: { name: 'temporal-sql-tool', module: 'go.temporal.io/server/cmd/tools/sql', version: TEMPORAL_SERVER_VERSION, binary: 'sql' },
  ui: { name: 'temporal-ui-server', module: 'github.com/temporalio/ui-server/v2/cmd/server', version: TEMPORAL_UI_VERSION, binary: 'server' },
} as const satisfies Record<string, GoTool>;

/** Where `tool` lives in the cache (whether or not it was built yet). */
export function goToolPath(binDir: string, tool: GoTool): string {
  return path.join(binDir, `${tool.name}@v${tool.version}`, tool.binary);
}

/**
 * The tool's binary, built on first use. Progress (the go command's own lines and the time taken) goes to
 * `log`; without Go the error says what to install.
 */
export async function ensureGoTool(tool: GoTool, opts: { binDir: string; log: Log; searchPath?: string | undefined }): Promise<string> {
  const dest = goToolPath(opts.binDir, tool);
  if (await isExecutable(dest)) return dest;
  const go = await findOnPath('go', opts.searchPath ?? process.env.PATH);
  if (!go) throw new Error(`${tool.name} v${tool.version} is not built yet and there is no \`go\` on PATH (Go ≥ 1.26.4 builds it).`);
  opts.log(`Building ${tool.name} v${tool.version} (go install ${tool.module}@v${tool.version}); the first build takes several minutes …`);
  const started = Date.now();
  await run(go, ['install', `${tool.module}@v${tool.version}`], opts.log, {
    ...process.env,
    GOBIN: path.dirname(dest),
    CGO_ENABLED: '0',
    GOFLAGS: '-mod=mod',
  });
  if (!(await isExecutable(dest))) throw new Error(`go install finished but ${dest} is missing`);
  opts.log(`${tool.name} v${tool.version} built in ${Math.round((Date.now() - started) / 1000)} s: ${dest}`);
  return dest;
}
