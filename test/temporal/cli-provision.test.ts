/**
 * Finding and installing the Temporal CLI without the network: fake binaries in temp dirs, a local fake of
 * the SDK's download service serving a real tar.gz, and a fake `go` on the search path that records how it
 * was called. No test here can reach the real download service or run the real `go install`.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { ensureTemporalCli, findTemporalCli, installTemporalCli, TEMPORAL_CLI_VERSION, TemporalCliUnavailableError } from '../../src/temporal/cli-provision.ts';
import { makeTempDir } from '../support/paths.ts';

const temps: string[] = [];
function tempDir(prefix = 'cli-provision'): string {
  const dir = makeTempDir(prefix);
  temps.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of temps) fs.rmSync(dir, { recursive: true, force: true });
});

/** Writes an executable (or, with mode 0o644, a non-executable) shell script. */
function script(file: string, body: string, mode = 0o755): string {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `#!/bin/sh\n${body}\n`);
  fs.chmodSync(file, mode);
  return file;
}

/** A dir holding a `temporal` script that prints `marker`. */
function fakeCliDir(marker: string, mode = 0o755): string {
  const dir = tempDir('fake-cli');
  script(path.join(dir, 'temporal'), `echo ${marker}`, mode);
  return dir;
}

const run = (file: string): string => execFileSync(file, { encoding: 'utf8' }).trim();

async function expectUnavailable(p: Promise<unknown>): Promise<TemporalCliUnavailableError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(TemporalCliUnavailableError);
  return err as TemporalCliUnavailableError;
}

describe('findTemporalCli', () => {
  it('an explicit path wins over PATH and the caches', async () => {
    const explicit = script(path.join(tempDir(), 'my-temporal'), 'echo explicit');
    const onPath = fakeCliDir('on-path');
    const cache = fakeCliDir('cache');
    const found = await findTemporalCli({ explicitPath: explicit, searchPath: onPath, cacheDirs: [cache] });
    expect(found).toBe(explicit);
    expect(run(found!)).toBe('explicit');
  });

  it('resolves a relative explicit path to an absolute one', async () => {
    const explicit = script(path.join(tempDir(), 'temporal'), 'echo rel');
    const relative = path.relative(process.cwd(), explicit);
    expect(path.isAbsolute(relative)).toBe(false);
    expect(await findTemporalCli({ explicitPath: relative, cacheDirs: [] })).toBe(explicit);
  });

  it('throws TemporalCliUnavailableError for an explicit path that is not executable, even when PATH has one', async () => {
    const dir = tempDir();
    const notExecutable = script(path.join(dir, 'temporal'), 'echo nope', 0o644);
    const onPath = fakeCliDir('on-path');
    for (const explicitPath of [notExecutable, path.join(dir, 'missing'), dir]) {
      const err = await expectUnavailable(findTemporalCli({ explicitPath, searchPath: onPath, cacheDirs: [] }));
      expect(err.attempts).toEqual([`TEMPORAL_CLI_PATH=${explicitPath}: not an executable file`]);
      expect(err.message).toContain(explicitPath);
    }
  });

  it('takes the first `temporal` on the search path, in PATH order', async () => {
    const empty = tempDir('empty');
    const first = fakeCliDir('first');
    const second = fakeCliDir('second');
    const cache = fakeCliDir('cache');
    const searchPath = [empty, first, second].join(path.delimiter);
    const found = await findTemporalCli({ searchPath, cacheDirs: [cache] });
    expect(found).toBe(path.join(first, 'temporal'));
    expect(run(found!)).toBe('first');
    const reversed = await findTemporalCli({ searchPath: [second, first].join(path.delimiter), cacheDirs: [cache] });
    expect(run(reversed!)).toBe('second');
  });

  it('falls back to the cache dirs, in order, when PATH has none', async () => {
    const empty = tempDir('empty');
    const missing = path.join(tempDir(), 'does-not-exist');
    const cacheA = fakeCliDir('cache-a');
    const cacheB = fakeCliDir('cache-b');
    const found = await findTemporalCli({ searchPath: empty, cacheDirs: [missing, cacheA, cacheB] });
    expect(found).toBe(path.join(cacheA, 'temporal'));
    expect(run(found!)).toBe('cache-a');
    expect(await findTemporalCli({ searchPath: undefined, cacheDirs: [cacheB, cacheA] })).toBe(path.join(cacheB, 'temporal'));
  });

  it('skips a `temporal` that is not executable (or is a directory)', async () => {
    const notExecutable = fakeCliDir('not-executable', 0o644);
    const withDir = tempDir('with-dir');
    fs.mkdirSync(path.join(withDir, 'temporal'));
    const good = fakeCliDir('good');
    const searchPath = [notExecutable, withDir, good].join(path.delimiter);
    expect(await findTemporalCli({ searchPath, cacheDirs: [] })).toBe(path.join(good, 'temporal'));
    const cacheOnly = await findTemporalCli({ searchPath: notExecutable, cacheDirs: [notExecutable, withDir, good] });
    expect(cacheOnly).toBe(path.join(good, 'temporal'));
  });

  it('returns undefined when nothing is found', async () => {
    const notExecutable = fakeCliDir('not-executable', 0o644);
    const empty = tempDir('empty');
    expect(await findTemporalCli({ searchPath: `${empty}${path.delimiter}${notExecutable}`, cacheDirs: [empty, notExecutable] })).toBeUndefined();
    expect(await findTemporalCli({ cacheDirs: [] })).toBeUndefined();
    expect(await findTemporalCli({ explicitPath: '', searchPath: '', cacheDirs: [] })).toBeUndefined();
  });
});

