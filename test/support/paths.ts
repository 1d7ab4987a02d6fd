/** Scratch locations of the test run (git-ignored `.tmp/`). */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const TMP_ROOT = path.join(REPO_ROOT, '.tmp');

/** Hash of everything a migrated template depends on: the migration files and the PGlite version. */
export function migrationsFingerprint(): string {
  const h = createHash('sha256');
  const dir = path.join(REPO_ROOT, 'migrations');
  for (const f of fs.readdirSync(dir).sort()) h.update(f).update(fs.readFileSync(path.join(dir, f)));
  h.update(JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'node_modules/@electric-sql/pglite/package.json'), 'utf8')).version);
  return h.digest('hex').slice(0, 12);
}

export function makeTempDir(prefix: string): string {
  fs.mkdirSync(TMP_ROOT, { recursive: true });
  return fs.mkdtempSync(path.join(TMP_ROOT, `${prefix}-`));
}
