/**
 * A minimal iCalendar (RFC 5545) invitation for one booking, as an iTIP (RFC 5546) REQUEST or CANCEL.
 *
 * Contract for callers:
 * - `uid` must be stable for the booking's life (e.g. `${bookingId}@<your domain>`) and `sequence` must
 *   grow with every change (the booking version does): clients replace the event with the highest
 *   SEQUENCE for a UID, and a CANCEL must carry a SEQUENCE at least as high as the last REQUEST.
 * - All times are UTC (`...Z`), so no VTIMEZONE is needed; calendars show them in the viewer's zone.
 * - `stamp` is the caller's "now" (DTSTAMP); nothing here reads a clock.
 *
 * Output: CRLF line endings (including after the last line), content lines folded at 75 octets of
 * UTF-8 without ever splitting a character, TEXT values escaped, parameter values quoted when needed.
 */
import type { BookingMessageKind } from './message-context.ts';

export type IcsMethod = 'REQUEST' | 'CANCEL';

export type BookingIcsInput = {
  method: IcsMethod;
  uid: string;
  sequence: number;
  /** Epoch ms. */
  stamp: number;
  start: number;
  end: number;
  summary: string;
  description: string;
  location?: string | undefined;
  url?: string | undefined;
  organizer: { name: string; email: string };
  attendee: { name: string; email: string };
  /** One DISPLAY alarm per entry, minutes before the start (REQUEST only; a cancelled event rings no bell). */
  alarmMinutesBefore?: number[] | undefined;
};

export const ICS_PRODID = '-//slotflow//booking engine//EN';

/**
 * Which booking messages carry an invitation. Decision: REQUEST when the appointment is (still or
 * newly) on — confirmation, rescheduled, approved; CANCEL for cancelled. Reminders carry none: the
 * event is already in the calendar and a repeated REQUEST makes some clients show "updated". Nothing for
 * approval_pending (not booked yet), declined and hold_expired (no event was ever sent).
 */
export function icsMethodFor(kind: BookingMessageKind): IcsMethod | null {
  switch (kind) {
    case 'confirmation':
    case 'rescheduled':
    case 'approved':
      return 'REQUEST';
    case 'cancelled':
      return 'CANCEL';
    default:
      return null;
  }
}

export function bookingIcs(p: BookingIcsInput): string {
  if (!Number.isInteger(p.sequence) || p.sequence < 0) throw new RangeError(`SEQUENCE must be a non-negative integer: ${p.sequence}`);
  if (!(p.end > p.start)) throw new RangeError('event must end after it starts');
  const cancel = p.method === 'CANCEL';
  const lines = [
    'BEGIN:VCALENDAR',
    `PRODID:${ICS_PRODID}`,
    'VERSION:2.0',
    'CALSCALE:GREGORIAN',
    `METHOD:${p.method}`,
    'BEGIN:VEVENT',
    `UID:${text(p.uid)}`,
    `SEQUENCE:${p.sequence}`,
    `DTSTAMP:${utc(p.stamp)}`,
    `DTSTART:${utc(p.start)}`,
    `DTEND:${utc(p.end)}`,
    `SUMMARY:${text(p.summary)}`,
    `DESCRIPTION:${text(p.description)}`,
  ];
  if (p.location) lines.push(`LOCATION:${text(p.location)}`);
  if (p.url) lines.push(`URL:${uri(p.url)}`);
  lines.push(
    `ORGANIZER;CN=${param(p.organizer.name)}:${mailto(p.organizer.email)}`,
    `ATTENDEE;CN=${param(p.attendee.name)};ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=FALSE:${mailto(p.attendee.email)}`,
    `STATUS:${cancel ? 'CANCELLED' : 'CONFIRMED'}`,
    'TRANSP:OPAQUE',
  );
  if (!cancel) {
    for (const minutes of p.alarmMinutesBefore ?? []) {
      if (!Number.isInteger(minutes) || minutes < 0) throw new RangeError(`alarm minutes must be a non-negative integer: ${minutes}`);
      // DISPLAY alarms require a DESCRIPTION (RFC 5545 §3.6.6).
      lines.push('BEGIN:VALARM', 'ACTION:DISPLAY', `DESCRIPTION:${text(p.summary)}`, `TRIGGER:-PT${minutes}M`, 'END:VALARM');
    }
  }
  lines.push('END:VEVENT', 'END:VCALENDAR');
  return lines.map(fold).join('\r\n') + '\r\n';
}

/** '20261207T080000Z'. */
function utc(ms: number): string {
  return new Date(ms)
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replace(/[-:]/g, '');
}

/** TEXT value (§3.3.11): backslash, semicolon, comma and newlines escaped; other controls dropped. */
function text(value: string): string {
  return value
    .replace(/\r\n?/g, '\n')
    .replace(/[\\;,]/g, (c) => `\\${c}`)
    .replace(/\n/g, '\\n')
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '');
}

/**
 * A parameter value (§3.2): quoted when it holds ':' ';' ',' (or anything outside plain ASCII, which
 * some parsers mishandle unquoted); DQUOTE, newline and '^' use the RFC 6868 caret encoding since a
 * quoted-string cannot contain them; other controls dropped.
 */
function param(value: string): string {
  const encoded = value
    .replace(/\r\n?/g, '\n')
    .replace(/[\u0000-\u0009\u000b-\u001f\u007f]/g, '')
    .replace(/[\^"\n]/g, (c) => (c === '^' ? '^^' : c === '"' ? "^'" : '^n'));
  return /[:;,^]|[^\x20-\x7e]/.test(encoded) || encoded === '' ? `"${encoded}"` : encoded;
}

/** A URI value is not TEXT (no escaping), but must not break the line. */
function uri(value: string): string {
  return value.replace(/[\u0000-\u0020\u007f]/g, (c) => encodeURIComponent(c));
}

function mailto(email: string): string {
  return `mailto:${uri(email.trim())}`;
}

/**
 * Folds a content line (§3.1): at most 75 octets per physical line, continuation lines start with one
 * space (which counts toward their 75). Splits only between code points, so a multi-byte UTF-8
 * character (or a surrogate pair) is never cut; the unfolded line is byte-identical to the input.
 */
function fold(line: string): string {
  const out: string[] = [];
  let current = '';
  let octets = 0;
  for (const ch of line) {
    const size = utf8Length(ch.codePointAt(0)!);
    const limit = out.length === 0 ? 75 : 74;
    if (octets + size > limit) {
      out.push(current);
      current = '';
      octets = 0;
    }
    current += ch;
    octets += size;
  }
  out.push(current);
  return out.join('\r\n ');
}

function utf8Length(codePoint: number): number {
  return codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
}
