/**
 * Plain-text booking messages (confirmation, reminder, rescheduled, cancelled, …) for the outbox.
 * Pure: times are rendered in the customer's zone (or the provider's) with the zone named. Richer
 * templates (HTML, ICS, locales) belong to the messages issue.
 */
import { formatInZone } from '../time/zones.ts';

export type BookingMessageKind =
  | 'confirmation'
  | 'reminder'
  | 'rescheduled'
  | 'cancelled'
  | 'hold_expired'
  | 'approval_pending'
  | 'approved'
  | 'declined';

const SUBJECT: Record<BookingMessageKind, string> = {
  confirmation: 'Your booking is confirmed',
  reminder: 'Reminder: your appointment',
  rescheduled: 'Your booking was moved',
  cancelled: 'Your booking was cancelled',
  hold_expired: 'Your reservation expired',
  approval_pending: 'Your booking request was received',
  approved: 'Your booking was approved',
  declined: 'Your booking request was declined',
};

export function renderBookingMessage(
  kind: BookingMessageKind,
  b: { serviceName: string; customerName: string; start: number; end: number; timeZone: string; manageUrl?: string | undefined },
): { subject: string; text: string } {
  const when = `${formatInZone(b.start, b.timeZone).replace('T', ' ').slice(0, 16)} – ${formatInZone(b.end, b.timeZone).slice(11, 16)} (${b.timeZone})`;
  const lines = [`Hello ${b.customerName},`, '', `${SUBJECT[kind]}: ${b.serviceName}, ${when}.`];
  if (b.manageUrl && kind !== 'cancelled' && kind !== 'declined' && kind !== 'hold_expired') {
    lines.push('', `Reschedule or cancel: ${b.manageUrl}`);
  }
  return { subject: `${SUBJECT[kind]} — ${b.serviceName}`, text: lines.join('\n') };
}
