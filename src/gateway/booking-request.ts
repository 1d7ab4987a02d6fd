/**
 * What the gateway's two booking routes share — POST /v1/bookings (widget, API) and POST /v1/admin/bookings
 * (front desk): the Idempotency-Key header's rule and the use case's dependencies, read per request (the
 * clock's "now").
 */
import type { IncomingHttpHeaders } from 'node:http';
import { z } from 'zod';
import { AppError } from '../errors.ts';
import type { BookingDeps } from '../use-cases/create-booking.ts';
import type { GatewayDeps } from './deps.ts';

export const ZIdempotencyKey = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[\x21-\x7e]+$/, 'must be printable ASCII without spaces');

/** The request's Idempotency-Key, or undefined without one; a malformed one is a 422 `invalid_request`. */
export function idempotencyKeyOf(headers: IncomingHttpHeaders): string | undefined {
  const raw = headers['idempotency-key'];
  if (raw === undefined) return undefined;
  const parsed = ZIdempotencyKey.safeParse(Array.isArray(raw) ? raw[0] : raw);
  if (!parsed.success) {
    throw new AppError('invalid_request', 'Idempotency-Key: must be 1–200 printable characters', {
      errors: [{ path: 'headers.idempotency-key', message: 'must be 1–200 printable characters' }],
    });
  }
  return parsed.data;
}

/** The secret that keys idempotent booking ids and client keys: the link-signing secret, else the admin key. */
export function serverSecretOf(deps: GatewayDeps): string {
  return deps.links?.secret ?? deps.adminApiKey;
}

/** createBooking's dependencies for a request now; `abuseLimits` only where the public books (the widget route). */
export function gatewayBookingDeps(deps: GatewayDeps, opts: { abuseLimits?: BookingDeps['abuseLimits'] } = {}): BookingDeps {
  return {
    db: deps.db,
    client: deps.temporal.client,
    taskQueue: deps.taskQueue,
    now: deps.clock().getTime(),
    holdTtlMs: deps.bookings.holdTtlMs,
    attendanceGraceMs: deps.bookings.attendanceGraceMs,
    calendar: deps.calendar,
    idempotencySecret: serverSecretOf(deps),
    ...(opts.abuseLimits ? { abuseLimits: opts.abuseLimits } : {}),
  };
}
