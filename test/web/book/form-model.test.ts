import { describe, expect, it } from 'vitest';
import type { IntakeField } from '../../../web/src/api/types.ts';
import { buildRequest, emptyAnswers, IdempotencyKeys, localProblem, randomKey, type BookingRequest } from '../../../web/src/book/form-model.ts';
import * as de from '../../../web/src/shared/i18n/de.ts';
import { setLocale, type Messages } from '../../../web/src/shared/i18n/i18n.ts';

const FIELDS: IntakeField[] = [
  { key: 'reason', label: 'Reason', type: 'text', required: true },
  { key: 'notes', label: 'Notes', type: 'textarea', required: false },
  { key: 'alt', label: 'Other e-mail', type: 'email', required: false },
  { key: 'mobile', label: 'Mobile', type: 'phone', required: false },
  { key: 'kind', label: 'Kind', type: 'select', required: true, options: ['New', 'Follow-up'] },
  { key: 'consent', label: 'I agree', type: 'checkbox', required: true },
  { key: 'news', label: 'Newsletter', type: 'checkbox', required: false },
];
const SLOT = { start: '2026-12-07T10:30:00+01:00', end: '2026-12-07T11:00:00+01:00', providerId: 'prov-1' };
const base = { serviceId: 'svc-1', slot: SLOT, zone: 'Europe/Berlin', fields: FIELDS };

describe('form → POST /v1/bookings body', () => {
  it('maps valid answers to the request, cleaned as the server stores them', () => {
    const res = buildRequest({
      ...base,
      providerId: 'prov-1',
      locale: 'de',
      answers: {
        name: '  Ada Lovelace ',
        email: ' ada@example.com ',
        phone: '+49 (30) 123-4567',
        intake: { reason: ' Checkup ', notes: '', alt: 'a@b.io', mobile: '030 1234567', kind: 'Follow-up', consent: true, news: false, stray: 'x' },
      },
    });
    expect(res.errors).toBeUndefined();
    expect(res.request).toEqual({
      serviceId: 'svc-1',
      providerId: 'prov-1',
      start: '2026-12-07T10:30:00+01:00',
      timeZone: 'Europe/Berlin',
      customer: { name: 'Ada Lovelace', email: 'ada@example.com', phone: '+49301234567' },
      // blank optional answer left out, unknown keys (another service's field) not sent, false kept
      intake: { reason: 'Checkup', alt: 'a@b.io', mobile: '0301234567', kind: 'Follow-up', consent: true, news: false },
      channel: 'web',
      locale: 'de',
    } satisfies BookingRequest);
  });

  it('omits providerId for "anyone", and the phone when not given', () => {
    const res = buildRequest({ ...base, fields: [], answers: { ...emptyAnswers(), name: 'Bo', email: 'bo@example.com' } });
    expect(res.request).toEqual({
      serviceId: 'svc-1',
      start: SLOT.start,
      timeZone: 'Europe/Berlin',
      customer: { name: 'Bo', email: 'bo@example.com' },
      intake: {},
      channel: 'web',
    });
  });

  it('reports every problem at the server path of its field (the same validateIntake as the server)', () => {
    const res = buildRequest({
      ...base,
      answers: { name: '  ', email: 'not-an-email', phone: '12', intake: { reason: '', kind: 'Other', consent: false, alt: 'x@y' } },
    });
    expect(res.request).toBeUndefined();
    expect(res.errors).toEqual({
      'body.customer.name': 'is required',
      'body.customer.email': 'must be an e-mail address, e.g. name@example.com',
      'body.customer.phone': expect.stringContaining('phone number'),
      'body.intake.reason': 'is required',
      'body.intake.alt': 'must be an e-mail address, e.g. name@example.com',
      'body.intake.kind': 'must be one of "New", "Follow-up"',
      'body.intake.consent': 'must be checked',
    });
  });

  it('requires an e-mail address (the confirmation and manage link go there)', () => {
    const res = buildRequest({ ...base, fields: [], answers: { ...emptyAnswers(), name: 'Bo' } });
    expect(res.errors).toEqual({ 'body.customer.email': 'is required' });
  });

  it('a service with a required phone: the phone is required, the e-mail optional; problems in the page language', () => {
    const customerFields = { email: { required: false, label: null }, phone: { required: true, label: 'Mobile phone' } };
    const missing = buildRequest({ ...base, fields: [], customerFields, answers: { ...emptyAnswers(), name: 'Bo' } });
    expect(missing.errors).toEqual({ 'body.customer.phone': 'is required' });
    const ok = buildRequest({ ...base, fields: [], customerFields, answers: { ...emptyAnswers(), name: 'Bo', phone: '0171 2345678' } });
    expect(ok.request?.customer).toEqual({ name: 'Bo', phone: '01712345678' });
    setLocale('de', de as unknown as Record<string, Messages>);
    try {
      const german = buildRequest({ ...base, fields: [], customerFields, answers: { ...emptyAnswers(), name: '', phone: '12' } });
      expect(german.errors).toEqual({
        'body.customer.name': 'ist ein Pflichtfeld',
        'body.customer.phone': expect.stringContaining('muss eine Telefonnummer') as string,
      });
      expect(localProblem('must be at most 200 characters (got 201)')).toBe('darf höchstens 200 Zeichen lang sein');
      expect(localProblem('a message the form does not know')).toBe('a message the form does not know');
    } finally {
      setLocale('en', null);
    }
  });
});

describe('Idempotency-Key per submission attempt', () => {
  const req = (start: string, name = 'Ada'): BookingRequest => ({ serviceId: 's', start, timeZone: 'UTC', customer: { name }, intake: {}, channel: 'web' });
  let n = 0;
  const keys = () => new IdempotencyKeys(() => `k${++n}`);

  it('reuses the key for the same body (double click, retry after a network error or 503)', () => {
    const k = keys();
    const a = k.keyFor(req('2026-12-07T10:00:00Z'));
    expect(k.keyFor(req('2026-12-07T10:00:00Z'))).toBe(a);
  });

  it('takes a new key when the body changes (another slot, edited answers) or after a settled attempt', () => {
    const k = keys();
    const a = k.keyFor(req('2026-12-07T10:00:00Z'));
    const b = k.keyFor(req('2026-12-07T11:00:00Z'));
    expect(b).not.toBe(a);
    const c = k.keyFor(req('2026-12-07T11:00:00Z', 'Ada L.'));
    expect(c).not.toBe(b);
    k.settle();
    expect(k.keyFor(req('2026-12-07T11:00:00Z', 'Ada L.'))).not.toBe(c);
  });

  it('random keys are printable, distinct and fit the server limit', () => {
    const a = randomKey();
    expect(a).toMatch(/^web-[0-9a-f]{32}$/);
    expect(randomKey()).not.toBe(a);
  });
});
