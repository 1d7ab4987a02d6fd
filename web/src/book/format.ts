/**
 * Dates and times as customers read them, always in an explicit zone (never the machine's), via Intl.
 * `locale` undefined = the browser's language.
 */
const cache = new Map<string, Intl.DateTimeFormat>();

export function fmt(locale: string | undefined, zone: string, opts: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${zone}|${JSON.stringify(opts)}`;
  let f = cache.get(key);
  if (!f) cache.set(key, (f = new Intl.DateTimeFormat(locale, { ...opts, timeZone: zone })));
  return f;
}

const ms = (at: string | number) => (typeof at === 'number' ? at : Date.parse(at));

/** '10:30' / '10:30 AM'. */
export const formatTime = (at: string | number, zone: string, locale?: string) => fmt(locale, zone, { hour: 'numeric', minute: '2-digit' }).format(ms(at));

/** 'Monday, 7 December 2026' for a local date 'YYYY-MM-DD' (formatted at noon UTC, zone-independent). */
export const formatLocalDate = (date: string, locale?: string) =>
  fmt(locale, 'UTC', { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }).format(Date.parse(`${date}T12:00:00Z`));

/** 'December 2026' for 'YYYY-MM'. */
export const formatMonth = (month: string, locale?: string) =>
  fmt(locale, 'UTC', { month: 'long', year: 'numeric' }).format(Date.parse(`${month}-15T12:00:00Z`));

/** Short weekday names Monday → Sunday. */
export const weekdayNames = (locale?: string) => Array.from({ length: 7 }, (_, i) => fmt(locale, 'UTC', { weekday: 'short' }).format(Date.UTC(2024, 0, 1 + i)));

/** 'Monday, 7 December 2026, 10:30 – 11:00 (Europe/Berlin)': the appointment with its zone named. */
export function formatRange(start: string, end: string, zone: string, locale?: string): string {
  const day = fmt(locale, zone, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }).format(ms(start));
  return `${day}, ${formatTime(start, zone, locale)} – ${formatTime(end, zone, locale)} (${zone.replace(/_/g, ' ')})`;
}
