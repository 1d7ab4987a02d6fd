/**
 * The customer's details and the service's intake questions (text, textarea, email, phone, select,
 * checkbox). Errors are keyed by server path (see form-model.ts) and shown at their field, linked with
 * aria-describedby; the browser's own validation is off so client and server messages look alike.
 * Required fields carry a visible marker (*, from CSS) and `required` / `aria-required` (announced); optional ones say
 * "(optional)". The e-mail and phone are the booking's own fields, labelled and required as the service says
 * (`customerFields`; see formRequires); a label the business set is shown as written, in every language.
 */
import type { FormEvent, ReactNode } from 'react';
import type { CustomerFields, IntakeField } from '../api/types.ts';
import { DEFAULT_CUSTOMER_FIELDS, formRequires } from '../../../src/domain/catalog/customer-fields.ts';
import { t } from '../shared/i18n/en-form.ts';
import type { FieldErrors, FormAnswers } from './form-model.ts';
import './form.css';

type Props = {
  fields: readonly IntakeField[];
  customerFields?: CustomerFields | undefined;
  answers: FormAnswers;
  onChange: (a: FormAnswers) => void;
  errors: FieldErrors;
  submitting: boolean;
  onSubmit: () => void;
  /** Rendered between the fields and the button (problem notices, retry). */
  children?: ReactNode;
};

function Field({
  id,
  label,
  required,
  error,
  children,
  after,
}: {
  id: string;
  label: string;
  required: boolean;
  error?: string | undefined;
  children: ReactNode;
  after?: boolean;
}) {
  // The required marker is CSS (.sf-required::after, book.css) with empty alternative text: seen, not read
  // out twice — the control's `required` / `aria-required` says it — and not part of the label's name.
  const lab = (
    <label htmlFor={id} className={required ? 'sf-required' : undefined}>
      {label}
      {!required && <span className="hint"> {t('optional')}</span>}
    </label>
  );
  return (
    <div className={after ? 'field sf-check' : 'field'}>
      {!after && lab}
      {children}
      {after && lab}
      {error && (
        <div className="error" id={`${id}-err`}>
          {error}
        </div>
      )}
    </div>
  );
}

export function BookingForm({ fields, customerFields = DEFAULT_CUSTOMER_FIELDS, answers, onChange, errors, submitting, onSubmit, children }: Props) {
  const a11y = (id: string, path: string, required: boolean) => ({
    id,
    required,
    'aria-required': required,
    'aria-invalid': errors[path] ? true : undefined,
    'aria-describedby': errors[path] ? `${id}-err` : undefined,
  });
  const customer = (key: 'name' | 'email' | 'phone', label: string, type: string, autoComplete: string, required: boolean) => {
    const id = `sf-c-${key}`;
    const path = `body.customer.${key}`;
    return (
      <Field id={id} label={label} required={required} error={errors[path]}>
        <input
          {...a11y(id, path, required)}
          type={type}
          autoComplete={autoComplete}
          value={answers[key]}
          onChange={(e) => onChange({ ...answers, [key]: e.target.value })}
        />
      </Field>
    );
  };
  const needs = formRequires(customerFields);
  const set = (key: string, v: string | boolean) => onChange({ ...answers, intake: { ...answers.intake, [key]: v } });

  return (
    <form
      noValidate
      onSubmit={(e: FormEvent) => {
        e.preventDefault();
        if (!submitting) onSubmit();
      }}
    >
      {customer('name', t('name'), 'text', 'name', true)}
      {customer('email', customerFields.email.label ?? t('email'), 'email', 'email', needs.email)}
      {customer('phone', customerFields.phone.label ?? t('phone'), 'tel', 'tel', needs.phone)}
      {fields.map((f) => {
        const id = `sf-i-${f.key}`;
        const path = `body.intake.${f.key}`;
        const p = a11y(id, path, f.required);
        const v = answers.intake[f.key];
        const str = typeof v === 'string' ? v : '';
        let control: ReactNode;
        switch (f.type) {
          case 'textarea':
            control = <textarea {...p} rows={3} value={str} onChange={(e) => set(f.key, e.target.value)} />;
            break;
          case 'select':
            control = (
              <select {...p} value={str} onChange={(e) => set(f.key, e.target.value)}>
                <option value="">{t('choose')}</option>
                {(f.options ?? []).map((o) => (
                  <option key={o} value={o}>
                    {o}
                  </option>
                ))}
              </select>
            );
            break;
          case 'checkbox':
            control = <input {...p} type="checkbox" checked={v === true} onChange={(e) => set(f.key, e.target.checked)} />;
            break;
          default:
            control = (
              <input
                {...p}
                type={f.type === 'phone' ? 'tel' : f.type === 'email' ? 'email' : 'text'}
                value={str}
                onChange={(e) => set(f.key, e.target.value)}
              />
            );
        }
        return (
          <Field key={f.key} id={id} label={f.label} required={f.required} error={errors[path]} after={f.type === 'checkbox'}>
            {control}
          </Field>
        );
      })}
      {children}
      <button type="submit" className="primary sf-submit" disabled={submitting} aria-busy={submitting || undefined}>
        {submitting ? t('booking') : t('confirm')}
      </button>
    </form>
  );
}
