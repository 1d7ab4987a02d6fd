/**
 * Configuration: the only module that reads `process.env`.
 *
 * Contract: `loadConfig(env)` parses every variable at once and either returns a frozen `Config` or throws
 * a `ConfigError` whose `problems` lists *every* bad value (not just the first), so an operator fixes the
 * environment in one pass. Secrets that may be generated on first start (ADMIN_API_KEY,
 * LINK_SIGNING_SECRET) stay `undefined` here; `src/secrets.ts` fills them from the data dir.
 */
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import type { WorkerTuning } from './temporal/worker-tuning.ts';
import type { AbuseLimits } from './domain/bookings/abuse-limits.ts';
import type { BookingChallengeSettings } from './gateway/booking-challenge.ts';
import { phoneCountry, type SmsPolicy } from './domain/messages/sms-policy.ts';
import { isValidTimeZone } from './domain/time/zones.ts';

const port = z.coerce.number().int().min(0).max(65535);

/** An IPv4/IPv6 address, optionally with a /prefix (what Fastify's trustProxy list accepts). */
function isAddressOrCidr(v: string): boolean {
  const [addr, prefix, extra] = v.split('/');
  if (extra !== undefined || !addr || net.isIP(addr) === 0) return false;
  if (prefix === undefined) return true;
  const bits = Number(prefix);
  return /^\d{1,3}$/.test(prefix) && bits <= (net.isIP(addr) === 4 ? 32 : 128);
}
const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

