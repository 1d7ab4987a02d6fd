/**
 * Prometheus metrics of one gateway instance. A registry per app (not the global one), so several apps in
 * one process (tests) do not collide.
 */
import { BOOKING_CHANNELS } from '../domain/bookings/channels.ts';
import { BOOKING_STATUSES } from '../domain/bookings/booking-status.ts';
import client from 'prom-client';
import type { MessageCount, ReminderDelivery, TimeToConfirmation } from '../db/message-stats.repository.ts';
import type { MessageStatus } from '../db/schema.ts';

export type GatewayMetrics = {
  readonly registry: client.Registry;
  readonly httpRequests: client.Counter<'method' | 'route' | 'status'>;
  readonly httpDuration: client.Histogram<'method' | 'route'>;
  /** POST /v1/bookings from request to answer, by outcome (created | slot_unavailable | error). */
  readonly bookingRoundTrip: client.Histogram<'outcome'>;
};

/** The window of `slotflow_reminder_delivery_ratio` and `slotflow_time_to_confirmation_seconds`. */
export const METRICS_WINDOW_MS = 30 * 24 * 3600 * 1000;

const MESSAGE_STATUSES: readonly MessageStatus[] = ['queued', 'sending', 'sent', 'delivered', 'failed', 'skipped', 'captured'];

/**
 * Scrape-time sources, all optional (a metric whose source is missing is not registered). Outcomes are
 * decided in workflows that may run in other processes, so they are read from the database — the one
 * place every process writes — rather than counted in this process (which would miss or double count them).
 */
export type GatewayMetricsSources = {
  /** Bookings per status → `slotflow_bookings{status}`, `slotflow_no_show_ratio`. */
  bookingCounts?: () => Promise<Partial<Record<string, number>>>;
  /** Bookings per channel → `slotflow_bookings_by_channel{channel}`. */
  bookingChannels?: () => Promise<Partial<Record<string, number>>>;
  /**
   * The outbox per channel, kind and status → `slotflow_messages{channel,kind,status}` (sent / failed per
   * channel and kind are its `status="sent"` / `status="failed"` series).
   */
  messageCounts?: () => Promise<readonly MessageCount[]>;
  /** Reminders due in [since, now) and sent → `slotflow_reminder_delivery_ratio`. */
  reminderDelivery?: (window: { since: Date; now: Date }) => Promise<ReminderDelivery>;
  /** Booking created → confirmation sent → `slotflow_time_to_confirmation_seconds` (summary). */
  timeToConfirmation?: (window: { since: Date }) => Promise<TimeToConfirmation>;
  /** Calendar connections per kind and status → `slotflow_calendar_connections{kind,status}`. */
  calendarConnections?: () => Promise<readonly { kind: string; status: string; n: number }[]>;
  /** "Now" for the windows (default: the system clock). */
  clock?: () => Date;
  /**
   * How long a scrape's database reads are reused (default 10 s): a scraper — or anyone who may read
   * /metrics — hitting it in a loop then costs one set of aggregate queries per interval, not per request.
   */
  scrapeCacheMs?: number;
};

/** `read` at most once per `ttlMs` (a failed read is not kept); 0 = every call. */
function reusedFor<T>(ttlMs: number, read: () => Promise<T>): () => Promise<T> {
  if (ttlMs <= 0) return read;
  let at = Number.NEGATIVE_INFINITY;
  let last: Promise<T> | undefined;
  return () => {
    const t = performance.now();
    if (last === undefined || t - at >= ttlMs) {
      at = t;
      last = read().catch((err: unknown) => {
        at = Number.NEGATIVE_INFINITY;
        throw err;
      });
    }
    return last;
  };
}

/**
 * A Prometheus summary whose quantiles, `_sum` and `_count` are read at scrape time (from the database)
 * instead of observed in this process. Exposition, as for any summary:
 *   # TYPE slotflow_time_to_confirmation_seconds summary
 *   slotflow_time_to_confirmation_seconds{quantile="0.5"} 30
 *   slotflow_time_to_confirmation_seconds{quantile="0.9"} 76
 *   slotflow_time_to_confirmation_seconds_sum 200
 *   slotflow_time_to_confirmation_seconds_count 5
 * When nothing was measured only `_sum 0` and `_count 0` are exported (no quantile samples rather than
 * prom-client's `Nan`), so a quantile alert cannot fire on an empty window. Unlike a client-side summary,
 * sum and count cover the window (they may go down): read them as gauges, not with `rate()`.
 */
class ScrapedSummary extends client.Summary {
  readonly #read: () => Promise<TimeToConfirmation>;

  constructor(cfg: { name: string; help: string; registers: client.Registry[]; read: () => Promise<TimeToConfirmation> }) {
    super({ name: cfg.name, help: cfg.help, percentiles: [0.5, 0.9], registers: cfg.registers });
    this.#read = cfg.read;
  }

