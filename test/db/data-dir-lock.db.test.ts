/**
 * The PGlite data-dir lock: exclusive within a process and across processes, released on demand, and a
 * lock left by a dead process is taken over.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { acquireDataDirLock, DataDirLockedError, type DataDirLock } from '../../src/db/data-dir-lock.ts';
import { openDatabase, type Database } from '../../src/db/database.ts';
import { makeTempDir, REPO_ROOT } from '../support/paths.ts';

const LOCK_MODULE = pathToFileURL(path.join(REPO_ROOT, 'src/db/data-dir-lock.ts')).href;

const temps: string[] = [];
const locks: DataDirLock[] = [];
const children: ChildProcess[] = [];
const databases: Database[] = [];

function tempDir(prefix = 'lock'): string {
  const dir = makeTempDir(prefix);
  temps.push(dir);
  return dir;
}
function acquire(dir: string): DataDirLock {
  const lock = acquireDataDirLock(dir);
  locks.push(lock);
  return lock;
}

afterEach(async () => {
  while (databases.length) await databases.pop()!.close();
  while (locks.length) locks.pop()!.release();
  for (const child of children.splice(0)) {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await exited(child);
    }
  }
  while (temps.length) fs.rmSync(temps.pop()!, { recursive: true, force: true });
});

function exited(child: ChildProcess): Promise<void> {
  // 'exit' fires after Node has reaped the child, so its pid is really gone (not a zombie) afterwards.
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

function lockedError(fn: () => unknown): DataDirLockedError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(DataDirLockedError);
    return err as DataDirLockedError;
  }
  throw new Error('expected DataDirLockedError, nothing was thrown');
}

/** Pid of a process that has exited and been reaped. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
  const pid = child.pid!;
  await exited(child);
  expect(() => process.kill(pid, 0)).toThrow();
  return pid;
}

/** A separate node process holding the lock on `dir` until killed. */
async function lockInChild(dir: string): Promise<ChildProcess> {
  const code = `import(process.argv[1]).then((m) => { m.acquireDataDirLock(process.argv[2]); console.log('locked'); setInterval(() => {}, 1000); })`;
  const child = spawn(process.execPath, ['--import', 'tsx', '-e', code, LOCK_MODULE, dir], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  await new Promise<void>((resolve, reject) => {
    let out = '';
    let err = '';
    child.stdout!.on('data', (b: Buffer) => {
      out += b.toString();
      if (out.includes('locked')) resolve();
    });
    child.stderr!.on('data', (b: Buffer) => (err += b.toString()));
    child.once('exit', (c) => reject(new Error(`lock holder exited with ${c} before locking: ${err}`)));
  });
  return child;
}

describe('acquireDataDirLock', () => {
  it('creates the dir and a lock file holding our pid', () => {
    const dir = path.join(tempDir(), 'a', 'b');
    const lock = acquire(dir);
    expect(lock.file).toBe(path.join(dir, '.slotflow.lock'));
    expect(fs.readFileSync(lock.file, 'utf8')).toBe(String(process.pid));
  });

  it('a second acquire in the same process throws DataDirLockedError naming the pid', () => {
    const dir = tempDir();
    acquire(dir);
    const err = lockedError(() => acquire(dir));
    expect(err.pid).toBe(process.pid);
    expect(err.dir).toBe(dir);
    expect(err.message).toContain(`pid ${process.pid}`);
    expect(err.message).toContain(dir);
  });

  it('can be acquired again after release; release is idempotent', () => {
    const dir = tempDir();
    const first = acquire(dir);
    first.release();
    expect(fs.existsSync(first.file)).toBe(false);
    const second = acquire(dir);
    expect(fs.readFileSync(second.file, 'utf8')).toBe(String(process.pid));
    // A late second release of the old handle must not remove the new holder's lock.
    first.release();
    expect(fs.existsSync(second.file)).toBe(true);
    expect(() => acquire(dir)).toThrow(DataDirLockedError);
  });

  it('release leaves a lock file that another owner has since written alone', () => {
    const dir = tempDir();
    const lock = acquire(dir);
    fs.writeFileSync(lock.file, '999999999');
    lock.release();
    expect(fs.readFileSync(lock.file, 'utf8')).toBe('999999999');
  });

  it('takes over a stale lock whose pid is dead', async () => {
    const dir = tempDir();
    const pid = await deadPid();
    fs.writeFileSync(path.join(dir, '.slotflow.lock'), String(pid));
    const lock = acquire(dir);
    expect(fs.readFileSync(lock.file, 'utf8')).toBe(String(process.pid));
  });

  it.each([
    ['empty', ''],
    ['garbage', 'not-a-pid'],
  ])('takes over a half-written (%s) lock file', (_label, content) => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, '.slotflow.lock'), content);
    const lock = acquire(dir);
    expect(fs.readFileSync(lock.file, 'utf8')).toBe(String(process.pid));
  });

  it('refuses while another live process holds it, and takes it over once that process is dead', async () => {
    const dir = tempDir();
    const child = await lockInChild(dir);
    expect(fs.readFileSync(path.join(dir, '.slotflow.lock'), 'utf8')).toBe(String(child.pid));

    const err = lockedError(() => acquire(dir));
    expect(err.pid).toBe(child.pid);
    expect(err.message).toContain(`pid ${child.pid}`);

    child.kill('SIGKILL');
    await exited(child);
    // The SIGKILLed holder could not clean up: its lock file is still there, now stale.
    expect(fs.readFileSync(path.join(dir, '.slotflow.lock'), 'utf8')).toBe(String(child.pid));
    const lock = acquire(dir);
    expect(fs.readFileSync(lock.file, 'utf8')).toBe(String(process.pid));
  });
});

describe('openDatabase on PGlite', () => {
  it('a second open of the same data dir rejects with DataDirLockedError; after close it opens again', async () => {
    const dataDir = tempDir('pglite-lock');
    fs.cpSync(inject('pgliteMigratedTemplate'), dataDir, { recursive: true });
    const first = await openDatabase({ kind: 'pglite', dataDir });
    databases.push(first);

    const second = openDatabase({ kind: 'pglite', dataDir });
    await expect(second).rejects.toBeInstanceOf(DataDirLockedError);
    await expect(second).rejects.toMatchObject({ pid: process.pid, dir: dataDir });

    // The failed open did not disturb the first one's lock or its database.
    expect(fs.readFileSync(path.join(dataDir, '.slotflow.lock'), 'utf8')).toBe(String(process.pid));
    const rows = await first.scriptTransaction((exec) => exec('SELECT count(*)::int AS n FROM schema_migrations'));
    expect(rows[0]!.n).toBeGreaterThan(0);

    await databases.pop()!.close();
    expect(fs.existsSync(path.join(dataDir, '.slotflow.lock'))).toBe(false);
    const again = await openDatabase({ kind: 'pglite', dataDir });
    databases.push(again);
    expect(fs.readFileSync(path.join(dataDir, '.slotflow.lock'), 'utf8')).toBe(String(process.pid));
  });
});
