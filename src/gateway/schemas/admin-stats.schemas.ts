/**
 * Shape of `GET /v1/admin/stats`, for the OpenAPI document. The descriptions are the figures' contract;
 * they repeat, field by field, the definitions in src/domain/stats/daily-stats.ts.
 */
import { z } from 'zod';

const count = (d: string) => z.number().int().min(0).describe(d);
const ratio = (d: string) => z.number().min(0).max(1).nullable().describe(`${d}; null when the denominator is 0`);

const figures = {
  created: count('Bookings created on the day (any status)'),
  confirmed: count('Of the bookings created on the day: those that stand confirmed (status confirmed, completed or no_show)'),
  cancelled: count('Of the bookings created on the day: status cancelled'),
  expired: count('Of the bookings created on the day: status expired (a hold that was never confirmed)'),
  declined: count('Of the bookings created on the day: declined by an admin (status rejected)'),
  completed: count('Appointments starting on the day with status completed'),
  noShow: count('Appointments starting on the day with status no_show'),
  successRate: ratio(
    'Booking success rate: confirmed / (confirmed + cancelled + expired + declined), over the bookings created on the day; held and pending ones are not decided yet and count in neither part',
  ),
  noShowRate: ratio('No-show rate: noShow / (completed + noShow), over appointments starting on the day (slotflow_no_show_ratio per day)'),
  avgTimeToConfirmationSeconds: z
    .number()
    .min(0)
    .nullable()
    .describe(
      'Mean seconds from booking creation to its first sent (or delivered) confirmation or approved message, over the bookings created on the day that have one (slotflow_time_to_confirmation_seconds per day); null when none has',
    ),
  remindersDue: count('Reminders that fell due on the day, before now, and were not cancelled (sent, failed, skipped or still scheduled)'),
  remindersSent: count('Of remindersDue: those sent'),
  reminderDeliveryRate: ratio('Reminder delivery rate: remindersSent / remindersDue (slotflow_reminder_delivery_ratio per day)'),
};

export const ZStatsFigures = z.object(figures);
export const ZAdminStats = z.object({
  timeZone: z.string().describe('Canonical IANA name of the zone days are taken in'),
  from: z.iso.date().describe('First local date of the window'),
  to: z.iso.date().describe('Last local date of the window: today in timeZone'),
  days: z.array(z.object({ date: z.iso.date(), ...figures })).describe('One entry per local date, oldest first, empty days included'),
  totals: ZStatsFigures.describe('The same figures over the whole window; rates from the summed counts, not averaged daily rates'),
  today: z
    .object({
      date: z.iso.date(),
      bookings: count('Appointments starting today that hold or held their slot (status held, pending, confirmed, completed or no_show)'),
    })
    .describe('Today in timeZone'),
});
