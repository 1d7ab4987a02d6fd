/**
 * API failures → what the pages show, pure. Branches on the stable problem `code` only (never on
 * message text). The `ApiError` is taken structurally so tests need no fetch types.
 */
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
  /** The booking changed since the page loaded it (409 booking_changed): show `current`, the booking as it is now. */
  | { kind: 'changed'; message: string; current: unknown }
  /** A manage link that no longer works. */
  | { kind: 'link'; code: 'link_invalid' | 'link_expired' | 'link_superseded' | 'not_found'; title: string; message: string }
  | { kind: 'other'; message: string };

const isApiProblem = (e: unknown): e is ApiProblem =>
  typeof e === 'object' && e !== null && typeof (e as ApiProblem).code === 'string' && typeof (e as ApiProblem).status === 'number';

/** Field paths the booking form shows at a field; other paths go into the summary message. */
const FORM_PATH = /^body\.(customer\.(name|email|phone)|intake\.[A-Za-z][A-Za-z0-9_]*)$/;

/**
 * `slotLabel` names the lost slot ('10:30') in the race message. Unknown failures keep the server's
 * own message (problem `detail`), which is written for people.
 */
export function toUiProblem(err: unknown, slotLabel?: string): UiProblem {
  if (!isApiProblem(err)) return { kind: 'other', message: 'Something went wrong. Please try again.' };
  switch (err.code) {
    case 'slot_unavailable':
      return {
        kind: 'slot_taken',
        message: slotLabel
          ? `Sorry, someone just booked ${slotLabel} — here are the times still free.`
          : 'Sorry, that time was just taken — here are the times still free.',
      };
    case 'invalid_request': {
      const fieldErrors: Record<string, string> = {};
      const rest: string[] = [];
      for (const e of err.errors) {
        if (FORM_PATH.test(e.path)) fieldErrors[e.path] = e.message;
        else rest.push(`${e.path.replace(/^body\./, '')}: ${e.message}`);
      }
      const message = rest.length ? `Please check: ${rest.join('; ')}` : 'Please correct the highlighted fields.';
      return { kind: 'fields', message, fieldErrors };
    }
    case 'calendar_busy':
    case 'service_unavailable':
    case 'rate_limited': {
      const seconds = err.retryAfterSeconds ?? 5;
      return { kind: 'retry_later', seconds, message: `We're busy right now — please try again in ${seconds} s.` };
    }
    case 'challenge_required':
    case 'challenge_invalid':
      // The widget solves the proof of work itself and retries once; this shows only if that failed too.
      return { kind: 'other', message: 'We could not complete the security check for this booking. Please try again.' };
    case 'network_error':
      return { kind: 'network', message: 'The booking service could not be reached. Check your connection and retry.' };
    case 'policy_window':
      return { kind: 'policy', message: err.message || 'This change is no longer possible online: it is too close to the appointment.' };
    case 'booking_changed':
      return {
        kind: 'changed',
        message: 'This booking changed since this page was loaded (perhaps in another window) — here is how it stands now. Nothing else was changed.',
        current: err.problem?.['booking'],
      };
    case 'link_superseded':
      return {
        kind: 'link',
        code: err.code,
        title: 'This link is out of date',
        message: 'Your booking was changed since this link was sent — use the newest link from your e-mail, or have it sent again below.',
      };
    case 'link_expired':
      return {
        kind: 'link',
        code: err.code,
        title: 'This link has expired',
        message: 'Links to manage a booking work until a month after the appointment. For an upcoming booking, have its link sent again below.',
      };
    case 'link_invalid':
      return {
        kind: 'link',
        code: err.code,
        title: 'This link is not valid',
        message: 'Please open the link exactly as it appears in your e-mail, or have it sent again below.',
      };
    case 'not_found':
      return { kind: 'link', code: 'not_found', title: 'Booking not found', message: 'This booking no longer exists.' };
    default:
      return { kind: 'other', message: err.message || 'Something went wrong. Please try again.' };
  }
}
