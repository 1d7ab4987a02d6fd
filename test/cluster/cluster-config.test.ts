/**
 * The production shape's config (src/cluster/config): numHistoryShards can never change once a server has
 * started on a database, so this test fails when someone edits it; docker-compose.yml runs the same files
 * and versions as `slotflow cluster`; the server's ports derived from the frontend's stay distinct and
 * below 32768 (the SQL store keeps membership ports as smallint).
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import os from 'node:os';
import { CONFIG_DIR, DEFAULT_PORTS, processSpecs, REPO_ROOT, temporalPorts, WORKER_CACHE } from '../../src/cluster/cluster.ts';
import { GO_TOOLS } from '../../src/cluster/go-tools.ts';

const read = (file: string) => fs.readFileSync(path.join(CONFIG_DIR, file), 'utf8');

describe('cluster config', () => {
  it('keeps numHistoryShards at 512 (it can never change after the first start)', () => {
    const shards = [...read('temporal-server.yaml').matchAll(/^\s*numHistoryShards:\s*(\d+)\s*$/gm)].map((m) => Number(m[1]));
    expect(shards).toEqual([512]);
    expect(read('temporal-server.yaml').split('\n').slice(0, 3).join('\n')).toContain('# enable-template');
  });

  it('docker-compose.yml builds the same Go versions and mounts the same config files', () => {
    const compose = fs.readFileSync(path.join(REPO_ROOT, 'docker-compose.yml'), 'utf8');
    const dockerfile = read('temporal.Dockerfile');
    for (const tool of Object.values(GO_TOOLS)) expect(dockerfile).toContain(`${tool.module}@v${tool.version}`);
    expect(compose).toContain('src/cluster/config/temporal.Dockerfile');
    expect(compose).toContain('/etc/slotflow/temporal/temporal-server.yaml');
    expect(compose).toContain('src/cluster/config/haproxy.cfg');
  });

  it('derives distinct server ports that fit the membership table', () => {
    const ports = Object.values(temporalPorts(31_000));
    expect(new Set(ports).size).toBe(ports.length);
    expect(Math.max(...ports)).toBeLessThan(32_768);
  });

  it('bounds each worker’s workflow cache unless told otherwise, and only the workers’', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slotflow-specs-'));
    try {
      const options = { dir, binDir: dir, name: 'specs', postgres: { host: '127.0.0.1', port: 5432, user: 'postgres' }, ports: DEFAULT_PORTS, log: () => {} };
      const bins = { server: '/bin/server', haproxy: '/bin/haproxy' };
      const cache = (specs: ReturnType<typeof processSpecs>) => Object.fromEntries(specs.map((p) => [p.name, p.env.WORKER_MAX_CACHED_WORKFLOWS]));
      expect(WORKER_CACHE).toBe(250);
      expect(cache(processSpecs(options, bins))).toMatchObject({ 'worker-1': '250', 'worker-2': '250', 'gateway-1': undefined, haproxy: undefined });
      expect(cache(processSpecs({ ...options, env: { WORKER_MAX_CACHED_WORKFLOWS: '40' } }, bins))).toMatchObject({ 'worker-1': '40', 'worker-2': '40' });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
