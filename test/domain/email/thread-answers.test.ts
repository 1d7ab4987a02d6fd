import { describe, expect, it } from 'vitest';
import { renderThreadAnswer, replySubject } from '../../../src/domain/email/thread-answers.ts';
import { bareMessageId, messageIdsIn } from '../../../src/domain/email/message-ids.ts';

const ctx = { locale: 'en' as const, timeZone: 'Europe/Berlin', businessName: 'Clinic <b>', customerName: 'Anna <script>alert(1)</script>' };
const start = Date.UTC(2026, 2, 30, 8, 0); // Monday 30 March 2026, 10:00 in Berlin (summer time)

describe('thread answers', () => {
  it('numbered proposals with their links, the zone named once, nothing unescaped in HTML', () => {
    const out = renderThreadAnswer(
      {
        kind: 'proposals',
        why: 'wish',
        serviceName: 'Cut & "Style"',
        proposals: [
          { start, end: start + 1_800_000, url: 'https://x.test/email/choose/a?b=1&c=2' },
          { start: start + 3_600_000, end: start + 5_400_000, url: 'https://x.test/email/choose/b' },
        ],
        ttlHours: 48,
      },
      ctx,
    );
    expect(out.text).toContain('1) Monday, 30 March 2026, 10:00–10:30');
    expect(out.text).toContain('2) Monday, 30 March 2026, 11:00–11:30');
    expect(out.text).toContain('Reply with the number (1, 2)');
    expect(out.text).toContain('Central European Summer Time (Europe/Berlin)');
    expect(out.html).not.toContain('<script>');
    expect(out.html).toContain('Anna &lt;script&gt;');
    expect(out.html).toContain('Cut &amp; &quot;Style&quot;');
    expect(out.html).toContain('href="https://x.test/email/choose/a?b=1&amp;c=2"');
  });

  it('German, and the other kinds', () => {
    const de = renderThreadAnswer({ kind: 'which_service', services: ['Haarschnitt', 'Massage'] }, { ...ctx, locale: 'de', customerName: null });
    expect(de.text).toContain('Guten Tag,');
    expect(de.text).toContain('Welche unserer Leistungen');
    expect(de.text).toContain('  - Haarschnitt');
    const refused = renderThreadAnswer(
      { kind: 'cancel_refused', serviceName: 'Haircut', start, end: start + 1_800_000, manageUrl: 'https://x.test/manage/t' },
      ctx,
    );
    expect(refused.text).toContain('too late to cancel Haircut');
    expect(refused.text).toContain('https://x.test/manage/t');
    expect(refused.text).not.toContain('You can reach us');
    // "Please contact us directly" names the business's phone / e-mail when the settings have them.
    const moveRefused = { kind: 'move_refused', serviceName: 'Haarschnitt', start, end: start + 1_800_000, manageUrl: null } as const;
    const reach = renderThreadAnswer(moveRefused, { ...ctx, contact: '+49 30 1234567 · hi@clinic.example' });
    expect(reach.text).toContain('Please contact us directly.\n\nYou can reach us at +49 30 1234567 · hi@clinic.example.');
    const deReach = renderThreadAnswer(moveRefused, { ...ctx, locale: 'de', contact: '+49 30 1234567' });
    expect(deReach.text).toContain('Sie erreichen uns unter +49 30 1234567.');
  });

  it('subjects: "Re:" once; message ids without brackets', () => {
    expect(replySubject('Haircut?', 'en')).toBe('Re: Haircut?');
    expect(replySubject('AW: Termin', 'de')).toBe('AW: Termin');
    expect(replySubject('', 'de')).toBe('Ihre Terminanfrage');
    expect(replySubject('a\r\nBcc: x@y', 'en')).toBe('Re: a Bcc: x@y');
    expect(bareMessageId(' <abc@host> ')).toBe('abc@host');
    expect(bareMessageId('<a b@host>')).toBeNull();
    expect(messageIdsIn('<a@x> <b@y>\r\n <c@z>')).toEqual(['a@x', 'b@y', 'c@z']);
  });
});
