import { describe, expect, it } from 'vitest';
import { MESSAGE_KINDS, pickLocale, type BookingMessageKind } from '../../../src/domain/messages/message-context.ts';
import { renderEmail, renderIcs, renderSms, TEMPLATE_VARIABLES, templateVariables, validateTemplate } from '../../../src/domain/messages/render-message.ts';
import { smsSegments } from '../../../src/domain/messages/sms-segments.ts';
import { DEFAULT_TEMPLATES } from '../../../src/domain/messages/templates.ts';
import { ctx } from './fixtures.ts';

const LOCALES = ['en', 'de'] as const;
const ALL = MESSAGE_KINDS.flatMap((kind) => LOCALES.map((locale) => [kind, locale] as const));
const NO_MANAGE: BookingMessageKind[] = ['cancelled', 'declined', 'hold_expired'];
const WITH_CALENDAR: BookingMessageKind[] = ['confirmation', 'rescheduled', 'approved', 'reminder'];
const WITH_REASON: BookingMessageKind[] = ['cancelled', 'declined'];

describe('pickLocale', () => {
  it.each([
    ['de', 'de'],
    ['de-AT', 'de'],
    ['DE_ch', 'de'],
    [' de-DE,de;q=0.9,en;q=0.8 ', 'de'],
    ['en', 'en'],
    ['en-US', 'en'],
    ['fr', 'en'],
    ['deu', 'en'],
    ['', 'en'],
    ['   ', 'en'],
    [null, 'en'],
    [undefined, 'en'],
  ] as const)('%j → %s', (requested, expected) => {
    expect(pickLocale(requested)).toBe(expected);
  });
});

describe('templateVariables', () => {
  it('provides exactly the documented variables, all strings', () => {
    const vars = templateVariables(ctx());
    expect(Object.keys(vars).sort()).toEqual([...TEMPLATE_VARIABLES].sort());
    for (const v of Object.values(vars)) expect(typeof v).toBe('string');
  });

  it('blank optional fields are empty strings; the short link falls back to the manage link', () => {
    const vars = templateVariables(ctx({ shortManageUrl: undefined, location: undefined, reason: undefined, intake: undefined }));
    expect(vars).toMatchObject({
      shortManageUrl: 'https://book.example.com/manage/bk_01JF3Q7Z9X?token=abc123&lang=en',
      location: '',
      reason: '',
      intakeText: '',
    });
    expect(templateVariables(ctx({ shortManageUrl: undefined, manageUrl: undefined })).shortManageUrl).toBe('');
  });

  it('intake answers become one line each', () => {
    expect(templateVariables(ctx()).intakeText).toBe('Hair length: Shoulder-length\nNotes: Sensitive scalp');
  });
});

