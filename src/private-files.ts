/**
 * Customer data on disk is readable by slotflow's user only: data directories are 0700, files 0600.
 * PGlite (Emscripten's NODEFS) creates its files 0666 whatever the umask, so its tree is tightened after
 * it opens and when it closes; files it creates in between sit inside a 0700 directory, which other
 * users cannot enter.
 */
import fs from 'node:fs';
import path from 'node:path';

/** Creates `dir` (and parents) if missing and makes `dir` itself 0700. */
export function ensurePrivateDir(dir: string): void {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  fs.chmodSync(dir, 0o700);
}

/**
 * Every directory under and including `dir` 0700, every file 0600 (symlinks are left alone). A file
 * that disappears meanwhile (PGlite removes temporary files) is skipped.
 */
export function restrictTree(dir: string): void {
  try {
    fs.chmodSync(dir, 0o700);
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, entry.name);
      if (entry.isDirectory()) restrictTree(p);
      else if (entry.isFile()) chmodIfPresent(p, 0o600);
    }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
}

function chmodIfPresent(file: string, mode: number): void {
  try {
    fs.chmodSync(file, mode);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
}
