/**
 * Response shapes of the catalog API, for the OpenAPI document and as the presenters' return types.
 * Instants are ISO-8601 strings in UTC (`2030-01-07T08:00:00.000Z`); local dates 'YYYY-MM-DD' and local
 * times 'HH:MM' are in the provider's zone.
 */
import { z } from 'zod';
import { SLOT_ALIGNMENTS } from '../../domain/availability/types.ts';
import { INTAKE_FIELD_TYPES } from '../../domain/catalog/types.ts';
import { weekShape } from './catalog.schemas.ts';

const ZHourRange = z.tuple([z.string(), z.string()]);

export const ZProvider = z.object({
  id: z.uuid(),
  name: z.string(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  timeZone: z.string(),
  /** All seven days; [] = day off. */
  weeklyHours: z.object(weekShape(z.array(ZHourRange))),
  active: z.boolean(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type TProvider = z.output<typeof ZProvider>;
export const ZProviderList = z.object({ providers: z.array(ZProvider) });

const overrideCommon = { id: z.uuid(), providerId: z.uuid(), reason: z.string().nullable(), createdAt: z.iso.datetime() };
export const ZOverride = z.discriminatedUnion('kind', [
  z.object({ ...overrideCommon, kind: z.literal('hours'), date: z.iso.date(), hours: z.array(ZHourRange) }),
  z.object({ ...overrideCommon, kind: z.enum(['block', 'open']), start: z.iso.datetime(), end: z.iso.datetime() }),
]);
export type TOverride = z.output<typeof ZOverride>;
export const ZOverrideList = z.object({ overrides: z.array(ZOverride) });

export const ZIntakeFieldOut = z.object({
  key: z.string(),
  label: z.string(),
  type: z.enum(INTAKE_FIELD_TYPES),
  required: z.boolean(),
  options: z.array(z.string()).optional(),
});

const ZCustomerFieldOut = z.object({
  required: z.boolean(),
  label: z.string().nullable().describe('Shown instead of the default label ("E-mail", "Phone"); null: the default, in the page\'s language'),
});
/** The customer's built-in contact fields (#20 item 5): required flags and labels. */
export const ZCustomerFieldsOut = z
  .object({ email: ZCustomerFieldOut, phone: ZCustomerFieldOut })
  .describe("The booking's e-mail and phone fields: whether POST /v1/bookings requires each, and their labels");

/** Where a service takes place: an address, or a video link. */
export const ZLocationOut = z.object({ kind: z.enum(['address', 'video']), value: z.string() });

export const ZService = z.object({
  id: z.uuid(),
  name: z.string(),
  description: z.string().nullable(),
  durationMinutes: z.number().int(),
  bufferBeforeMinutes: z.number().int(),
  bufferAfterMinutes: z.number().int(),
  slotIntervalMinutes: z.number().int().nullable(),
  slotAlignment: z.enum(SLOT_ALIGNMENTS),
  minimumNoticeMinutes: z.number().int(),
  maximumAdvanceDays: z.number().int(),
  maxBookingsPerDay: z.number().int().nullable(),
  maxBookingsPerWeek: z.number().int().nullable(),
  requiresApproval: z.boolean(),
  requiredResources: z.array(z.object({ pool: z.string(), count: z.number().int() })),
  seats: z.number().int(),
  location: ZLocationOut.nullable(),
  customerFields: ZCustomerFieldsOut,
  providerIds: z.array(z.uuid()),
  intakeFields: z.array(ZIntakeFieldOut),
  reminderOffsetsMinutes: z.array(z.number().int()),
  reminderChannels: z.array(z.enum(['email', 'sms'])),
  cancelNoticeMinutes: z.number().int(),
  rescheduleNoticeMinutes: z.number().int(),
  noShowPolicy: z.enum(['assume_attended', 'require_check_in']),
  active: z.boolean(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type TService = z.output<typeof ZService>;
export const ZServiceList = z.object({ services: z.array(ZService) });

/** What a customer sees: no caps, buffers, notice windows or inactive providers. */
export const ZPublicService = z.object({
  id: z.uuid(),
  name: z.string(),
  description: z.string().nullable(),
  durationMinutes: z.number().int(),
  /** Attendees per session: > 1 for a group class (its slots carry `seatsLeft`). */
  seats: z.number().int(),
  /**
   * Where it takes place (the widget's summary); null = not said. A video link is not public: it reaches
   * those who booked (messages, manage page), so a video location here has no `value`.
   */
  location: z.object({ kind: z.enum(['address', 'video']), value: z.string().optional() }).nullable(),
  customerFields: ZCustomerFieldsOut,
  intakeFields: z.array(ZIntakeFieldOut),
  providers: z.array(z.object({ id: z.uuid(), name: z.string() })),
});
export type TPublicService = z.output<typeof ZPublicService>;
export const ZPublicServiceList = z.object({ services: z.array(ZPublicService) });
