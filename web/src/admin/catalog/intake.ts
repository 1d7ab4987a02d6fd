/**
 * The intake form builder's model: the questions a customer answers when booking a service.
 *
 * Each row is an `IntakeDraft` with a local `uid` (stable React key while rows move) and the options of
 * a select as text, one per line. Contract (mirrors src/gateway/schemas/catalog.schemas.ts ZIntakeField):
 * - key: letters, digits and _, starting with a letter, at most 50; unique within the service. While the
 *   admin has not typed a key (`keyEdited` false) it follows the label (`keyFromLabel`).
 * - label: 1..200 characters after trimming.
 * - options: only for select, at least one, unique, each 1..200 characters; blank lines are ignored.
 * Errors are keyed like the server's: `intakeFields.<i>.key|label|options`.
 */
import type { IntakeField, IntakeFieldType } from '../../api/types.ts';
import type { FieldErrors } from './errors.ts';
import { duplicatesContactField } from '../../../../src/domain/catalog/customer-fields.ts';

/** Why a question asking for a phone or an e-mail is refused (the server answers 422 intake_duplicates_contact). */
export const CONTACT_DUPLICATE = {
  phone: 'This asks for the customer’s phone: use the built-in Phone field instead (Customer contact above: make it required, label it).',
  email: 'This asks for the customer’s e-mail: use the built-in E-mail field instead (Customer contact above: make it required, label it).',
} as const;

/** The types a new question can have: phone and e-mail are the booking's built-in fields, not questions. */
export const isQuestionType = (t: IntakeFieldType) => t !== 'phone' && t !== 'email';

export const INTAKE_TYPES: readonly { value: IntakeFieldType; label: string }[] = [
  { value: 'text', label: 'Short text' },
  { value: 'textarea', label: 'Long text' },
  { value: 'email', label: 'E-mail' },
  { value: 'phone', label: 'Phone' },
  { value: 'select', label: 'Choice (select)' },
  { value: 'checkbox', label: 'Checkbox' },
];

export type IntakeDraft = {
  uid: string;
  key: string;
  keyEdited: boolean;
  label: string;
  type: IntakeFieldType;
  required: boolean;
  optionsText: string;
};

const KEY_PATTERN = /^[A-Za-z][A-Za-z0-9_]{0,49}$/;
const MAX_KEY = 50;

let counter = 0;
/** A page-unique id for a new row. */
export function newUid(): string {
  counter += 1;
  return `f${counter}`;
}

/**
 * A key from a label: accents dropped, lower case, words joined by "_" ("Date of birth" →
 * "date_of_birth", "Größe (cm)" → "grosse_cm"); "field" when nothing usable is left; "f_" before a
 * leading digit; unique against `taken` by appending _2, _3, …; never longer than 50.
 */
export function keyFromLabel(label: string, taken: Iterable<string> = []): string {
  const used = new Set(taken);
  let base = label
    .replace(/ß/g, 'ss')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  if (base === '') base = 'field';
  if (/^[0-9]/.test(base)) base = `f_${base}`;
  base = base.slice(0, MAX_KEY).replace(/_+$/, '');
  if (!used.has(base)) return base;
  for (let n = 2; ; n++) {
    const suffix = `_${n}`;
    const candidate = base.slice(0, MAX_KEY - suffix.length) + suffix;
    if (!used.has(candidate)) return candidate;
  }
}

export function optionsOf(draft: Pick<IntakeDraft, 'optionsText'>): string[] {
  return draft.optionsText
    .split('\n')
    .map((o) => o.trim())
    .filter((o) => o !== '');
}

export function draftsFromFields(fields: readonly IntakeField[]): IntakeDraft[] {
  return fields.map((f) => ({
    uid: newUid(),
    key: f.key,
    keyEdited: true,
    label: f.label,
    type: f.type,
    required: f.required,
    optionsText: (f.options ?? []).join('\n'),
  }));
}

/** A new row; its key is unique among `existing`. */
export function newDraft(existing: readonly IntakeDraft[], label = ''): IntakeDraft {
  return {
    uid: newUid(),
    key: keyFromLabel(
      label,
      existing.map((d) => d.key),
    ),
    keyEdited: false,
    label,
    type: 'text',
    required: false,
    optionsText: '',
  };
}

/** Sets the label; an un-edited key follows it (unique among the other rows). */
export function withLabel(drafts: readonly IntakeDraft[], index: number, label: string): IntakeDraft[] {
  return drafts.map((d, i) => {
    if (i !== index) return d;
    const others = drafts.filter((_, j) => j !== index).map((o) => o.key);
    return { ...d, label, key: d.keyEdited ? d.key : keyFromLabel(label, others) };
  });
}

/** Moves row `index` by `delta` (-1 up, +1 down); out-of-range moves change nothing. */
export function moveDraft<T>(items: readonly T[], index: number, delta: number): T[] {
  const target = index + delta;
  if (index < 0 || index >= items.length || target < 0 || target >= items.length) return items.slice();
  const out = items.slice();
  const [item] = out.splice(index, 1);
  out.splice(target, 0, item!);
  return out;
}

export type IntakeResult = { ok: true; fields: IntakeField[] } | { ok: false; errors: FieldErrors };

/** Rows → the API's intake fields, or errors at `intakeFields.<i>.<part>`. */
export function draftsToFields(drafts: readonly IntakeDraft[]): IntakeResult {
  const errors: FieldErrors = {};
  const firstAt = new Map<string, number>();
  drafts.forEach((d, i) => {
    const at = `intakeFields.${i}`;
    if (d.key === '') errors[`${at}.key`] = 'enter a key';
    else if (!KEY_PATTERN.test(d.key)) errors[`${at}.key`] = 'letters, digits and _, starting with a letter (at most 50)';
    else if (firstAt.has(d.key)) errors[`${at}.key`] = `the key "${d.key}" is already used by question ${firstAt.get(d.key)! + 1}`;
    else firstAt.set(d.key, i);
    const label = d.label.trim();
    // The booking has one phone and one e-mail (the service's built-in fields): no second one here.
    const dup = duplicatesContactField({ type: d.type, label });
    if (dup) errors[at] = CONTACT_DUPLICATE[dup];
    if (label === '') errors[`${at}.label`] = 'enter the question shown to customers';
    else if (label.length > 200) errors[`${at}.label`] = 'at most 200 characters';
    if (d.type === 'select') {
      const options = optionsOf(d);
      const dup = options.find((o, j) => options.indexOf(o) !== j);
      if (options.length === 0) errors[`${at}.options`] = 'a choice needs at least one option (one per line)';
      else if (dup !== undefined) errors[`${at}.options`] = `the option "${dup}" is listed twice`;
      else if (options.length > 100) errors[`${at}.options`] = 'at most 100 options';
      else if (options.some((o) => o.length > 200)) errors[`${at}.options`] = 'each option at most 200 characters';
    }
  });
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    fields: drafts.map((d) => ({
      key: d.key,
      label: d.label.trim(),
      type: d.type,
      required: d.required,
      ...(d.type === 'select' ? { options: optionsOf(d) } : {}),
    })),
  };
}
