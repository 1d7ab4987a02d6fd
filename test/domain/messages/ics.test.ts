import fc from 'fast-check';
import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { bookingIcs, icsMethodFor, type BookingIcsInput } from '../../../src/domain/messages/ics.ts';
import { MESSAGE_KINDS } from '../../../src/domain/messages/message-context.ts';

const START = Date.parse('2026-12-07T08:00:00Z');
const INPUT: BookingIcsInput = {
  method: 'REQUEST',
  uid: 'bk_01JF3Q7Z9X@slotflow.test',
  sequence: 3,
  stamp: Date.parse('2026-11-01T10:00:00Z'),
  start: START,
  end: START + 30 * 60_000,
  summary: 'Haircut & Styling, wash; dry',
  description: 'Studio Lindenhof\n\nReschedule or cancel: https://book.example.com/manage/x?token=a&b=c',
  location: 'Lindenstraße 12, 10969 Berlin',
  url: 'https://book.example.com/manage/x?token=a&b=c',
  organizer: { name: 'Studio "Lindenhof": Hair; Beauty, Inc.', email: 'hello@lindenhof.example' },
  attendee: { name: 'Jürgen Müller', email: 'juergen@example.com' },
  alarmMinutesBefore: [1440, 60],
};

function parse(ics: string) {
  const cal = new ICAL.Component(ICAL.parse(ics));
  return { cal, event: cal.getFirstSubcomponent('vevent')! };
}

/** Physical lines as bytes, split at CRLF: each must be valid UTF-8 on its own. */
function physicalLines(ics: string): Buffer[] {
  const bytes = Buffer.from(ics, 'utf8');
  const lines: Buffer[] = [];
  let from = 0;
  for (let i = 0; i < bytes.length - 1; i++) {
    if (bytes[i] === 0x0d && bytes[i + 1] === 0x0a) {
      lines.push(bytes.subarray(from, i));
      from = i + 2;
    }
  }
  expect(from).toBe(bytes.length); // ends with CRLF
  return lines;
}

function expectWellFormed(ics: string) {
  expect(ics.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/); // CRLF only
  const decoder = new TextDecoder('utf-8', { fatal: true });
  for (const line of physicalLines(ics)) {
    expect(line.length).toBeLessThanOrEqual(75);
    expect(() => decoder.decode(line)).not.toThrow(); // no multi-byte character cut in two
  }
}

const unfold = (ics: string) => ics.replace(/\r\n[ \t]/g, '');

