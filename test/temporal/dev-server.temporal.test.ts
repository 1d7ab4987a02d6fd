/**
 * The embedded dev server (src/temporal/dev-server.ts) against the real Temporal CLI: search attributes
 * on new and existing state files, clean stop, and the orphan left by a SIGKILLed slotflow.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import proto from '@temporalio/proto';
import { describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { freePort, waitForPort } from '../../src/temporal/free-port.ts';
import { startDevServer } from '../../src/temporal/dev-server.ts';
import { SEARCH_ATTRIBUTES } from '../../src/temporal/search-attributes.ts';
import { makeTempDir } from '../support/paths.ts';
import { isAlive, withTimeout } from '../support/process.ts';

const { IndexedValueType } = proto.temporal.api.enums.v1;

async function customAttributes(address: string): Promise<Record<string, string>> {
  const connection = await Connection.connect({ address });
  try {
    const res = await connection.operatorService.listSearchAttributes({ namespace: 'default' });
    return Object.fromEntries(Object.entries(res.customAttributes ?? {}).map(([k, v]) => [k, IndexedValueType[v]!]));
  } finally {
    await connection.close();
  }
}

const EXPECTED = {
  BookingStatus: 'INDEXED_VALUE_TYPE_KEYWORD',
  ServiceId: 'INDEXED_VALUE_TYPE_KEYWORD',
  ProviderId: 'INDEXED_VALUE_TYPE_KEYWORD',
  AppointmentStart: 'INDEXED_VALUE_TYPE_DATETIME',
  CustomerEmail: 'INDEXED_VALUE_TYPE_KEYWORD',
  BookingChannel: 'INDEXED_VALUE_TYPE_KEYWORD',
  BookingSummary: 'INDEXED_VALUE_TYPE_KEYWORD',
};

describe('embedded Temporal dev server', () => {
  it('registers the booking search attributes and stops without leaving a process', async () => {
    expect(SEARCH_ATTRIBUTES.map((k) => k.name).sort()).toEqual(Object.keys(EXPECTED).sort());
    const dir = makeTempDir('devserver');
    const server = await startDevServer({ cliPath: inject('temporalCliPath'), dbFile: path.join(dir, 't.db'), port: 0, uiPort: false });
    try {
      expect(await customAttributes(server.address)).toMatchObject(EXPECTED);
    } finally {
      await server.stop();
    }
    expect(isAlive(server.pid)).toBe(false);
  });

  it('runs one partition per task queue (a task in a partition without a poller waited ~2 s)', async () => {
    const server = await startDevServer({ cliPath: inject('temporalCliPath'), port: 0, uiPort: false });
    const connection = await Connection.connect({ address: server.address });
    try {
      const res = await connection.workflowService.listTaskQueuePartitions({ namespace: 'default', taskQueue: { name: 'bookings' } });
      expect(res.workflowTaskQueuePartitions).toHaveLength(1);
      expect(res.activityTaskQueuePartitions).toHaveLength(1);
    } finally {
      await connection.close();
      await server.stop();
    }
  });

  it('adds missing search attributes to an existing state file (where start-dev ignores the flags)', async () => {
    const dir = makeTempDir('devserver');
    const dbFile = path.join(dir, 'old.db');
    const port = await freePort();
    // An "old" state file created without slotflow's attributes.
    const bare = spawn(inject('temporalCliPath'), ['server', 'start-dev', '--headless', '--ip', '127.0.0.1', '--port', String(port), '--db-filename', dbFile], {
      stdio: 'ignore',
    });
    await waitForPort(port, '127.0.0.1', 30_000);
    const before = await withTimeout(
      (async () => {
        for (;;) {
          try {
            return await customAttributes(`127.0.0.1:${port}`);
          } catch {
            await new Promise((r) => setTimeout(r, 200));
          }
        }
      })(),
      30_000,
      'bare dev server',
    );
    expect(before).not.toHaveProperty('BookingStatus');
    bare.kill('SIGTERM');
    await new Promise((r) => bare.once('exit', r));

    const server = await startDevServer({ cliPath: inject('temporalCliPath'), dbFile, port: 0, uiPort: false });
    try {
      expect(await customAttributes(server.address)).toMatchObject(EXPECTED);
    } finally {
      await server.stop();
    }
  });

  it('ends a dev server orphaned by a killed slotflow before starting a new one on the same state', async () => {
    const dir = makeTempDir('devserver');
    const dbFile = path.join(dir, 'state.db');
    const orphan = await startDevServer({ cliPath: inject('temporalCliPath'), dbFile, port: 0, uiPort: false });
    // Pretend our process died without stopping it: start again on the same state file.
    const next = await startDevServer({ cliPath: inject('temporalCliPath'), dbFile, port: 0, uiPort: false });
    try {
      expect(isAlive(orphan.pid)).toBe(false);
      expect(isAlive(next.pid)).toBe(true);
      expect(await customAttributes(next.address)).toHaveProperty('BookingStatus');
    } finally {
      await next.stop();
      await orphan.stop();
    }
  });

  it('fails start-up with the server output when the CLI cannot start', async () => {
    const dir = makeTempDir('devserver');
    // A directory where the SQLite file should be: the CLI exits during start-up.
    const err = await startDevServer({
      cliPath: inject('temporalCliPath'),
      dbFile: dir,
      pidFile: path.join(dir, 'pid'),
      port: 0,
      uiPort: false,
      startupTimeoutMs: 20_000,
    }).catch((e: Error) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toMatch(/exited during start-up/);
  });
});
