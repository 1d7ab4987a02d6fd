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

/** Node socket errors of a lost or refused database connection. */
const CONNECTION_ERRNOS = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);

/**
 * The database is unreachable for a moment — not a fault of the request: PostgreSQL restarting or shutting
 * connections down (57P01 admin shutdown, 57P02 crash shutdown, 57P03 cannot connect now), the connection
 * class (08xxx), too many connections (53300), a socket error, or pg's "Connection terminated". The
 * gateway answers these 503 with Retry-After instead of 500.
 */
export function isDatabaseUnavailable(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const s = sqlState(err);
  if (s && (s.startsWith('08') || s === '57P01' || s === '57P02' || s === '57P03' || s === '53300')) return true;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string' && CONNECTION_ERRNOS.has(code)) return true;
  const message = (err as { message?: unknown }).message;
  return typeof message === 'string' && /Connection terminated|connection timeout|timeout exceeded when trying to connect|not queryable/i.test(message);
}
