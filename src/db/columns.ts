/**
 * camelCase fields → snake_case columns for inserts and partial updates. A field that is `undefined` is
 * left out (PATCH: "not given" means "unchanged"); `null` is kept (it clears the column). JSON columns
 * are stringified, as the kysely column types in `schema.ts` expect.
 */
export function columnsOf<F extends string, C extends string>(
  input: { readonly [K in NoInfer<F>]?: unknown },
  map: Readonly<Record<F, C>>,
  jsonColumns: readonly C[] = [],
): Partial<Record<C, unknown>> {
  const out: Partial<Record<C, unknown>> = {};
  for (const field of Object.keys(map) as F[]) {
    const value = input[field];
    if (value === undefined) continue;
    const column = map[field];
    out[column] = jsonColumns.includes(column) ? JSON.stringify(value) : value;
  }
  return out;
}
