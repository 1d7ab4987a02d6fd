/**
 * zod parsing at the edge: a failure becomes `AppError('invalid_request')` whose `errors` name each field
 * as `<where>.<path>` (e.g. `body.customer.email`), so clients can highlight the right input.
 *
 * Messages are ours, said once here per kind of problem (zod's own English — "Invalid input: expected
 * string, received undefined" — is not shown): `fieldMessage` is zod's error map (`z.config`), used for every
 * issue whose schema says nothing itself; a schema's own message (a refine's text) still wins.
 */
import { z } from 'zod';
import { AppError, type FieldProblem } from '../errors.ts';
import { INSTANT_MESSAGE } from './schemas/common.schemas.ts';

const TYPE_WORDS: Record<string, string> = {
  string: 'must be text',
  number: 'must be a number',
  int: 'must be a whole number',
  bigint: 'must be a whole number',
  boolean: 'must be true or false',
  object: 'must be an object',
  array: 'must be a list',
  date: 'must be a date',
  null: 'must be null',
};

const FORMAT_WORDS: Record<string, string> = {
  uuid: 'must be a UUID, e.g. 3f0c2a1e-5b7d-4c9e-8a6f-1d2e3c4b5a69',
  guid: 'must be a UUID, e.g. 3f0c2a1e-5b7d-4c9e-8a6f-1d2e3c4b5a69',
  email: 'must be an e-mail address',
  url: 'must be a URL',
  datetime: INSTANT_MESSAGE,
  date: 'must be a date YYYY-MM-DD, e.g. 2026-12-08',
  time: 'must be a time HH:MM',
  regex: 'has the wrong format',
};

const plural = (n: number | bigint, one: string) => `${n} ${one}${Number(n) === 1 ? '' : 's'}`;

/** One sentence predicate per issue ("is required", "must be a UUID, …"); undefined: keep the schema's. */
export function fieldMessage(iss: z.core.$ZodRawIssue): string | undefined {
  switch (iss.code) {
    case 'invalid_type':
      if (iss.input === undefined) return 'is required';
      return TYPE_WORDS[iss.expected] ?? `must be of type ${iss.expected}`;
    case 'too_small': {
      const min = iss.minimum;
      if (iss.origin === 'string') return Number(min) <= 1 ? 'must not be empty' : `must be at least ${plural(min, 'character')} long`;
      if (iss.origin === 'array' || iss.origin === 'set') return `needs at least ${plural(min, 'item')}`;
      return iss.inclusive === false ? `must be more than ${min}` : `must be ${min} or more`;
    }
    case 'too_big': {
      const max = iss.maximum;
      if (iss.origin === 'string') return `must be at most ${plural(max, 'character')} long`;
      if (iss.origin === 'array' || iss.origin === 'set') return `may have at most ${plural(max, 'item')}`;
      return iss.inclusive === false ? `must be less than ${max}` : `must be ${max} or less`;
    }
    case 'invalid_format':
      return FORMAT_WORDS[iss.format] ?? `must be a valid ${iss.format}`;
    case 'invalid_value':
      return iss.values.length === 1 ? `must be ${JSON.stringify(iss.values[0])}` : `must be one of ${iss.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'not_multiple_of':
      return `must be a multiple of ${iss.divisor}`;
    case 'unrecognized_keys':
      return `has ${iss.keys.length === 1 ? 'a field' : 'fields'} it does not know: ${iss.keys.map((k) => JSON.stringify(k)).join(', ')}`;
    case 'invalid_union':
      return 'matches none of the accepted forms';
    case 'invalid_key':
      return 'has a key that is not allowed';
    default:
      return undefined;
  }
}

z.config({ customError: fieldMessage });

/** zod issues → field problems; an unknown field is reported at its object (`body`: has a field it does not know). */
export function fieldProblems(issues: readonly z.core.$ZodIssue[], where: string): FieldProblem[] {
  return issues.map((i) => ({ path: [where, ...i.path.map(String)].join('.'), message: i.message }));
}

export function parseInput<S extends z.ZodType>(schema: S, value: unknown, where: 'body' | 'query' | 'params'): z.output<S> {
  const res = schema.safeParse(value ?? (where === 'body' ? undefined : {}));
  if (res.success) return res.data;
  const errors = fieldProblems(res.error.issues, where);
  throw new AppError('invalid_request', errors.map((e) => `${e.path}: ${e.message}`).join('; '), { errors });
}
