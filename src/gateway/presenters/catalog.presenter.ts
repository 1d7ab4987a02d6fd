/**
 * Catalog rows → API JSON: camelCase, instants as ISO-8601 UTC strings, weekly hours with all seven days.
 * The return types are the documented response schemas (`catalog-responses.schemas.ts`).
 */
import type { OverrideRow } from '../../db/override.repository.ts';
import type { ProviderRow } from '../../db/provider.repository.ts';
import { customerFieldsOf, type PublicService, type ServiceWithProviders } from '../../db/service.repository.ts';
import { fullWeek } from '../../domain/catalog/hours.ts';
import type { IntakeField } from '../../domain/catalog/types.ts';
import type { TOverride, TProvider, TPublicService, TService } from '../schemas/catalog-responses.schemas.ts';

export function presentProvider(row: ProviderRow): TProvider {
  return {
    id: row.id,
    name: row.name,
    email: row.email,
    phone: row.phone,
    timeZone: row.time_zone,
    weeklyHours: fullWeek(row.weekly_hours),
    active: row.active,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

export function presentOverride(row: OverrideRow): TOverride {
  const common = { id: row.id, providerId: row.provider_id, reason: row.reason, createdAt: row.created_at.toISOString() };
  if (row.kind === 'hours') return { ...common, kind: 'hours', date: row.date!, hours: row.hours ?? [] };
  return { ...common, kind: row.kind, start: row.start_time!.toISOString(), end: row.end_time!.toISOString() };
}

/** Stored intake fields were validated on write; `options` appears only where set. */
function presentIntakeFields(stored: unknown[]): IntakeField[] {
  return (stored as IntakeField[]).map(({ key, label, type, required, options }) => ({
    key,
    label,
    type,
    required,
    ...(options ? { options } : {}),
  }));
}

export function presentService({ service: s, providerIds }: ServiceWithProviders): TService {
  return {
    id: s.id,
    name: s.name,
    description: s.description,
    durationMinutes: s.duration_minutes,
    bufferBeforeMinutes: s.buffer_before,
    bufferAfterMinutes: s.buffer_after,
    slotIntervalMinutes: s.slot_interval_minutes,
    slotAlignment: s.slot_alignment,
    minimumNoticeMinutes: s.minimum_notice_minutes,
    maximumAdvanceDays: s.maximum_advance_days,
    maxBookingsPerDay: s.max_bookings_per_day,
    maxBookingsPerWeek: s.max_bookings_per_week,
    requiresApproval: s.requires_approval,
    requiredResources: s.required_resources,
    seats: s.seats,
    location: locationOf(s),
    customerFields: customerFieldsOf(s),
    providerIds,
    intakeFields: presentIntakeFields(s.intake_fields),
    reminderOffsetsMinutes: s.reminder_offsets_minutes,
    reminderChannels: s.reminder_channels as ('email' | 'sms')[],
    cancelNoticeMinutes: s.cancel_notice_minutes,
    rescheduleNoticeMinutes: s.reschedule_notice_minutes,
    noShowPolicy: s.no_show_policy,
    active: s.active,
    createdAt: s.created_at.toISOString(),
    updatedAt: s.updated_at.toISOString(),
  };
}

export function presentPublicService({ service: s, providers }: PublicService): TPublicService {
  return {
    id: s.id,
    name: s.name,
    description: s.description,
    durationMinutes: s.duration_minutes,
    seats: s.seats,
    location: publicLocation(locationOf(s)),
    customerFields: customerFieldsOf(s),
    intakeFields: presentIntakeFields(s.intake_fields),
    providers,
  };
}

/** The service's location columns → `{ kind, value }`, or null when it has none. */
export function locationOf(s: { location_kind: 'address' | 'video' | null; location_value: string | null }): TLocation | null {
  return s.location_kind && s.location_value ? { kind: s.location_kind, value: s.location_value } : null;
}
type TLocation = { kind: 'address' | 'video'; value: string };

/** The public list names the address, but only the kind of a video location: the link is for those who booked. */
function publicLocation(l: TLocation | null): { kind: 'address' | 'video'; value?: string } | null {
  if (!l) return null;
  return l.kind === 'video' ? { kind: 'video' } : l;
}
