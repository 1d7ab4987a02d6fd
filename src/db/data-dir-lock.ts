/**
 * Exclusive lock on a PGlite data dir.
 *
 * PGlite does not lock its data dir (DESIGN.md §1), and two processes writing one dir corrupt it. The lock
 * is a file created with O_EXCL holding the owner's pid. A lock whose pid is no longer alive (the owner was
 * SIGKILLed) is stale and taken over; a live owner makes `acquire` throw `DataDirLockedError`.
 */
import fs from 'node:fs';
import path from 'node:path';

export class DataDirLockedError extends Error {
  constructor(
    readonly dir: string,
    readonly pid: number,
  ) {
    super(`The database directory ${dir} is in use by another slotflow process (pid ${pid}). ` + `Stop that process, or point DATA_DIR at another directory.`);
    this.name = 'DataDirLockedError';
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to someone else — still alive.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export type DataDirLock = { readonly file: string; release(): void };

/** Takes the lock on `dir` (created if missing) for this process; throws `DataDirLockedError` if held. */
export function acquireDataDirLock(dir: string): DataDirLock {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = path.join(dir, '.slotflow.lock');
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = fs.openSync(file, 'wx', 0o600);
      fs.writeSync(fd, String(process.pid));
      fs.closeSync(fd);
      let released = false;
      return {
        file,
        release() {
          if (released) return;
          released = true;
          try {
            if (fs.readFileSync(file, 'utf8').trim() === String(process.pid)) fs.unlinkSync(file);
          } catch {
            /* already gone */
          }
        },
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const owner = Number.parseInt(safeRead(file), 10);
      if (Number.isInteger(owner) && owner > 0 && isAlive(owner)) throw new DataDirLockedError(dir, owner);
      // Stale (owner died) or half-written: remove and retry. Another process racing us for the takeover
      // loses at openSync('wx') above.
      try {
        fs.unlinkSync(file);
      } catch {
        /* someone else removed it first */
      }
    }
  }
  throw new Error(`Could not take the lock ${file}; remove it if no slotflow process is running.`);
}

function safeRead(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}
