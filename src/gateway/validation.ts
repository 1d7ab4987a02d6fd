/**
 * zod parsing at the edge: a failure becomes `AppError('invalid_request')` whose `errors` name each field
 * as `<where>.<path>` (e.g. `body.customer.email`), so clients can highlight the right input.
 */
import type { z } from 'zod';
import { AppError } from '../errors.ts';

export function parseInput<S extends z.ZodType>(schema: S, value: unknown, where: 'body' | 'query' | 'params'): z.output<S> {
  const res = schema.safeParse(value ?? (where === 'body' ? undefined : {}));
  if (res.success) return res.data;
  const errors = res.error.issues.map((i) => ({
    path: [where, ...i.path.map(String)].join('.'),
    message: i.message,
  }));
  throw new AppError('invalid_request', errors.map((e) => `${e.path}: ${e.message}`).join('; '), { errors });
}
