/**
 * Temporal client errors of booking updates → AppError, in one place. The workflow raises
 * ApplicationFailures whose `type` is one of `FAILURE` (workflows/booking.types.ts).
 */
import { isGrpcServiceError, WorkflowNotFoundError, WorkflowUpdateFailedError, WorkflowUpdateRPCTimeoutOrCancelledError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { AppError, ERROR_CODES, type ErrorCode } from '../errors.ts';
import { FAILURE, REFUSAL_TYPE_PREFIX } from '../../workflows/booking.types.ts';

/** The problem code of a workflow failure type: a refusal's own code (`Refused:<code>`), or the fixed map. */
function codeOfType(type: string): ErrorCode | undefined {
  if (type.startsWith(REFUSAL_TYPE_PREFIX)) {
    const code = type.slice(REFUSAL_TYPE_PREFIX.length);
    return Object.hasOwn(ERROR_CODES, code) ? (code as ErrorCode) : undefined;
  }
  return BY_TYPE[type];
}

const BY_TYPE: Record<string, ErrorCode> = {
  [FAILURE.slotUnavailable]: 'slot_unavailable',
  [FAILURE.notAllowed]: 'conflict',
  [FAILURE.policyWindow]: 'policy_window',
  [FAILURE.staleVersion]: 'booking_changed',
};

/** gRPC codes that mean "Temporal cannot answer right now" (not "your request is wrong"). */
const UNAVAILABLE_CODES = new Set([4 /* DEADLINE_EXCEEDED */, 8 /* RESOURCE_EXHAUSTED */, 14 /* UNAVAILABLE */]);

/** Seconds a client should wait before retrying when Temporal is unreachable. */
export const TEMPORAL_RETRY_AFTER_SECONDS = 5;

/** True when `err` (or a cause of it) says the Temporal frontend could not be reached or answer in time. */
export function isTemporalUnavailable(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && depth < 8; e = (e as { cause?: unknown }).cause, depth++) {
    if (e instanceof WorkflowUpdateRPCTimeoutOrCancelledError) return true;
    if (isGrpcServiceError(e) && UNAVAILABLE_CODES.has(e.code)) return true;
  }
  return false;
}

export function toAppError(err: unknown): unknown {
  if (isTemporalUnavailable(err)) {
    // Infrastructure, not bad input: 503 with Retry-After. A retry with the same Idempotency-Key is safe.
    return new AppError('service_unavailable', 'The booking engine is unavailable; retry shortly (reuse your Idempotency-Key).', {
      retryAfterSeconds: TEMPORAL_RETRY_AFTER_SECONDS,
      cause: err,
    });
  }
  if (err instanceof WorkflowUpdateFailedError) {
    const cause = err.cause;
    const code = cause instanceof ApplicationFailure && cause.type ? codeOfType(cause.type) : undefined;
    if (code) return new AppError(code, cause!.message, { cause: err });
  }
  if (err instanceof WorkflowNotFoundError || (err as { name?: string })?.name === 'WorkflowNotFoundError') {
    return new AppError('not_found', 'No such booking.', { cause: err });
  }
  return err;
}

/** Awaits `p`, translating workflow refusals. */
export async function viaWorkflow<T>(p: Promise<T>): Promise<T> {
  try {
    return await p;
  } catch (err) {
    throw toAppError(err);
  }
}
