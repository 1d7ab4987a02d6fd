/** Field schemas shared by the routes, with messages a person can act on. */
import { z } from 'zod';

/** What a date-time field needs, said once (the error map in validation.ts uses it too). */
export const INSTANT_MESSAGE = 'needs a date-time with a UTC offset, e.g. 2026-12-08T10:00:00+01:00';
const LOCAL_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/;

/** An ISO-8601 instant with its offset (`Z` or `+01:00`); a local date-time says the offset is missing. */
export function zInstant() {
  return z.iso.datetime({
    offset: true,
    error: (iss) =>
      typeof iss.input === 'string' && LOCAL_DATE_TIME.test(iss.input)
        ? `needs a UTC offset (Z or +01:00), e.g. ${iss.input.length === 16 ? `${iss.input}:00` : iss.input}+01:00`
        : iss.input === undefined
          ? 'is required'
          : INSTANT_MESSAGE,
  });
}
