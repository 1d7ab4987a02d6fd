/** Shapes of the admin booking API as these screens use them (src/gateway/routes/admin-bookings.route.ts). */
import type { AdminBooking } from '../../api/types.ts';

export type Booking = AdminBooking;

export type BookingEvent = { type: string; actor: string; data: unknown; at: string };
export type BookingMessage = { id: string; kind: string; channel: string; recipient: string; status: string; createdAt: string };
export type BookingReminder = { when: string; channel: string; status: string; sentAt: string | null };

/** GET /v1/admin/bookings/{id}. */
export type BookingDetail = Booking & {
  workflow: { id: string; uiUrl: string | null };
  events: BookingEvent[];
  messages: BookingMessage[];
  reminders: BookingReminder[];
};