describe('bookingIcs', () => {
  it('REQUEST: calendar and event properties as parsed by ical.js', () => {
    const ics = bookingIcs(INPUT);
    expectWellFormed(ics);
    const { cal, event } = parse(ics);
    expect(cal.getFirstPropertyValue('prodid')).toBe('-//slotflow//booking engine//EN');
    expect(cal.getFirstPropertyValue('version')).toBe('2.0');
    expect(cal.getFirstPropertyValue('calscale')).toBe('GREGORIAN');
    expect(cal.getFirstPropertyValue('method')).toBe('REQUEST');
    expect(cal.getAllSubcomponents('vevent')).toHaveLength(1);
    expect(event.getFirstPropertyValue('uid')).toBe(INPUT.uid);
    expect(event.getFirstPropertyValue('sequence')).toBe(3);
    expect((event.getFirstPropertyValue('dtstamp') as ICAL.Time).toJSDate().getTime()).toBe(INPUT.stamp);
    expect((event.getFirstPropertyValue('dtstart') as ICAL.Time).toJSDate().getTime()).toBe(INPUT.start);
    expect((event.getFirstPropertyValue('dtend') as ICAL.Time).toJSDate().getTime()).toBe(INPUT.end);
    expect(ics).toContain('\r\nDTSTART:20261207T080000Z\r\n');
    expect(event.getFirstPropertyValue('summary')).toBe(INPUT.summary);
    expect(event.getFirstPropertyValue('description')).toBe(INPUT.description);
    expect(event.getFirstPropertyValue('location')).toBe(INPUT.location);
    expect(event.getFirstPropertyValue('url')).toBe(INPUT.url);
    expect(event.getFirstPropertyValue('status')).toBe('CONFIRMED');

    const organizer = event.getFirstProperty('organizer')!;
    expect(organizer.getFirstValue()).toBe('mailto:hello@lindenhof.example');
    expect(organizer.getParameter('cn')).toBe(INPUT.organizer.name);
    const attendee = event.getFirstProperty('attendee')!;
    expect(attendee.getFirstValue()).toBe('mailto:juergen@example.com');
    expect(attendee.getParameter('cn')).toBe('Jürgen Müller');
    expect(attendee.getParameter('role')).toBe('REQ-PARTICIPANT');
    expect(attendee.getParameter('partstat')).toBe('NEEDS-ACTION');
    expect(attendee.getParameter('rsvp')).toBe('FALSE');

    const alarms = event.getAllSubcomponents('valarm');
    expect(alarms.map((a) => a.getFirstPropertyValue('action'))).toEqual(['DISPLAY', 'DISPLAY']);
    expect(alarms.map((a) => (a.getFirstPropertyValue('trigger') as ICAL.Duration).toSeconds())).toEqual([-1440 * 60, -60 * 60]);
    expect(unfold(ics)).toContain('\r\nTRIGGER:-PT60M\r\n');
  });

  it('CN with special characters is quoted (RFC 5545) with RFC 6868 caret escapes', () => {
    expect(unfold(bookingIcs(INPUT))).toContain(`ORGANIZER;CN="Studio ^'Lindenhof^': Hair; Beauty, Inc.":mailto:hello@lindenhof.example\r\n`);
    expect(bookingIcs({ ...INPUT, organizer: { name: 'Studio', email: 'a@b.example' } })).toContain('\r\nORGANIZER;CN=Studio:mailto:a@b.example\r\n');
  });

  it('CANCEL: STATUS:CANCELLED, no alarms, no line breaks smuggled in', () => {
    const ics = bookingIcs({ ...INPUT, method: 'CANCEL', sequence: 4 });
    expectWellFormed(ics);
    const { cal, event } = parse(ics);
    expect(cal.getFirstPropertyValue('method')).toBe('CANCEL');
    expect(event.getFirstPropertyValue('status')).toBe('CANCELLED');
    expect(event.getFirstPropertyValue('sequence')).toBe(4);
    expect(event.getAllSubcomponents('valarm')).toHaveLength(0);
  });

  it('optional LOCATION and URL are left out when not given', () => {
    const ics = bookingIcs({ ...INPUT, location: undefined, url: undefined, alarmMinutesBefore: undefined });
    expect(ics).not.toMatch(/\r\n(LOCATION|URL|BEGIN:VALARM)/);
    expectWellFormed(ics);
  });

  it('a long German description with umlauts folds at 75 octets without breaking characters', () => {
    const description =
      'Sehr geehrte Frau Größe-Übermüller, Ihr Termin für „Haarschnitt & Föhnen“ ist bestätigt; ' +
      'bitte erscheinen Sie fünf Minuten früher. Öffnungszeiten: Mo–Fr 09:00–18:00, Sa 10:00–14:00.\n' +
      'Äußerst wichtig: Bei Verspätung über 15 Minuten müssen wir den Termin leider neu vergeben. 😀 Grüße!';
    const ics = bookingIcs({ ...INPUT, description, summary: 'Ä'.repeat(100) });
    expectWellFormed(ics);
    expect(ics.split('\r\n').filter((l) => l.startsWith(' ')).length).toBeGreaterThan(4); // it really folded
    const escaped = description.replace(/[\\;,]/g, (c) => `\\${c}`).replace(/\n/g, '\\n');
    expect(unfold(ics)).toContain(`\r\nDESCRIPTION:${escaped}\r\n`);
    expect(parse(ics).event.getFirstPropertyValue('description')).toBe(description);
    expect(parse(ics).event.getFirstPropertyValue('summary')).toBe('Ä'.repeat(100));
  });

  it('any text survives escaping and folding (property)', () => {
    const chars = ['a', 'Z', ' ', 'ä', 'ß', '€', '😀', ',', ';', ':', '\n', '"', '^'];
    const text = fc.string({ unit: fc.constantFrom(...chars, '\\'), maxLength: 400 });
    // Parameter values have no backslash escaping in RFC 5545 (a '\' is literal), but ical.js strips
    // backslashes there; names are checked without them.
    const name = fc.string({ unit: fc.constantFrom(...chars), maxLength: 120 });
    fc.assert(
      fc.property(text, text, name, (summary, description, cn) => {
        const ics = bookingIcs({ ...INPUT, summary, description, attendee: { name: cn, email: 'x@y.example' } });
        expectWellFormed(ics);
        const { event } = parse(ics);
        expect(event.getFirstPropertyValue('summary')).toBe(summary);
        expect(event.getFirstPropertyValue('description')).toBe(description);
        expect(event.getFirstProperty('attendee')!.getParameter('cn')).toBe(cn);
      }),
      { numRuns: 200 },
    );
  });

  it('CR/LF in a URL or e-mail cannot start a new property', () => {
    const ics = bookingIcs({ ...INPUT, url: 'https://x.example/\r\nATTACH:evil', attendee: { name: 'A', email: 'a@b.example\r\nX-EVIL:1' } });
    expect(unfold(ics)).not.toMatch(/\r\n(ATTACH|X-EVIL)/);
  });

  it('refuses an event that does not end after it starts, and a negative sequence', () => {
    expect(() => bookingIcs({ ...INPUT, end: INPUT.start })).toThrow(RangeError);
    expect(() => bookingIcs({ ...INPUT, sequence: -1 })).toThrow(RangeError);
  });
});

describe('icsMethodFor', () => {
  it('REQUEST while the appointment is on, CANCEL when cancelled, none otherwise', () => {
    expect(Object.fromEntries(MESSAGE_KINDS.map((k) => [k, icsMethodFor(k)]))).toEqual({
      confirmation: 'REQUEST',
      reminder: null,
      rescheduled: 'REQUEST',
      cancelled: 'CANCEL',
      hold_expiring: null,
      hold_expired: null,
      approval_pending: null,
      approved: 'REQUEST',
      declined: null,
      manage_link: null,
    });
  });
});
