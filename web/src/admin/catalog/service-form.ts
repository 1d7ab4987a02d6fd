/**
 * The service editor's state and its conversion to API bodies.
 *
 * The form holds text as typed (numbers, durations) so half-typed values never jump; `serviceBody`
 * validates everything the server would refuse in an obvious way and names each problem with the
 * server's path (`durationMinutes`, `reminderOffsetsMinutes.1`, `intakeFields.0.key`), so client and
 * server errors land on the same field. Blank optional numbers mean "none" (null): no slot interval
 * (engine default), no daily / weekly cap. Notice windows and reminder offsets are durations ("2 h").
 * Rooms and equipment (`requiredResources`) are rows of a pool name and a count, checked as the server
 * checks them (pool pattern, count 1–50, each pool once, at most 10) at `requiredResources.<row>.pool|count`.
 * Seats per session: 1–1000 (1 one-to-one; more a group class).
 */
import type { NoShowPolicy, Service, SlotAlignment } from '../../api/types.ts';
import { formatDuration, parseDuration } from './durations.ts';
import type { FieldErrors } from './errors.ts';
import { draftsFromFields, draftsToFields, type IntakeDraft } from './intake.ts';
import { changedFields } from './patch.ts';
import { checkPoolName } from './resource-form.ts';

export type Channel = 'email' | 'sms';

/** One "needs N units of pool P" row as typed. */
export type RequirementDraft = { pool: string; count: string };

export type ServiceForm = {
  name: string;
  description: string;
  durationMinutes: string;
  bufferBeforeMinutes: string;
  bufferAfterMinutes: string;
  slotIntervalMinutes: string;
  slotAlignment: SlotAlignment;
  minimumNotice: string;
  maximumAdvanceDays: string;
  maxBookingsPerDay: string;
  maxBookingsPerWeek: string;
  requiresApproval: boolean;
  /** '' = no location; else where it takes place (an address, or an https video link). */
  locationKind: '' | 'address' | 'video';
  locationValue: string;
  /** The booking's built-in contact fields: required, and a label ('' = the default "E-mail" / "Phone"). */
  emailRequired: boolean;
  emailLabel: string;
  phoneRequired: boolean;
  phoneLabel: string;
  cancelNotice: string;
  rescheduleNotice: string;
  noShowPolicy: NoShowPolicy;
  providerIds: string[];
  /** Seats per session as typed: 1 one-to-one, more a group class. */
  seats: string;
  requirements: RequirementDraft[];
  intake: IntakeDraft[];
  reminders: string[];
  reminderChannels: Channel[];
  active: boolean;
};

/** What POST accepts and PATCH compares: every editable field of a service, fully specified. */
export type ServiceBody = Omit<Service, 'id' | 'createdAt' | 'updatedAt'>;

/** The error paths a form key's value is reported at (its stale errors go when it is edited). */
export const SERVICE_ERROR_PATHS: Record<keyof ServiceForm, string[]> = {
  name: ['name'],
  description: ['description'],
  durationMinutes: ['durationMinutes'],
  bufferBeforeMinutes: ['bufferBeforeMinutes'],
  bufferAfterMinutes: ['bufferAfterMinutes'],
  slotIntervalMinutes: ['slotIntervalMinutes'],
  slotAlignment: ['slotAlignment'],
  minimumNotice: ['minimumNoticeMinutes'],
  maximumAdvanceDays: ['maximumAdvanceDays'],
  maxBookingsPerDay: ['maxBookingsPerDay'],
  maxBookingsPerWeek: ['maxBookingsPerWeek'],
  requiresApproval: ['requiresApproval'],
  locationKind: ['location', 'location.kind'],
  locationValue: ['location.value'],
  emailRequired: ['customerFields.email.required'],
  emailLabel: ['customerFields.email.label'],
  phoneRequired: ['customerFields.phone.required'],
  phoneLabel: ['customerFields.phone.label'],
  cancelNotice: ['cancelNoticeMinutes'],
  rescheduleNotice: ['rescheduleNoticeMinutes'],
  noShowPolicy: ['noShowPolicy'],
  providerIds: ['providerIds'],
  seats: ['seats'],
  requirements: ['requiredResources'],
  intake: ['intakeFields'],
  reminders: ['reminderOffsetsMinutes'],
  reminderChannels: ['reminderChannels'],
  active: ['active'],
};

const MAX_NOTICE = 525_600;
const MAX_REMINDER = 43_200;

