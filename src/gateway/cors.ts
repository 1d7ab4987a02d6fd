/**
 * CORS for the public booking API only, so the `BookingWidget` React component (web/src/book) can run
 * on a site of its own and call this gateway: `/v1/services`, `/v1/availability`, `/v1/bookings…`,
 * `/v1/manage/…`. These need no credentials (no cookies; manage links carry their own token), so any
 * origin may call them by default (`CORS_ORIGINS=*`); a list narrows that, `none` turns it off.
 * Admin, webhook and OAuth-callback routes never answer cross-origin requests.
 */
import cors from '@fastify/cors';
import type { FastifyInstance, FastifyRequest } from 'fastify';

const PUBLIC = /^\/v1\/(services|availability|bookings|manage)(\/|\?|$)/;

export function isPublicApiPath(url: string): boolean {
  return PUBLIC.test(url);
}

/** `origins`: '*' (any), a list of origins, or [] (off). */
export async function registerPublicCors(app: FastifyInstance, origins: '*' | string[]): Promise<void> {
  if (origins !== '*' && origins.length === 0) return;
  await app.register(cors, {
    delegator: (req: FastifyRequest, callback) => {
      if (!isPublicApiPath(req.url)) return callback(null, { origin: false });
      callback(null, {
        origin: origins === '*' ? '*' : origins,
        methods: ['GET', 'POST'],
        allowedHeaders: ['content-type', 'idempotency-key', 'accept-language', 'x-altcha'],
        exposedHeaders: ['retry-after'],
        maxAge: 600,
      });
    },
  });
}
