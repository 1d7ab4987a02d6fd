/**
 * The one bridge from a classified outbound failure (http-errors.ts) to Temporal: an activity throws
 * what this returns. A retryable failure stays retryable and, when the provider said how long to wait
 * (Retry-After, already capped by the parser), its next attempt waits exactly that
 * (`nextRetryDelay`) instead of the retry policy's shorter backoff; anything else is non-retryable, so
 * the policy does not hammer a provider that already said no.
 *
 * `type` is the ApplicationFailure type workflows and tests match on (e.g. `CalendarRATE_LIMITED`,
 * `TransportTemporary`); the original error is not attached as cause — its message is carried, its
 * provider details stay out of workflow history.
 */
import { ApplicationFailure } from '@temporalio/common';
import type { OutboundFailureKind } from './http-errors.ts';

export type ClassifiedForActivity = {
  kind: OutboundFailureKind;
  message: string;
  retryAfterMs?: number | undefined;
};

export function activityFailure(failure: ClassifiedForActivity, type: string): ApplicationFailure {
  const retryable = failure.kind === 'retryable';
  return ApplicationFailure.create({
    message: failure.message,
    type,
    nonRetryable: !retryable,
    ...(retryable && failure.retryAfterMs !== undefined ? { nextRetryDelay: failure.retryAfterMs } : {}),
  });
}
