/**
 * Availability benchmark (`npm run bench`). Prints p50/p99 of a 30-day query:
 *   - in-process: `getSlots` vs the naive per-slot-scan baseline (ratio printed), and
 *   - over HTTP: GET /v1/availability on a listening gateway backed by PGlite (and PostgreSQL when
 *     TEST_DATABASE_URL or the local server answers),
 * and the same range through an AI agent's `find_slots` over MCP (ratio to the GET printed),
 * for one provider with 2,000 bookings and 2,000 busy blocks, and for 10 such providers ("any provider").
 * Numbers are printed, not asserted.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { pino } from 'pino';
import { getSlots } from '../src/domain/availability/get-slots.ts';
import type { GetSlotsInput } from '../src/domain/availability/types.ts';
import { loadAvailabilityInputs } from '../src/db/availability.repository.ts';
import { openDatabase, type Database } from '../src/db/database.ts';
import { migrate } from '../src/db/migrator.ts';
import { buildGateway } from '../src/gateway/app.ts';
import { createGatewayMetrics } from '../src/gateway/metrics.ts';
import { naiveSlots } from './naive-availability.ts';
import { rowByRowSlots } from './row-by-row-load.ts';
import { Client as McpClient, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { issueApiKey } from '../src/use-cases/issue-api-key.ts';

const NOW = Date.parse('2026-03-01T00:00:00Z');
const RANGE = { start: Date.parse('2026-03-02T00:00:00Z'), end: Date.parse('2026-04-01T00:00:00Z') }; // 30 days, spans DST
const HOURS = {
  mon: [['07:00', '21:00']],
  tue: [['07:00', '21:00']],
  wed: [['07:00', '21:00']],
  thu: [['07:00', '21:00']],
  fri: [['07:00', '21:00']],
  sat: [['09:00', '13:00']],
};

/** Deterministic PRNG so every run benchmarks the same data. */
function rng(seed: number) {
  return () => (seed = (seed * 1664525 + 1013904223) >>> 0) / 2 ** 32;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** p50 / p99 of `fn`; `before` (untimed) runs before each call, e.g. to change data the call then reads. */
async function timeIt(label: string, iterations: number, fn: () => Promise<unknown> | unknown, before?: (i: number) => Promise<unknown>) {
  for (let i = 0; i < Math.min(20, iterations); i++) {
    await before?.(i);
    await fn(); // warm-up
  }
  const ms: number[] = [];
  for (let i = 0; i < iterations; i++) {
    await before?.(i);
    const t0 = process.hrtime.bigint();
    await fn();
    ms.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  ms.sort((a, b) => a - b);
  const r = { label, p50: percentile(ms, 50), p99: percentile(ms, 99) };
  console.log(`  ${label.padEnd(76)} p50 ${r.p50.toFixed(2).padStart(8)} ms   p99 ${r.p99.toFixed(2).padStart(8)} ms   (n=${iterations})`);
  return r;
}

/** Non-overlapping 5-minute bookings on a 5-minute grid inside working hours, plus busy blocks anywhere. */
function makeData(providerIds: string[], perProvider: number) {
  const rand = rng(42);
  const bookings: { providerId: string; start: number }[] = [];
  const busy: { providerId: string; start: number; end: number }[] = [];
  for (const providerId of providerIds) {
    const used = new Set<number>();
    while (used.size < perProvider) {
      const day = Math.floor(rand() * 30);
      const cell = Math.floor(rand() * 14 * 12); // 07:00–21:00 in 5-minute cells (UTC-ish; zone is Berlin)
      used.add(RANGE.start + day * 86_400_000 + 6 * 3_600_000 + cell * 300_000);
    }
    for (const start of used) bookings.push({ providerId, start });
    for (let i = 0; i < perProvider; i++) {
      const start = RANGE.start + Math.floor(rand() * 30 * 288) * 300_000;
      busy.push({ providerId, start, end: start + (1 + Math.floor(rand() * 3)) * 300_000 });
    }
  }
  return { bookings, busy };
}

/**
 * `providers` providers with `perProvider` bookings and busy blocks each. With `rooms`, the service needs a
 * treatment room and the laser (3 rooms and 1 laser, shared by every provider), and the seeded bookings hold
 * them where free: each a room, every third one the laser too.
 */
async function seed(database: Database, providers: number, perProvider: number, rooms = false) {
  const { db } = database;
  const svc = await db
    .insertInto('services')
    .values({
      name: 'Bench',
      duration_minutes: 30,
      buffer_before: 5,
      buffer_after: 10,
      slot_interval_minutes: 15,
      maximum_advance_days: 90,
      ...(rooms
        ? {
            required_resources: JSON.stringify([
              { pool: 'treatment-room', count: 1 },
              { pool: 'laser', count: 1 },
            ]),
          }
        : {}),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const ids: string[] = [];
  for (let i = 0; i < providers; i++) {
    const p = await db
      .insertInto('providers')
      .values({ name: `P${i}`, time_zone: 'Europe/Berlin', weekly_hours: JSON.stringify(HOURS) })
      .returning('id')
      .executeTakeFirstOrThrow();
    ids.push(p.id);
    await db.insertInto('provider_services').values({ provider_id: p.id, service_id: svc.id }).execute();
  }
  const data = makeData(ids, perProvider);
  const inserted: { id: string; start_time: Date }[] = [];
  for (let i = 0; i < data.bookings.length; i += 500) {
    const rows = await db
      .insertInto('bookings')
      .values(
        data.bookings.slice(i, i + 500).map((b) => ({
          service_id: svc.id,
          provider_id: b.providerId,
          customer_name: 'Bench',
          status: 'confirmed' as const,
          start_time: new Date(b.start),
          end_time: new Date(b.start + 300_000),
          blocked: `[${new Date(b.start).toISOString()},${new Date(b.start + 300_000).toISOString()})`,
        })),
      )
      .returning(['id', 'start_time'])
      .execute();
    inserted.push(...rows);
  }
  if (rooms) await seedUnits(db, inserted);
  for (let i = 0; i < data.busy.length; i += 500) {
    await db
      .insertInto('busy_blocks')
      .values(
        data.busy
          .slice(i, i + 500)
          .map((b, j) => ({ provider_id: b.providerId, start_time: new Date(b.start), end_time: new Date(b.end), source: 'bench', external_id: `b${i + j}` })),
      )
      .execute();
  }
  // Production databases have planner statistics (autovacuum); a freshly bulk-loaded one has none.
  await sql`ANALYZE`.execute(db);
  return { serviceId: svc.id, providerIds: ids };
}

/** 3 rooms and 1 laser; each booking (5 minutes) takes a free room, every third one the laser as well. */
async function seedUnits(db: Database['db'], bookings: { id: string; start_time: Date }[]) {
  const units = await db
    .insertInto('resources')
    .values([
      { name: 'Room 1', pool: 'treatment-room' },
      { name: 'Room 2', pool: 'treatment-room' },
      { name: 'Room 3', pool: 'treatment-room' },
      { name: 'Laser A', pool: 'laser' },
    ])
    .returning('id')
    .execute();
  const [roomIds, laser] = [units.slice(0, 3).map((u) => u.id), units[3]!.id];
  const freeFrom = new Map<string, number>(); // unit → end of its last use
  const holds: { booking_id: string; resource_id: string; blocked: string }[] = [];
  const take = (unit: string, b: { id: string; start_time: Date }) => {
    const start = b.start_time.getTime();
    if ((freeFrom.get(unit) ?? 0) > start) return false;
    freeFrom.set(unit, start + 300_000);
    holds.push({ booking_id: b.id, resource_id: unit, blocked: `[${b.start_time.toISOString()},${new Date(start + 300_000).toISOString()})` });
    return true;
  };
  [...bookings]
    .sort((a, b) => a.start_time.getTime() - b.start_time.getTime())
    .forEach((b, i) => {
      roomIds.some((r) => take(r, b));
      if (i % 3 === 0) take(laser, b);
    });
  for (let i = 0; i < holds.length; i += 500)
    await db
      .insertInto('booking_resources')
      .values(holds.slice(i, i + 500))
      .execute();
  return holds.length;
}

async function benchDatabase(kind: string, database: Database) {
  await migrate(database);
  const one = await seed(database, 1, 2000);
  const ten = await seed(database, 10, 2000);
  const five = await seed(database, 5, 2000, true);
  const app = await buildGateway(
    {
      db: database.db,
      // The availability route and find_slots never touch Temporal; the bench runs without a server.
      temporal: { client: undefined } as never,
      taskQueue: 'bench',
      adminApiKey: 'bench-admin-key-0123456789abcdef',
      version: 'bench',
      metrics: createGatewayMetrics(),
      checks: { database: async () => {}, temporal: async () => {} },
      clock: () => new Date(NOW),
      bookings: { holdTtlMs: 600_000, attendanceGraceMs: 3_600_000 },
    },
    { logger: pino({ level: process.env.BENCH_LOG ?? 'silent' }, pino.destination(2)), rateLimitPerMinute: 1_000_000, bodyLimitBytes: 1_048_576 },
  );
  await app.listen({ port: 0, host: '127.0.0.1' });
  const agentKey = (await issueApiKey(database.db, { name: 'bench agent', scope: 'agent' })).key;
  const port = (app.server.address() as { port: number }).port;
  const url = (q: string) => `http://127.0.0.1:${port}/v1/availability?${q}&from=2026-03-02&to=2026-03-31&timeZone=Europe%2FBerlin`;
  // Each HTTP phase gets its own keep-alive pool: a socket left idle through the long in-process phases
  // would be reset by Node's server (headersTimeout check) and make the first request fail.
  const { Agent } = await import('undici');

  const results: Record<string, { p50: number; p99: number }> = {};
  for (const [name, set, q] of [
    ['1 provider', one, `serviceId=${one.serviceId}&providerId=${one.providerIds[0]}`],
    ['10 providers (any)', ten, `serviceId=${ten.serviceId}`],
    ['5 providers + 3 rooms, 1 laser (any)', five, `serviceId=${five.serviceId}`],
  ] as const) {
    const inputs = await loadAvailabilityInputs(database.db, {
      serviceId: set.serviceId,
      providerId: name === '1 provider' ? set.providerIds[0] : undefined,
      range: RANGE,
    });
    const input: GetSlotsInput = { ...inputs, range: RANGE, now: NOW };
    const fast = getSlots(input);
    const slow = naiveSlots(input);
    // The baseline steps a fixed grid from each window's start: compare it with the engine on that grid (the
    // service's default, 'restart', also starts where busy time ends — more slots, not comparable).
    const fixed = getSlots({ ...input, service: { ...input.service, slotAlignment: 'fixed' } });
    const same = fixed.length === slow.length && fixed.every((s, i) => s.start === slow[i]!.start);
    const seeded =
      name === '1 provider'
        ? '2,000 bookings + 2,000 busy blocks'
        : name === '10 providers (any)'
          ? '20,000 bookings + 20,000 busy blocks'
          : '10,000 bookings (holding the rooms and the laser where free) + 10,000 busy blocks';
    console.log(
      `\n[${kind}] ${name}: seeded ${seeded}; engine input ${inputs.bookings.length} bookings + ${inputs.busy.length} busy ranges ` +
        `${inputs.bookings.length === 0 ? '(no caps: blocked ranges arrive folded into busy per provider) ' : ''}` +
        `${fast.length} slots; baseline agrees (fixed grid): ${same}`,
    );
    const engine = await timeIt(`in-process getSlots`, 300, () => getSlots(input));
    const naive = await timeIt(`in-process naive baseline (per-slot scan + Intl)`, name === '1 provider' ? 30 : 10, () => naiveSlots(input));
    console.log(`  ratio baseline/engine p50: ${(naive.p50 / engine.p50).toFixed(1)}×`);
    const query = { serviceId: set.serviceId, providerId: name === '1 provider' ? set.providerIds[0] : undefined, range: RANGE };
    const rowByRow = await rowByRowSlots(database.db, { ...query, now: NOW });
    console.log(`  row-by-row load agrees: ${JSON.stringify(rowByRow) === JSON.stringify(fast)}`);
    // The gateway keeps folded time per provider and pool under its version (src/db/time-cache.ts): a request
    // after no change reads no bookings; a change (a booking, a synced calendar) gives new versions, and
    // the next request reads what changed. `changed` bumps versions the way such a change does.
    const pools = name.includes('rooms') ? ['unit-pool:laser', 'unit-pool:treatment-room'] : [];
    const changed = (which: 'one' | 'all') => async (i: number) => {
      const keys =
        which === 'all' ? [...set.providerIds.map((p) => `provider:${p}`), ...pools] : [`provider:${set.providerIds[i % set.providerIds.length]}`, ...pools];
      await sql`SELECT bump_time_versions(${keys}::text[])`.execute(database.db);
    };
    const loadAndSlots = async () => {
      const i = await loadAvailabilityInputs(database.db, query);
      return getSlots({ ...i, range: RANGE, now: NOW });
    };
    const folded = await timeIt(`in-process DB load (folded, read again: all time changed) + getSlots`, 100, loadAndSlots, changed('all'));
    await timeIt(`in-process DB load (folded, cached: nothing changed) + getSlots`, 100, loadAndSlots);
    const rows = await timeIt(`in-process DB load (row by row, baseline) + getSlots`, 100, () => rowByRowSlots(database.db, { ...query, now: NOW }));
    console.log(`  ratio row-by-row/folded (read again) p50: ${(rows.p50 / folded.p50).toFixed(2)}×  p99: ${(rows.p99 / folded.p99).toFixed(2)}×`);
    const dispatcher = new Agent({ keepAliveTimeout: 10_000 });
    const get = async () => {
      const res = await fetch(url(q), { dispatcher } as RequestInit);
      if (res.status !== 200) throw new Error(`HTTP ${res.status}: ${await res.text()}`);
      await res.arrayBuffer();
    };
    const http = `HTTP GET /v1/availability (sequential, keep-alive)`;
    results[`${kind} ${name} http`] = await timeIt(`${http}, nothing changed`, 200, get);
    if (set.providerIds.length > 1)
      results[`${kind} ${name} http one changed`] = await timeIt(`${http}, one provider changed before each`, 200, get, changed('one'));
    results[`${kind} ${name} http all changed`] = await timeIt(`${http}, all time changed before each`, 200, get, changed('all'));
    await dispatcher.close();
    // The same range through an AI agent's find_slots over MCP (issue #15: ≤ 2× the HTTP GET at p50): one
    // stateless POST per call, the tool computes every slot of the range and then picks five.
    const mcp = new McpClient({ name: 'bench', version: '1' });
    await mcp.connect(
      new StreamableHTTPClientTransport(new URL(`http://127.0.0.1:${port}/mcp`), { requestInit: { headers: { authorization: `Bearer ${agentKey}` } } }),
    );
    const args = {
      serviceId: set.serviceId,
      ...(name === '1 provider' ? { providerId: set.providerIds[0] } : {}),
      from: '2026-03-02',
      to: '2026-03-31',
      timeZone: 'Europe/Berlin',
    };
    const mcpResult = await timeIt(`MCP find_slots (sequential, same range)`, 200, async () => {
      const r = await mcp.callTool({ name: 'find_slots', arguments: args });
      if (r.isError) throw new Error(`find_slots: ${JSON.stringify(r.content)}`);
    });
    await mcp.close();
    console.log(`  ratio MCP find_slots / HTTP GET p50: ${(mcpResult.p50 / results[`${kind} ${name} http`]!.p50).toFixed(2)}×`);
    results[`${kind} ${name} mcp`] = mcpResult;
  }
  await app.close();
  return results;
}

async function postgresUrl(): Promise<string | undefined> {
  const base = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const admin = new pg.Client({ connectionString: base, connectionTimeoutMillis: 2000 });
  try {
    await admin.connect();
    await admin.query('DROP DATABASE IF EXISTS slotflow_bench WITH (FORCE)');
    await admin.query('CREATE DATABASE slotflow_bench');
    const u = new URL(base);
    u.pathname = '/slotflow_bench';
    return u.toString();
  } catch {
    return undefined;
  } finally {
    await admin.end().catch(() => {});
  }
}

console.log(`availability benchmark — ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, node ${process.version}`);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slotflow-bench-'));
const lite = await openDatabase({ kind: 'pglite', dataDir: path.join(dir, 'pg') });
await benchDatabase('PGlite', lite);
await lite.close();
fs.rmSync(dir, { recursive: true, force: true });
const pgUrl = await postgresUrl();
if (pgUrl) {
  const database = await openDatabase({ kind: 'postgres', url: pgUrl });
  await benchDatabase('PostgreSQL', database);
  await database.close();
} else console.log('\n(PostgreSQL not reachable: skipped)');
const mem = process.memoryUsage();
console.log(`\nmemory: rss ${(mem.rss / 2 ** 20).toFixed(0)} MiB, heap used ${(mem.heapUsed / 2 ** 20).toFixed(0)} MiB`);
