/**
 * The one application error. Every failure a client can see carries a stable `code` from `ERROR_CODES`;
 * the HTTP status is derived from the code once, at the gateway edge (`gateway/problem.ts`).
 * Codes are part of the public contract: add new ones, never rename.
 */
export const ERROR_CODES = {
  invalid_request: 422,
  /** An Idempotency-Key reused with a different request body (IETF draft-ietf-httpapi-idempotency-key-header). */
  idempotency_key_mismatch: 422,
  /** BOOKING_CHALLENGE=on and the booking came without a proof of work (X-Altcha). */
  challenge_required: 422,
  /** The proof of work is not ours, wrong, expired or already spent: solve a new challenge. */
  challenge_invalid: 422,
  /**
   * An intake question that asks for the customer's phone or e-mail again (by type, or a text question
   * labelled "Mobile phone", "Telefon", "E-mail"…): use the service's built-in field (`customerFields`).
   */
  intake_duplicates_contact: 422,
  malformed_request: 400,
  unauthorized: 401,
  /** A signed manage link that is malformed, tampered with or signed with another secret. */
  link_invalid: 401,
  forbidden: 403,
  /** A customer acts inside the service's cancel/reschedule notice window. */
  policy_window: 403,
  not_found: 404,
  method_not_allowed: 405,
  slot_unavailable: 409,
  /**
   * The requested start is not a slot of the service at all — off its grid, outside working hours, before
   * the minimum notice or beyond the advance window — as opposed to one that is taken (`slot_unavailable`).
   */
  not_a_slot: 422,
  conflict: 409,
  /** A genuine manage link past its expiry. */
  link_expired: 410,
  /**
   * A genuine manage link for an older version of the booking. No longer answered since #20 (links follow
   * their booking; a stale action is `booking_changed`); kept so the code is never reused.
   */
  link_superseded: 410,
  /**
   * A change (manage link, agent) made against a version of the booking that is no longer current: the
   * booking changed meanwhile. Manage-link answers carry the booking as it is now (`booking`).
   */
  booking_changed: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  /** Abuse limit: this client or contact already holds as many slots as allowed (HOLDS_PER_*). */
  hold_limit: 429,
  /** Abuse limit: this contact already has as many upcoming bookings as allowed (BOOKINGS_PER_CONTACT). */
  booking_limit: 429,
  internal_error: 500,
  /** The configured e-mail transport refused or could not take a message (the admin's test message). */
  delivery_failed: 502,
  service_unavailable: 503,
  /** The provider's calendar API rate-limits us during the live slot check: retry after Retry-After. */
  calendar_busy: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export type FieldProblem = { path: string; message: string };

export class AppError extends Error {
  override name = 'AppError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly extra: {
      errors?: FieldProblem[];
      retryAfterSeconds?: number;
      cause?: unknown;
      /** Extension members of the problem+json body (RFC 9457 §3.2), e.g. the current `booking`. */
      members?: Record<string, unknown>;
    } = {},
  ) {
    super(message, extra.cause === undefined ? undefined : { cause: extra.cause });
  }
  get status(): number {
    return ERROR_CODES[this.code];
  }
}
