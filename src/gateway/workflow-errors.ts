/**
 * Temporal client errors of booking updates → AppError, in one place. The workflow raises
 * ApplicationFailures whose `type` is one of `FAILURE` (workflows/booking.types.ts).
 */
import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { AppError, type ErrorCode } from '../errors.ts';
import { FAILURE } from '../../workflows/booking.types.ts';

const BY_TYPE: Record<string, ErrorCode> = {
  [FAILURE.slotUnavailable]: 'slot_unavailable',
  [FAILURE.notAllowed]: 'conflict',
  [FAILURE.policyWindow]: 'policy_window',
  [FAILURE.staleVersion]: 'link_superseded',
};

export function toAppError(err: unknown): unknown {
  if (err instanceof WorkflowUpdateFailedError) {
    const cause = err.cause;
    if (cause instanceof ApplicationFailure && cause.type && BY_TYPE[cause.type]) {
      return new AppError(BY_TYPE[cause.type]!, cause.message, { cause: err });
    }
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