  override async get() {
    const [base, t] = await Promise.all([super.get(), this.#read()]);
    const quantiles =
      t.count === 0 || t.p50 === null || t.p90 === null
        ? []
        : [
            { labels: { quantile: 0.5 }, value: t.p50 },
            { labels: { quantile: 0.9 }, value: t.p90 },
          ];
    return {
      ...base,
      values: [
        ...quantiles,
        { metricName: `${base.name}_sum`, labels: {}, value: t.sumSeconds },
        { metricName: `${base.name}_count`, labels: {}, value: t.count },
      ],
    };
  }
}

export function createGatewayMetrics(opts: GatewayMetricsSources = {}): GatewayMetrics {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry, prefix: 'slotflow_' });
  const httpRequests = new client.Counter({
    name: 'slotflow_http_requests_total',
    help: 'HTTP requests answered, by method, route template and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [registry],
  });
  const httpDuration = new client.Histogram({
    name: 'slotflow_http_request_duration_seconds',
    help: 'HTTP request duration by method and route template',
    labelNames: ['method', 'route'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  const bookingRoundTrip = new client.Histogram({
    name: 'slotflow_booking_round_trip_seconds',
    help: 'POST /v1/bookings round trip (availability re-check, update-with-start, reserve) by outcome',
    labelNames: ['outcome'] as const,
    buckets: [0.01, 0.025, 0.05, 0.1, 0.15, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  const ttl = opts.scrapeCacheMs ?? 10_000;
  const clock = opts.clock ?? (() => new Date());
  const counts = opts.bookingCounts && reusedFor(ttl, opts.bookingCounts);
  if (counts) {
    new client.Gauge({
      name: 'slotflow_bookings',
      help: 'Bookings by status (outcome): held, pending, confirmed, cancelled, expired, rejected, completed, no_show',
      labelNames: ['status'] as const,
      registers: [registry],
      async collect() {
        const c = await counts();
        for (const status of BOOKING_STATUSES) {
          this.set({ status }, c[status] ?? 0);
        }
      },
    });
    new client.Gauge({
      name: 'slotflow_no_show_ratio',
      help: 'no_show / (completed + no_show) over all finished appointments (0 when none)',
      registers: [registry],
      async collect() {
        const c = await counts();
        const finished = (c.completed ?? 0) + (c.no_show ?? 0);
        this.set(finished === 0 ? 0 : (c.no_show ?? 0) / finished);
      },
    });
  }
  const channels = opts.bookingChannels && reusedFor(ttl, opts.bookingChannels);
  if (channels) {
    new client.Gauge({
      name: 'slotflow_bookings_by_channel',
      help: 'Bookings by where they came from: web (widget), phone (voice agents), email, api, admin, agent (MCP)',
      labelNames: ['channel'] as const,
      registers: [registry],
      async collect() {
        const c = await channels();
        for (const channel of BOOKING_CHANNELS) this.set({ channel }, c[channel] ?? 0);
      },
    });
  }
  const messages = opts.messageCounts && reusedFor(ttl, opts.messageCounts);
  if (messages) {
    new client.Gauge({
      name: 'slotflow_messages',
      help: 'Messages in the outbox (all time) by channel (email, sms), kind (confirmation, reminder, ...) and status (queued, sending, sent, delivered, failed, skipped)',
      labelNames: ['channel', 'kind', 'status'] as const,
      registers: [registry],
      async collect() {
        const rows = await messages();
        // Every status of each channel and kind that occurs, so a status with no messages reads 0 (not absent).
        this.reset();
        for (const r of rows) {
          for (const status of MESSAGE_STATUSES) this.set({ channel: r.channel, kind: r.kind, status }, 0);
        }
        for (const r of rows) this.set({ channel: r.channel, kind: r.kind, status: r.status }, r.count);
      },
    });
  }
  const reminderDelivery = opts.reminderDelivery;
  const reminders =
    reminderDelivery &&
    reusedFor(ttl, () => {
      const now = clock();
      return reminderDelivery({ since: new Date(now.getTime() - METRICS_WINDOW_MS), now });
    });
  if (reminders) {
    new client.Gauge({
      name: 'slotflow_reminder_delivery_ratio',
      help: 'Reminders sent / reminders due (not cancelled) over the last 30 days; 1 when none was due',
      registers: [registry],
      async collect() {
        this.set((await reminders()).ratio);
      },
    });
  }
  const timeToConfirmation = opts.timeToConfirmation;
  const confirmation = timeToConfirmation && reusedFor(ttl, () => timeToConfirmation({ since: new Date(clock().getTime() - METRICS_WINDOW_MS) }));
  if (confirmation) {
    new ScrapedSummary({
      name: 'slotflow_time_to_confirmation_seconds',
      help: 'Seconds from booking creation to its first sent confirmation (or approved) message, bookings created in the last 30 days',
      registers: [registry],
      read: confirmation,
    });
  }
  const connections = opts.calendarConnections && reusedFor(ttl, opts.calendarConnections);
  if (connections) {
    new client.Gauge({
      name: 'slotflow_calendar_connections',
      help: 'Calendar connections by kind and status (pending, healthy, unhealthy): alert on unhealthy > 0',
      labelNames: ['kind', 'status'] as const,
      registers: [registry],
      async collect() {
        this.reset();
        const rows = await connections();
        for (const kind of ['google', 'microsoft', 'caldav']) {
          for (const status of ['pending', 'healthy', 'unhealthy']) {
            this.set({ kind, status }, rows.find((r) => r.kind === kind && r.status === status)?.n ?? 0);
          }
        }
      },
    });
  }
  return { registry, httpRequests, httpDuration, bookingRoundTrip };
}
