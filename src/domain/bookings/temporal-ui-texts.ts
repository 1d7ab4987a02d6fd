/**
 * What a booking workflow shows in the Temporal UI (Temporal "user metadata", SDK 1.24): the workflow's
 * summary in the list, its current details (status and time, updated on every change), and a summary on
 * each timer and activity ("reminder 24 h before", "hold expires"). Pure: instants, zones and names in;
 * single-line (summary) or short markdown (details) out. Times are the provider's wall clock with the zone
 * named, so ops read what the customer was told.
 */
import { isoWeekday, localDate, localParts } from '../time/zones.ts';

const WEEKDAY = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const pad = (n: number) => String(n).padStart(2, '0');

/** Who and what a booking is for, as far as the workflow was told at its start. */
export type BookingDisplay = { serviceName: string; customerName: string; timeZone: string };

/** 'Tue 2026-12-08 10:00 Europe/Berlin'. */
export function localTime(instantMs: number, timeZone: string): string {
  const date = localDate(instantMs, timeZone);
  const p = localParts(instantMs, timeZone);
  return `${WEEKDAY[isoWeekday(date) - 1]} ${date} ${pad(p.hour)}:${pad(p.minute)} ${timeZone}`;
}

/** The workflow list's line: 'Haircut · Ada Lovelace · Tue 2026-12-08 10:00 Europe/Berlin'. */
export function bookingSummary(d: BookingDisplay, startMs: number): string {
  return [oneLine(d.serviceName), oneLine(d.customerName), localTime(startMs, d.timeZone)].filter(Boolean).join(' · ');
}

/**
 * The booking's current details (markdown): its status in bold, then service, customer and the current
 * time of the appointment; without `display` (bookings started before it existed) the time in UTC.
 */
export function bookingDetails(b: { status: string; start: number; version: number; remindersSent: number }, display: BookingDisplay | undefined): string {
  const who = display ? `${oneLine(display.serviceName)} · ${oneLine(display.customerName)}` : '';
  const when = localTime(b.start, display?.timeZone ?? 'UTC');
  return [`**${b.status}**${who ? ` · ${who}` : ''}`, `${when} · version ${b.version} · reminders sent ${b.remindersSent}`].join('\n\n');
}

/** 'reminder 24 h before', 'reminder 90 min before', 'reminder 2 d before' (whole units; days from two on). */
export function reminderSummary(beforeMs: number): string {
  return `reminder ${beforeText(Math.max(0, Math.round(beforeMs / 60_000)))} before`;
}

function beforeText(minutes: number): string {
  if (minutes >= 2880 && minutes % 1440 === 0) return `${minutes / 1440} d`;
  if (minutes >= 60 && minutes % 60 === 0) return `${minutes / 60} h`;
  return `${minutes} min`;
}

/** Names come from customers: one line, no markdown emphasis or links, at most 60 characters. */
function oneLine(text: string): string {
  const flat = text
    .replace(/[\r\n\t]+/g, ' ')
    .replace(/[*_`[\]<>#|]/g, '')
    .trim();
  return flat.length > 60 ? `${flat.slice(0, 59)}…` : flat;
}
