/**
 * Per-service overrides of the booking-message templates: which templates exist, the parts an override
 * may set and their limits, and how stored and draft parts combine. Pure; the admin template use cases
 * (src/use-cases/*-message-template*.ts) and the template route's request schema share these rules,
 * render-message.ts renders the result.
 *
 * - The templates are a fixed set: one per message kind (MESSAGE_KINDS) and locale (TEMPLATE_LOCALES);
 *   any other kind or locale is `not_found`.
 * - An override is any subset of the four parts (subject, text, html, sms); a part that is null or absent
 *   uses the default. Blank parts count as null (the renderer would use the default for them anyway).
 * - Every part must pass `validateTemplate` and stay within its limit, because the renderer silently
 *   falls back to the default for a broken template: a saved (or previewed) part that would not render
 *   is refused instead.
 */
import { AppError, type FieldProblem } from '../../errors.ts';
import { MESSAGE_KINDS, type BookingMessageKind, type MessageLocale } from './message-context.ts';
import { validateTemplate, type TemplateOverride } from './render-message.ts';

/** The locales templates exist for. */
export const TEMPLATE_LOCALES: readonly MessageLocale[] = Object.freeze(['en', 'de'] as const);

/** The most characters each part of an override may have. */
export const TEMPLATE_PART_LIMITS = { subject: 300, text: 100_000, html: 100_000, sms: 1600 } as const;
export type TemplatePart = keyof typeof TEMPLATE_PART_LIMITS;
export const TEMPLATE_PARTS = Object.keys(TEMPLATE_PART_LIMITS) as TemplatePart[];

/** An override as stored: null = the default. */
export type StoredTemplateParts = Record<TemplatePart, string | null>;

/**
 * Parts as given (a PUT body, a preview draft): a string is that template, null the default; an absent
 * part is the default when saving and the stored part when previewing.
 */
export type TemplatePartsInput = Partial<Record<TemplatePart, string | null | undefined>>;

/** The template of `kind` and `locale`, or `not_found` when there is no such template. */
export function templateOf(kind: string, locale: string): { kind: BookingMessageKind; locale: MessageLocale } {
  if (!(MESSAGE_KINDS as readonly string[]).includes(kind)) {
    throw new AppError('not_found', `No message kind ${JSON.stringify(kind)}; kinds: ${MESSAGE_KINDS.join(', ')}`);
  }
  if (!(TEMPLATE_LOCALES as readonly string[]).includes(locale)) {
    throw new AppError('not_found', `No templates for locale ${JSON.stringify(locale)}; locales: ${TEMPLATE_LOCALES.join(', ')}`);
  }
  return { kind: kind as BookingMessageKind, locale: locale as MessageLocale };
}

/** A part as stored: a blank or absent part is null (the default). */
export const blankToNull = (s: string | null | undefined): string | null => (typeof s === 'string' && s.trim() !== '' ? s : null);

/**
 * Why `value` cannot be the `part` of an override (over the part's limit, or refused by `validateTemplate`); null
 * when it can.
 */
export function templatePartProblem(part: TemplatePart, value: string): string | null {
  const max = TEMPLATE_PART_LIMITS[part];
  if (value.length > max) return `at most ${max} characters`;
  return validateTemplate(value);
}

/**
 * Why a saved override would be empty (no part a non-blank template); null when it is not. DELETE removes an
 * override instead.
 */
export function emptyOverrideProblem(parts: TemplatePartsInput): string | null {
  if (TEMPLATE_PARTS.some((p) => blankToNull(parts[p]) !== null)) return null;
  return `give at least one of ${TEMPLATE_PARTS.join(', ')} as a non-blank template (DELETE removes the override)`;
}

/**
 * Refuses (`invalid_request`) parts that `templatePartProblem` or, with `requireOne`, `emptyOverrideProblem`
 * finds fault with, naming each part as the admin API's request schema does (`body.text`; `body` for an
 * empty override).
 */
export function assertTemplateParts(parts: TemplatePartsInput, opts: { requireOne: boolean }): void {
  const errors: FieldProblem[] = [];
  for (const p of TEMPLATE_PARTS) {
    const v = parts[p];
    const problem = typeof v === 'string' ? templatePartProblem(p, v) : null;
    if (problem) errors.push({ path: `body.${p}`, message: problem });
  }
  const empty = opts.requireOne && errors.length === 0 ? emptyOverrideProblem(parts) : null;
  if (empty) errors.push({ path: 'body', message: empty });
  if (errors.length > 0) throw new AppError('invalid_request', errors.map((e) => `${e.path}: ${e.message}`).join('; '), { errors });
}

/** Draft parts over the stored ones: a string is this template, null the default, absent the stored part. */
export function draftOverStored(stored: StoredTemplateParts | undefined, draft: TemplatePartsInput): TemplateOverride {
  const out: TemplateOverride = {};
  for (const p of TEMPLATE_PARTS) {
    const v = draft[p] !== undefined ? draft[p] : stored?.[p];
    if (typeof v === 'string') out[p] = v;
  }
  return out;
}