describe('ensureTemporalCli', () => {
  it('returns a cached binary without installing anything', async () => {
    const cache = fakeCliDir('cached');
    const installDir = path.join(tempDir(), 'install');
    const log = vi.fn();
    const found = await ensureTemporalCli({ searchPath: tempDir('empty'), cacheDirs: [cache], installDir, log });
    expect(found).toBe(path.join(cache, 'temporal'));
    expect(log).not.toHaveBeenCalled();
    expect(fs.existsSync(installDir)).toBe(false);
  });

  it('prefers PATH over the cache and honours an explicit path', async () => {
    const onPath = fakeCliDir('on-path');
    const cache = fakeCliDir('cached');
    const explicit = script(path.join(tempDir(), 'explicit-temporal'), 'echo explicit');
    const installDir = path.join(tempDir(), 'install');
    const log = vi.fn();
    expect(await ensureTemporalCli({ searchPath: onPath, cacheDirs: [cache], installDir, log })).toBe(path.join(onPath, 'temporal'));
    expect(await ensureTemporalCli({ explicitPath: explicit, searchPath: onPath, cacheDirs: [cache], installDir, log })).toBe(explicit);
    expect(log).not.toHaveBeenCalled();
    expect(fs.existsSync(installDir)).toBe(false);
  });
});

/** A local stand-in for the SDK's artifact-info endpoint plus the archive it points at. */
type FakeDownloadService = {
  url: string;
  requests: string[];
  infoStatus: number;
  infoBody: (base: string) => unknown;
  close(): Promise<void>;
};

