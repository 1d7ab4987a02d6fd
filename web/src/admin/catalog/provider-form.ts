/**
 * The provider editor's state and its conversion to API bodies. Phone is optional ("" → null); the
 * e-mail check is the obvious one (something@something.tld) — the server's is authoritative. Weekly
 * hours errors are keyed `weeklyHours.<day>.<row>` (see weekly-hours.ts).
 */
import type { Provider, WeeklyHours } from '../../api/types.ts';
import type { FieldErrors } from './errors.ts';
import { changedFields } from './patch.ts';
import { draftFromWeekly, draftToWeekly, emptyDraft, type HoursDraft } from './weekly-hours.ts';

export type ProviderForm = { name: string; email: string; phone: string; timeZone: string; hours: HoursDraft; active: boolean };
export type ProviderBody = Omit<Provider, 'id' | 'createdAt' | 'updatedAt'>;

export function formFromProvider(p: Provider | null, defaultZone: string): ProviderForm {
  if (!p) return { name: '', email: '', phone: '', timeZone: defaultZone, hours: emptyDraft(), active: true };
  return { name: p.name, email: p.email, phone: p.phone ?? '', timeZone: p.timeZone, hours: draftFromWeekly(p.weeklyHours), active: p.active };
}

/** The error paths a form key's value is reported at. */
export const PROVIDER_ERROR_PATHS: Record<keyof ProviderForm, string[]> = {
  name: ['name'],
  email: ['email'],
  phone: ['phone'],
  timeZone: ['timeZone'],
  hours: ['weeklyHours'],
  active: ['active'],
};

export type ProviderResult = { ok: true; body: ProviderBody } | { ok: false; errors: FieldErrors };

export function providerBody(f: ProviderForm, knownZones?: ReadonlySet<string>): ProviderResult {
  const errors: FieldErrors = {};
  const name = f.name.trim();
  if (name === '') errors.name = 'enter a name';
  else if (name.length > 200) errors.name = 'at most 200 characters';
  const email = f.email.trim();
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) errors.email = 'enter an e-mail address, e.g. ada@example.com';
  const phone = f.phone.trim();
  if (phone !== '' && !/^\+?[0-9 ()./-]{3,40}$/.test(phone)) errors.phone = 'enter a phone number, e.g. +49 30 1234567';
  if (f.timeZone === '' || (knownZones && !knownZones.has(f.timeZone))) errors.timeZone = 'choose a time zone';
  const hours = draftToWeekly(f.hours);
  if (!hours.ok) Object.assign(errors, hours.errors);
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    body: {
      name,
      email,
      phone: phone === '' ? null : phone,
      timeZone: f.timeZone,
      weeklyHours: hours.ok ? hours.value : ({} as WeeklyHours),
      active: f.active,
    },
  };
}

/** Changed fields only (weekly hours as a whole, compared after normalisation). */
export function providerPatch(original: Provider, next: ProviderBody): Partial<ProviderBody> {
  const before: ProviderBody = {
    name: original.name,
    email: original.email,
    phone: original.phone,
    timeZone: original.timeZone,
    weeklyHours: original.weeklyHours,
    active: original.active,
  };
  return changedFields(before, next);
}
