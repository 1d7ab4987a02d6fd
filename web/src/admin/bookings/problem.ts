/**
 * An API failure as a sentence for the admin. Branches on the problem+json `code` (never on text); the
 * server's own message is kept because the workflow's refusals explain themselves ("Only a pending
 * booking can be approved…").
 */
import { ApiError } from '../../api/client.ts';

export function problemText(err: unknown): string {
  if (!(err instanceof ApiError)) return err instanceof Error ? err.message : String(err);
  switch (err.code) {
    case 'slot_unavailable':
      return `That time is taken; choose another. (${err.message})`;
    case 'conflict':
      return `Not possible in the booking's current state: ${err.message}`;
    case 'invalid_request':
      return err.errors.length ? `${err.message}: ${err.errors.map((e) => `${e.path} ${e.message}`).join('; ')}` : err.message;
    case 'not_found':
      return 'No such booking.';
    case 'service_unavailable':
      return `The booking engine is unavailable right now; try again${err.retryAfterSeconds ? ` in ${err.retryAfterSeconds} s` : ''}.`;
    default:
      return err.message;
  }
}
