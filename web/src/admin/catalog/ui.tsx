/**
 * Small labelled form controls shared by the catalog screens. Each control has a visible <label>, its
 * hint and error linked through aria-describedby, and aria-invalid while it has an error, so screen
 * readers announce both and `focusFirstInvalid` can move the keyboard to the first problem.
 */
import { useEffect, type InputHTMLAttributes, type ReactNode } from 'react';
import type { FieldErrors } from './errors.ts';

type Described = { id: string; hint?: ReactNode; error?: string | undefined };

/** Props that tie a control to its hint and error. */
export function describedBy({ id, hint, error }: Described) {
  const ids = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return { id, 'aria-invalid': error ? true : undefined, 'aria-describedby': ids || undefined } as const;
}

export function HintAndError({ id, hint, error }: Described) {
  return (
    <>
      {hint && (
        <div className="hint" id={`${id}-hint`}>
          {hint}
        </div>
      )}
      {error && (
        <div className="error" id={`${id}-error`}>
          {error}
        </div>
      )}
    </>
  );
}

type TextFieldProps = Described & {
  label: ReactNode;
  value: string;
  onChange: (value: string) => void;
  className?: string;
} & Omit<InputHTMLAttributes<HTMLInputElement>, 'id' | 'value' | 'onChange' | 'className'>;

export function TextField({ id, label, hint, error, value, onChange, className, ...rest }: TextFieldProps) {
  return (
    <div className={`field ${className ?? ''}`}>
      <label htmlFor={id}>{label}</label>
      <input {...rest} {...describedBy({ id, hint, error })} value={value} onChange={(e) => onChange(e.target.value)} />
      <HintAndError id={id} hint={hint} error={error} />
    </div>
  );
}

export function TextAreaField({
  id,
  label,
  hint,
  error,
  value,
  onChange,
  rows = 3,
}: Described & { label: ReactNode; value: string; onChange: (v: string) => void; rows?: number }) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <textarea {...describedBy({ id, hint, error })} rows={rows} value={value} onChange={(e) => onChange(e.target.value)} />
      <HintAndError id={id} hint={hint} error={error} />
    </div>
  );
}

export function CheckField({ id, label, hint, error, checked, onChange }: Described & { label: ReactNode; checked: boolean; onChange: (v: boolean) => void }) {
  return (
    <div className="field cat-check">
      <input type="checkbox" {...describedBy({ id, hint, error })} checked={checked} onChange={(e) => onChange(e.target.checked)} />
      <label htmlFor={id}>{label}</label>
      <HintAndError id={id} hint={hint} error={error} />
    </div>
  );
}

/**
 * The form-level notice of a failed save: what went wrong and, as a list, every field problem (so a
 * problem at a path no control shows is never hidden). `role="alert"` announces it.
 */
export function SaveProblems({ message, errors, labels }: { message: string | null; errors: FieldErrors; labels?: (path: string) => string }) {
  const entries = Object.entries(errors);
  if (!message && entries.length === 0) return null;
  return (
    <div className="notice bad" role="alert">
      <p className="cat-notice-title">{message ?? 'Please correct the marked fields.'}</p>
      {entries.length > 0 && (
        <ul>
          {entries.map(([path, msg]) => (
            <li key={path}>
              {labels ? labels(path) : path}: {msg}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** After a render that produced errors (`signal` changes per failed save), focus the first invalid control. */
export function useFocusFirstInvalid(signal: number): void {
  useEffect(() => {
    if (signal === 0) return;
    const el = document.querySelector<HTMLElement>('[aria-invalid="true"]');
    el?.focus();
  }, [signal]);
}
