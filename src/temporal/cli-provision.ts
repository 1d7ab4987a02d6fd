/**
 * Finds or installs the Temporal CLI (`temporal`), which carries the dev server slotflow embeds.
 *
 * Lookup order: an explicit path (TEMPORAL_CLI_PATH) → `temporal` on PATH → the data dir's cache
 * (`DATA_DIR/bin`) → the machine-wide cache (`~/.cache/slotflow/bin`). Install order when none is found:
 *   1. the download the Temporal SDK itself uses (the artifact-info endpoint, then the archive), and
 *   2. when that fails and Go is present, `go install github.com/temporalio/cli/cmd/temporal@vX` for the
 *      versions in GO_INSTALL_VERSIONS (v1.5.1 first; later tags carry a `replace` directive that
 *      `go install` refuses; v1.5.0 and v1.4.1 do not).
 * Each step reports progress through `log`; when nothing works, `TemporalCliUnavailableError` says what
 * the operator can do.
 */
import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

export const TEMPORAL_CLI_VERSION = '1.5.1';
export const GO_INSTALL_VERSIONS = ['1.5.1', '1.5.0', '1.4.1'] as const;
const GO_MODULE = 'github.com/temporalio/cli/cmd/temporal';
const DOWNLOAD_INFO_URL = 'https://temporal.download/cli';
const BINARY = process.platform === 'win32' ? 'temporal.exe' : 'temporal';

export type Log = (line: string) => void;

export class TemporalCliUnavailableError extends Error {
  override name = 'TemporalCliUnavailableError';
  constructor(readonly attempts: string[]) {
    super(
      [
        'No Temporal CLI could be found or installed. Tried:',
        ...attempts.map((a) => `  - ${a}`),
        'Do one of:',
        `  - install it (https://docs.temporal.io/cli#install) and put \`temporal\` on PATH,`,
        '  - set TEMPORAL_CLI_PATH to an existing `temporal` binary,',
        `  - install Go >= 1.25 and run \`npm run slotflow -- temporal install\` (builds v${TEMPORAL_CLI_VERSION}),`,
        '  - or run against an existing Temporal server by setting TEMPORAL_ADDRESS=host:port.',
      ].join('\n'),
    );
  }
}

export type CliLocations = {
  explicitPath?: string | undefined;
  searchPath?: string | undefined;
  cacheDirs: string[];
};

