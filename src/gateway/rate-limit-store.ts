/**
 * Where rate-limit counters live. With REDIS_URL every gateway counts into Redis (@fastify/rate-limit's
 * ioredis store), so N gateways behind a load balancer enforce one budget per client; without it each
 * gateway counts in memory (N gateways allow N times the limit — the README says so).
 *
 * The client is tuned for a limiter, as the plugin's documentation advises: a short connect timeout and
 * one retry per command, so a Redis outage costs a request milliseconds, not seconds. During an outage the
 * limiter lets requests through (`skipOnError`) and the gateway logs it: bookings keep working, and the
 * database's constraints, not the limiter, are what keep data safe.
 */
import { Redis } from 'ioredis';

export type RateLimitStore = { redis: Redis; nameSpace: string; close(): Promise<void> };

/** A Redis store for `url`; `nameSpace` prefixes the keys (tests give each run its own). */
export function redisRateLimitStore(url: string, nameSpace = 'slotflow-rate-limit-', onError?: (err: Error) => void): RateLimitStore {
  const redis = new Redis(url, { connectTimeout: 500, maxRetriesPerRequest: 1, enableAutoPipelining: true, lazyConnect: false });
  redis.on('error', (err: Error) => onError?.(err));
  return {
    redis,
    nameSpace,
    async close() {
      redis.disconnect();
    },
  };
}
