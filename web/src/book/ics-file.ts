/**
 * A downloadable .ics for "Add to calendar" on the confirmation page: one VEVENT, METHOD:PUBLISH (a
 * plain event, not an invitation — the invitation with organizer and SEQUENCE comes by e-mail from
 * src/domain/messages/ics.ts, which needs addresses the page does not have). UTC times, TEXT escaped,
 * lines folded at 75 octets between code points, CRLF endings (RFC 5545).
 */
export type IcsEvent = { uid: string; start: string; end: string; title: string; details: string; url?: string | undefined };

const utc = (iso: string) =>
  new Date(Date.parse(iso))
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replace(/[-:]/g, '');
const text = (v: string) =>
  v
    .replace(/\r\n?/g, '\n')
    .replace(/[\\;,]/g, (c) => `\\${c}`)
    .replace(/\n/g, '\\n')
    .replace(/[\u0000-\u001f\u007f]/g, '');

function fold(line: string): string {
  let out = '';
  let octets = 0;
  for (const ch of line) {
    const size = new TextEncoder().encode(ch).length;
    if (octets + size > 75) {
      out += '\r\n ';
      octets = 1;
    }
    out += ch;
    octets += size;
  }
  return out;
}

export function eventIcs(e: IcsEvent, stamp: number): string {
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//slotflow//booking widget//EN',
    'METHOD:PUBLISH',
    'BEGIN:VEVENT',
    `UID:${text(e.uid)}`,
    `DTSTAMP:${utc(new Date(stamp).toISOString())}`,
    `DTSTART:${utc(e.start)}`,
    `DTEND:${utc(e.end)}`,
    `SUMMARY:${text(e.title)}`,
    `DESCRIPTION:${text(e.details)}`,
    ...(e.url ? [`URL:${e.url.replace(/[\u0000-\u0020\u007f]/g, encodeURIComponent)}`] : []),
    'END:VEVENT',
    'END:VCALENDAR',
  ];
  return lines.map(fold).join('\r\n') + '\r\n';
}

/** A data: URL the confirmation page links to with `download` (no Blob, so nothing to revoke). */
export const icsDataUrl = (ics: string) => `data:text/calendar;charset=utf-8,${encodeURIComponent(ics)}`;
