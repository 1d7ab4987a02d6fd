/**
 * SQLSTATE helpers. Both drivers (pg and PGlite) put the five-character SQLSTATE on `error.code`.
 */
export const SQLSTATE = {
  exclusionViolation: '23P01',
  uniqueViolation: '23505',
  foreignKeyViolation: '23503',
  checkViolation: '23514',
  deadlockDetected: '40P01',
  serializationFailure: '40001',
} as const;

export function sqlState(err: unknown): string | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const code = (err as { code?: unknown }).code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}

/** Transient failures after which the same transaction may simply be run again. */
export function isRetryableTransactionError(err: unknown): boolean {
  const s = sqlState(err);
  return s === SQLSTATE.deadlockDetected || s === SQLSTATE.serializationFailure;
}
