/** Hosts the Fastify gateway on PORT, connected to the database and the Temporal frontend. */
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { Config } from '../config.ts';
import type { LinkSigner } from '../use-cases/manage-links.ts';
import type { CalendarSettings } from '../calendar-connectors/connection-connector.ts';
import type { Database } from '../db/database.ts';
import { countBookingsByChannel, countBookingsByStatus } from '../db/booking-query.repository.ts';
import { pingDatabase } from '../db/health-probe.repository.ts';
import { messageCounts, reminderDelivery, timeToConfirmation } from '../db/message-stats.repository.ts';
import { calendarConnectionCounts } from '../db/calendar-connection-stats.repository.ts';
import { buildGateway } from '../gateway/app.ts';
import { createGatewayMetrics } from '../gateway/metrics.ts';
import { connectTemporal, pingTemporal } from '../temporal/client.ts';
import { VERSION } from '../version.ts';
import { WEB_DIST, webBuilt } from '../web-bundle.ts';
import type { Lifecycle } from './lifecycle.ts';
import type { GatewayEmailChannel } from '../gateway/deps.ts';
import { receiveDeps } from '../gateway/email-channel-deps.ts';
import { redisRateLimitStore } from '../gateway/rate-limit-store.ts';
import { createMailAuthenticator } from '../inbound-email/mail-auth.ts';
import { startSmtpReceiver } from '../inbound-email/smtp-receiver.ts';
import { receiveInboundEmail } from '../use-cases/receive-inbound-email.ts';
import { parseAddress, type MessagingOptions } from '../use-cases/deliver-booking-message.ts';

/** The e-mail channel's gateway settings (undefined without INBOUND_EMAIL_ADDRESS). */
function emailChannelOf(config: Config): GatewayEmailChannel | undefined {
  const e = config.inboundEmail;
  if (!e) return undefined;
  const from = config.messaging.emailFrom ? parseAddress(config.messaging.emailFrom, config.messaging.businessName).email.toLowerCase() : undefined;
  return {
    address: e.address,
    webhookSecret: e.webhookSecret,
    maxBytes: e.maxBytes,
    senderLimitPerHour: e.senderLimitPerHour,
    globalLimitPerHour: e.globalLimitPerHour,
    proposalTtlMs: e.proposalTtlMs,
    businessTimeZone: e.businessTimeZone,
    ownAddresses: [e.address, ...(from ? [from] : [])],
    authenticate: createMailAuthenticator(),
  };
}

export async function startGateway(p: {
  config: Config;
  adminApiKey: string;
  database: Database;
  temporalAddress: string;
  log: Logger;
  life: Lifecycle;
  links: LinkSigner;
  calendar: CalendarSettings;
  /** The Temporal UI (embedded dev server's, else TEMPORAL_UI_URL). */
  temporalUiUrl?: string | undefined;
  /** The message transports (the admin's delivery screen and test message; what pages promise). */
  messaging: MessagingOptions;
}): Promise<{ app: FastifyInstance; url: string }> {
  const { config, log, life } = p;
  const temporal = await connectTemporal(p.temporalAddress, config.temporal.namespace);
  life.onShutdown('temporal client', () => temporal.close());
  const email = emailChannelOf(config);
  const rateLimitStore = config.redisUrl
    ? redisRateLimitStore(config.redisUrl, undefined, (err) => log.warn({ err }, 'rate-limit store (Redis) unreachable: requests are not counted'))
    : undefined;
  if (rateLimitStore) life.onShutdown('rate-limit store', () => rateLimitStore.close());
  if (!webBuilt()) log.warn('web pages not built (run `npm run build:web`): /book, /manage and /admin are off');
  const app = await buildGateway(
    {
      db: p.database.db,
      temporal,
      taskQueue: config.temporal.taskQueue,
      adminApiKey: p.adminApiKey,
      version: VERSION,
      metrics: createGatewayMetrics({
        bookingCounts: () => countBookingsByStatus(p.database.db),
        bookingChannels: () => countBookingsByChannel(p.database.db),
        messageCounts: () => messageCounts(p.database.db),
        reminderDelivery: (w) => reminderDelivery(p.database.db, w),
        timeToConfirmation: (w) => timeToConfirmation(p.database.db, w),
        calendarConnections: () => calendarConnectionCounts(p.database.db),
      }),
      clock: () => new Date(),
      ...(config.metricsToken ? { metricsToken: config.metricsToken } : {}),
      ...(config.messaging.twilio ? { smsPolicy: config.messaging.smsPolicy } : {}),
      bookings: config.bookings,
      agents: { holdTtlMs: config.agents.holdTtlMs, allowedOrigins: config.agents.allowedOrigins },
      voice: { vapiSecret: config.agents.vapiSecret, retellApiKey: config.agents.retellApiKey },
      links: p.links,
      businessName: config.messaging.businessName,
      messaging: p.messaging,
      ...(webBuilt() ? { web: { distDir: WEB_DIST } } : {}),
      ...(p.temporalUiUrl ? { temporalUi: { url: p.temporalUiUrl, namespace: config.temporal.namespace } } : {}),
      calendar: { ...p.calendar, syncIntervalSeconds: config.calendar.syncIntervalSeconds, publicBaseUrl: config.publicBaseUrl ?? p.links.baseUrl },
      ...(email ? { email } : {}),
      ...(config.messaging.twilio ? { twilio: { authToken: config.messaging.twilio.authToken, publicBaseUrl: config.publicBaseUrl ?? p.links.baseUrl } } : {}),
      checks: {
        database: () => pingDatabase(p.database.db),
        temporal: () => pingTemporal(temporal, config.temporal.namespace),
      },
    },
    {
      logger: log,
      rateLimitPerMinute: config.rateLimitPerMinute,
      rateLimitStore,
      trustProxy: config.trustProxy,
      corsOrigins: config.corsOrigins,
      bodyLimitBytes: config.bodyLimitBytes,
      publicBaseUrl: config.publicBaseUrl,
    },
  );
  await app.listen({ port: config.port, host: config.host });
  const smtp = config.inboundEmail?.smtp;
  if (email && smtp) {
    const deps = receiveDeps({ db: p.database.db, temporal, taskQueue: config.temporal.taskQueue, clock: () => new Date(), links: p.links }, email);
    const receiver = await startSmtpReceiver({
      host: smtp.host,
      port: smtp.port,
      maxBytes: email.maxBytes,
      inboundAddress: email.address,
      receive: (raw, envelope) => receiveInboundEmail(deps, raw, envelope),
      onError: (err) => log.warn({ err }, 'inbound SMTP: message not taken (the sender retries)'),
    });
    life.onShutdown('inbound SMTP receiver', () => receiver.close());
    log.info({ host: smtp.host, port: receiver.port, address: email.address }, 'inbound SMTP receiver listening');
  }
  // Registered after listen: on shutdown the gateway closes first (in-flight requests finish).
  life.onShutdown('gateway', () => app.close());
  const addr = app.server.address();
  const port = typeof addr === 'object' && addr ? addr.port : config.port;
  return { app, url: `http://${config.host}:${port}` };
}