export async function isExecutable(file: string): Promise<boolean> {
  try {
    const st = await fs.stat(file);
    if (!st.isFile()) return false;
    await fs.access(file, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Returns the first usable `temporal` binary, or undefined. An explicit path that is unusable throws. */
export async function findTemporalCli(loc: CliLocations): Promise<string | undefined> {
  if (loc.explicitPath) {
    if (await isExecutable(loc.explicitPath)) return path.resolve(loc.explicitPath);
    throw new TemporalCliUnavailableError([`TEMPORAL_CLI_PATH=${loc.explicitPath}: not an executable file`]);
  }
  for (const dir of (loc.searchPath ?? '').split(path.delimiter).filter(Boolean)) {
    const candidate = path.join(dir, BINARY);
    if (await isExecutable(candidate)) return candidate;
  }
  for (const dir of loc.cacheDirs) {
    const candidate = path.join(dir, BINARY);
    if (await isExecutable(candidate)) return candidate;
  }
  return undefined;
}

export type InstallOptions = {
  targetDir: string;
  log: Log;
  searchPath?: string | undefined;
  /** Overridable for tests; defaults to the SDK's artifact endpoint. */
  downloadInfoUrl?: string;
  skipDownload?: boolean;
  skipGo?: boolean;
};

/** Installs the CLI into `targetDir` and returns the binary's path; throws TemporalCliUnavailableError. */
export async function installTemporalCli(opts: InstallOptions): Promise<string> {
  await fs.mkdir(opts.targetDir, { recursive: true });
  const attempts: string[] = [];
  if (!opts.skipDownload) {
    try {
      return await downloadCli(opts.targetDir, opts.downloadInfoUrl ?? DOWNLOAD_INFO_URL, opts.log);
    } catch (err) {
      attempts.push(`download of v${TEMPORAL_CLI_VERSION}: ${(err as Error).message}`);
      opts.log(`Temporal CLI download failed (${(err as Error).message}).`);
    }
  }
  if (!opts.skipGo) {
    const go = await findOnPath('go', opts.searchPath);
    if (!go) attempts.push('go install: no `go` on PATH');
    else {
      for (const version of GO_INSTALL_VERSIONS) {
        try {
          return await goInstall(go, version, opts.targetDir, opts.log);
        } catch (err) {
          attempts.push(`go install ${GO_MODULE}@v${version}: ${(err as Error).message}`);
        }
      }
    }
  }
  throw new TemporalCliUnavailableError(attempts);
}

export async function findOnPath(name: string, searchPath: string | undefined): Promise<string | undefined> {
  const dirs = (searchPath ?? '').split(path.delimiter).filter(Boolean);
  dirs.push('/usr/local/go/bin');
  for (const dir of dirs) {
    if (await isExecutable(path.join(dir, name))) return path.join(dir, name);
  }
  return undefined;
}

function goPlatform(): { platform: string; arch: string } {
  const platform = { linux: 'linux', darwin: 'darwin', win32: 'windows' }[process.platform as string];
  const arch = { x64: 'amd64', arm64: 'arm64' }[process.arch as string];
  if (!platform || !arch) throw new Error(`unsupported platform ${process.platform}/${process.arch}`);
  return { platform, arch };
}

/** The SDK's route: GET {info}/v{version}?arch&platform&format → {archiveUrl, fileToExtract}. */
async function downloadCli(targetDir: string, infoUrl: string, log: Log): Promise<string> {
  const { platform, arch } = goPlatform();
  const url = `${infoUrl}/v${TEMPORAL_CLI_VERSION}?arch=${arch}&platform=${platform}&format=tar.gz`;
  log(`Downloading Temporal CLI v${TEMPORAL_CLI_VERSION} …`);
  const infoRes = await fetch(url, { signal: AbortSignal.timeout(20_000) }).catch((e: Error) => {
    throw new Error(`cannot reach the download service: ${(e.cause as Error | undefined)?.message ?? e.message}`);
  });
  if (!infoRes.ok) throw new Error(`download service answered ${infoRes.status}`);
  const info = (await infoRes.json()) as { archiveUrl?: string; fileToExtract?: string };
  if (!info.archiveUrl || !info.fileToExtract) throw new Error('download service answered without archiveUrl');
  const res = await fetch(info.archiveUrl, { signal: AbortSignal.timeout(300_000) });
  if (!res.ok || !res.body) throw new Error(`archive download answered ${res.status}`);
  const tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'slotflow-temporal-'));
  try {
    const archive = path.join(tmp, 'cli.tar.gz');
    await pipeline(Readable.fromWeb(res.body as never), createWriteStream(archive));
    await run('tar', ['-xzf', archive, '-C', tmp], log);
    const dest = path.join(targetDir, BINARY);
    await fs.copyFile(path.join(tmp, info.fileToExtract), dest);
    await fs.chmod(dest, 0o755);
    log(`Temporal CLI installed at ${dest}`);
    return dest;
  } finally {
    await fs.rm(tmp, { recursive: true, force: true });
  }
}

async function goInstall(go: string, version: string, targetDir: string, log: Log): Promise<string> {
  log(`Building Temporal CLI v${version} from its Go module (takes a few minutes the first time) …`);
  const started = Date.now();
  await run(go, ['install', `-ldflags=-X github.com/temporalio/cli/temporalcli.Version=${version}`, `${GO_MODULE}@v${version}`], log, {
    ...process.env,
    GOBIN: path.resolve(targetDir),
    CGO_ENABLED: '0',
    GOFLAGS: '-mod=mod',
  });
  const dest = path.join(targetDir, BINARY);
  if (!(await isExecutable(dest))) throw new Error(`go install finished but ${dest} is missing`);
  log(`Temporal CLI v${version} built in ${Math.round((Date.now() - started) / 1000)} s: ${dest}`);
  return dest;
}

/** Runs a command, forwarding its output line by line to `log`; rejects with the last lines on failure. */
export function run(cmd: string, args: string[], log: Log, env?: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const tail: string[] = [];
    const onData = (buf: Buffer) => {
      for (const line of buf.toString().split('\n').filter(Boolean)) {
        tail.push(line);
        if (tail.length > 5) tail.shift();
        log(`  ${line}`);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`${path.basename(cmd)} exited with ${code}: ${tail.join(' | ')}`))));
  });
}

/** Where slotflow looks for a cached CLI, given the data dir and the machine-wide cache dir. */
export function cliCacheDirs(dataDir: string, sharedCacheDir: string): string[] {
  return [path.join(dataDir, 'bin'), path.join(sharedCacheDir, 'bin')];
}

/** Finds a CLI, or installs one into `installDir`. */
export async function ensureTemporalCli(loc: CliLocations & { installDir: string; log: Log }): Promise<string> {
  const found = await findTemporalCli(loc);
  if (found) return found;
  loc.log('No Temporal CLI found (TEMPORAL_CLI_PATH, PATH, caches); installing one.');
  return installTemporalCli({ targetDir: loc.installDir, log: loc.log, searchPath: loc.searchPath });
}
