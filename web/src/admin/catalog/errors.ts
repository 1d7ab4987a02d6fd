/**
 * Field errors of the catalog forms, keyed by the server's field path without the `body.` prefix
 * (`durationMinutes`, `intakeFields.2.options`, `weeklyHours.mon.1`). Client-side checks use the same
 * keys, so one map feeds every field whichever side found the problem. Pure: no DOM, no React.
 */
export type FieldErrors = Record<string, string>;

/** A problem as the gateway reports it in a 422 `errors` list (see web/src/api/client.ts FieldProblem). */
export type Problem = { path: string; message: string };

/** Server problems → FieldErrors; `body.` is dropped, several messages on one path are joined. */
export function errorsFromProblems(problems: readonly Problem[]): FieldErrors {
  const out: FieldErrors = {};
  for (const p of problems) {
    const key = p.path.replace(/^body\.?/, '') || '(form)';
    out[key] = out[key] ? `${out[key]}; ${p.message}` : p.message;
  }
  return out;
}

/**
 * The message for `path`, including those of paths below it (`intakeFields.2.options` also shows
 * `intakeFields.2.options.1`), so a field shows problems the server found on its parts.
 */
export function errorAt(errors: FieldErrors, path: string): string | undefined {
  const messages: string[] = [];
  for (const [key, message] of Object.entries(errors)) {
    if (key === path || key.startsWith(`${path}.`)) messages.push(message);
  }
  return messages.length > 0 ? messages.join('; ') : undefined;
}

/** True when some error lies at or below `path`. */
export function hasErrorUnder(errors: FieldErrors, path: string): boolean {
  return errorAt(errors, path) !== undefined;
}

/** `errors` without those at or below any of `paths` (an edited field's stale problems). */
export function withoutErrors(errors: FieldErrors, paths: readonly string[]): FieldErrors {
  const out: FieldErrors = {};
  for (const [key, message] of Object.entries(errors)) {
    if (!paths.some((p) => key === p || key.startsWith(`${p}.`))) out[key] = message;
  }
  return out;
}
