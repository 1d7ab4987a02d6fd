/**
 * `loadConfig(env, cwd)`: defaults, every problem reported at once, overrides. How the CLI surfaces a bad
 * configuration (exit 78, every problem on stderr), its help and an unknown command needs the CLI launched,
 * so those tests are in the e2e tier: test/e2e/cli-config.e2e.test.ts.
 */
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.ts';

function configError(env: NodeJS.ProcessEnv): ConfigError {
  try {
    loadConfig(env, '/srv/app');
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return err as ConfigError;
  }
  throw new Error(`loadConfig accepted ${JSON.stringify(env)}`);
}

describe('loadConfig', () => {
  it('treats variables set to an empty string as unset (PORT= is not port 0)', () => {
    const c = loadConfig({ PORT: '', TEMPORAL_PORT: ' ', TEMPORAL_UI_PORT: '', DATA_DIR: '', LOG_LEVEL: '' }, '/srv/app');
    expect(c.port).toBe(3000);
    expect(c.temporal.port).toBeUndefined();
    expect(c.temporal.uiPort).toBeUndefined();
    expect(c.dataDir).toBe('/srv/app/data');
    expect(c.logLevel).toBe('info');
  });

  it('applies the defaults to an empty environment', () => {
    const cwd = path.join(os.tmpdir(), 'some', 'project');
    const c = loadConfig({}, cwd);
    expect(c.port).toBe(3000);
    expect(c.host).toBe('127.0.0.1');
    expect(c.dataDir).toBe(path.join(cwd, 'data'));
    expect(c.databaseUrl).toBeUndefined();
    expect(c.temporal).toEqual({
      address: undefined,
      namespace: 'default',
      taskQueue: 'slotflow',
      port: undefined,
      uiPort: undefined,
      cliPath: undefined,
      cacheDir: path.join(os.homedir(), '.cache', 'slotflow'),
      searchPath: '',
    });
    expect(c.adminApiKey).toBeUndefined();
    expect(c.linkSigningSecret).toBeUndefined();
    expect(c.publicBaseUrl).toBeUndefined();
    expect(c.logLevel).toBe('info');
    expect(c.rateLimitPerMinute).toBe(300);
    expect(c.corsOrigins).toBe('*');
    expect(c.bodyLimitBytes).toBe(1_048_576);
  });

  it('resolves DATA_DIR against the given cwd, and keeps an absolute DATA_DIR', () => {
    expect(loadConfig({}, '/a/b').dataDir).toBe(path.resolve('/a/b', 'data'));
    expect(loadConfig({ DATA_DIR: 'var/state' }, '/a/b').dataDir).toBe(path.resolve('/a/b', 'var/state'));
    expect(loadConfig({ DATA_DIR: '../up' }, '/a/b').dataDir).toBe(path.resolve('/a', 'up'));
    expect(loadConfig({ DATA_DIR: '/abs/dir' }, '/a/b').dataDir).toBe('/abs/dir');
  });

  it('reports every bad value at once, naming each variable', () => {
    const err = configError({
      PORT: 'abc',
      DATABASE_URL: 'mysql://x',
      TEMPORAL_ADDRESS: 'nope',
      ADMIN_API_KEY: 'short',
      LOG_LEVEL: 'loud',
    });
    expect(err.problems).toHaveLength(5);
    for (const name of ['PORT', 'DATABASE_URL', 'TEMPORAL_ADDRESS', 'ADMIN_API_KEY', 'LOG_LEVEL']) {
      const matching = err.problems.filter((p) => p.startsWith(`${name}:`));
      expect(matching, `one problem for ${name} in ${JSON.stringify(err.problems)}`).toHaveLength(1);
      expect(err.message).toContain(matching[0]);
    }
    // Each problem shows the offending value so the operator sees what was read.
    expect(err.problems.find((p) => p.startsWith('PORT:'))).toContain('"abc"');
    expect(err.problems.find((p) => p.startsWith('DATABASE_URL:'))).toContain('"mysql://x"');
    expect(err.problems.find((p) => p.startsWith('LOG_LEVEL:'))).toContain('"loud"');
    expect(err.name).toBe('ConfigError');
  });

  it.each([
    ['PORT', '70000'],
    ['PORT', '-1'],
    ['PORT', '3.5'],
    ['TEMPORAL_PORT', 'x'],
    ['TEMPORAL_ADDRESS', 'http://host:7233'],
    ['TEMPORAL_ADDRESS', 'host'],
    ['ADMIN_API_KEY', 'a'.repeat(23)],
    ['LINK_SIGNING_SECRET', 's'.repeat(31)],
    ['PUBLIC_BASE_URL', 'ftp://example.com'],
    ['RATE_LIMIT_PER_MINUTE', '0'],
    ['BODY_LIMIT_BYTES', 'lots'],
    ['TEMPORAL_NAMESPACE', 'has space'],
    ['CORS_ORIGINS', 'www.salon.example'],
    ['CORS_ORIGINS', 'https://salon.example/path'],
    ['TEMPORAL_UI_URL', 'localhost:8233'],
    ['TRUST_PROXY', 'true'],
    ['TRUST_PROXY', '10.0.0.0/40'],
    ['METRICS_TOKEN', 'short'],
  ])('rejects %s=%j', (name, value) => {
    const err = configError({ [name]: value });
    expect(err.problems).toHaveLength(1);
    expect(err.problems[0]).toMatch(new RegExp(`^${name}: `));
  });

  it('parses valid overrides', () => {
    const adminApiKey = 'k'.repeat(24);
    const linkSigningSecret = 's'.repeat(32);
    const c = loadConfig(
      {
        PORT: '8080',
        HOST: '0.0.0.0',
        DATA_DIR: '/var/lib/slotflow',
        DATABASE_URL: ' postgresql://app:pw@db:5432/slotflow ',
        TEMPORAL_ADDRESS: 'temporal:7233',
        TEMPORAL_NAMESPACE: 'bookings',
        TEMPORAL_TASK_QUEUE: 'q1',
        TEMPORAL_PORT: '7300',
        TEMPORAL_UI_PORT: '0',
        TEMPORAL_CLI_PATH: '/opt/temporal',
        SLOTFLOW_CACHE_DIR: 'cache',
        PATH: '/usr/bin:/bin',
        ADMIN_API_KEY: adminApiKey,
        LINK_SIGNING_SECRET: linkSigningSecret,
        PUBLIC_BASE_URL: 'https://book.example.com',
        LOG_LEVEL: 'debug',
        RATE_LIMIT_PER_MINUTE: '60',
        TRUST_PROXY: '10.0.0.5,10.1.0.0/16',
        METRICS_TOKEN: 'scrape-token-0123456789',
        CORS_ORIGINS: 'https://www.salon.example, https://salon.example',
        BODY_LIMIT_BYTES: '2048',
        BUSINESS_NAME: 'Praxis Dr. Weber',
        EMAIL_FROM: 'Praxis Dr. Weber <termine@praxis.example>',
        SMTP_URL: 'smtp://user:pw@mail.example:587',
        TWILIO_ACCOUNT_SID: `AC${'a'.repeat(32)}`,
        TWILIO_AUTH_TOKEN: 'tok',
        TWILIO_FROM: '+4915112345678',
        WORKER_MAX_CACHED_WORKFLOWS: '2000',
        WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: '20',
      },
      '/srv/app',
    );
    expect(c).toEqual({
      port: 8080,
      host: '0.0.0.0',
      dataDir: '/var/lib/slotflow',
      databaseUrl: 'postgresql://app:pw@db:5432/slotflow',
      temporal: {
        address: 'temporal:7233',
        namespace: 'bookings',
        taskQueue: 'q1',
        port: 7300,
        uiPort: 0,
        cliPath: '/opt/temporal',
        cacheDir: '/srv/app/cache',
        searchPath: '/usr/bin:/bin',
      },
      worker: { maxCachedWorkflows: 2000, maxConcurrentWorkflowTasks: 20, maxConcurrentActivities: undefined },
      adminApiKey,
      linkSigningSecret,
      publicBaseUrl: 'https://book.example.com',
      logLevel: 'debug',
      rateLimitPerMinute: 60,
      trustProxy: ['10.0.0.5', '10.1.0.0/16'],
      metricsToken: 'scrape-token-0123456789',
      corsOrigins: ['https://www.salon.example', 'https://salon.example'],
      bodyLimitBytes: 2048,
      bookings: { holdTtlMs: 600_000, attendanceGraceMs: 3_600_000, abuseLimits: { holdsPerClient: 3, holdsPerContact: 3, bookingsPerContact: 5 } },
      agents: { holdTtlMs: 300_000, allowedOrigins: [], vapiSecret: undefined, retellApiKey: undefined },
      calendar: { allowPrivateNetworks: false, syncIntervalSeconds: 300, encryptionKey: undefined, google: undefined, microsoft: undefined },
      messaging: {
        businessName: 'Praxis Dr. Weber',
        emailFrom: 'Praxis Dr. Weber <termine@praxis.example>',
        smtpUrl: 'smtp://user:pw@mail.example:587',
        sendgrid: undefined,
        twilio: { accountSid: `AC${'a'.repeat(32)}`, authToken: 'tok', from: '+4915112345678', baseUrl: undefined },
        smsPolicy: { allowedCountries: ['DE'], dailyCapPerNumber: 5 },
      },
    });
    expect(loadConfig({ DATABASE_URL: 'postgres://x/y' }, '/').databaseUrl).toBe('postgres://x/y');
  });

  it('refuses half-configured message transports, naming each rule', () => {
    const err = (() => {
      try {
        loadConfig({ SMTP_URL: 'smtp://h:25', SENDGRID_API_KEY: 'SG.x', TWILIO_ACCOUNT_SID: `AC${'0'.repeat(32)}` }, '/');
      } catch (e) {
        return e as ConfigError;
      }
      throw new Error('loadConfig accepted it');
    })();
    expect(err).toBeInstanceOf(ConfigError);
    expect(err.problems).toEqual([
      'SMTP_URL and SENDGRID_API_KEY: set one e-mail transport, not both',
      'EMAIL_FROM: required when SMTP_URL or SENDGRID_API_KEY is set',
      'TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, TWILIO_FROM: set all three to send SMS, or none',
    ]);
    expect(() => loadConfig({ TWILIO_FROM: '015112345' }, '/')).toThrow(/TWILIO_FROM: must be an E\.164 number/);
    expect(() => loadConfig({ SMTP_URL: 'http://x' }, '/')).toThrow(/SMTP_URL: must be an smtp/);
    expect(() => loadConfig({ CALENDAR_ENCRYPTION_KEY: 'short' }, '/')).toThrow(/CALENDAR_ENCRYPTION_KEY: must be 32 bytes/);
    expect(() => loadConfig({ GOOGLE_CLIENT_ID: 'id-only' }, '/')).toThrow(/GOOGLE_CLIENT_ID, GOOGLE_CLIENT_SECRET: set both/);
    expect(loadConfig({}, '/').messaging).toEqual({
      businessName: 'slotflow',
      emailFrom: undefined,
      smtpUrl: undefined,
      sendgrid: undefined,
      twilio: undefined,
      smsPolicy: { allowedCountries: [], dailyCapPerNumber: 5 },
    });
  });

  it('REDIS_URL: shared rate limits when set, per gateway when not', () => {
    expect(loadConfig({}, '/').redisUrl).toBeUndefined();
    expect(loadConfig({ REDIS_URL: 'redis://127.0.0.1:6379' }, '/').redisUrl).toBe('redis://127.0.0.1:6379');
    expect(configError({ REDIS_URL: 'http://x' }).problems[0]).toMatch(/^REDIS_URL: must be a redis:\/\/ or rediss:\/\/ URL/);
  });

  it('booking by e-mail: off without INBOUND_EMAIL_ADDRESS; its settings, defaults and rules', () => {
    expect(loadConfig({}, '/').inboundEmail).toBeUndefined();
    expect(
      loadConfig({ INBOUND_EMAIL_ADDRESS: 'Book@Clinic.Example', INBOUND_SMTP_PORT: '2525', BUSINESS_TIME_ZONE: 'Europe/Berlin' }, '/').inboundEmail,
    ).toEqual({
      address: 'book@clinic.example',
      smtp: { port: 2525, host: '127.0.0.1' },
      webhookSecret: undefined,
      maxBytes: 5_000_000,
      senderLimitPerHour: 10,
      globalLimitPerHour: 600,
      proposalTtlMs: 48 * 3_600_000,
      businessTimeZone: 'Europe/Berlin',
    });
    expect(configError({ INBOUND_SMTP_PORT: '2525' }).problems).toEqual([
      'INBOUND_EMAIL_ADDRESS: required when INBOUND_SMTP_PORT or INBOUND_WEBHOOK_SECRET is set',
    ]);
    expect(configError({ INBOUND_EMAIL_ADDRESS: 'book+x@clinic.example' }).problems[0]).toMatch(/^INBOUND_EMAIL_ADDRESS: must be a plain address/);
    expect(configError({ INBOUND_EMAIL_ADDRESS: 'book@clinic.example', INBOUND_WEBHOOK_SECRET: 'short' }).problems[0]).toMatch(
      /^INBOUND_WEBHOOK_SECRET: must be at least 16/,
    );
    expect(configError({ BUSINESS_TIME_ZONE: 'Mars/Olympus' }).problems[0]).toMatch(/^BUSINESS_TIME_ZONE: must be an IANA time zone/);
  });

  it('the booking proof of work: off by default, on with a work of 1000 unless given', () => {
    expect(loadConfig({}, '/').bookings.challenge).toBeUndefined();
    expect(loadConfig({ BOOKING_CHALLENGE: 'off', BOOKING_CHALLENGE_WORK: '50000' }, '/').bookings.challenge).toBeUndefined();
    expect(loadConfig({ BOOKING_CHALLENGE: 'on' }, '/').bookings.challenge).toEqual({ work: 1000 });
    expect(loadConfig({ BOOKING_CHALLENGE: 'on', BOOKING_CHALLENGE_WORK: '50000' }, '/').bookings.challenge).toEqual({ work: 50_000 });
    expect(() => loadConfig({ BOOKING_CHALLENGE: 'yes' }, '/')).toThrow(/BOOKING_CHALLENGE/);
    expect(() => loadConfig({ BOOKING_CHALLENGE: 'on', BOOKING_CHALLENGE_WORK: '5' }, '/')).toThrow(/BOOKING_CHALLENGE_WORK/);
  });

  it('abuse limits and the SMS policy: defaults, overrides, and the country of the sender number', () => {
    expect(loadConfig({}, '/').bookings.abuseLimits).toEqual({ holdsPerClient: 3, holdsPerContact: 3, bookingsPerContact: 5 });
    expect(loadConfig({ HOLDS_PER_CLIENT: '0', HOLDS_PER_CONTACT: '1', BOOKINGS_PER_CONTACT: '10' }, '/').bookings.abuseLimits).toEqual({
      holdsPerClient: 0,
      holdsPerContact: 1,
      bookingsPerContact: 10,
    });
    const twilio = { TWILIO_ACCOUNT_SID: `AC${'a'.repeat(32)}`, TWILIO_AUTH_TOKEN: 'tok' };
    // Default: the business texts its own country (that of its sender number).
    expect(loadConfig({ ...twilio, TWILIO_FROM: '+436641234567' }, '/').messaging.smsPolicy).toEqual({ allowedCountries: ['AT'], dailyCapPerNumber: 5 });
    expect(
      loadConfig({ ...twilio, TWILIO_FROM: '+436641234567', SMS_ALLOWED_COUNTRIES: 'de, at,CH', SMS_DAILY_CAP_PER_NUMBER: '2' }, '/').messaging.smsPolicy,
    ).toEqual({ allowedCountries: ['DE', 'AT', 'CH'], dailyCapPerNumber: 2 });
    expect(loadConfig({ ...twilio, TWILIO_FROM: `MG${'0'.repeat(32)}`, SMS_ALLOWED_COUNTRIES: 'any' }, '/').messaging.smsPolicy.allowedCountries).toBe('any');
    // A Messaging Service SID names no country: the operator must say which.
    expect(() => loadConfig({ ...twilio, TWILIO_FROM: `MG${'0'.repeat(32)}` }, '/')).toThrow(/SMS_ALLOWED_COUNTRIES: required/);
    expect(() => loadConfig({ SMS_ALLOWED_COUNTRIES: 'Germany' }, '/')).toThrow(/SMS_ALLOWED_COUNTRIES/);
  });

  it('CORS_ORIGINS=none turns CORS off', () => {
    expect(loadConfig({ CORS_ORIGINS: 'none' }).corsOrigins).toEqual([]);
  });

  it('treats blank optional values as unset', () => {
    const c = loadConfig({ DATABASE_URL: '  ', TEMPORAL_ADDRESS: '', ADMIN_API_KEY: ' ', TEMPORAL_CLI_PATH: '' }, '/srv/app');
    expect(c.databaseUrl).toBeUndefined();
    expect(c.temporal.address).toBeUndefined();
    expect(c.adminApiKey).toBeUndefined();
    expect(c.temporal.cliPath).toBeUndefined();
  });

  it('returns a frozen config', () => {
    const c = loadConfig({}, '/srv/app');
    expect(Object.isFrozen(c)).toBe(true);
    expect(Object.isFrozen(c.temporal)).toBe(true);
  });
});
