/**
 * `slotflow start` as a user runs it: a fresh data dir, the embedded Temporal dev server with its Web UI,
 * PGlite, worker and gateway in one process; SIGTERM / SIGINT leave no `temporal` process behind; a second
 * start reuses the data (workflow history, rows, secrets); a concurrent start on the same dir is refused.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { afterAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { openDatabase } from '../../src/db/database.ts';
import { findHealthProbe } from '../../src/db/health-probe.repository.ts';
import { freePort } from '../../src/temporal/free-port.ts';
import { makeTempDir, REPO_ROOT } from '../support/paths.ts';
import { isAlive, runCli, waitFor, withTimeout, type RunningCli } from '../support/process.ts';

describe('slotflow start', () => {
  const dataDir = makeTempDir('start');
  const running: RunningCli[] = [];
  afterAll(async () => {
    for (const r of running) if (r.child.exitCode === null) r.child.kill('SIGKILL');
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  async function start() {
    const [port, temporalPort, uiPort] = [await freePort(), await freePort(), await freePort()];
    const cli = runCli(['start'], {
      DATA_DIR: dataDir,
      PORT: String(port),
      TEMPORAL_PORT: String(temporalPort),
      TEMPORAL_UI_PORT: String(uiPort),
      TEMPORAL_CLI_PATH: inject('temporalCliPath'),
      TEMPORAL_ADDRESS: '',
      DATABASE_URL: '',
      ADMIN_API_KEY: '',
      LINK_SIGNING_SECRET: '',
      LOG_LEVEL: 'info',
    });
    running.push(cli);
    const base = `http://127.0.0.1:${port}`;
    const began = Date.now();
    await waitFor(
      async () => {
        if (cli.child.exitCode !== null) throw new Error(`slotflow exited early:\n${cli.stderr()}`);
        const res = await fetch(`${base}/healthz`);
        return res.status === 200 ? true : undefined;
      },
      60_000,
      '/healthz 200',
    );
    return { cli, base, temporalAddress: `127.0.0.1:${temporalPort}`, uiPort, startupMs: Date.now() - began };
  }

  const adminKey = () => (JSON.parse(fs.readFileSync(path.join(dataDir, 'secrets.json'), 'utf8')) as { adminApiKey: string }).adminApiKey;
  const temporalPid = () => Number(fs.readFileSync(path.join(dataDir, 'temporal', 'temporal.db.pid'), 'utf8'));

  let workflowId = '';
  let probeId = '';
  let firstKey = '';

  it('starts everything on a fresh data dir; /healthz is 200 within 60 s and the Temporal UI answers', async () => {
    const s = await start();
    expect(s.startupMs).toBeLessThan(60_000);
    const ui = await fetch(`http://127.0.0.1:${s.uiPort}/`);
    expect(ui.status).toBe(200);
    expect(await ui.text()).toMatch(/<html/i);

    firstKey = adminKey();
    // stderr is no terminal here (as under a service manager): where the key is, never the key itself.
    expect(s.cli.stderr()).toContain('generated now (read it from that file');
    expect(s.cli.stderr()).not.toContain(firstKey);
    // The fresh data dir is this user's only: 0700 directories, 0600 files (PGlite's included).
    const modes = new Set<string>();
    const walk = (p: string) => {
      const st = fs.lstatSync(p);
      if (st.isSymbolicLink() || st.isSocket()) return;
      modes.add(`${st.isDirectory() ? 'd' : 'f'}${(st.mode & 0o777).toString(8)}`);
      if (st.isDirectory()) for (const f of fs.readdirSync(p)) walk(path.join(p, f));
    };
    expect((fs.statSync(dataDir).mode & 0o777).toString(8)).toBe('700');
    expect((fs.statSync(path.join(dataDir, 'secrets.json')).mode & 0o777).toString(8)).toBe('600');
    walk(path.join(dataDir, 'pg'));
    expect([...modes].sort()).toEqual(['d700', 'f600']);
    const res = await fetch(`${s.base}/v1/admin/selftest`, {
      method: 'POST',
      headers: { authorization: `Bearer ${firstKey}`, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(res.status).toBe(200);
    ({
      workflowId,
      probe: { id: probeId },
    } = (await res.json()) as { workflowId: string; probe: { id: string } });

    // A second start on the same data dir is refused and does not disturb the first.
    const pid = temporalPid();
    const second = runCli(['start'], { DATA_DIR: dataDir, PORT: '0', TEMPORAL_CLI_PATH: inject('temporalCliPath'), TEMPORAL_ADDRESS: '' });
    const { code } = await withTimeout(second.exited, 30_000, 'second start to exit');
    expect(code).not.toBe(0);
    expect(second.stderr()).toMatch(/in use by another slotflow process \(pid \d+\)/);
    expect(isAlive(pid)).toBe(true);
    expect((await fetch(`${s.base}/healthz`)).status).toBe(200);

    // SIGTERM: exit 0, dev server gone, pid file removed.
    s.cli.child.kill('SIGTERM');
    const exit = await withTimeout(s.cli.exited, 30_000, 'shutdown after SIGTERM');
    expect(exit.code).toBe(0);
    expect(isAlive(pid)).toBe(false);
    expect(fs.existsSync(path.join(dataDir, 'temporal', 'temporal.db.pid'))).toBe(false);
  }, 180_000); // up to 60 s to healthz, a refused second start, a clean stop — on a loaded CI machine

  it('restarts on the same data: workflow history, rows and secrets survive; Ctrl-C (SIGINT) stops it cleanly', async () => {
    expect(workflowId).not.toBe('');
    const s = await start();
    expect(adminKey()).toBe(firstKey);
    expect(s.cli.stderr()).not.toContain('generated now');
    const migrations = fs.readdirSync(path.join(REPO_ROOT, 'migrations')).filter((f) => f.endsWith('.sql')).length;
    expect(s.cli.stdout()).toContain(`"applied":[],"alreadyApplied":${migrations}`);

    const connection = await Connection.connect({ address: s.temporalAddress });
    try {
      const handle = new Client({ connection }).workflow.getHandle(workflowId);
      expect((await handle.describe()).status.name).toBe('COMPLETED');
      expect(await handle.result()).toMatchObject({ id: probeId });
    } finally {
      await connection.close();
    }
    const res = await fetch(`${s.base}/v1/admin/selftest`, {
      method: 'POST',
      headers: { authorization: `Bearer ${firstKey}`, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(((await res.json()) as { probe: { counter: number } }).probe.counter).toBe(2);

    const pid = temporalPid();
    s.cli.child.kill('SIGINT');
    expect((await withTimeout(s.cli.exited, 30_000, 'shutdown after SIGINT')).code).toBe(0);
    expect(isAlive(pid)).toBe(false);

    // The row written before the first restart is still in PGlite.
    const database = await openDatabase({ kind: 'pglite', dataDir: path.join(dataDir, 'pg') });
    try {
      expect(await findHealthProbe(database.db, probeId)).toMatchObject({ id: probeId, counter: 1 });
    } finally {
      await database.close();
    }
  }, 180_000);
});
