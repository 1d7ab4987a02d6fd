/**
 * The template editor's form: every part shows the text that applies (the override's, else the default),
 * and only parts that differ from the default are sent — so a part left as the default keeps following
 * future changes of the default instead of freezing a copy. Pure: no DOM, no React.
 */
import type { EffectiveTemplate, Parts, TemplatePart } from './types.ts';

export const PARTS: readonly TemplatePart[] = ['subject', 'html', 'text', 'sms'];

export const PART_LABELS: Record<TemplatePart, string> = {
  subject: 'Subject',
  html: 'HTML body',
  text: 'Plain-text body',
  sms: 'SMS',
};

export const LOCALE_LABELS: Record<string, string> = { en: 'English', de: 'Deutsch' };

/** The editor's starting text: the stored override's parts over the default's. */
export function formFromTemplate(t: EffectiveTemplate): Parts {
  const out = { ...t.default };
  for (const p of PARTS) {
    const v = t.override?.[p];
    if (v != null) out[p] = v;
  }
  return out;
}

/** The parts to send (PUT body or preview draft): a part equal to the default (ignoring outer blanks) is null. */
export function partsToSend(form: Parts, defaults: Parts): Record<TemplatePart, string | null> {
  const out = {} as Record<TemplatePart, string | null>;
  for (const p of PARTS) out[p] = form[p].trim() === defaults[p].trim() || form[p].trim() === '' ? null : form[p];
  return out;
}

/** True when no part differs from the default (saving that is the same as resetting). */
export function allDefault(parts: Record<TemplatePart, string | null>): boolean {
  return PARTS.every((p) => parts[p] === null);
}

/** The parts that differ from the default, for the list's "customised" mark. */
export function customisedParts(o: Partial<Record<TemplatePart, string | null>> | null | undefined): TemplatePart[] {
  return o ? PARTS.filter((p) => o[p] != null) : [];
}