describe('times in the customer zone', () => {
  const instant = Date.parse('2026-12-07T08:00:00Z');
  const at = (timeZone: string, locale: 'en' | 'de' = 'en', start = instant, end = start + 30 * 60_000) =>
    templateVariables(ctx({ timeZone, locale, start, end }));

  it('the same instant reads differently in Berlin and New York, each zone named', () => {
    expect(at('Europe/Berlin').when).toBe('Monday, 7 December 2026, 09:00–09:30 (Central European Standard Time, Europe/Berlin)');
    expect(at('America/New_York').when).toBe('Monday, 7 December 2026, 03:00–03:30 (Eastern Standard Time, America/New_York)');
    expect(at('Europe/Berlin', 'de').when).toBe('Montag, 7. Dezember 2026, 09:00–09:30 Uhr (Mitteleuropäische Normalzeit, Europe/Berlin)');
    expect(at('America/New_York', 'de').when).toBe('Montag, 7. Dezember 2026, 03:00–03:30 Uhr (Nordamerikanische Ostküsten-Normalzeit, America/New_York)');
    expect(at('Europe/Berlin').shortWhen).toBe('Mon 7 Dec, 09:00 CET');
    expect(at('America/New_York').shortWhen).toBe('Mon 7 Dec, 03:00 EST');
    expect(at('Europe/Berlin', 'de').shortWhen).toBe('Mo., 7. Dez., 09:00 Uhr MEZ');
  });

  it('the e-mail shows the zone-local time and names the zone', () => {
    const ny = renderEmail(ctx({ timeZone: 'America/New_York' }));
    expect(ny.subject).toBe('Confirmed: Haircut & Styling on Monday, 7 December 2026 at 03:00');
    expect(ny.text).toContain('03:00–03:30 (Eastern Standard Time, America/New_York)');
    expect(ny.html).toContain('03:00–03:30 (Eastern Standard Time, America/New_York)');
  });

  it('DST start in Berlin (2026-03-29): offsets before and after the change', () => {
    const before = at('Europe/Berlin', 'en', Date.parse('2026-03-29T00:30:00Z'));
    expect(before).toMatchObject({ time: '01:30', utcOffset: 'UTC+01:00', timeZoneName: 'Central European Standard Time', timeZoneShort: 'CET' });
    const after = at('Europe/Berlin', 'en', Date.parse('2026-03-29T07:00:00Z'));
    expect(after).toMatchObject({ time: '09:00', utcOffset: 'UTC+02:00', timeZoneName: 'Central European Summer Time', timeZoneShort: 'CEST' });
    expect(after.when).toBe('Sunday, 29 March 2026, 09:00–09:30 (Central European Summer Time, Europe/Berlin)');
    expect(at('Europe/Berlin', 'de', Date.parse('2026-03-29T07:00:00Z')).when).toContain('09:00–09:30 Uhr (Mitteleuropäische Sommerzeit, Europe/Berlin)');
    // Across the change: 01:30 CET to 03:30 CEST is one hour, and both names are shown.
    const across = at('Europe/Berlin', 'en', Date.parse('2026-03-29T00:30:00Z'), Date.parse('2026-03-29T01:30:00Z'));
    expect(across.when).toBe('Sunday, 29 March 2026, 01:30–03:30 (Central European Standard Time → Central European Summer Time, Europe/Berlin)');
    expect(across.durationMinutes).toBe('60');
  });

  it('an appointment across midnight names both dates', () => {
    const v = at('Europe/Berlin', 'en', Date.parse('2026-12-07T22:30:00Z'), Date.parse('2026-12-07T23:30:00Z'));
    expect(v.when).toBe('Monday, 7 December 2026, 23:30 – Tuesday, 8 December 2026, 00:30 (Central European Standard Time, Europe/Berlin)');
    const de = at('Europe/Berlin', 'de', Date.parse('2026-12-07T22:30:00Z'), Date.parse('2026-12-07T23:30:00Z'));
    expect(de.when).toBe('Montag, 7. Dezember 2026, 23:30 Uhr – Dienstag, 8. Dezember 2026, 00:30 Uhr (Mitteleuropäische Normalzeit, Europe/Berlin)');
  });

  it('an unknown zone is an error, not a guess', () => {
    expect(() => templateVariables(ctx({ timeZone: 'Mars/Olympus_Mons' }))).toThrow(RangeError);
  });
});

describe('escaping', () => {
  const evil = '<script>alert(1)</script> & "Bob"';
  const escaped = '&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;Bob&quot;';

  it.each(ALL)('%s/%s: HTML-escaped in HTML, verbatim in text and SMS', (kind, locale) => {
    const markup = '<b>x</b> <img src=x onerror=alert(1)>';
    const c = ctx({ kind, locale, customerName: evil, serviceName: markup, reason: markup, location: markup, intake: [{ label: markup, value: markup }] });
    const email = renderEmail(c);
    expect(email.html).toContain(escaped);
    expect(email.html).toContain('&lt;b&gt;x&lt;/b&gt; &lt;img src=x onerror=alert(1)&gt;');
    expect(email.html).not.toMatch(/<script|<img|<b>/);
    expect(email.text).toContain(evil);
    expect(email.text).toContain(markup);
    expect(email.text).not.toMatch(/&lt;|&gt;|&amp;|&quot;/);
    if (!NO_MANAGE.includes(kind)) expect(email.html).toContain('<li>&lt;b&gt;x&lt;/b&gt;'); // intake items too
    const sms = renderSms(c).body;
    expect(sms).toContain(markup);
    if (kind !== 'reminder') expect(sms).toContain(evil); // the reminder SMS has no customer name
  });

  it('an HTML override cannot unescape a value, not even with triple braces or {{& }}', () => {
    const { html } = renderEmail(ctx({ customerName: evil }), { html: '<p>{{{customerName}}}|{{& customerName}}|{{customerName}}</p>' });
    expect(html).toBe(`<p>${escaped}|${escaped}|${escaped}</p>`);
  });

  it.each(ALL)('%s/%s: the subject is one line even when names contain CR/LF', (kind, locale) => {
    const { subject } = renderEmail(ctx({ kind, locale, serviceName: 'Cut\r\nBcc: victim@example.com\n', customerName: 'A\rB' }));
    expect(subject).not.toMatch(/[\r\n]/);
    expect(subject).toContain('Cut Bcc: victim@example.com');
  });

  it('an overridden subject with line breaks is folded to one line', () => {
    expect(renderEmail(ctx(), { subject: 'Hello\r\n{{customerName}}\n\n  there' }).subject).toBe('Hello Jürgen Müller there');
  });
});