const ZEnv = z.object({
  PORT: port.default(3000),
  HOST: z.string().default('127.0.0.1'),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: optionalString.refine((v) => v === undefined || /^postgres(ql)?:\/\//.test(v), {
    message: 'must be a postgres:// or postgresql:// URL',
  }),
  TEMPORAL_ADDRESS: optionalString.refine((v) => v === undefined || /^[^\s:/]+:\d{1,5}$/.test(v), {
    message: 'must be host:port, e.g. 127.0.0.1:7233',
  }),
  TEMPORAL_NAMESPACE: z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,255}$/, 'must be a Temporal namespace name (letters, digits, . _ -)')
    .default('default'),
  TEMPORAL_TASK_QUEUE: z.string().min(1).default('slotflow'),
  /**
   * Worker tuning (src/temporal/worker-tuning.ts); unset: the SDK's defaults (a workflow cache sized from the
   * heap, 40 workflow tasks and 100 activities at once). Each cached workflow costs ~1.7 MiB of worker memory.
   */
  WORKER_MAX_CACHED_WORKFLOWS: z.coerce.number().int().min(0).max(100_000).optional(),
  WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: z.coerce.number().int().min(2).max(1_000).optional(),
  WORKER_MAX_CONCURRENT_ACTIVITIES: z.coerce.number().int().min(1).max(10_000).optional(),
  TEMPORAL_PORT: port.optional(),
  TEMPORAL_UI_PORT: port.optional(),
  TEMPORAL_CLI_PATH: optionalString,
  /** The Temporal Web UI ops open (admin booking detail links there); embedded: the dev server's UI. */
  TEMPORAL_UI_URL: optionalString.refine((v) => v === undefined || /^https?:\/\/[^\s]+$/.test(v), { message: 'must be an http(s) URL' }),
  SLOTFLOW_CACHE_DIR: optionalString,
  PATH: z.string().default(''),
  ADMIN_API_KEY: optionalString.refine((v) => v === undefined || v.length >= 24, {
    message: 'must be at least 24 characters',
  }),
  LINK_SIGNING_SECRET: optionalString.refine((v) => v === undefined || v.length >= 32, {
    message: 'must be at least 32 characters',
  }),
  PUBLIC_BASE_URL: optionalString.refine((v) => v === undefined || /^https?:\/\/[^\s]+$/.test(v), {
    message: 'must be an http(s) URL',
  }),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Browser origins allowed on the public booking API: '*', a comma-separated list, or 'none'. */
  CORS_ORIGINS: z
    .string()
    .default('*')
    .refine((v) => v === '*' || v === 'none' || v.split(',').every((o) => /^https?:\/\/[^\s/]+$/.test(o.trim())), {
      message: "must be '*', 'none' or a comma-separated list of origins like https://www.example.com",
    }),
  /**
   * Redis for shared rate limits (redis:// or rediss://): every gateway counts into one budget per client.
   * Unset: each gateway counts alone (N gateways allow N times the limit).
   */
  REDIS_URL: optionalString.refine((v) => v === undefined || /^rediss?:\/\/[^\s]+$/.test(v), { message: 'must be a redis:// or rediss:// URL' }),
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().positive().default(300),
  /**
   * Which X-Forwarded-For hops to believe for the client address (rate limits, logs): 'false' (default:
   * a direct listener, the socket's address), a hop count (1 = one load balancer), or a comma-separated
   * list of the load balancers' addresses / CIDRs. Never 'true': any client could then pick its address.
   */
  TRUST_PROXY: z
    .string()
    .default('false')
    .refine((v) => v === 'false' || /^\d{1,2}$/.test(v) || v.split(',').every((a) => isAddressOrCidr(a.trim())), {
      message: "must be 'false', a hop count (e.g. 1) or a comma-separated list of proxy addresses / CIDRs (e.g. 10.0.0.5,10.1.0.0/16)",
    }),
  /**
   * Abuse limits on public booking (0 = off): live holds per client address and per contact, live future bookings
   * per contact.
   */
  HOLDS_PER_CLIENT: z.coerce.number().int().min(0).max(1000).default(3),
  HOLDS_PER_CONTACT: z.coerce.number().int().min(0).max(1000).default(3),
  BOOKINGS_PER_CONTACT: z.coerce.number().int().min(0).max(1000).default(5),
  /** Proof of work (ALTCHA, self-hosted) on public booking: 'on' under attack; WORK = the counter's upper bound. */
  BOOKING_CHALLENGE: z.enum(['on', 'off']).default('off'),
  BOOKING_CHALLENGE_WORK: z.coerce.number().int().min(10).max(1_000_000).default(1000),
  /** Countries slotflow sends SMS to (ISO alpha-2, comma-separated, or 'any'); default: TWILIO_FROM's country. */
  SMS_ALLOWED_COUNTRIES: optionalString.refine((v) => v === undefined || v === 'any' || v.split(',').every((c) => /^[A-Za-z]{2}$/.test(c.trim())), {
    message: "must be 'any' or comma-separated ISO country codes such as DE,AT,CH",
  }),
  /** SMS to one number per 24 hours (0 = no cap). */
  SMS_DAILY_CAP_PER_NUMBER: z.coerce.number().int().min(0).max(1000).default(5),
  /** When set, GET /metrics needs `Authorization: Bearer <METRICS_TOKEN>`. */
  METRICS_TOKEN: optionalString.refine((v) => v === undefined || v.length >= 16, { message: 'must be at least 16 characters' }),
  BODY_LIMIT_BYTES: z.coerce.number().int().positive().default(1_048_576),
  BOOKING_HOLD_TTL_SECONDS: z.coerce.number().int().min(1).max(86_400).default(600),
  /** Vapi server tools: the shared secret Vapi sends (X-Vapi-Secret or Bearer). Unset: the Vapi route is off. */
  VAPI_SECRET: optionalString.refine((v) => v === undefined || v.length >= 16, { message: 'must be at least 16 characters' }),
  /**
   * Retell custom functions: the webhook API key that signs them (X-Retell-Signature). Unset: the Retell routes are
   * off.
   */
  RETELL_API_KEY: optionalString,
  /** How long an AI agent's hold (hold_slot) lasts while the conversation confirms it. */
  AGENT_HOLD_TTL_SECONDS: z.coerce.number().int().min(30).max(3_600).default(300),
  /** Extra hostnames a browser-based MCP client may call /mcp from (comma-separated; ours and localhost always may). */
  MCP_ALLOWED_ORIGINS: z
    .string()
    .default('')
    .refine((v) => v === '' || v.split(',').every((h) => /^[a-z0-9.-]+$/i.test(h.trim())), { message: 'must be a comma-separated list of hostnames' }),
  ATTENDANCE_GRACE_MINUTES: z.coerce.number().int().min(0).max(10_080).default(60),
  BUSINESS_NAME: z.string().min(1).max(100).default('slotflow'),
  CALENDAR_ALLOW_PRIVATE_NETWORKS: z.enum(['true', 'false']).default('false'),
  CALENDAR_SYNC_INTERVAL_SECONDS: z.coerce.number().int().min(30).max(86_400).default(300),
  /** 64 hex digits or base64 of 32 bytes; default: derived from LINK_SIGNING_SECRET (credential-seal.ts). */
  CALENDAR_ENCRYPTION_KEY: optionalString.refine((v) => v === undefined || /^[0-9a-fA-F]{64}$/.test(v) || Buffer.from(v, 'base64').length === 32, {
    message: 'must be 32 bytes: 64 hex digits or base64',
  }),
  GOOGLE_CLIENT_ID: optionalString,
  GOOGLE_CLIENT_SECRET: optionalString,
  MICROSOFT_CLIENT_ID: optionalString,
  MICROSOFT_CLIENT_SECRET: optionalString,
  MICROSOFT_TENANT: optionalString,
  EMAIL_FROM: optionalString.refine((v) => v === undefined || /^([^<>]*<[^<>\s]+@[^<>\s]+>|[^<>\s]+@[^<>\s]+)$/.test(v), {
    message: 'must be an address or "Name <address>"',
  }),
  SMTP_URL: optionalString.refine((v) => v === undefined || /^smtps?:\/\/[^\s]+$/.test(v), { message: 'must be an smtp:// or smtps:// URL' }),
  SENDGRID_API_KEY: optionalString,
  /** SendGrid's API base URL (default https://api.sendgrid.com); for a regional endpoint or a test double. */
  SENDGRID_API_URL: optionalString.refine((v) => v === undefined || /^https?:\/\/[^\s]+$/.test(v), { message: 'must be an http(s) URL' }),
  TWILIO_ACCOUNT_SID: optionalString.refine((v) => v === undefined || /^AC[0-9a-fA-F]{32}$/.test(v), { message: 'must be AC followed by 32 hex digits' }),
  TWILIO_AUTH_TOKEN: optionalString,
  TWILIO_FROM: optionalString.refine((v) => v === undefined || /^(\+[1-9]\d{6,14}|MG[0-9a-fA-F]{32})$/.test(v), {
    message: 'must be an E.164 number (+15551234567) or a Messaging Service SID (MG…)',
  }),
  /**
   * Booking by e-mail (#16): the address customers write to (e.g. book@clinic.example). Its plus-addresses
   * (book+<token>@…) carry the signed reply tokens. Unset: the e-mail channel is off.
   */
  INBOUND_EMAIL_ADDRESS: optionalString.refine((v) => v === undefined || /^[A-Za-z0-9._-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$/.test(v), {
    message: 'must be a plain address without a plus part, e.g. book@clinic.example',
  }),
  /** The built-in SMTP receiver's port (for an MX or a relay's forward); unset: no receiver. */
  INBOUND_SMTP_PORT: z.coerce.number().int().min(1).max(65_535).optional(),
  /** The address the receiver binds (default 127.0.0.1; 0.0.0.0 to be an MX). */
  INBOUND_SMTP_HOST: z.string().default('127.0.0.1'),
  /** Largest message accepted, in bytes (SMTP SIZE and the webhook). */
  INBOUND_MAX_BYTES: z.coerce.number().int().min(10_000).max(50_000_000).default(5_000_000),
  /** Secret for POST /v1/channels/email/inbound (?secret=… or basic auth); unset: the webhook is off. */
  INBOUND_WEBHOOK_SECRET: optionalString.refine((v) => v === undefined || v.length >= 16, { message: 'must be at least 16 characters' }),
  /** Messages one sender may send per hour before slotflow stops answering them. */
  INBOUND_SENDER_LIMIT_PER_HOUR: z.coerce.number().int().min(1).max(10_000).default(10),
  /** Messages from all senders per hour. */
  INBOUND_GLOBAL_LIMIT_PER_HOUR: z.coerce.number().int().min(1).max(1_000_000).default(600),
  /** How long times proposed by e-mail stay bookable. */
  EMAIL_PROPOSAL_TTL_HOURS: z.coerce.number().min(0.01).max(720).default(48),
  /** The zone e-mail wishes are read in ("tomorrow at 10"); default: the first provider's zone. */
  BUSINESS_TIME_ZONE: optionalString.refine((v) => v === undefined || isValidTimeZone(v), { message: 'must be an IANA time zone, e.g. Europe/Berlin' }),
  /** Twilio's API base URL (default https://api.twilio.com); for a test double. */
  TWILIO_API_URL: optionalString.refine((v) => v === undefined || /^https?:\/\/[^\s]+$/.test(v), { message: 'must be an http(s) URL' }),
});

