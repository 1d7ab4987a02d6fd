/**
 * A real Radicale CalDAV server for tests (Debian package `radicale`, 3.1.x: `apt-get install -y radicale`).
 *
 * Each call starts its own server on a free 127.0.0.1 port with storage in a fresh temp dir, Basic auth via a
 * plain-text htpasswd file (one user with a random password) and a rights file under which the user owns the
 * collections below `/<user>/`. Collections named `readonly*` are read-only for the user (create them with
 * the `readOnlyCalendars` option: they are written to storage before the server starts, since the user cannot
 * MKCALENDAR them). `stop()` kills the server's process group and removes the temp dir.
 *
 * There is deliberately no skip when Radicale is missing: the harness throws, naming the apt package.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { freePort } from '../../src/temporal/free-port.ts';
import { makeTempDir } from './paths.ts';

export type RunningRadicale = {
  /** Server root, e.g. `http://127.0.0.1:41234/` (the user's collections live under `<url><username>/`). */
  url: string;
  username: string;
  password: string;
  /** The user's calendar home, `<url><username>/`. */
  homeUrl: string;
  /** Changes the password (Radicale reads the htpasswd file at each login): the old one is refused from now on. */
  setPassword(password: string): void;
  stop(): Promise<void>;
};

export type RadicaleOptions = {
  /** Calendars created in storage before start, read-only for the user (names must start with `readonly`). */
  readOnlyCalendars?: { name: string; displayName?: string }[];
};

const INSTALL_HINT =
  'Radicale is not installed: the CalDAV tests need a real Radicale server. Install the Debian package with ' +
  '`apt-get install -y radicale` (it provides /usr/bin/radicale).';

/** The command that runs Radicale: the `radicale` binary, or the module under the system python. */
function radicaleCommand(): string[] {
  for (const cmd of [['radicale'], ['/usr/bin/radicale'], ['/usr/bin/python3', '-m', 'radicale']]) {
    const r = spawnSync(cmd[0]!, [...cmd.slice(1), '--version'], { encoding: 'utf8', timeout: 15_000 });
    if (r.status === 0) return cmd;
  }
  throw new Error(INSTALL_HINT);
}

const RIGHTS = `# Written by test/support/radicale.ts: the user owns /<user>/ and the collections below it.
[root]
user: .+
collection:
permissions: R

[principal]
user: .+
collection: {user}
permissions: RW

[readonly]
user: .+
collection: {user}/readonly[^/]*
permissions: r

[calendars]
user: .+
collection: {user}/[^/]+
permissions: rw
`;

export async function startRadicale(options: RadicaleOptions = {}): Promise<RunningRadicale> {
  const cmd = radicaleCommand();
  const dir = makeTempDir('radicale');
  const username = 'slotflow';
  const password = randomBytes(12).toString('hex');
  const storage = path.join(dir, 'collections');
  fs.writeFileSync(path.join(dir, 'users'), `${username}:${password}\n`);
  fs.writeFileSync(path.join(dir, 'rights'), RIGHTS);
  for (const cal of options.readOnlyCalendars ?? []) {
    if (!/^readonly[^/]*$/.test(cal.name)) throw new Error(`read-only calendar names start with "readonly": ${cal.name}`);
    const colDir = path.join(storage, 'collection-root', username, cal.name);
    fs.mkdirSync(colDir, { recursive: true });
    const props: Record<string, string> = { tag: 'VCALENDAR', 'C:supported-calendar-component-set': 'VEVENT' };
    if (cal.displayName) props['D:displayname'] = cal.displayName;
    fs.writeFileSync(path.join(colDir, '.Radicale.props'), JSON.stringify(props));
  }

  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    const config = path.join(dir, 'config');
    fs.writeFileSync(
      config,
      [
        '[server]',
        `hosts = 127.0.0.1:${port}`,
        '[auth]',
        'type = htpasswd',
        `htpasswd_filename = ${path.join(dir, 'users')}`,
        'htpasswd_encryption = plain',
        'delay = 0',
        '[rights]',
        'type = from_file',
        `file = ${path.join(dir, 'rights')}`,
        '[storage]',
        `filesystem_folder = ${storage}`,
        '[web]',
        'type = none',
        '[logging]',
        'level = warning',
        'mask_passwords = True',
        '',
      ].join('\n'),
    );
    const child = spawn(cmd[0]!, [...cmd.slice(1), '--config', config], {
      cwd: dir,
      // Own process group, so stop() can kill whatever Radicale forks.
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' },
    });
    let output = '';
    child.stdout!.on('data', (b: Buffer) => (output += b.toString()));
    child.stderr!.on('data', (b: Buffer) => (output += b.toString()));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child.once('exit', (code, signal) => resolve({ code, signal })),
    );
    const url = `http://127.0.0.1:${port}/`;
    try {
      await waitUntilAnswering(url, exited, () => output, 20_000);
    } catch (err) {
      lastError = err;
      await killGroup(child, exited);
      continue;
    }
    let stopped = false;
    const running: RunningRadicale = {
      url,
      username,
      password,
      homeUrl: `${url}${username}/`,
      setPassword(next: string) {
        fs.writeFileSync(path.join(dir, 'users'), `${username}:${next}\n`);
        running.password = next;
      },
      async stop() {
        if (stopped) return;
        stopped = true;
        await killGroup(child, exited);
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
    return running;
  }
  fs.rmSync(dir, { recursive: true, force: true });
  throw new Error(`Radicale did not start: ${String(lastError)}`);
}

/** Polls until the server answers HTTP (any status: unauthenticated requests get 401). */
async function waitUntilAnswering(
  url: string,
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>,
  output: () => string,
  timeoutMs: number,
): Promise<void> {
  let exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  void exited.then((e) => (exit = e));
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (exit) throw new Error(`Radicale exited (code ${exit.code}, signal ${exit.signal}): ${output()}`);
    try {
      const res = await fetch(url, { method: 'OPTIONS', signal: AbortSignal.timeout(2_000) });
      await res.arrayBuffer();
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new Error(`Radicale did not answer on ${url} within ${timeoutMs} ms: ${output()}`);
}

async function killGroup(child: ChildProcess, exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  const pid = child.pid;
  const signalGroup = (sig: NodeJS.Signals) => {
    try {
      process.kill(-pid, sig);
    } catch {
      // already gone
    }
  };
  signalGroup('SIGTERM');
  const timer = setTimeout(() => signalGroup('SIGKILL'), 3_000);
  await exited;
  clearTimeout(timer);
}