describe('content per kind', () => {
  it.each(ALL)('%s/%s: names the rooms and equipment the booking holds, and nothing when it holds none', (kind, locale) => {
    const label = locale === 'en' ? 'Room &amp; equipment' : 'Raum &amp; Ausstattung';
    const withRoom = renderEmail(ctx({ kind, locale, resourceNames: 'Room 2, Laser A' }));
    expect(withRoom.text).toContain(`${locale === 'en' ? 'Room & equipment' : 'Raum & Ausstattung'}: Room 2, Laser A`);
    expect(withRoom.html).toContain(`<strong>${label}:</strong> Room 2, Laser A`);
    const without = renderEmail(ctx({ kind, locale }));
    expect(without.text).not.toContain(locale === 'en' ? 'Room & equipment' : 'Raum & Ausstattung');
  });

  it.each(ALL)('%s/%s: manage link only where the booking can still change', (kind, locale) => {
    const email = renderEmail(ctx({ kind, locale }));
    const sms = renderSms(ctx({ kind, locale }));
    const expected = !NO_MANAGE.includes(kind);
    expect(email.text.includes('https://book.example.com/manage/bk_01JF3Q7Z9X?token=abc123&lang=en')).toBe(expected);
    expect(email.html.includes('href="https://book.example.com/manage/bk_01JF3Q7Z9X?token=abc123&amp;lang=en"')).toBe(expected);
    expect(sms.body.includes('https://book.example.com/s/Ab3dE7kQ9x')).toBe(expected);
  });

  it.each(ALL)('%s/%s: add-to-calendar links in the HTML of confirmed appointments', (kind, locale) => {
    const { html, text } = renderEmail(ctx({ kind, locale }));
    const expected = WITH_CALENDAR.includes(kind);
    expect(html.includes('href="https://calendar.google.com/calendar/render?action=TEMPLATE&amp;')).toBe(expected);
    expect(html.includes('href="https://outlook.live.com/calendar/0/deeplink/compose?')).toBe(expected);
    expect(html.includes(locale === 'en' ? 'Add to Google Calendar' : 'Zu Google Kalender hinzufügen')).toBe(expected);
    expect(text).not.toContain('calendar.google.com');
  });

  it.each(ALL)('%s/%s: intake answers while the appointment is on', (kind, locale) => {
    const { text, html } = renderEmail(ctx({ kind, locale }));
    const expected = !NO_MANAGE.includes(kind);
    expect(text.includes('Hair length: Shoulder-length\nNotes: Sensitive scalp')).toBe(expected);
    expect(html.includes('<li>Hair length: Shoulder-length</li>')).toBe(expected);
  });

  it.each(ALL)('%s/%s: the reason, when given, in cancelled and declined messages', (kind, locale) => {
    const withReason = renderEmail(ctx({ kind, locale }));
    const expected = WITH_REASON.includes(kind);
    expect(withReason.text.includes('The stylist is ill')).toBe(expected);
    expect(withReason.html.includes('The stylist is ill')).toBe(expected);
    const without = renderEmail(ctx({ kind, locale, reason: undefined }));
    expect(without.text).not.toMatch(/^(Reason|Grund):/m);
    expect(without.html).not.toMatch(/(Reason|Grund):/);
  });

  it.each(ALL)('%s/%s: greeting, names, location; blank location leaves no empty label', (kind, locale) => {
    const email = renderEmail(ctx({ kind, locale }));
    expect(email.text.startsWith(locale === 'en' ? 'Hi Jürgen Müller,\n' : 'Hallo Jürgen Müller,\n')).toBe(true);
    for (const part of [email.text, email.html]) {
      expect(part).toContain('Studio Lindenhof');
      expect(part).toContain('Anna Schmidt');
      expect(part).toContain('Lindenstraße 12, 10969 Berlin');
    }
    const bare = renderEmail(ctx({ kind, locale, location: '', intake: [] }));
    expect(bare.text).not.toMatch(/^(Where|Wo):/m);
    expect(bare.text).not.toMatch(/\n\n\n/);
    expect(bare.html).not.toContain('<ul');
  });

  it.each(ALL)('%s/%s: HTML is a complete document in the right language', (kind, locale) => {
    const { html } = renderEmail(ctx({ kind, locale }));
    expect(html.startsWith('<!DOCTYPE html>\n')).toBe(true);
    expect(html).toContain(`<html lang="${locale}">`);
    expect(html.trimEnd().endsWith('</html>')).toBe(true);
    expect(html).not.toMatch(/\{\{|\}\}/);
  });
});

