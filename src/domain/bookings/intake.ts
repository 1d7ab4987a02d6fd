/**
 * Intake answers of a booking checked against the service's intake fields (`IntakeField`, validated on
 * write by the catalog API). All problems are reported at once, each at `body.intake.<key>`, in field
 * order and then unknown keys in the order given, as one 422 `invalid_request`.
 *
 * Rules:
 * - `answers` is an object or absent (`undefined`/`null` = no answers); keys not among the fields are
 *   refused, so a typo never silently drops an answer.
 * - Absent, `null` and blank strings count as "not answered": an error for a required field, omitted from
 *   the result for an optional one. A required checkbox must be `true` (consent boxes); an optional
 *   checkbox keeps `false` when given.
 * - Strings are trimmed; length is counted in code points after trimming (text ≤ 1000, textarea ≤ 5000).
 *   Control characters are refused (textarea allows tab and line breaks): PostgreSQL's jsonb cannot
 *   store U+0000 at all, and the others only corrupt mails and calendar entries.
 * - email: one `@`, no spaces, a dotted domain, ≤ 254 characters; kept as typed (trimmed).
 * - phone: E.164-ish: an optional leading `+`, 7–15 digits, and the separators people type (space,
 *   `-`, `.`, `(`, `)`), which are dropped: the result is `+4930123456` or `030123456`.
 * - select: exactly one of `options` (after trimming); checkbox: a JSON boolean, no "true" strings.
 * Own properties only: an answers object never lends `constructor` or `__proto__` from its prototype.
 */
import { AppError, type FieldProblem } from '../../errors.ts';
import type { IntakeField, IntakeFieldType } from '../catalog/types.ts';

export type IntakeAnswer = string | boolean;
export type IntakeAnswers = Record<string, IntakeAnswer>;

export const INTAKE_TEXT_MAX = 1000;
export const INTAKE_TEXTAREA_MAX = 5000;
const EMAIL_MAX = 254;

const EMAIL = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;
const PHONE_SEPARATORS = /[\s().-]/g;
const PHONE = /^\+?\d{7,15}$/;
export const EMAIL_PROBLEM = 'must be an e-mail address, e.g. name@example.com';
export const PHONE_PROBLEM = 'must be a phone number of 7 to 15 digits, optionally starting with +, e.g. +49 30 1234567';
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
const CONTROL_EXCEPT_LINES = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;

type Checked = { value: IntakeAnswer } | { problem: string };

/**
 * The one e-mail rule — intake answers, the booking's customer address (bookings route) and the widget
 * (which runs this module) agree: one `@`, no spaces, a dotted domain, ≤ 254 characters. Internationalised
 * addresses (ü@exämple.de) pass.
 */
export function isEmailAddress(value: string): boolean {
  return value.length <= EMAIL_MAX && EMAIL.test(value);
}

/** The one phone rule (as typed): an optional leading `+`, 7–15 digits, and the separators people type. */
export function isPhoneNumber(value: string): boolean {
  return PHONE.test(value.trim().replace(PHONE_SEPARATORS, ''));
}

function isBlank(v: unknown): boolean {
  return v === undefined || v === null || (typeof v === 'string' && v.trim() === '');
}

function checkText(raw: string, max: number, control: RegExp): Checked {
  const value = raw.trim();
  if (control.test(value)) return { problem: 'must not contain control characters' };
  const length = [...value].length;
  if (length > max) return { problem: `must be at most ${max} characters (got ${length})` };
  return { value };
}

const CHECKERS: Record<IntakeFieldType, (raw: unknown, field: IntakeField) => Checked> = {
  text: (raw) => (typeof raw === 'string' ? checkText(raw, INTAKE_TEXT_MAX, CONTROL) : { problem: 'must be a string' }),
  textarea: (raw) => (typeof raw === 'string' ? checkText(raw, INTAKE_TEXTAREA_MAX, CONTROL_EXCEPT_LINES) : { problem: 'must be a string' }),
  email: (raw) => {
    if (typeof raw !== 'string') return { problem: 'must be a string' };
    const value = raw.trim();
    return isEmailAddress(value) ? { value } : { problem: EMAIL_PROBLEM };
  },
  phone: (raw) => {
    if (typeof raw !== 'string') return { problem: 'must be a string' };
    const value = raw.trim().replace(PHONE_SEPARATORS, '');
    return PHONE.test(value) ? { value } : { problem: PHONE_PROBLEM };
  },
  select: (raw, field) => {
    if (typeof raw !== 'string') return { problem: 'must be a string' };
    const value = raw.trim();
    const options = field.options ?? [];
    return options.includes(value) ? { value } : { problem: `must be one of ${options.map((o) => JSON.stringify(o)).join(', ')}` };
  },
  checkbox: (raw, field) => {
    if (typeof raw !== 'boolean') return { problem: 'must be true or false' };
    return field.required && !raw ? { problem: 'must be checked' } : { value: raw };
  },
};

/**
 * The cleaned answers (keys in field order, unanswered optional fields left out), or throws
 * `invalid_request` (422) whose `errors` name every problem at `body.intake.<key>`.
 */
export function validateIntake(fields: readonly IntakeField[], answers: unknown): IntakeAnswers {
  if (answers !== undefined && answers !== null && (typeof answers !== 'object' || Array.isArray(answers))) {
    throw invalid([{ path: 'body.intake', message: 'must be an object of answers keyed by field' }]);
  }
  const given = (answers ?? {}) as Record<string, unknown>;
  const problems: FieldProblem[] = [];
  const out: [string, IntakeAnswer][] = [];
  for (const field of fields) {
    const raw = Object.hasOwn(given, field.key) ? given[field.key] : undefined;
    const path = `body.intake.${field.key}`;
    if (isBlank(raw)) {
      if (field.required) problems.push({ path, message: 'is required' });
      continue;
    }
    const res = CHECKERS[field.type](raw, field);
    if ('problem' in res) problems.push({ path, message: res.problem });
    else out.push([field.key, res.value]);
  }
  const known = new Set(fields.map((f) => f.key));
  for (const key of Object.keys(given)) {
    if (!known.has(key)) problems.push({ path: `body.intake.${key}`, message: 'is not a question of this service' });
  }
  if (problems.length > 0) throw invalid(problems);
  // fromEntries defines own properties, whatever the key (no prototype setter for "__proto__").
  return Object.fromEntries(out);
}

function invalid(errors: FieldProblem[]): AppError {
  return new AppError('invalid_request', errors.map((e) => `${e.path}: ${e.message}`).join('; '), { errors });
}

/**
 * Stored answers as people read them, in the form's order: the field's label and the answer (checkboxes
 * as ✓/✗); unanswered fields are left out. Used by messages and calendar events alike.
 */
export function intakeAnswerList(fields: IntakeField[], answers: Record<string, unknown>): { label: string; value: string }[] {
  return fields
    .filter((f) => answers[f.key] !== undefined && answers[f.key] !== null && answers[f.key] !== '')
    .map((f) => {
      const v = answers[f.key];
      return { label: f.label, value: typeof v === 'boolean' ? (v ? '✓' : '✗') : String(v) };
    });
}
