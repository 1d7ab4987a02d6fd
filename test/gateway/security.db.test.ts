/**
 * Security findings of issue #21 that live at the gateway and on disk, each with a test that fails on the
 * code before the fix: a made-up X-Forwarded-For does not reset the rate limit (and is believed only from
 * a trusted proxy); request logs carry no manage token, short-link code or OAuth code; /metrics behind
 * METRICS_TOKEN and cheap per scrape; a fresh PGlite data dir readable by its owner only; sealed
 * credentials refuse a truncated GCM tag.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seal, unseal } from '../../src/calendar-connectors/credential-seal.ts';
import { loadConfig } from '../../src/config.ts';
import { openDatabase } from '../../src/db/database.ts';
import { createLogger, redactUrl } from '../../src/logger.ts';
import { makeTempDir } from '../support/paths.ts';
import { testDatabase, type TestDatabase } from '../support/databases.ts';
import { testGateway } from '../support/gateway.ts';

describe('client addresses (TRUST_PROXY)', () => {
  let d: TestDatabase;
  beforeAll(async () => {
    d = await testDatabase('pglite');
  });
  afterAll(async () => d?.dispose());

  const burn = async (
    gw: Awaited<ReturnType<typeof testGateway>>,
    n: number,
    headers: (i: number) => Record<string, string>,
    remoteAddress = '203.0.113.7',
  ) => {
    const codes: number[] = [];
    for (let i = 0; i < n; i++) codes.push((await gw.app.inject({ method: 'GET', url: '/v1/services', headers: headers(i), remoteAddress })).statusCode);
    return codes;
  };

  it('by default a made-up X-Forwarded-For gets no fresh bucket', async () => {
    const gw = await testGateway(d, { rateLimitPerMinute: 3 });
    try {
      // Each request claims another client address; all of them are the one socket address.
      expect(await burn(gw, 5, (i) => ({ 'x-forwarded-for': `198.51.100.${i + 1}` }))).toEqual([200, 200, 200, 429, 429]);
    } finally {
      await gw.close();
    }
  });

  it('from a trusted proxy the forwarded address counts; from anyone else it does not', async () => {
    const gw = await testGateway(d, { rateLimitPerMinute: 2, trustProxy: ['10.0.0.5'] });
    try {
      // Through the load balancer at 10.0.0.5: two customers, two budgets.
      expect(await burn(gw, 3, () => ({ 'x-forwarded-for': '198.51.100.1' }), '10.0.0.5')).toEqual([200, 200, 429]);
      expect(await burn(gw, 1, () => ({ 'x-forwarded-for': '198.51.100.2' }), '10.0.0.5')).toEqual([200]);
      // A client talking directly, spoofing the header: its own socket address is what counts.
      expect(await burn(gw, 3, (i) => ({ 'x-forwarded-for': `192.0.2.${i + 1}` }), '203.0.113.9')).toEqual([200, 200, 429]);
    } finally {
      await gw.close();
    }
  });

  it('TRUST_PROXY parses to off, a hop count or addresses, and refuses "true"', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(loadConfig({ TRUST_PROXY: '10.0.0.5, 10.1.0.0/16,::1' }).trustProxy).toEqual(['10.0.0.5', '10.1.0.0/16', '::1']);
    expect(() => loadConfig({ TRUST_PROXY: 'true' })).toThrow(/TRUST_PROXY/);
    expect(() => loadConfig({ TRUST_PROXY: '10.0.0.0/33' })).toThrow(/TRUST_PROXY/);
  });
});

describe('request logs carry no secrets', () => {
  it('redactUrl replaces manage tokens, short-link codes and OAuth query values', () => {
    expect(redactUrl('/v1/manage/v1.AbC-_x.SiG/cancel')).toBe('/v1/manage/[token]/cancel');
    expect(redactUrl('/manage/v1.AbC.SiG')).toBe('/manage/[token]');
    expect(redactUrl('/s/Xy12ab')).toBe('/s/[code]');
    expect(redactUrl('/v1/connections/google/callback?state=S3cr3t&code=4%2F0Ab&scope=x')).toBe(
      '/v1/connections/google/callback?state=[redacted]&code=[redacted]&scope=x',
    );
    expect(redactUrl('/v1/availability?serviceId=1&from=2027-01-01')).toBe('/v1/availability?serviceId=1&from=2027-01-01');
  });

  it('a manage, a short-link and an OAuth request leave no token in the log lines', async () => {
    const d = await testDatabase('pglite');
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const gw = await testGateway(d, { logger: createLogger('info', 'gateway', sink) });
    try {
      const token = 'v1.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA.SECRETSIGNATUREzzzzzzzzzzzzzzzzzzzzzzzzzzzz';
      await gw.app.inject({ method: 'GET', url: `/v1/manage/${token}` });
      await gw.app.inject({ method: 'POST', url: `/v1/manage/${token}/cancel`, payload: {} });
      await gw.app.inject({ method: 'GET', url: '/s/SHORTCODE123' });
      await gw.app.inject({ method: 'GET', url: '/v1/connections/google/callback?state=OAUTHSTATE123&code=OAUTHCODE456' });
      const text = lines.join('');
      expect(text).toContain('/v1/manage/[token]'); // the requests were logged…
      expect(text).toContain('code=[redacted]');
      for (const secret of ['SECRETSIGNATURE', 'SHORTCODE123', 'OAUTHSTATE123', 'OAUTHCODE456']) expect(text).not.toContain(secret); // …without their secrets
    } finally {
      await gw.close();
      await d.dispose();
    }
  });
});

describe('/metrics', () => {
  let d: TestDatabase;
  beforeAll(async () => {
    d = await testDatabase('pglite');
  });
  afterAll(async () => d?.dispose());

  it('needs METRICS_TOKEN when it is set', async () => {
    const gw = await testGateway(d, { metricsToken: 'metrics-token-0123456789' });
    try {
      const none = await gw.app.inject({ method: 'GET', url: '/metrics' });
      expect(none.statusCode).toBe(401);
      expect(none.json()).toMatchObject({ code: 'unauthorized' });
      expect((await gw.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: 'Bearer wrong-token-0123456789' } })).statusCode).toBe(401);
      const ok = await gw.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: 'Bearer metrics-token-0123456789' } });
      expect(ok.statusCode).toBe(200);
      expect(ok.body).toContain('slotflow_bookings{status="confirmed"}');
    } finally {
      await gw.close();
    }
  });

  it('reads the database once per cache interval however often it is scraped', async () => {
    let reads = 0;
    const gw = await testGateway(d, {
      scrapeCacheMs: 60_000,
      metricSources: {
        bookingCounts: async () => {
          reads++;
          return { confirmed: 3 };
        },
      },
    });
    try {
      for (let i = 0; i < 5; i++) expect((await gw.app.inject({ method: 'GET', url: '/metrics' })).body).toContain('slotflow_bookings{status="confirmed"} 3');
      expect(reads).toBe(1); // two gauges read it, five scrapes: one query
    } finally {
      await gw.close();
    }
  });
});

describe('files at rest', () => {
  it('a fresh PGlite data dir is 0700 with 0600 files, after open and after close', async () => {
    const dir = path.join(makeTempDir('modes-'), 'pg');
    const modes = () => {
      const seen = new Set<string>();
      const walk = (p: string) => {
        const st = fs.statSync(p);
        seen.add(`${st.isDirectory() ? 'd' : 'f'}${(st.mode & 0o777).toString(8)}`);
        if (st.isDirectory()) for (const f of fs.readdirSync(p)) walk(path.join(p, f));
      };
      walk(dir);
      return [...seen].sort();
    };
    const db = await openDatabase({ kind: 'pglite', dataDir: dir });
    try {
      expect(modes()).toEqual(['d700', 'f600']);
      await db.db
        .selectFrom('pg_tables' as never)
        .selectAll()
        .execute();
    } finally {
      await db.close();
    }
    expect(modes()).toEqual(['d700', 'f600']);
  });

  it('a sealed credential with a truncated GCM tag does not open', () => {
    const key = randomBytes(32);
    const sealed = seal(key, 'conn-1', { password: 'p' });
    expect(unseal(key, 'conn-1', sealed)).toEqual({ password: 'p' });
    const [prefix, iv, tag, ct] = sealed.split('.');
    const short = [prefix, iv, Buffer.from(tag!, 'base64url').subarray(0, 4).toString('base64url'), ct].join('.');
    expect(() => unseal(key, 'conn-1', short)).toThrow();
  });
});
