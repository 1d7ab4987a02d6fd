/**
 * Secrets that slotflow generates on first start when they are not configured: the admin API key and
 * the link-signing secret. They are stored in `DATA_DIR/secrets.json` (mode 0600) and reused on every
 * later start, so signed links and the admin key survive restarts. The admin key is printed once, when
 * generated. Several gateways behind a load balancer must share them: production sets both in the env.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ensurePrivateDir } from './private-files.ts';

export type Secrets = { adminApiKey: string; linkSigningSecret: string; generated: ('ADMIN_API_KEY' | 'LINK_SIGNING_SECRET')[] };

type Stored = { adminApiKey?: string; linkSigningSecret?: string };

export function secretsFile(dataDir: string): string {
  return path.join(dataDir, 'secrets.json');
}

export function resolveSecrets(dataDir: string, configured: { adminApiKey: string | undefined; linkSigningSecret: string | undefined }): Secrets {
  const file = secretsFile(dataDir);
  let stored: Stored = {};
  try {
    stored = parseStored(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw new Error(`Cannot read ${file}: ${(err as Error).message}. Fix or delete it.`, { cause: err });
    }
  }
  const generated: Secrets['generated'] = [];
  const adminApiKey = configured.adminApiKey ?? stored.adminApiKey ?? gen('ADMIN_API_KEY', () => `sfk_${randomBytes(24).toString('base64url')}`);
  const linkSigningSecret = configured.linkSigningSecret ?? stored.linkSigningSecret ?? gen('LINK_SIGNING_SECRET', () => randomBytes(32).toString('base64url'));
  function gen(name: Secrets['generated'][number], make: () => string): string {
    generated.push(name);
    return make();
  }
  if (generated.length > 0) {
    const next: Stored = { ...stored };
    if (generated.includes('ADMIN_API_KEY')) next.adminApiKey = adminApiKey;
    if (generated.includes('LINK_SIGNING_SECRET')) next.linkSigningSecret = linkSigningSecret;
    ensurePrivateDir(dataDir);
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(next, null, 2) + '\n', { mode: 0o600 });
    fs.renameSync(tmp, file);
  }
  return { adminApiKey, linkSigningSecret, generated };
}

/** Valid JSON is not enough: the file must be an object whose secrets, when present, are non-empty strings. */
function parseStored(text: string): Stored {
  const value: unknown = JSON.parse(text);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('expected a JSON object');
  const stored = value as Record<string, unknown>;
  for (const key of ['adminApiKey', 'linkSigningSecret'] as const) {
    const v = stored[key];
    if (v !== undefined && (typeof v !== 'string' || v === '')) throw new Error(`"${key}" must be a non-empty string`);
  }
  return stored as Stored;
}
