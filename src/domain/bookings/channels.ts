/**
 * Where a booking came from (bookings.channel, the BookingChannel search attribute, metrics by channel):
 * `web` the widget, `phone` a voice agent (Vapi, Retell) or the front desk on the phone, `email` an
 * e-mail request, `api` a developer's integration, `admin` the dashboard, `agent` an AI assistant over
 * MCP (migration 0011).
 */
export const BOOKING_CHANNELS = ['web', 'phone', 'email', 'api', 'admin', 'agent'] as const;
export type Channel = (typeof BOOKING_CHANNELS)[number];