/** The editor's state for `service`, or the defaults of a new one (the API's create defaults). */
export function formFromService(s: Service | null): ServiceForm {
  if (!s) {
    return {
      name: '',
      description: '',
      durationMinutes: '30',
      bufferBeforeMinutes: '0',
      bufferAfterMinutes: '0',
      slotIntervalMinutes: '',
      slotAlignment: 'restart',
      minimumNotice: '0',
      maximumAdvanceDays: '60',
      maxBookingsPerDay: '',
      maxBookingsPerWeek: '',
      requiresApproval: false,
      locationKind: '',
      locationValue: '',
      emailRequired: false,
      emailLabel: '',
      phoneRequired: false,
      phoneLabel: '',
      cancelNotice: '0',
      rescheduleNotice: '0',
      noShowPolicy: 'assume_attended',
      providerIds: [],
      seats: '1',
      requirements: [],
      intake: [],
      reminders: ['24 h', '1 h'],
      reminderChannels: ['email'],
      active: true,
    };
  }
  const opt = (n: number | null) => (n === null ? '' : String(n));
  return {
    name: s.name,
    description: s.description ?? '',
    durationMinutes: String(s.durationMinutes),
    bufferBeforeMinutes: String(s.bufferBeforeMinutes),
    bufferAfterMinutes: String(s.bufferAfterMinutes),
    slotIntervalMinutes: opt(s.slotIntervalMinutes),
    slotAlignment: s.slotAlignment,
    minimumNotice: formatDuration(s.minimumNoticeMinutes),
    maximumAdvanceDays: String(s.maximumAdvanceDays),
    maxBookingsPerDay: opt(s.maxBookingsPerDay),
    maxBookingsPerWeek: opt(s.maxBookingsPerWeek),
    requiresApproval: s.requiresApproval,
    locationKind: s.location?.kind ?? '',
    locationValue: s.location?.value ?? '',
    emailRequired: s.customerFields.email.required,
    emailLabel: s.customerFields.email.label ?? '',
    phoneRequired: s.customerFields.phone.required,
    phoneLabel: s.customerFields.phone.label ?? '',
    cancelNotice: formatDuration(s.cancelNoticeMinutes),
    rescheduleNotice: formatDuration(s.rescheduleNoticeMinutes),
    noShowPolicy: s.noShowPolicy,
    providerIds: [...s.providerIds],
    seats: String(s.seats),
    requirements: s.requiredResources.map((r) => ({ pool: r.pool, count: String(r.count) })),
    intake: draftsFromFields(s.intakeFields),
    reminders: s.reminderOffsetsMinutes.map(formatDuration),
    reminderChannels: [...s.reminderChannels],
    active: s.active,
  };
}

/** The body equal to what the server holds for `s` (the baseline of a PATCH). */
export function bodyFromService(s: Service): ServiceBody {
  return {
    name: s.name,
    description: s.description,
    durationMinutes: s.durationMinutes,
    bufferBeforeMinutes: s.bufferBeforeMinutes,
    bufferAfterMinutes: s.bufferAfterMinutes,
    slotIntervalMinutes: s.slotIntervalMinutes,
    slotAlignment: s.slotAlignment,
    minimumNoticeMinutes: s.minimumNoticeMinutes,
    maximumAdvanceDays: s.maximumAdvanceDays,
    maxBookingsPerDay: s.maxBookingsPerDay,
    maxBookingsPerWeek: s.maxBookingsPerWeek,
    requiresApproval: s.requiresApproval,
    location: s.location ?? null,
    customerFields: s.customerFields,
    providerIds: s.providerIds,
    requiredResources: s.requiredResources,
    intakeFields: s.intakeFields,
    reminderOffsetsMinutes: s.reminderOffsetsMinutes,
    reminderChannels: s.reminderChannels,
    cancelNoticeMinutes: s.cancelNoticeMinutes,
    rescheduleNoticeMinutes: s.rescheduleNoticeMinutes,
    noShowPolicy: s.noShowPolicy,
    seats: s.seats,
    active: s.active,
  };
}

function wholeNumber(text: string, min: number, max: number): number | string {
  const t = text.trim();
  if (!/^\d+$/.test(t)) return t === '' ? 'enter a number' : 'enter a whole number';
  const n = Number(t);
  if (n < min) return `at least ${min}`;
  if (n > max) return `at most ${max}`;
  return n;
}

export type ServiceResult = { ok: true; body: ServiceBody } | { ok: false; errors: FieldErrors };

