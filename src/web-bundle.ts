/**
 * The web pages (widget, manage page, admin dashboard) are a Vite build of `web/` into `web/dist/`.
 * `slotflow start` and the test setup call `ensureWebBuilt()`: it rebuilds only when the sources changed
 * since the last build (a fingerprint of every file under web/ except dist, stored in dist/.fingerprint),
 * so a fresh clone builds once (~10 s) and later starts cost a hash of a few dozen files.
 * Production images build at image time (`npm run build:web`); the `gateway` role only serves what is there.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const WEB_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../web');
export const WEB_DIST = path.join(WEB_ROOT, 'dist');
const FINGERPRINT_FILE = '.fingerprint';

function listSources(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'dist' || entry.name === 'node_modules') continue;
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listSources(p));
    else out.push(p);
  }
  return out.sort();
}

/** Hash of web/ sources plus the lockfile (a dependency bump changes the bundle too). */
export function webFingerprint(root = WEB_ROOT): string {
  const h = createHash('sha256');
  // This file too: how it calls Vite (mode, defines) changes the output.
  const files = [...listSources(root), path.join(root, '..', 'package-lock.json'), fileURLToPath(import.meta.url)];
  // Shared pure modules the pages import from src/ change the bundle as well.
  const shared = path.join(root, '..', 'src', 'domain');
  if (fs.existsSync(shared)) files.push(...listSources(shared));
  for (const f of files) {
    if (!fs.existsSync(f)) continue;
    h.update(path.relative(root, f));
    h.update('\0');
    h.update(fs.readFileSync(f));
    h.update('\0');
  }
  return h.digest('hex');
}

/** True when web/dist holds a complete build. */
export function webBuilt(dist = WEB_DIST): boolean {
  return ['book.html', 'manage.html', 'admin.html', 'embed.js'].every((f) => fs.existsSync(path.join(dist, f)));
}

/**
 * Builds web/ into `outDir` (default web/dist) unless the last build there is of the same sources.
 * The build goes to a sibling temp dir first and is swapped in by rename, so a reader never sees half
 * a build. Returns whether it built.
 */
export async function ensureWebBuilt(opts: { outDir?: string; log?: (msg: string) => void } = {}): Promise<boolean> {
  const outDir = opts.outDir ?? WEB_DIST;
  const fingerprint = webFingerprint();
  const stamp = path.join(outDir, FINGERPRINT_FILE);
  if (webBuilt(outDir) && fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8') === fingerprint) return false;
  opts.log?.(`building the web pages (web/ → ${path.relative(process.cwd(), outDir) || outDir})`);
  const staging = `${outDir}.building-${process.pid}`;
  fs.rmSync(staging, { recursive: true, force: true });
  // vite is a build-time dependency: imported only when a build is needed.
  const { build } = await import('vite');
  // Always a production build, whatever NODE_ENV the caller runs under: Vite and the React plugin read
  // NODE_ENV itself (vitest sets 'test', which bundles React's development build and the jsxDEV
  // transform: twice the size). Restored afterwards for the caller.
  const callerEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({ configFile: path.join(WEB_ROOT, 'vite.config.ts'), logLevel: 'warn', mode: 'production', build: { outDir: staging, emptyOutDir: true } });
  } finally {
    if (callerEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = callerEnv;
  }
  fs.writeFileSync(path.join(staging, FINGERPRINT_FILE), fingerprint);
  const old = `${outDir}.old-${process.pid}`;
  if (fs.existsSync(outDir)) fs.renameSync(outDir, old);
  fs.renameSync(staging, outDir);
  fs.rmSync(old, { recursive: true, force: true });
  return true;
}
