/**
 * A failed admin call as the server's own sentence (problem+json `detail`), with the wait a 503 asks for.
 * For screens whose refusals explain themselves; bookings/problem.ts adds booking-specific wording.
 */
import { ApiError } from '../api/client.ts';

export function serverMessage(err: unknown): string {
  if (!(err instanceof ApiError)) return err instanceof Error ? err.message : String(err);
  return err.retryAfterSeconds ? `${err.message} Try again in ${err.retryAfterSeconds} s.` : err.message;
}