describe('overrides', () => {
  it('replace only the parts given; blank parts use the default', () => {
    const base = renderEmail(ctx());
    const o = renderEmail(ctx(), { subject: 'Your {{serviceName}} with {{providerName}}', text: '  ' });
    expect(o.subject).toBe('Your Haircut & Styling with Anna Schmidt');
    expect(o.text).toBe(base.text);
    expect(o.html).toBe(base.html);
    expect(renderSms(ctx(), { sms: 'See you {{shortWhen}}' }).body).toBe('See you Mon 7 Dec, 09:00 CET');
  });

  it('a broken override (should have been refused at save time) falls back to the default part', () => {
    expect(renderEmail(ctx(), { subject: 'Hi {{#x}}' }).subject).toBe(renderEmail(ctx()).subject);
  });

  it('render the text without HTML escaping', () => {
    expect(renderEmail(ctx({ serviceName: 'Cut & "Dry" <deluxe>' }), { text: '{{serviceName}}' }).text).toBe('Cut & "Dry" <deluxe>');
  });
});

describe('SMS', () => {
  const SERVICE_24 = 'Deep Tissue Massage 90mn';
  const LINK_40 = 'https://book.example.com/s/Ab3dE7kQ9xYzW';
  const ZONES = ['Europe/Berlin', 'America/New_York', 'America/St_Johns', 'Asia/Kathmandu', 'Pacific/Chatham', 'Australia/Lord_Howe', 'UTC'];

  it('the reminder fits one GSM-7 segment (≤ 160) with a 24-character service and a 40-character link, any day, any zone', () => {
    expect(SERVICE_24).toHaveLength(24);
    expect(LINK_40).toHaveLength(40);
    let longest = 0;
    // 5,124 renders: collect what does not fit and assert once (an `expect` per render is most of the cost).
    const misfits: { body: string; units: number; encoding: string; sms: { encoding: string; segments: number } }[] = [];
    for (const locale of LOCALES) {
      for (const timeZone of ZONES) {
        for (let day = 0; day < 366; day++) {
          const start = Date.parse('2026-01-01T08:00:00Z') + day * 86_400_000;
          const c = ctx({ kind: 'reminder', locale, timeZone, start, end: start + 90 * 60_000, serviceName: SERVICE_24, shortManageUrl: LINK_40 });
          const sms = renderSms(c);
          const seg = smsSegments(sms.body);
          if (seg.encoding !== 'GSM-7' || seg.units > 160 || sms.encoding !== 'GSM-7' || sms.segments !== 1) {
            misfits.push({ body: sms.body, units: seg.units, encoding: seg.encoding, sms: { encoding: sms.encoding, segments: sms.segments } });
          }
          longest = Math.max(longest, seg.units);
        }
      }
    }
    expect(misfits).toEqual([]);
    expect(longest).toBeGreaterThan(100); // the loop did render real messages
  });

  it.each(ALL)('%s/%s: at most 2 segments for the fixture booking, GSM-7', (kind, locale) => {
    const sms = renderSms(ctx({ kind, locale }));
    expect(sms.encoding).toBe('GSM-7');
    expect(sms.segments).toBeGreaterThanOrEqual(1);
    expect(sms.segments).toBeLessThanOrEqual(2);
    expect(smsSegments(sms.body)).toMatchObject({ encoding: sms.encoding, segments: sms.segments });
  });

  it('default SMS templates use GSM-7 characters only', () => {
    for (const locale of LOCALES) for (const kind of MESSAGE_KINDS) expect(smsSegments(DEFAULT_TEMPLATES[locale][kind].sms).encoding).toBe('GSM-7');
  });

  it('typographic punctuation in names is folded to ASCII, other characters are kept (UCS-2)', () => {
    const folded = renderSms(ctx({ kind: 'reminder', serviceName: 'Women’s “Cut” – short…' }));
    expect(folded.body).toContain('Women\'s "Cut" - short...');
    expect(folded.encoding).toBe('GSM-7');
    const emoji = renderSms(ctx({ kind: 'reminder', serviceName: 'Nails 💅' }));
    expect(emoji.body).toContain('Nails 💅');
    expect(emoji.encoding).toBe('UCS-2');
  });

  it('without any link the SMS has no dangling label', () => {
    const sms = renderSms(ctx({ kind: 'reminder', manageUrl: undefined, shortManageUrl: undefined }));
    expect(sms.body).toBe('Reminder: Haircut & Styling on Mon 7 Dec, 09:00 CET.');
  });
});

