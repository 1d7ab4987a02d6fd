/**
 * `resolveSecrets`: generated once into DATA_DIR/secrets.json (0600), reused afterwards, configured values
 * win and never reach the file, a corrupt file is an error naming it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { resolveSecrets, secretsFile } from '../src/secrets.ts';
import { makeTempDir } from './support/paths.ts';

const NONE = { adminApiKey: undefined, linkSigningSecret: undefined };

const temps: string[] = [];
function dataDir(): string {
  const dir = makeTempDir('secrets');
  temps.push(dir);
  return dir;
}
afterEach(() => {
  while (temps.length) fs.rmSync(temps.pop()!, { recursive: true, force: true });
});

const readStored = (dir: string): Record<string, unknown> => JSON.parse(fs.readFileSync(secretsFile(dir), 'utf8'));

describe('resolveSecrets', () => {
  it('generates both secrets on the first call and stores them in secrets.json with mode 0600', () => {
    const dir = path.join(dataDir(), 'not-yet-created');
    const s = resolveSecrets(dir, NONE);
    expect(s.generated.sort()).toEqual(['ADMIN_API_KEY', 'LINK_SIGNING_SECRET']);
    expect(s.adminApiKey).toMatch(/^sfk_[A-Za-z0-9_-]{32}$/);
    expect(s.linkSigningSecret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    // Long enough to pass the config's own minimums when copied into the environment.
    expect(s.adminApiKey.length).toBeGreaterThanOrEqual(24);
    expect(s.linkSigningSecret.length).toBeGreaterThanOrEqual(32);

    const file = secretsFile(dir);
    expect(file).toBe(path.join(dir, 'secrets.json'));
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(readStored(dir)).toEqual({ adminApiKey: s.adminApiKey, linkSigningSecret: s.linkSigningSecret });
    // No temp file left behind.
    expect(fs.readdirSync(dir)).toEqual(['secrets.json']);
  });

  it('returns the stored values on later calls and generates nothing', () => {
    const dir = dataDir();
    const first = resolveSecrets(dir, NONE);
    const before = fs.statSync(secretsFile(dir)).mtimeMs;
    const second = resolveSecrets(dir, NONE);
    expect(second).toEqual({ adminApiKey: first.adminApiKey, linkSigningSecret: first.linkSigningSecret, generated: [] });
    expect(fs.statSync(secretsFile(dir)).mtimeMs).toBe(before);
  });

  it('generates different secrets for different data dirs', () => {
    const a = resolveSecrets(dataDir(), NONE);
    const b = resolveSecrets(dataDir(), NONE);
    expect(a.adminApiKey).not.toBe(b.adminApiKey);
    expect(a.linkSigningSecret).not.toBe(b.linkSigningSecret);
    expect(a.adminApiKey).not.toBe(a.linkSigningSecret);
  });

  it('uses configured values and writes nothing when both are configured', () => {
    const dir = dataDir();
    const configured = { adminApiKey: 'configured-admin-key-0123456789', linkSigningSecret: 'configured-link-secret-0123456789abcdef' };
    const s = resolveSecrets(dir, configured);
    expect(s).toEqual({ ...configured, generated: [] });
    expect(fs.existsSync(secretsFile(dir))).toBe(false);
  });

  it('configured values win over stored ones, and only the generated one is written', () => {
    const dir = dataDir();
    const adminApiKey = 'configured-admin-key-0123456789';
    const s = resolveSecrets(dir, { adminApiKey, linkSigningSecret: undefined });
    expect(s.adminApiKey).toBe(adminApiKey);
    expect(s.generated).toEqual(['LINK_SIGNING_SECRET']);
    expect(readStored(dir)).toEqual({ linkSigningSecret: s.linkSigningSecret });
    expect(fs.readFileSync(secretsFile(dir), 'utf8')).not.toContain(adminApiKey);

    // Later, without configuration: the admin key is generated and added; the stored link secret is kept.
    const later = resolveSecrets(dir, NONE);
    expect(later.generated).toEqual(['ADMIN_API_KEY']);
    expect(later.linkSigningSecret).toBe(s.linkSigningSecret);
    expect(later.adminApiKey).not.toBe(adminApiKey);
    expect(readStored(dir)).toEqual({ adminApiKey: later.adminApiKey, linkSigningSecret: s.linkSigningSecret });

    // A configured value overrides the stored one without touching the file.
    const overridden = resolveSecrets(dir, { adminApiKey: undefined, linkSigningSecret: 'configured-link-secret-0123456789abcdef' });
    expect(overridden).toEqual({ adminApiKey: later.adminApiKey, linkSigningSecret: 'configured-link-secret-0123456789abcdef', generated: [] });
    expect(readStored(dir)).toEqual({ adminApiKey: later.adminApiKey, linkSigningSecret: s.linkSigningSecret });
  });

  it('rewrites an existing, too-open secrets.json as a fresh 0600 file when it adds a secret', () => {
    const dir = dataDir();
    const file = secretsFile(dir);
    fs.writeFileSync(file, JSON.stringify({ linkSigningSecret: 'stored-link-secret-0123456789abcdef' }), { mode: 0o644 });
    fs.chmodSync(file, 0o644);
    const s = resolveSecrets(dir, NONE);
    expect(s.generated).toEqual(['ADMIN_API_KEY']);
    expect(s.linkSigningSecret).toBe('stored-link-secret-0123456789abcdef');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(readStored(dir)).toEqual({ adminApiKey: s.adminApiKey, linkSigningSecret: 'stored-link-secret-0123456789abcdef' });
    expect(fs.readdirSync(dir)).toEqual(['secrets.json']);
  });

  it.each([
    ['not JSON', '{ "adminApiKey": '],
    ['JSON null', 'null'],
    ['an array', '[]'],
    ['a string', '"sfk_abc"'],
    ['a non-string secret', '{ "adminApiKey": 42 }'],
    ['an empty secret', '{ "adminApiKey": "", "linkSigningSecret": "x" }'],
  ])('throws an error naming the file when secrets.json is corrupt (%s), and leaves it alone', (_label, content) => {
    const dir = dataDir();
    const file = secretsFile(dir);
    fs.writeFileSync(file, content);
    expect(() => resolveSecrets(dir, NONE)).toThrow(file);
    expect(fs.readFileSync(file, 'utf8')).toBe(content);
  });
});
