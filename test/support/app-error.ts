/** Helpers for tests of code that throws `AppError`: anything else thrown still fails the test. */
import { AppError, type ErrorCode } from '../../src/errors.ts';

/** The AppError `fn` throws; fails when it returns or throws something else. */
export function caught(fn: () => unknown): AppError {
  try {
    fn();
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('expected an AppError, but nothing was thrown');
}

/** The code of the AppError `fn` throws, or 'ok' when it returns. */
export function codeOf(fn: () => unknown): ErrorCode | 'ok' {
  try {
    fn();
    return 'ok';
  } catch (e) {
    if (e instanceof AppError) return e.code;
    throw e;
  }
}
