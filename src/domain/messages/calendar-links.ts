/**
 * "Add to calendar" links for customers without an ICS-aware mail client. Both services take the event
 * in the query string; times are UTC instants so no zone has to be named. Values are encoded with
 * `encodeURIComponent` (spaces as %20, not '+': Outlook's deeplink shows a literal '+'), except that
 * '/' and ':' stay as they are — legal in a query (RFC 3986 §3.4) and the form both services document
 * (`path=/calendar/action/compose`, `dates=…Z/…Z`).
 */

export type CalendarEvent = {
  title: string;
  /** Epoch ms. */
  start: number;
  end: number;
  details: string;
  location?: string | undefined;
};

export function googleCalendarUrl(e: CalendarEvent): string {
  return withQuery('https://calendar.google.com/calendar/render', [
    ['action', 'TEMPLATE'],
    ['text', e.title],
    ['dates', `${basicUtc(e.start)}/${basicUtc(e.end)}`],
    ['details', e.details],
    ['location', e.location],
  ]);
}

export function outlookCalendarUrl(e: CalendarEvent): string {
  return withQuery('https://outlook.live.com/calendar/0/deeplink/compose', [
    ['path', '/calendar/action/compose'],
    ['rru', 'addevent'],
    ['subject', e.title],
    ['startdt', isoUtc(e.start)],
    ['enddt', isoUtc(e.end)],
    ['body', e.details],
    ['location', e.location],
  ]);
}

/** Empty or missing values are left out rather than sent as `location=`. */
function withQuery(base: string, params: [string, string | undefined][]): string {
  const query = params
    .filter((p): p is [string, string] => typeof p[1] === 'string' && p[1] !== '')
    .map(([k, v]) => `${k}=${encodeValue(v)}`)
    .join('&');
  return `${base}?${query}`;
}

function encodeValue(v: string): string {
  return encodeURIComponent(v).replace(/%2F/g, '/').replace(/%3A/g, ':');
}

/** '2026-12-07T08:00:00Z' (no milliseconds: Outlook accepts both, but nobody books by the millisecond). */
function isoUtc(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** '20261207T080000Z', the iCalendar basic format Google expects. */
function basicUtc(ms: number): string {
  return isoUtc(ms).replace(/[-:]/g, '');
}
