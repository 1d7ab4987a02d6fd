/**
 * How the CLI surfaces a bad configuration (exit 78, every problem on stderr, nothing touched), its help and
 * an unknown command. Each case launches `node --import tsx src/cli.ts` (seconds each), so it lives in the
 * e2e tier; the parsing itself (`loadConfig`) is unit-tested in test/config.test.ts.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { makeTempDir, REPO_ROOT } from '../support/paths.ts';

type Exit = { code: number | null; stdout: string; stderr: string };

function runCli(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<Exit> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], {
      cwd: REPO_ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('the CLI and configuration', () => {
  const dataDir = makeTempDir('config-cli');
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('exits 78 (EX_CONFIG) on a bad configuration and lists every problem on stderr', async () => {
    const r = await runCli(['migrate'], { ...process.env, PORT: 'abc', LOG_LEVEL: 'loud', DATA_DIR: dataDir });
    expect(r.code).toBe(78);
    expect(r.stderr).toContain('Invalid configuration');
    expect(r.stderr).toMatch(/^ {2}- PORT: .*"abc"/m);
    expect(r.stderr).toMatch(/^ {2}- LOG_LEVEL: .*"loud"/m);
    // Nothing was touched: the config is checked before the database is opened.
    expect(fs.readdirSync(dataDir)).toEqual([]);
  });

  it('prints the usage for --help and exits 0', async () => {
    const r = await runCli(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Usage: slotflow <command>');
    for (const command of ['start', 'gateway', 'worker', 'migrate', 'temporal']) expect(r.stdout).toContain(command);
  });

  it('prints the command usage for `start --help` and exits 0, even with a bad configuration', async () => {
    const r = await runCli(['start', '--help'], { ...process.env, PORT: 'abc', DATA_DIR: dataDir });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Usage: slotflow start');
    expect(r.stdout).not.toContain('Usage: slotflow <command>');
  });

  it('exits 2 on an unknown command, showing the usage on stderr', async () => {
    const r = await runCli(['frobnicate'], { ...process.env, DATA_DIR: dataDir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Unknown command "frobnicate"');
    expect(r.stderr).toContain('Usage: slotflow <command>');
    expect(r.stdout).toBe('');
  });
});