describe('validateTemplate', () => {
  it('accepts good templates, including every default', () => {
    expect(validateTemplate('Hi {{customerName}}, see you {{when}}.')).toBeNull();
    expect(validateTemplate('{{#location}}at {{.}}{{/location}}{{^reason}}-{{/reason}}')).toBeNull();
    expect(validateTemplate('{{#intake}}{{label}}: {{value}}\n{{/intake}}')).toBeNull();
    expect(validateTemplate('{{! a comment }}{{=<% %>=}}<% customerName %>')).toBeNull();
    expect(validateTemplate('')).toBeNull();
    for (const locale of LOCALES) {
      for (const kind of MESSAGE_KINDS) for (const part of Object.values(DEFAULT_TEMPLATES[locale][kind])) expect(validateTemplate(part)).toBeNull();
    }
  });

  it('rejects broken syntax with a position', () => {
    expect(validateTemplate('Hi {{#x}} there')).toMatch(/^Template syntax error: Unclosed section "x" \(line 1, column \d+\)\.$/);
    expect(validateTemplate('Hi\n{{/customerName}}')).toBe('Template syntax error: Unopened section "customerName" (line 2, column 1).');
    expect(validateTemplate('Hi {{customerName')).toMatch(/^Template syntax error: Unclosed tag/);
  });

  it('rejects unknown variables, list fields outside their list, and partials', () => {
    expect(validateTemplate('Hi {{customer_name}}')).toMatch(/^Unknown variable "customer_name" \(line 1, column 4\)\. Known variables: customerName, /);
    expect(validateTemplate('{{label}}')).toMatch(/^Unknown variable "label"/);
    expect(validateTemplate('{{#reason}}{{label}}{{/reason}}')).toMatch(/^Unknown variable "label"/);
    expect(validateTemplate('{{> footer}}')).toMatch(/^Partials are not supported/);
    expect(validateTemplate('{{intake}}')).toMatch(/^"intake" is a list \(line 1, column 1\); use \{\{#intake\}\}/);
  });

  it('rejects oversized templates', () => {
    expect(validateTemplate('x'.repeat(100_001))).toMatch(/too long/);
  });
});

describe('renderIcs', () => {
  const opts = {
    stamp: Date.parse('2026-11-01T10:00:00Z'),
    uidDomain: 'slotflow.test',
    externalRef: '3f2a9c0e5b7d41e8a6c4f1b2d3e4a5b6',
    organizer: { name: 'Studio Lindenhof', email: 'hello@lindenhof.example' },
    attendee: { name: 'Jürgen Müller', email: 'juergen@example.com' },
    alarmMinutesBefore: [60],
  };

  it('REQUEST for confirmation/rescheduled/approved, CANCEL for cancelled, none otherwise', () => {
    const method = (kind: BookingMessageKind) => /METHOD:(\w+)/.exec(renderIcs(ctx({ kind }), opts) ?? '')?.[1] ?? null;
    expect(Object.fromEntries(MESSAGE_KINDS.map((k) => [k, method(k)]))).toEqual({
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

  it("UID from the booking's random external ref (never its id), SEQUENCE from its version", () => {
    const ics = renderIcs(ctx({ version: 7 }), opts)!;
    expect(ics).toContain('\r\nUID:3f2a9c0e5b7d41e8a6c4f1b2d3e4a5b6@slotflow.test\r\n');
    expect(ics).not.toMatch(/UID:[^\r]*bk_01JF3Q7Z9X/);
    expect(ics).toContain('\r\nSEQUENCE:7\r\n');
    expect(ics).toContain('\r\nSUMMARY:Haircut & Styling with Anna Schmidt\r\n');
  });

  it('a booking made before migration 0008 keeps its id-derived UID, so its invitations keep updating one entry', () => {
    const ics = renderIcs(ctx({ version: 2 }), { ...opts, externalRef: null })!;
    expect(ics).toContain('\r\nUID:bk_01JF3Q7Z9X@slotflow.test\r\n');
  });
});
