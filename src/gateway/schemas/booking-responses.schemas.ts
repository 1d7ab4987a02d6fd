/**
 * Answer shapes of the admin booking and manage-link routes, for the OpenAPI document and as the presenters'
 * return types (so the two cannot drift). Instants are ISO-8601 with the offset of the booking's zone.
 */
import { z } from 'zod';
import { BOOKING_CHANNELS } from '../../domain/bookings/channels.ts';
import { BOOKING_STATUSES } from '../../domain/bookings/booking-status.ts';

const instant = (d: string) => z.string().describe(`${d}: ISO-8601 with the offset of the booking's zone`);
/** A room or piece of equipment a booking holds (resources, migration 0015). */
const ZBookingUnit = z.object({ id: z.uuid(), name: z.string(), pool: z.string() });

export const ZAdminBooking = z.object({
  id: z.uuid(),
  status: z.enum(BOOKING_STATUSES),
  serviceId: z.uuid(),
  providerId: z.uuid(),
  timeZone: z.string().describe("The booking's zone: its customer's, else its provider's"),
  start: instant('Start'),
  end: instant('End'),
  version: z.number().int(),
  customer: z.object({ name: z.string(), email: z.string().nullable(), phone: z.string().nullable(), timeZone: z.string().nullable() }),
  intake: z.record(z.string(), z.unknown()),
  channel: z.enum(BOOKING_CHANNELS),
  attendance: z.enum(['checked_in', 'no_show']).nullable(),
  holdExpiresAt: instant('When a hold lapses').nullable(),
  cancelReason: z.string().nullable(),
  resources: z.array(ZBookingUnit).describe('The rooms and equipment it holds (or held)'),
  createdAt: instant('Created'),
  updatedAt: instant('Last changed'),
});
export type TAdminBooking = z.output<typeof ZAdminBooking>;

export const ZAdminBookingList = z.object({ bookings: z.array(ZAdminBooking) });

export const ZAdminBookingDetail = ZAdminBooking.extend({
  workflow: z.object({ id: z.string(), uiUrl: z.string().nullable().describe('The workflow in the Temporal UI (TEMPORAL_UI_URL), if set') }),
  events: z.array(z.object({ type: z.string(), actor: z.string(), data: z.unknown(), at: instant('When') })),
  messages: z.array(
    z.object({ id: z.uuid(), kind: z.string(), channel: z.string(), recipient: z.string(), status: z.string(), createdAt: instant('Created') }),
  ),
  reminders: z.array(z.object({ when: instant('Due'), channel: z.string(), status: z.string(), sentAt: instant('Sent').nullable() })),
});

export const ZManagedBooking = z.object({
  id: z.uuid(),
  status: z.enum(BOOKING_STATUSES),
  version: z.number().int().describe('What an action sends back as `version`: the booking as this answer shows it'),
  service: z.object({ id: z.uuid(), name: z.string() }),
  provider: z.object({ id: z.uuid(), name: z.string() }),
  location: z
    .object({ kind: z.enum(['address', 'video']), value: z.string() })
    .nullable()
    .describe("Where it takes place (the service's address or video link); null when the service names none"),
  resources: z.array(ZBookingUnit).describe('The rooms and equipment it holds (or held)'),
  timeZone: z.string().describe("The booking's zone: its customer's, else its provider's"),
  start: instant('Start'),
  end: instant('End'),
  customer: z.object({ name: z.string() }),
  cancelDeadline: instant('The last instant the customer may still cancel online'),
  rescheduleDeadline: instant('The last instant the customer may still reschedule online'),
  manageUrl: z.string().describe('The current manage link (every change issues a new one)'),
  customerEmailed: z.boolean().describe('Whether e-mail to the customer really goes out (a transport is configured and the booking has an address)'),
});
