/**
 * Errors → `application/problem+json` (RFC 9457), the single place where an error becomes an HTTP status.
 * Body: `{ type, title, status, code, detail, instance, errors? }`; `code` is the stable contract
 * (`ERROR_CODES` in src/errors.ts). Unknown errors are logged and answered 500 `internal_error` with no
 * internals leaked.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, ERROR_CODES, type ErrorCode, type FieldProblem } from '../errors.ts';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json; charset=utf-8';

export const TITLES: Record<ErrorCode, string> = {
  invalid_request: 'The request is not valid',
  idempotency_key_mismatch: 'This Idempotency-Key was used for another request',
  challenge_required: 'A proof of work is required',
  challenge_invalid: 'The proof of work is not valid',
  intake_duplicates_contact: 'An intake question duplicates the built-in phone or e-mail field',
  malformed_request: 'The request body could not be read',
  unauthorized: 'Authentication required',
  link_invalid: 'This link is not valid',
  forbidden: 'Not allowed',
  policy_window: 'Too close to the appointment to change it',
  not_found: 'Not found',
  method_not_allowed: 'Method not allowed',
  slot_unavailable: 'That time is no longer available',
  not_a_slot: 'That time is not a bookable slot',
  conflict: 'Conflict',
  link_expired: 'This link has expired',
  link_superseded: 'This link has been replaced by a newer one',
  booking_changed: 'This booking changed meanwhile',
  payload_too_large: 'Request body too large',
  unsupported_media_type: 'Unsupported content type',
  rate_limited: 'Too many requests',
  hold_limit: 'Too many holds at once',
  booking_limit: 'Too many upcoming bookings for one customer',
  internal_error: 'Internal error',
  service_unavailable: 'Service unavailable',
  delivery_failed: 'The e-mail transport did not take the message',
  calendar_busy: "The provider's calendar is busy; try again shortly",
};

export type Problem = {
  type: string;
  title: string;
  status: number;
  code: ErrorCode;
  detail: string;
  instance?: string;
  errors?: FieldProblem[];
  [extension: string]: unknown;
};

export function problemOf(code: ErrorCode, detail: string, extra: Partial<Problem> = {}): Problem {
  return { type: `urn:slotflow:problem:${code}`, title: TITLES[code], status: ERROR_CODES[code], code, detail, ...extra };
}

/** Fastify's own error codes → ours. */
const FASTIFY_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_BODY_TOO_LARGE: 'payload_too_large',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'malformed_request',
  FST_ERR_CTP_INVALID_JSON_BODY: 'malformed_request',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'malformed_request',
  FST_ERR_CTP_INVALID_TYPE: 'unsupported_media_type',
};

export function toProblem(err: unknown, req: FastifyRequest): Problem {
  const instance = req.url;
  if (err instanceof AppError) {
    return problemOf(err.code, err.message, {
      ...err.extra.members,
      instance,
      ...(err.extra.errors ? { errors: err.extra.errors } : {}),
    });
  }
  const fe = err as Partial<FastifyError>;
  const mapped = fe.code ? FASTIFY_CODES[fe.code] : undefined;
  if (mapped) return problemOf(mapped, fe.message ?? TITLES[mapped], { instance });
  if (err instanceof SyntaxError || fe.statusCode === 400) {
    return problemOf('malformed_request', 'The request body is not valid JSON.', { instance });
  }
  if (typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
    const byStatus = (Object.entries(ERROR_CODES) as [ErrorCode, number][]).find(([, s]) => s === fe.statusCode);
    if (byStatus) return problemOf(byStatus[0], fe.message ?? TITLES[byStatus[0]], { instance });
  }
  return problemOf('internal_error', 'Something went wrong on our side; it has been logged.', { instance });
}

export function sendProblem(reply: FastifyReply, problem: Problem): FastifyReply {
  return reply.status(problem.status).header('content-type', PROBLEM_CONTENT_TYPE).send(problem);
}
