/**
 * The create-or-edit flow the service and provider editors share: form state; editing a field drops
 * that field's stale problems; save builds the body (problems found here stay here), sends POST for a
 * new record or PATCH with only the changed fields ("Nothing changed." when there are none), and shows
 * the server's 422 problems at their fields. `failures` counts failed saves (focus moves to the first
 * problem on each).
 */
import { useState, type FormEvent } from 'react';
import { ApiError } from '../../api/client.ts';
import { adminApi } from '../auth.ts';
import { errorsFromProblems, withoutErrors, type FieldErrors } from './errors.ts';

type Built<B> = { ok: true; body: B } | { ok: false; errors: FieldErrors };

export function useCatalogEditor<F extends object, T extends { id: string }, B>(o: {
  original: T | null;
  initialForm: () => F;
  errorPaths: Record<keyof F, string[]>;
  build: (form: F) => Built<B>;
  patch: (original: T, body: B) => Partial<B>;
  /** Collection URL, e.g. `/v1/admin/services`. */
  url: string;
  /** "service", "provider": in "The server did not accept the …". */
  noun: string;
  createdNote: string;
  /** The message for a failure without field problems (default: its own message). */
  failureMessage?: (err: unknown) => string;
  onEdit: () => void;
  onSaved: (saved: T, note: string) => void;
}) {
  const [form, setForm] = useState<F>(o.initialForm);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [failures, setFailures] = useState(0);

  const set = <K extends keyof F>(key: K, value: F[K]) => {
    setForm((f) => ({ ...f, [key]: value }));
    // The edited field's problems are stale now (list rows may have moved, so all of its list's go).
    const rest = withoutErrors(errors, o.errorPaths[key]);
    if (Object.keys(rest).length !== Object.keys(errors).length) {
      setErrors(rest);
      if (Object.keys(rest).length === 0) setMessage(null);
    }
    o.onEdit();
  };
  const fail = (msg: string | null, errs: FieldErrors) => {
    setMessage(msg);
    setErrors(errs);
    setFailures((n) => n + 1);
  };
  const succeed = (saved: T, note: string) => {
    setErrors({});
    setMessage(null);
    o.onSaved(saved, note);
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    o.onEdit();
    const built = o.build(form);
    if (!built.ok) return fail(null, built.errors);
    const original = o.original;
    const body = original ? o.patch(original, built.body) : built.body;
    if (original && Object.keys(body).length === 0) return succeed(original, 'Nothing changed.');
    setBusy(true);
    try {
      const result = original ? await adminApi<T>(`${o.url}/${original.id}`, { method: 'PATCH', body }) : await adminApi<T>(o.url, { method: 'POST', body });
      succeed(result, original ? 'Changes saved.' : o.createdNote);
    } catch (err) {
      if (err instanceof ApiError && err.errors.length > 0) fail(`The server did not accept the ${o.noun}.`, errorsFromProblems(err.errors));
      else fail(o.failureMessage ? o.failureMessage(err) : (err as Error).message, {});
    } finally {
      setBusy(false);
    }
  };

  return { form, set, errors, message, busy, failures, submit };
}
