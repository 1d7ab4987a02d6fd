/**
 * Prometheus metrics of one gateway instance. A registry per app (not the global one), so several apps in
 * one process (tests) do not collide.
 */
import client from 'prom-client';

export type GatewayMetrics = {
  readonly registry: client.Registry;
  readonly httpRequests: client.Counter<'method' | 'route' | 'status'>;
  readonly httpDuration: client.Histogram<'method' | 'route'>;
  /** POST /v1/bookings from request to answer, by outcome (created | slot_unavailable | error). */
  readonly bookingRoundTrip: client.Histogram<'outcome'>;
};

/**
 * `bookingCounts` (optional) reads bookings per status at scrape time. Outcomes are decided in workflows
 * that may run in other processes, so they are read from the database — the one place every process
 * writes — rather than counted in this process (which would miss or double count them).
 */
export function createGatewayMetrics(opts: { bookingCounts?: () => Promise<Partial<Record<string, number>>> } = {}): GatewayMetrics {
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
  const counts = opts.bookingCounts;
  if (counts) {
    new client.Gauge({
      name: 'slotflow_bookings',
      help: 'Bookings by status (outcome): held, pending, confirmed, cancelled, expired, rejected, completed, no_show',
      labelNames: ['status'] as const,
      registers: [registry],
      async collect() {
        const c = await counts();
        for (const status of ['held', 'pending', 'confirmed', 'cancelled', 'expired', 'rejected', 'completed', 'no_show']) {
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
  return { registry, httpRequests, httpDuration, bookingRoundTrip };
}
