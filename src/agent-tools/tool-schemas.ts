/** zod pieces the agent tools share (inputs are bounded: a model may send anything). */
import { z } from 'zod';
import { isEmailAddress, isPhoneNumber, EMAIL_PROBLEM, PHONE_PROBLEM } from '../domain/bookings/intake.ts';
import { isValidTimeZone } from '../domain/time/zones.ts';

export const ZId = z.uuid();
/** An instant with its offset, as find_slots returns it ("2030-12-08T10:30:00+01:00"). */
export const ZInstant = z.iso.datetime({ offset: true }).describe('ISO-8601 date-time with offset, as find_slots returned it');
export const ZTimeZone = z.string().max(64).refine(isValidTimeZone, 'must be an IANA time zone, e.g. Europe/Berlin');
export const ZPhone = z.string().max(40).refine(isPhoneNumber, PHONE_PROBLEM);
export const ZEmail = z.string().max(254).refine(isEmailAddress, EMAIL_PROBLEM);

/** A time as tools answer it: ISO-8601 with the zone's offset, and how to say it. */
export const ZSpokenSlot = z.object({
  start: z.string().describe('ISO-8601 with offset; pass it back unchanged to hold_slot or reschedule_booking'),
  end: z.string(),
  providerId: z.string(),
  label: z.string().describe('How to say the time to the caller, in their zone and language'),
});

export const ZBookingSummary = z.object({
  bookingId: z.string(),
  status: z.string(),
  serviceName: z.string().optional(),
  start: z.string(),
  end: z.string(),
  label: z.string(),
});