async function startFakeDownloadService(archive: Buffer): Promise<FakeDownloadService> {
  const requests: string[] = [];
  const server = http.createServer((req, res) => {
    requests.push(req.url ?? '');
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (req.method === 'GET' && url.pathname === `/v${TEMPORAL_CLI_VERSION}`) {
      if (fake.infoStatus !== 200) {
        res.writeHead(fake.infoStatus, { 'content-type': 'text/plain' }).end('unavailable');
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(fake.infoBody(fake.url)));
      return;
    }
    if (req.method === 'GET' && url.pathname === '/archive.tar.gz') {
      res.writeHead(200, { 'content-type': 'application/gzip', 'content-length': archive.length }).end(archive);
      return;
    }
    res.writeHead(404).end('not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const fake: FakeDownloadService = {
    url: `http://127.0.0.1:${port}`,
    requests,
    infoStatus: 200,
    infoBody: (base) => ({ archiveUrl: `${base}/archive.tar.gz`, fileToExtract: 'temporal' }),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
  return fake;
}

/** A port nothing listens on (bound, then released). */
async function closedPort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const EXPECTED_ARCH = ({ x64: 'amd64', arm64: 'arm64' } as Record<string, string>)[process.arch];
const EXPECTED_PLATFORM = ({ linux: 'linux', darwin: 'darwin', win32: 'windows' } as Record<string, string>)[process.platform];

describe('installTemporalCli: download', () => {
  const marker = `fake-temporal-${process.pid}-${Date.now()}`;
  let fake: FakeDownloadService;

  beforeAll(async () => {
    const src = tempDir('archive-src');
    script(path.join(src, 'temporal'), `echo ${marker}`);
    fs.writeFileSync(path.join(src, 'LICENSE'), 'not the binary\n');
    const archive = path.join(tempDir('archive'), 'cli.tar.gz');
    execFileSync('tar', ['-czf', archive, '-C', src, 'LICENSE', 'temporal']);
    fake = await startFakeDownloadService(fs.readFileSync(archive));
  });
  afterAll(async () => {
    await fake?.close();
  });
  beforeEach(() => {
    fake.requests.length = 0;
    fake.infoStatus = 200;
    fake.infoBody = (base) => ({ archiveUrl: `${base}/archive.tar.gz`, fileToExtract: 'temporal' });
  });

  it('downloads the archive, extracts the binary into targetDir and makes it executable', async () => {
    const targetDir = path.join(tempDir(), 'nested', 'bin');
    const log = vi.fn();
    const installed = await installTemporalCli({ targetDir, log, downloadInfoUrl: fake.url, skipGo: true });

    expect(installed).toBe(path.join(targetDir, 'temporal'));
    expect(fs.statSync(installed).mode & 0o111).not.toBe(0);
    expect(() => fs.accessSync(installed, fs.constants.X_OK)).not.toThrow();
    expect(run(installed)).toBe(marker);
    expect(fs.readdirSync(targetDir)).toEqual(['temporal']);

    expect(fake.requests).toHaveLength(2);
    const info = new URL(fake.requests[0]!, fake.url);
    expect(info.pathname).toBe(`/v${TEMPORAL_CLI_VERSION}`);
    expect(info.searchParams.get('arch')).toBe(EXPECTED_ARCH);
    expect(info.searchParams.get('platform')).toBe(EXPECTED_PLATFORM);
    expect(info.searchParams.get('format')).toBe('tar.gz');
    expect(fake.requests[1]).toBe('/archive.tar.gz');
    expect(log.mock.calls.map(([line]) => line).join('\n')).toContain(installed);
  });

  it('extracts the file the service names, not a fixed one', async () => {
    fake.infoBody = (base) => ({ archiveUrl: `${base}/archive.tar.gz`, fileToExtract: 'LICENSE' });
    const targetDir = tempDir();
    const installed = await installTemporalCli({ targetDir, log: () => {}, downloadInfoUrl: fake.url, skipGo: true });
    expect(fs.readFileSync(installed, 'utf8')).toBe('not the binary\n');
  });

  it('a 500 from the download service rejects with TemporalCliUnavailableError telling the operator what to do', async () => {
    fake.infoStatus = 500;
    const targetDir = tempDir();
    const log = vi.fn();
    const err = await expectUnavailable(installTemporalCli({ targetDir, log, downloadInfoUrl: fake.url, skipGo: true }));
    expect(err.attempts).toHaveLength(1);
    expect(err.attempts[0]).toMatch(/download/);
    expect(err.attempts[0]).toContain('500');
    expect(err.message).toContain(err.attempts[0]);
    expect(err.message).toContain('TEMPORAL_CLI_PATH');
    expect(err.message).toContain('TEMPORAL_ADDRESS');
    expect(fake.requests).toHaveLength(1);
    expect(fs.readdirSync(targetDir)).toEqual([]);
    expect(log.mock.calls.map(([line]) => line).join('\n')).toMatch(/download failed/);
  });

  it('an answer without archiveUrl is a failed download', async () => {
    fake.infoBody = () => ({ fileToExtract: 'temporal' });
    const err = await expectUnavailable(installTemporalCli({ targetDir: tempDir(), log: () => {}, downloadInfoUrl: fake.url, skipGo: true }));
    expect(err.attempts[0]).toMatch(/download.*archiveUrl/);
    expect(fake.requests).toHaveLength(1);
  });

  it('an archive URL that answers 404 is a failed download', async () => {
    fake.infoBody = (base) => ({ archiveUrl: `${base}/gone.tar.gz`, fileToExtract: 'temporal' });
    const targetDir = tempDir();
    const err = await expectUnavailable(installTemporalCli({ targetDir, log: () => {}, downloadInfoUrl: fake.url, skipGo: true }));
    expect(err.attempts[0]).toMatch(/download.*404/);
    expect(fs.readdirSync(targetDir)).toEqual([]);
  });

  it('an unreachable download service fails fast', async () => {
    const port = await closedPort();
    const started = Date.now();
    const err = await expectUnavailable(installTemporalCli({ targetDir: tempDir(), log: () => {}, downloadInfoUrl: `http://127.0.0.1:${port}`, skipGo: true }));
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(err.attempts).toHaveLength(1);
    expect(err.attempts[0]).toMatch(/download.*cannot reach the download service/);
    expect(err.message).toContain('TEMPORAL_CLI_PATH');
    expect(err.message).toContain('TEMPORAL_ADDRESS');
  });
});

describe('installTemporalCli: go install (fake go)', () => {
  // Belt and braces: the fake `go` comes first in the lookup, but should the real one at /usr/local/go/bin
  // ever run, it must not fetch modules.
  beforeEach(() => {
    vi.stubEnv('GOPROXY', 'off');
  });
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  /**
   * A dir with a fake `go` that appends its args and env to `record` (one block per call, ended by `---`)
   * and, for `go install …@vX`, writes a `temporal` printing `built-vX` into $GOBIN — unless vX is in
   * `failVersions` (exit 1 with a message), or `writeBinary` is false (exit 0, nothing written).
   */
  function fakeGo(opts: { failVersions?: string[]; writeBinary?: boolean } = {}): { dir: string; record: string; go: string } {
    const dir = tempDir('fake-go');
    const record = path.join(dir, 'calls.log');
    const fails = (opts.failVersions ?? []).map((v) => `*@v${v}) echo "fake go: cannot install $last" >&2; exit 1;;`).join('\n  ');
    const go = script(
      path.join(dir, 'go'),
      [
        `{ echo "GOBIN=$GOBIN"; echo "CGO_ENABLED=$CGO_ENABLED"; echo "GOFLAGS=$GOFLAGS"; for a in "$@"; do echo "ARG=$a"; done; echo ---; } >> '${record}'`,
        '[ "$1" = install ] || exit 3',
        'for last in "$@"; do :; done',
        `case "$last" in\n  ${fails}\n  *) ;;\nesac`,
        opts.writeBinary === false ? 'exit 0' : `printf '#!/bin/sh\\necho built-%s\\n' "\${last##*@}" > "$GOBIN/temporal" && chmod 755 "$GOBIN/temporal"`,
      ].join('\n'),
    );
    // The fake must be found before any real `go`; if it were not executable the real one could run.
    fs.accessSync(go, fs.constants.X_OK);
    return { dir, record, go };
  }

  type Call = { env: Record<string, string>; args: string[] };
  function calls(record: string): Call[] {
    if (!fs.existsSync(record)) return [];
    return fs
      .readFileSync(record, 'utf8')
      .split('---\n')
      .filter((block) => block.trim() !== '')
      .map((block) => {
        const call: Call = { env: {}, args: [] };
        for (const line of block.split('\n').filter(Boolean)) {
          if (line.startsWith('ARG=')) call.args.push(line.slice(4));
          else {
            const i = line.indexOf('=');
            call.env[line.slice(0, i)] = line.slice(i + 1);
          }
        }
        return call;
      });
  }

  const MODULE = 'github.com/temporalio/cli/cmd/temporal';

  it('runs `go install` of v1.5.1 with the version ldflag into GOBIN=targetDir', async () => {
    const { dir, record } = fakeGo();
    const targetDir = tempDir('go-target');
    const log = vi.fn();
    const installed = await installTemporalCli({ targetDir, log, searchPath: `${tempDir('empty')}${path.delimiter}${dir}`, skipDownload: true });

    expect(installed).toBe(path.join(targetDir, 'temporal'));
    expect(run(installed)).toBe('built-v1.5.1');
    const [call, ...more] = calls(record);
    expect(more).toEqual([]);
    expect(call!.args).toEqual(['install', '-ldflags=-X github.com/temporalio/cli/temporalcli.Version=1.5.1', `${MODULE}@v1.5.1`]);
    expect(call!.env.GOBIN).toBe(path.resolve(targetDir));
    expect(call!.env.CGO_ENABLED).toBe('0');
    expect(call!.env.GOFLAGS).toBe('-mod=mod');
    expect(log.mock.calls.map(([line]) => line).join('\n')).toContain('v1.5.1');
  });

  it('falls back to v1.5.0 when v1.5.1 fails', async () => {
    const { dir, record } = fakeGo({ failVersions: ['1.5.1'] });
    const targetDir = tempDir('go-target');
    const log = vi.fn();
    const installed = await installTemporalCli({ targetDir, log, searchPath: dir, skipDownload: true });

    expect(run(installed)).toBe('built-v1.5.0');
    const made = calls(record);
    expect(made.map((c) => c.args.at(-1))).toEqual([`${MODULE}@v1.5.1`, `${MODULE}@v1.5.0`]);
    expect(made[1]!.args[1]).toBe('-ldflags=-X github.com/temporalio/cli/temporalcli.Version=1.5.0');
    // The failing build's output reaches the log.
    expect(log.mock.calls.map(([line]) => line).join('\n')).toContain(`fake go: cannot install ${MODULE}@v1.5.1`);
  });

  it('reports every go install attempt (and the skipped download is not one) when all versions fail', async () => {
    const { dir, record } = fakeGo({ failVersions: ['1.5.1', '1.5.0', '1.4.1'] });
    const targetDir = tempDir('go-target');
    const err = await expectUnavailable(installTemporalCli({ targetDir, log: () => {}, searchPath: dir, skipDownload: true }));
    expect(calls(record).map((c) => c.args.at(-1))).toEqual([`${MODULE}@v1.5.1`, `${MODULE}@v1.5.0`, `${MODULE}@v1.4.1`]);
    expect(err.attempts).toHaveLength(3);
    for (const [i, v] of ['1.5.1', '1.5.0', '1.4.1'].entries()) {
      expect(err.attempts[i]).toContain(`go install ${MODULE}@v${v}`);
      expect(err.attempts[i]).toContain(`fake go: cannot install ${MODULE}@v${v}`);
    }
    expect(err.attempts.join('\n')).not.toMatch(/download/);
    expect(fs.readdirSync(targetDir)).toEqual([]);
  });

  it('a go install that exits 0 without producing the binary counts as a failure', async () => {
    const { dir, record } = fakeGo({ writeBinary: false });
    const err = await expectUnavailable(installTemporalCli({ targetDir: tempDir('go-target'), log: () => {}, searchPath: dir, skipDownload: true }));
    expect(calls(record)).toHaveLength(3);
    expect(err.attempts).toHaveLength(3);
    expect(err.attempts[0]).toMatch(/finished but .*temporal is missing/);
  });

  it('tries go after a failed download', async () => {
    const { dir, record } = fakeGo();
    const port = await closedPort();
    const targetDir = tempDir('go-target');
    const installed = await installTemporalCli({ targetDir, log: () => {}, searchPath: dir, downloadInfoUrl: `http://127.0.0.1:${port}` });
    expect(run(installed)).toBe('built-v1.5.1');
    expect(calls(record)).toHaveLength(1);
  });
});
