import { describe, expect, it } from 'vitest';
import { automatedReason, type MailFacts } from '../../../src/domain/email/automated-mail.ts';

const facts = (headers: Record<string, string>, over: Partial<MailFacts> = {}): MailFacts => ({
  header: (n) => Object.entries(headers).find(([k]) => k.toLowerCase() === n)?.[1],
  from: 'anna@mail.test',
  envelopeFrom: 'anna@mail.test',
  subject: 'Haircut',
  ownAddresses: ['book@clinic.test', 'clinic@clinic.test'],
  ...over,
});

describe('mail slotflow never answers (RFC 3834)', () => {
  it.each([
    [{ 'Auto-Submitted': 'auto-replied' }, 'auto_submitted'],
    [{ 'Auto-Submitted': 'auto-generated' }, 'auto_submitted'],
    [{ 'X-Autoreply': 'yes' }, 'auto_reply'],
    [{ 'X-Auto-Response-Suppress': 'All' }, 'auto_reply'],
    [{ Precedence: 'bulk' }, 'bulk'],
    [{ Precedence: 'list' }, 'bulk'],
    [{ Precedence: 'junk' }, 'bulk'],
    [{ 'List-Id': '<news.mail.test>' }, 'bulk'],
    [{ 'X-Slotflow-Idempotency-Key': 'b:confirmation:1' }, 'own_message'],
  ])('%j → %s', (headers, reason) => {
    expect(automatedReason(facts(headers))).toBe(reason);
  });

  it('bounces: an empty envelope sender, MAILER-DAEMON or a delivery report', () => {
    expect(automatedReason(facts({}, { envelopeFrom: '' }))).toBe('bounce');
    expect(automatedReason(facts({}, { from: 'mailer-daemon@mail.test' }))).toBe('bounce');
    expect(automatedReason(facts({}, { contentType: 'multipart/report; report-type=delivery-status' }))).toBe('bounce');
  });

  it('out-of-office subjects in English and German; our own address', () => {
    for (const subject of ['Out of Office: Haircut', 'Automatic reply: Re: Haircut', 'Abwesenheitsnotiz', 'Automatische Antwort: Termin']) {
      expect(automatedReason(facts({}, { subject }))).toBe('out_of_office');
    }
    expect(automatedReason(facts({}, { from: 'clinic@clinic.test' }))).toBe('own_message');
  });

  it('a person writing, even with Auto-Submitted: no, is answered', () => {
    expect(automatedReason(facts({}))).toBeNull();
    expect(automatedReason(facts({ 'Auto-Submitted': 'no' }))).toBeNull();
    expect(automatedReason(facts({}, { subject: 'Re: Your office hours?' }))).toBeNull();
  });
});
