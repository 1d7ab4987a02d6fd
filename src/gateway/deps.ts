/** What the gateway needs from the process that hosts it (injected; tests pass real or local parts). */
import type { Kysely } from 'kysely';
import type { MailAuthenticator } from '../inbound-email/mail-auth.ts';
import type { LinkSigner } from '../use-cases/manage-links.ts';
import type { CalendarSettings } from '../calendar-connectors/connection-connector.ts';
import type { DB } from '../db/schema.ts';
import type { AbuseLimits } from '../domain/bookings/abuse-limits.ts';
import type { BookingChallengeSettings } from './booking-challenge.ts';
import type { SmsPolicy } from '../domain/messages/sms-policy.ts';
import type { TemporalClient } from '../temporal/client.ts';
import type { GatewayMetrics } from './metrics.ts';
import type { MessagingOptions } from '../use-cases/deliver-booking-message.ts';

export type GatewayDeps = {
  db: Kysely<DB>;
  temporal: TemporalClient;
  taskQueue: string;
  adminApiKey: string;
  version: string;
  metrics: GatewayMetrics;
  checks: { database(): Promise<void>; temporal(): Promise<void> };
  /** SMS on (Twilio): the countries texted — a booking with only a phone elsewhere is refused at its field. */
  smsPolicy?: SmsPolicy;
  /** METRICS_TOKEN: when set, GET /metrics needs it as a Bearer token. */
  metricsToken?: string;
  /** The clock; injected so tests can pin "now". */
  clock: () => Date;
  /** Hold TTL, attendance grace, and the abuse limits of public booking (absent: none). */
  bookings: {
    holdTtlMs: number;
    attendanceGraceMs: number;
    abuseLimits?: AbuseLimits | undefined;
    /** BOOKING_CHALLENGE=on: public bookings need a proof of work (absent: off). */
    challenge?: BookingChallengeSettings | undefined;
  };
  /** AI agents (MCP at /mcp, voice tools): their holds' lifetime, extra browser origins (absent: 300 s, none). */
  agents?: { holdTtlMs: number; allowedOrigins: readonly string[] } | undefined;
  /** Voice-agent platforms: VAPI_SECRET and RETELL_API_KEY (absent: their webhook routes answer 404). */
  voice?: { vapiSecret?: string | undefined; retellApiKey?: string | undefined } | undefined;
  /** Signs customers' manage links (absent: no manage links, e.g. in narrow tests). */
  links?: LinkSigner;
  /**
   * Twilio webhooks: the auth token that signs them and the public base URL Twilio calls (signatures
   * cover the full URL). Absent: the webhook routes answer 404.
   */
  twilio?: { authToken: string; publicBaseUrl: string };
  /** Calendar connections: sealing key, SSRF policy, sync schedule (absent: the connection API answers 404). */
  calendar?: CalendarSettings & { syncIntervalSeconds: number; /** OAuth redirect base (PUBLIC_BASE_URL). */ publicBaseUrl?: string | undefined };
  /** BUSINESS_NAME, shown in template previews as in sent messages (default 'slotflow'). */
  businessName?: string;
  /** The web pages (web/dist) to serve; absent: API only. */
  web?: { distDir: string };
  /** Booking by e-mail (INBOUND_EMAIL_ADDRESS): the inbound webhook, one-click proposal links, admin list. */
  email?: GatewayEmailChannel | undefined;
  /**
   * The message transports as configured (SMTP / SendGrid, Twilio) and the sender: what the admin's delivery
   * screen shows, what its test message goes through, and whether pages may promise an e-mail. Absent: the
   * outbox only (nothing leaves), as with no transport configured.
   */
  messaging?: MessagingOptions | undefined;
  /** Where ops open a booking's workflow: the Temporal Web UI and namespace (admin booking detail links there). */
  temporalUi?: { url: string; namespace: string };
};

/** The e-mail channel as the gateway sees it (config.inboundEmail plus sender identity and DMARC check). */
export type GatewayEmailChannel = {
  address: string;
  webhookSecret?: string | undefined;
  maxBytes: number;
  senderLimitPerHour: number;
  globalLimitPerHour: number;
  proposalTtlMs: number;
  businessTimeZone?: string | undefined;
  /** EMAIL_FROM's address: mail from it is never answered. */
  ownAddresses: readonly string[];
  /** DKIM / SPF / DMARC of raw messages (absent: not checked). */
  authenticate?: MailAuthenticator | undefined;
};