export type Config = Readonly<{
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  temporal: Readonly<{
    address: string | undefined;
    namespace: string;
    taskQueue: string;
    port: number | undefined;
    uiPort: number | undefined;
    cliPath: string | undefined;
    uiUrl: string | undefined;
    /** Machine-wide cache searched (and used by `slotflow temporal install --shared`) for the CLI. */
    cacheDir: string;
    /** `PATH`, searched for a `temporal` binary. */
    searchPath: string;
  }>;
  /** WORKER_MAX_*: the worker's cache and concurrency (undefined: the SDK's default). */
  worker: WorkerTuning;
  adminApiKey: string | undefined;
  linkSigningSecret: string | undefined;
  publicBaseUrl: string | undefined;
  logLevel: z.infer<typeof ZEnv>['LOG_LEVEL'];
  rateLimitPerMinute: number;
  /** REDIS_URL: rate limits shared by every gateway; undefined: per gateway. */
  redisUrl: string | undefined;
  /** Fastify's `trustProxy`: false, a hop count, or the proxies' addresses / CIDRs. */
  trustProxy: false | number | string[];
  metricsToken: string | undefined;
  corsOrigins: '*' | string[];
  bodyLimitBytes: number;
  bookings: Readonly<{ holdTtlMs: number; attendanceGraceMs: number; abuseLimits: AbuseLimits; challenge: BookingChallengeSettings | undefined }>;
  /** AI agents (MCP, voice): their holds' lifetime and the browser origins /mcp accepts besides ours. */
  agents: Readonly<{ holdTtlMs: number; allowedOrigins: readonly string[]; vapiSecret: string | undefined; retellApiKey: string | undefined }>;
  messaging: MessagingConfig;
  /** Booking by e-mail; undefined when INBOUND_EMAIL_ADDRESS is unset. */
  inboundEmail: InboundEmailConfig | undefined;
  calendar: Readonly<{
    allowPrivateNetworks: boolean;
    syncIntervalSeconds: number;
    encryptionKey: string | undefined;
    google: Readonly<{ clientId: string; clientSecret: string }> | undefined;
    microsoft: Readonly<{ clientId: string; clientSecret: string; tenant: string | undefined }> | undefined;
  }>;
}>;

