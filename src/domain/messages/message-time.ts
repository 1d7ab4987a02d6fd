/**
 * Appointment times as customers read them, in their zone and language, with the zone always named
 * ("Monday, 7 December 2026, 09:00–09:30 (Central European Standard Time, Europe/Berlin)").
 *
 * Decisions:
 * - English uses en-GB patterns (day before month, 24-hour clock): unambiguous on both sides of the
 *   Atlantic, and the zone is named anyway. German adds "Uhr" after times.
 * - The zone is named twice — ICU's localized long name (which says summer/standard time, so a DST day
 *   reads right) and the IANA id (what the customer picked, and what a calendar app understands).
 * - An appointment that ends on another local day spells out both dates. If the zone's name changes
 *   between start and end (the night of a DST change), both names are shown.
 * - Exotic spaces ICU may emit (U+00A0, U+202F) become plain spaces: they break SMS GSM-7 encoding and
 *   some plain-text mail clients.
 */
import type { MessageLocale } from './message-context.ts';
import { localDate, offsetMinutes } from '../time/zones.ts';

export type MessageTime = {
  /** 'Monday, 7 December 2026' / 'Montag, 7. Dezember 2026' */
  date: string;
  /** '09:00' (24-hour, no "Uhr") */
  time: string;
  /** Local date of the end (equals `date` unless the appointment crosses midnight). */
  endDate: string;
  endTime: string;
  /** The full sentence fragment, zone named: see the module comment. */
  when: string;
  /** Compact form for SMS: 'Mon 7 Dec, 09:00 CET' / 'Mo., 7. Dez., 09:00 Uhr MEZ'. */
  shortWhen: string;
  /** IANA id, e.g. 'Europe/Berlin'. */
  timeZone: string;
  /** Localized long name at the start: 'Central European Summer Time' / 'Mitteleuropäische Sommerzeit'. */
  timeZoneName: string;
  /** Short, ASCII name at the start: 'CET', 'EST', 'MESZ', else 'GMT+5:30'. */
  timeZoneShort: string;
  /** Offset at the start: 'UTC+02:00'. */
  utcOffset: string;
  durationMinutes: number;
};

const INTL_LOCALE: Record<MessageLocale, string> = { en: 'en-GB', de: 'de-DE' };
/**
 * Where to look for a short zone abbreviation, in order: ICU only has 'CET' in en-GB and 'EST' in
 * en-US, and answers 'GMT-5' where it has none. The first non-'GMT±' answer wins.
 */
const SHORT_NAME_LOCALES: Record<MessageLocale, string[]> = { en: ['en-GB', 'en-US', 'en-AU'], de: ['de-DE'] };

const formatters = new Map<string, Intl.DateTimeFormat>();

function fmt(locale: string, timeZone: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${timeZone}|${JSON.stringify(options)}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, { ...options, timeZone });
    formatters.set(key, f);
  }
  return f;
}

const plainSpaces = (s: string) => s.replace(/[\u00a0\u202f\u2007\u2009]/g, ' ');

function zoneName(instant: number, locale: string, timeZone: string, style: 'long' | 'short'): string {
  const parts = fmt(locale, timeZone, { timeZoneName: style }).formatToParts(new Date(instant));
  return plainSpaces(parts.find((p) => p.type === 'timeZoneName')?.value ?? timeZone);
}

function shortZoneName(instant: number, locale: MessageLocale, timeZone: string): string {
  const candidates = SHORT_NAME_LOCALES[locale].map((l) => zoneName(instant, l, timeZone, 'short'));
  // U+2212 (minus sign) is not GSM-7; ICU uses it in some locales.
  return (candidates.find((c) => !/^(GMT|UTC)[+\-\u2212]/.test(c)) ?? candidates[0]!).replace(/\u2212/g, '-');
}

function utcOffset(instant: number, timeZone: string): string {
  const off = offsetMinutes(instant, timeZone);
  const abs = Math.abs(off);
  return `UTC${off < 0 ? '-' : '+'}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/** Throws RangeError for an unknown zone (Intl's own error): a booking never stores one. */
export function messageTime(start: number, end: number, timeZone: string, locale: MessageLocale): MessageTime {
  const tag = INTL_LOCALE[locale];
  const dateOf = (t: number) => plainSpaces(fmt(tag, timeZone, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }).format(t));
  const timeOf = (t: number) => plainSpaces(fmt(tag, timeZone, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(t));
  const shortDateOf = (t: number) => plainSpaces(fmt(tag, timeZone, { weekday: 'short', day: 'numeric', month: 'short' }).format(t));

  const date = dateOf(start);
  const time = timeOf(start);
  const endDate = dateOf(end);
  const endTime = timeOf(end);
  const sameDay = localDate(start, timeZone) === localDate(end, timeZone);
  const uhr = locale === 'de' ? ' Uhr' : '';

  const startName = zoneName(start, tag, timeZone, 'long');
  const endName = zoneName(end, tag, timeZone, 'long');
  const names = startName === endName ? startName : `${startName} → ${endName}`;
  const range = sameDay ? `${time}–${endTime}${uhr}` : `${time}${uhr} – ${endDate}, ${endTime}${uhr}`;
  const timeZoneShort = shortZoneName(start, locale, timeZone);

  return {
    date,
    time,
    endDate,
    endTime,
    when: `${date}, ${range} (${names}, ${timeZone})`,
    shortWhen: `${shortDateOf(start)}, ${time}${uhr} ${timeZoneShort}`,
    timeZone,
    timeZoneName: startName,
    timeZoneShort,
    utcOffset: utcOffset(start, timeZone),
    durationMinutes: Math.round((end - start) / 60_000),
  };
}
