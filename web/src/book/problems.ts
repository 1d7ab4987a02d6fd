/**
 * API failures → what the pages show, pure. Branches on the stable problem `code` only (never on
 * message text). The `ApiError` is taken structurally so tests need no fetch types. The texts are the
 * page's language (shared/i18n); server messages (problem `detail`) stay as sent, in English.
 */
import { t } from '../shared/i18n/en-book.ts';

export type ApiProblem = {
  status: number;
  code: string;
  message: string;
  errors: { path: string; message: string }[];
  retryAfterSeconds?: number | undefined;
  /** The whole problem body (extension members such as booking_changed's `booking`). */
  problem?: Record<string, unknown>;
};

export type UiProblem =
  /** The slot was taken meanwhile: refresh the slots, keep the answers. */
  | { kind: 'slot_taken'; message: string }
  /** 422: messages keyed by field path (`body.intake.<key>`); `message` for anything without a field. */
  | { kind: 'fields'; message: string; fieldErrors: Record<string, string> }
  /** 503 / 429: try again after `seconds` (same Idempotency-Key: safe). */
  | { kind: 'retry_later'; message: string; seconds: number }
  /** No answer at all: offer a retry (same Idempotency-Key: safe). */
  | { kind: 'network'; message: string }
  /** Inside the service's notice window. */
  | { kind: 'policy'; message: string }
  /**
   * The booking changed since the page loaded it (409 booking_changed): show `current`, the booking as it is
   * now. Only the manage page meets it, so its words live in that page's catalogue (not in the widget's first
   * load); `message` is the generic one.
   */
  | { kind: 'changed'; message: string; current: unknown }
  /** A manage link that no longer works: its title and text are the manage page's, by `code` (`message`: generic). */
  | { kind: 'link'; code: 'link_invalid' | 'link_expired' | 'link_superseded' | 'not_found'; message: string }
  | { kind: 'other'; message: string };

export const isApiProblem = (e: unknown): e is ApiProblem =>
  typeof e === 'object' && e !== null && typeof (e as ApiProblem).code === 'string' && typeof (e as ApiProblem).status === 'number';

/**
 * What the widget shows for a failure of a read (services, times) — and the fallback of `toActionProblem`
 * (action-problems.ts: the manage page, booking, rescheduling, cancelling), which knows the codes only those
 * meet; it lives in the lazy chunks, out of the widget's first load. Unknown failures keep the
 * server's own message (problem `detail`), which is written for people.
 */
export function toUiProblem(err: unknown): UiProblem {
  if (!isApiProblem(err)) return { kind: 'other', message: t('error') };
  switch (err.code) {
    case 'calendar_busy':
    case 'service_unavailable':
    case 'rate_limited': {
      const seconds = err.retryAfterSeconds ?? 5;
      return { kind: 'retry_later', seconds, message: t('busy', { n: seconds }) };
    }
    case 'network_error':
      return { kind: 'network', message: t('network') };
    default:
      return { kind: 'other', message: err.message || t('error') };
  }
}
