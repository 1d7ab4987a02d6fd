/**
 * The catalog as the rest of slotflow sees it (camelCase, already validated): what the admin API accepts
 * and the repositories store. Local times are 'HH:MM' in the provider's IANA zone; instants are ISO-8601
 * strings with an offset.
 */
import type { HourRange, SlotAlignment, WeeklyHours } from '../availability/types.ts';
import type { CustomerFields } from './customer-fields.ts';

export const INTAKE_FIELD_TYPES = ['text', 'textarea', 'email', 'phone', 'select', 'checkbox'] as const;
export const NO_SHOW_POLICIES = ['assume_attended', 'require_check_in'] as const;
export type NoShowPolicy = (typeof NO_SHOW_POLICIES)[number];

export type IntakeFieldType = (typeof INTAKE_FIELD_TYPES)[number];

/** One question of a service's booking form; `options` only (and always) for `select`. */
export type IntakeField = { key: string; label: string; type: IntakeFieldType; required: boolean; options?: string[] | undefined };

export type ProviderInput = {
  name: string;
  email: string;
  phone?: string | null | undefined;
  timeZone: string;
  weeklyHours: WeeklyHours;
  active: boolean;
};

export type ProviderChanges = Partial<Omit<ProviderInput, 'phone'>> & { phone?: string | null | undefined };

export type OverrideInput =
  /** Replaces the hours of local `date`; `hours: []` = day off. */
  | { kind?: 'hours' | undefined; date: string; hours: HourRange[]; reason?: string | undefined }
  /** Blocks or opens [start, end); ISO-8601 instants. */
  | { kind: 'block' | 'open'; start: string; end: string; reason?: string | undefined };

/** Where a service takes place (#20): an address, or a video link (https) for remote appointments. */
export type ServiceLocation = { kind: 'address' | 'video'; value: string };

export type ServiceInput = {
  name: string;
  description?: string | null | undefined;
  durationMinutes: number;
  bufferBeforeMinutes: number;
  bufferAfterMinutes: number;
  slotIntervalMinutes?: number | null | undefined;
  slotAlignment?: SlotAlignment | undefined;
  minimumNoticeMinutes: number;
  maximumAdvanceDays: number;
  maxBookingsPerDay?: number | null | undefined;
  maxBookingsPerWeek?: number | null | undefined;
  requiresApproval: boolean;
  /** Units of resource pools each booking needs besides the provider (none when absent). */
  requiredResources?: { pool: string; count: number }[] | undefined;
  /** Attendees per session (a group class); 1 = one-to-one. */
  seats?: number | undefined;
  /** Where it takes place: a street address or a video link; null/absent = not said. */
  location?: ServiceLocation | null | undefined;
  /** The built-in e-mail and phone fields: required or not, and their labels (absent: unchanged / defaults). */
  customerFields?: CustomerFields | undefined;
  providerIds: string[];
  intakeFields: IntakeField[];
  reminderOffsetsMinutes: number[];
  /** Channels reminders go out on, where the customer can be reached on them (email, sms). */
  reminderChannels: ('email' | 'sms')[];
  cancelNoticeMinutes: number;
  /** What an appointment nobody marked becomes after the attendance grace: completed, or no_show. */
  noShowPolicy: NoShowPolicy;
  rescheduleNoticeMinutes: number;
  active: boolean;
};

export type ServiceChanges = { [K in keyof ServiceInput]?: ServiceInput[K] | undefined };
