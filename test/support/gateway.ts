/** A gateway wired to a real test database and the run's Temporal dev server (no listening socket). */
import { randomUUID } from 'node:crypto';
import { inject } from 'vitest';
import { pino } from 'pino';
import { countBookingsByChannel, countBookingsByStatus } from '../../src/db/booking-query.repository.ts';
import { pingDatabase } from '../../src/db/health-probe.repository.ts';
import { messageCounts, reminderDelivery, timeToConfirmation } from '../../src/db/message-stats.repository.ts';
import { calendarConnectionCounts } from '../../src/db/calendar-connection-stats.repository.ts';
import { buildGateway, type GatewayOptions } from '../../src/gateway/app.ts';
import type { GatewayDeps } from '../../src/gateway/deps.ts';
import { createGatewayMetrics } from '../../src/gateway/metrics.ts';
import { connectTemporal, pingTemporal } from '../../src/temporal/client.ts';
import type { Database } from '../../src/db/database.ts';
import { createLinkSigner } from '../../src/use-cases/manage-links.ts';

export const TEST_ADMIN_KEY = 'test-admin-key-0123456789abcdef';
export const TEST_LINK_SECRET = 'test-link-secret-0123456789abcdef-0123456789';

export async function testGateway(
  database: Database,
  opts: Partial<GatewayOptions> & {
    taskQueue?: string;
    clock?: () => Date;
    holdTtlMs?: number;
    attendanceGraceMs?: number;
    address?: string;
    /** Twilio webhooks on: the token that signs them and the public base URL they are signed for. */
    twilio?: { authToken: string; publicBaseUrl: string };
    /** Calendar connections on (sealing key, SSRF policy, schedule interval). */
    calendar?: GatewayDeps['calendar'];
    /** Public base URL of manage links (default http://slotflow.test; a listening test passes its own). */
    baseUrl?: string;
    /** Serve the web pages (the run's build, see global setup). */
    web?: boolean;
    temporalUi?: GatewayDeps['temporalUi'];
    /** METRICS_TOKEN. */
    metricsToken?: string;
    /** Reuse of /metrics database reads (default 0 here: every scrape reads). */
    scrapeCacheMs?: number;
    /** Sources of /metrics spied on by a test (default: the database's). */
    metricSources?: Parameters<typeof createGatewayMetrics>[0];
    /** Abuse limits of public booking (default: none). */
    abuseLimits?: import('../../src/domain/bookings/abuse-limits.ts').AbuseLimits;
    /** BOOKING_CHALLENGE=on with this work (counter upper bound). */
    challenge?: import('../../src/gateway/booking-challenge.ts').BookingChallengeSettings;
    /** SMS on with this policy (countries a phone-only booking may be in). */
    smsPolicy?: import('../../src/domain/messages/sms-policy.ts').SmsPolicy;
    /** The request logger (default: silent). */
    logger?: import('pino').Logger;
    /** AI agents: hold lifetime and extra MCP origins (default: the gateway's, 300 s and none). */
    agents?: GatewayDeps['agents'];
    /** Voice platforms on: VAPI_SECRET / RETELL_API_KEY. */
    voice?: GatewayDeps['voice'];
    /** Booking by e-mail on (inbound webhook, one-click links). */
    email?: GatewayDeps['email'];
    /** BUSINESS_NAME. */
    businessName?: string;
    /** The message transports (absent: the outbox only). */
    messaging?: GatewayDeps['messaging'];
  } = {},
) {
  const links = createLinkSigner(TEST_LINK_SECRET, opts.baseUrl ?? 'http://slotflow.test');
  // Mutable, so a test that listens on a random port can say where Twilio calls (signatures cover the URL).
  const twilio = opts.twilio ? { ...opts.twilio } : undefined;
  const temporal = await connectTemporal(opts.address ?? inject('temporalAddress'), 'default');
  const taskQueue = opts.taskQueue ?? `test-${randomUUID()}`;
  const app = await buildGateway(
    {
      db: database.db,
      temporal,
      taskQueue,
      adminApiKey: TEST_ADMIN_KEY,
      version: 'test',
      metrics: createGatewayMetrics({
        bookingCounts: () => countBookingsByStatus(database.db),
        bookingChannels: () => countBookingsByChannel(database.db),
        messageCounts: () => messageCounts(database.db),
        reminderDelivery: (w) => reminderDelivery(database.db, w),
        timeToConfirmation: (w) => timeToConfirmation(database.db, w),
        calendarConnections: () => calendarConnectionCounts(database.db),
        clock: opts.clock ?? (() => new Date()),
        scrapeCacheMs: opts.scrapeCacheMs ?? 0,
        ...opts.metricSources,
      }),
      ...(opts.metricsToken ? { metricsToken: opts.metricsToken } : {}),
      clock: opts.clock ?? (() => new Date()),
      links,
      ...(twilio ? { twilio } : {}),
      ...(opts.calendar ? { calendar: opts.calendar } : {}),
      ...(opts.web ? { web: { distDir: inject('webDist') } } : {}),
      ...(opts.temporalUi ? { temporalUi: opts.temporalUi } : {}),
      bookings: {
        holdTtlMs: opts.holdTtlMs ?? 600_000,
        attendanceGraceMs: opts.attendanceGraceMs ?? 3_600_000,
        ...(opts.abuseLimits ? { abuseLimits: opts.abuseLimits } : {}),
        ...(opts.challenge ? { challenge: opts.challenge } : {}),
      },
      ...(opts.smsPolicy ? { smsPolicy: opts.smsPolicy } : {}),
      ...(opts.agents ? { agents: opts.agents } : {}),
      ...(opts.voice ? { voice: opts.voice } : {}),
      ...(opts.email ? { email: opts.email } : {}),
      ...(opts.businessName ? { businessName: opts.businessName } : {}),
      ...(opts.messaging ? { messaging: opts.messaging } : {}),
      checks: { database: () => pingDatabase(database.db), temporal: () => pingTemporal(temporal, 'default') },
    },
    {
      logger: opts.logger ?? pino({ level: 'silent' }),
      ...(opts.trustProxy !== undefined ? { trustProxy: opts.trustProxy } : {}),
      rateLimitPerMinute: opts.rateLimitPerMinute ?? 1000,
      ...(opts.rateLimitStore ? { rateLimitStore: opts.rateLimitStore } : {}),
      ...(opts.corsOrigins ? { corsOrigins: opts.corsOrigins } : {}),
      bodyLimitBytes: opts.bodyLimitBytes ?? 1_048_576,
      ...(opts.extraRoutes ? { extraRoutes: opts.extraRoutes } : {}),
    },
  );
  await app.ready();
  return {
    app,
    taskQueue,
    temporal,
    links,
    setTwilioPublicBaseUrl(url: string) {
      if (!twilio) throw new Error('testGateway was built without twilio');
      twilio.publicBaseUrl = url;
    },
    async close() {
      await app.close();
      await temporal.close();
    },
  };
}

export const adminHeaders = { authorization: `Bearer ${TEST_ADMIN_KEY}` };