export function serviceBody(f: ServiceForm): ServiceResult {
  const errors: FieldErrors = {};
  const num = (path: string, text: string, min: number, max: number, optional = false): number | null => {
    if (optional && text.trim() === '') return null;
    const v = wholeNumber(text, min, max);
    if (typeof v === 'string') {
      errors[path] = v;
      return null;
    }
    return v;
  };
  const dur = (path: string, text: string, min: number, max: number): number => {
    const r = parseDuration(text, { min, max });
    if (!r.ok) errors[path] = r.message;
    return r.ok ? r.minutes : 0;
  };
  const name = f.name.trim();
  if (name === '') errors.name = 'enter a name';
  else if (name.length > 200) errors.name = 'at most 200 characters';
  const description = f.description.trim();
  if (description.length > 2000) errors.description = 'at most 2000 characters';

  const offsets = f.reminders.map((text, i) => dur(`reminderOffsetsMinutes.${i}`, text, 1, MAX_REMINDER));
  offsets.forEach((m, i) => {
    const first = offsets.indexOf(m);
    if (first !== i && !errors[`reminderOffsetsMinutes.${i}`] && !errors[`reminderOffsetsMinutes.${first}`])
      errors[`reminderOffsetsMinutes.${i}`] = 'the same reminder is listed twice';
  });
  if (f.reminders.length > 10) errors.reminderOffsetsMinutes = 'at most 10 reminders';
  if (f.reminderChannels.length === 0) errors.reminderChannels = 'choose at least one channel';

  const intake = draftsToFields(f.intake);
  if (!intake.ok) Object.assign(errors, intake.errors);

  const requiredResources = f.requirements.map((r, i) => {
    const pool = r.pool.trim();
    const poolProblem = checkPoolName(pool);
    if (poolProblem) errors[`requiredResources.${i}.pool`] = poolProblem;
    return { pool, count: num(`requiredResources.${i}.count`, r.count, 1, 50) ?? 0 };
  });
  requiredResources.forEach((r, i) => {
    const first = requiredResources.findIndex((x) => x.pool === r.pool);
    if (first !== i && !errors[`requiredResources.${i}.pool`]) errors[`requiredResources.${i}.pool`] = 'this pool is listed twice; raise its count instead';
  });
  if (f.requirements.length > 10) errors.requiredResources = 'at most 10 pools';

  const locationValue = f.locationValue.trim();
  if (f.locationKind !== '') {
    if (locationValue === '') errors['location.value'] = f.locationKind === 'video' ? 'enter the video link' : 'enter the address';
    else if (locationValue.length > 500) errors['location.value'] = 'at most 500 characters';
    else if (f.locationKind === 'video' && !/^https:\/\/[^\s/]+/i.test(locationValue)) errors['location.value'] = 'enter an https:// link';
  }

  const label = (path: string, text: string) => {
    const v = text.trim();
    if (v.length > 60) errors[path] = 'at most 60 characters';
    return v === '' ? null : v;
  };
  const customerFields = {
    email: { required: f.emailRequired, label: label('customerFields.email.label', f.emailLabel) },
    phone: { required: f.phoneRequired, label: label('customerFields.phone.label', f.phoneLabel) },
  };

  const body: ServiceBody = {
    name,
    description: description === '' ? null : description,
    durationMinutes: num('durationMinutes', f.durationMinutes, 1, 1440) ?? 0,
    bufferBeforeMinutes: num('bufferBeforeMinutes', f.bufferBeforeMinutes, 0, 1440) ?? 0,
    bufferAfterMinutes: num('bufferAfterMinutes', f.bufferAfterMinutes, 0, 1440) ?? 0,
    slotIntervalMinutes: num('slotIntervalMinutes', f.slotIntervalMinutes, 1, 1440, true),
    slotAlignment: f.slotAlignment,
    minimumNoticeMinutes: dur('minimumNoticeMinutes', f.minimumNotice, 0, MAX_NOTICE),
    maximumAdvanceDays: num('maximumAdvanceDays', f.maximumAdvanceDays, 1, 730) ?? 0,
    maxBookingsPerDay: num('maxBookingsPerDay', f.maxBookingsPerDay, 1, 10_000, true),
    maxBookingsPerWeek: num('maxBookingsPerWeek', f.maxBookingsPerWeek, 1, 10_000, true),
    requiresApproval: f.requiresApproval,
    location: f.locationKind === '' ? null : { kind: f.locationKind, value: locationValue },
    customerFields,
    providerIds: [...f.providerIds],
    requiredResources,
    intakeFields: intake.ok ? intake.fields : [],
    reminderOffsetsMinutes: offsets,
    reminderChannels: [...f.reminderChannels],
    cancelNoticeMinutes: dur('cancelNoticeMinutes', f.cancelNotice, 0, MAX_NOTICE),
    rescheduleNoticeMinutes: dur('rescheduleNoticeMinutes', f.rescheduleNotice, 0, MAX_NOTICE),
    noShowPolicy: f.noShowPolicy,
    seats: num('seats', f.seats, 1, 1000) ?? 0,
    active: f.active,
  };
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, body };
}

/**
 * The PATCH body for an edit of `original`: changed fields only. Reminder offsets are compared as a set
 * (the server stores them largest first), so retyping them in another order is no change.
 */
export function servicePatch(original: Service, next: ServiceBody): Partial<ServiceBody> {
  const before = bodyFromService(original);
  const desc = (xs: number[]) => [...xs].sort((a, b) => b - a);
  const patch = changedFields(
    { ...before, reminderOffsetsMinutes: desc(before.reminderOffsetsMinutes) },
    { ...next, reminderOffsetsMinutes: desc(next.reminderOffsetsMinutes) },
  );
  if (patch.reminderOffsetsMinutes) patch.reminderOffsetsMinutes = next.reminderOffsetsMinutes;
  return patch;
}