/** Which transports are on (each only when configured); the outbox records every message regardless. */
export type MessagingConfig = Readonly<{
  businessName: string;
  emailFrom: string | undefined;
  smtpUrl: string | undefined;
  sendgrid: Readonly<{ apiKey: string; baseUrl: string | undefined }> | undefined;
  twilio: Readonly<{ accountSid: string; authToken: string; from: string; baseUrl: string | undefined }> | undefined;
  /** Which SMS are sent at all (countries, per-number daily cap). */
  smsPolicy: SmsPolicy;
}>;

/** The e-mail channel (#16): where mail comes in, its limits, and how long proposals stay bookable. */
export type InboundEmailConfig = Readonly<{
  address: string;
  smtp: Readonly<{ port: number; host: string }> | undefined;
  webhookSecret: string | undefined;
  maxBytes: number;
  senderLimitPerHour: number;
  globalLimitPerHour: number;
  proposalTtlMs: number;
  businessTimeZone: string | undefined;
}>;

/** Cross-variable rules the per-variable schema cannot state. */
function messagingProblems(e: z.infer<typeof ZEnv>): string[] {
  const problems: string[] = [];
  if (e.SMTP_URL && e.SENDGRID_API_KEY) problems.push('SMTP_URL and SENDGRID_API_KEY: set one e-mail transport, not both');
  if ((e.SMTP_URL || e.SENDGRID_API_KEY) && !e.EMAIL_FROM) problems.push('EMAIL_FROM: required when SMTP_URL or SENDGRID_API_KEY is set');
  if ((e.INBOUND_SMTP_PORT || e.INBOUND_WEBHOOK_SECRET) && !e.INBOUND_EMAIL_ADDRESS) {
    problems.push('INBOUND_EMAIL_ADDRESS: required when INBOUND_SMTP_PORT or INBOUND_WEBHOOK_SECRET is set');
  }
  if (Boolean(e.GOOGLE_CLIENT_ID) !== Boolean(e.GOOGLE_CLIENT_SECRET)) problems.push('GOOGLE_CLIENT_ID, GOOGLE_CLIENT_SECRET: set both, or none');
  if (Boolean(e.MICROSOFT_CLIENT_ID) !== Boolean(e.MICROSOFT_CLIENT_SECRET)) problems.push('MICROSOFT_CLIENT_ID, MICROSOFT_CLIENT_SECRET: set both, or none');
  const twilio = [e.TWILIO_ACCOUNT_SID, e.TWILIO_AUTH_TOKEN, e.TWILIO_FROM];
  if (twilio.some(Boolean) && !twilio.every(Boolean)) {
    problems.push('TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, TWILIO_FROM: set all three to send SMS, or none');
  }
  if (
    e.WORKER_MAX_CACHED_WORKFLOWS !== undefined &&
    e.WORKER_MAX_CACHED_WORKFLOWS > 0 &&
    e.WORKER_MAX_CONCURRENT_WORKFLOW_TASKS !== undefined &&
    e.WORKER_MAX_CONCURRENT_WORKFLOW_TASKS > e.WORKER_MAX_CACHED_WORKFLOWS
  ) {
    problems.push('WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: at most WORKER_MAX_CACHED_WORKFLOWS (a task in flight holds its workflow in the cache)');
  }
  if (e.TWILIO_FROM && !e.SMS_ALLOWED_COUNTRIES && !(e.TWILIO_FROM.startsWith('+') && phoneCountry(e.TWILIO_FROM))) {
    problems.push('SMS_ALLOWED_COUNTRIES: required when TWILIO_FROM names no country (a Messaging Service SID): e.g. DE,AT or any');
  }
  return problems;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses the environment (default: `process.env`); throws `ConfigError` listing every problem. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd: string = process.cwd()): Config {
  // A variable set to an empty string counts as unset (`PORT=` must not become port 0).
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v.trim() !== ''));
  const parsed = ZEnv.safeParse(present);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => {
      const key = i.path.join('.');
      return `${key}: ${i.message} (got ${JSON.stringify(env[key] ?? null)})`;
    });
    throw new ConfigError(problems);
  }
  const e = parsed.data;
  const crossProblems = messagingProblems(e);
  if (crossProblems.length > 0) throw new ConfigError(crossProblems);
  return Object.freeze({
    port: e.PORT,
    host: e.HOST,
    dataDir: path.resolve(cwd, e.DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    temporal: Object.freeze({
      address: e.TEMPORAL_ADDRESS,
      namespace: e.TEMPORAL_NAMESPACE,
      taskQueue: e.TEMPORAL_TASK_QUEUE,
      port: e.TEMPORAL_PORT,
      uiPort: e.TEMPORAL_UI_PORT,
      cliPath: e.TEMPORAL_CLI_PATH,
      uiUrl: e.TEMPORAL_UI_URL,
      cacheDir: path.resolve(cwd, e.SLOTFLOW_CACHE_DIR ?? path.join(os.homedir(), '.cache', 'slotflow')),
      searchPath: e.PATH,
    }),
    worker: Object.freeze({
      maxCachedWorkflows: e.WORKER_MAX_CACHED_WORKFLOWS,
      maxConcurrentWorkflowTasks: e.WORKER_MAX_CONCURRENT_WORKFLOW_TASKS,
      maxConcurrentActivities: e.WORKER_MAX_CONCURRENT_ACTIVITIES,
    }),
    adminApiKey: e.ADMIN_API_KEY,
    linkSigningSecret: e.LINK_SIGNING_SECRET,
    publicBaseUrl: e.PUBLIC_BASE_URL,
    logLevel: e.LOG_LEVEL,
    rateLimitPerMinute: e.RATE_LIMIT_PER_MINUTE,
    redisUrl: e.REDIS_URL,
    trustProxy: e.TRUST_PROXY === 'false' ? false : /^\d+$/.test(e.TRUST_PROXY) ? Number(e.TRUST_PROXY) : e.TRUST_PROXY.split(',').map((a) => a.trim()),
    metricsToken: e.METRICS_TOKEN,
    corsOrigins: e.CORS_ORIGINS === '*' ? '*' : e.CORS_ORIGINS === 'none' ? [] : e.CORS_ORIGINS.split(',').map((o) => o.trim()),
    bodyLimitBytes: e.BODY_LIMIT_BYTES,
    bookings: Object.freeze({
      holdTtlMs: e.BOOKING_HOLD_TTL_SECONDS * 1000,
      attendanceGraceMs: e.ATTENDANCE_GRACE_MINUTES * 60_000,
      abuseLimits: Object.freeze({ holdsPerClient: e.HOLDS_PER_CLIENT, holdsPerContact: e.HOLDS_PER_CONTACT, bookingsPerContact: e.BOOKINGS_PER_CONTACT }),
      challenge: e.BOOKING_CHALLENGE === 'on' ? Object.freeze({ work: e.BOOKING_CHALLENGE_WORK }) : undefined,
    }),
    agents: Object.freeze({
      holdTtlMs: e.AGENT_HOLD_TTL_SECONDS * 1000,
      allowedOrigins: Object.freeze(
        e.MCP_ALLOWED_ORIGINS.split(',')
          .map((h) => h.trim())
          .filter(Boolean),
      ),
      vapiSecret: e.VAPI_SECRET,
      retellApiKey: e.RETELL_API_KEY,
    }),
    inboundEmail: e.INBOUND_EMAIL_ADDRESS
      ? Object.freeze({
          address: e.INBOUND_EMAIL_ADDRESS.toLowerCase(),
          smtp: e.INBOUND_SMTP_PORT ? Object.freeze({ port: e.INBOUND_SMTP_PORT, host: e.INBOUND_SMTP_HOST }) : undefined,
          webhookSecret: e.INBOUND_WEBHOOK_SECRET,
          maxBytes: e.INBOUND_MAX_BYTES,
          senderLimitPerHour: e.INBOUND_SENDER_LIMIT_PER_HOUR,
          globalLimitPerHour: e.INBOUND_GLOBAL_LIMIT_PER_HOUR,
          proposalTtlMs: Math.round(e.EMAIL_PROPOSAL_TTL_HOURS * 3_600_000),
          businessTimeZone: e.BUSINESS_TIME_ZONE,
        })
      : undefined,
    calendar: Object.freeze({
      allowPrivateNetworks: e.CALENDAR_ALLOW_PRIVATE_NETWORKS === 'true',
      syncIntervalSeconds: e.CALENDAR_SYNC_INTERVAL_SECONDS,
      encryptionKey: e.CALENDAR_ENCRYPTION_KEY,
      google: e.GOOGLE_CLIENT_ID && e.GOOGLE_CLIENT_SECRET ? Object.freeze({ clientId: e.GOOGLE_CLIENT_ID, clientSecret: e.GOOGLE_CLIENT_SECRET }) : undefined,
      microsoft:
        e.MICROSOFT_CLIENT_ID && e.MICROSOFT_CLIENT_SECRET
          ? Object.freeze({ clientId: e.MICROSOFT_CLIENT_ID, clientSecret: e.MICROSOFT_CLIENT_SECRET, tenant: e.MICROSOFT_TENANT })
          : undefined,
    }),
    messaging: Object.freeze({
      businessName: e.BUSINESS_NAME,
      emailFrom: e.EMAIL_FROM,
      smtpUrl: e.SMTP_URL,
      sendgrid: e.SENDGRID_API_KEY ? Object.freeze({ apiKey: e.SENDGRID_API_KEY, baseUrl: e.SENDGRID_API_URL }) : undefined,
      twilio:
        e.TWILIO_ACCOUNT_SID && e.TWILIO_AUTH_TOKEN && e.TWILIO_FROM
          ? Object.freeze({ accountSid: e.TWILIO_ACCOUNT_SID, authToken: e.TWILIO_AUTH_TOKEN, from: e.TWILIO_FROM, baseUrl: e.TWILIO_API_URL })
          : undefined,
      smsPolicy: Object.freeze({
        allowedCountries:
          e.SMS_ALLOWED_COUNTRIES === 'any'
            ? ('any' as const)
            : Object.freeze(
                e.SMS_ALLOWED_COUNTRIES
                  ? e.SMS_ALLOWED_COUNTRIES.split(',').map((c) => c.trim().toUpperCase())
                  : [e.TWILIO_FROM ? phoneCountry(e.TWILIO_FROM) : undefined].filter((c): c is string => c !== undefined),
              ),
        dailyCapPerNumber: e.SMS_DAILY_CAP_PER_NUMBER,
      }),
    }),
  });
}

/** Variables that only the test harness reads; kept here so config.ts stays the sole env reader. */
export function testEnv(env: NodeJS.ProcessEnv = process.env) {
  return {
    databaseUrl: env.TEST_DATABASE_URL?.trim() || undefined,
    requirePostgres: env.CI === 'true' || env.REQUIRE_POSTGRES === 'true',
    temporalCliPath: env.TEMPORAL_CLI_PATH?.trim() || undefined,
    /** A Redis for the shared-rate-limit suite (`.ci/run` sets 127.0.0.1:6379); unset outside CI: skipped. */
    redisUrl: env.TEST_REDIS_URL?.trim() || undefined,
    searchPath: env.PATH ?? '',
  };
}
