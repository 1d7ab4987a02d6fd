/**
 * The customer's phone is one field (#20 item 5), over HTTP on PGlite and PostgreSQL: a service's built-in
 * e-mail / phone settings (admin API round trip, defaults, 422 at the field, the public service answer),
 * POST /v1/bookings refusing a booking without a required field (422 naming it, before any workflow), and
 * intake questions that would duplicate the phone or e-mail refused with `intake_duplicates_contact`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_KINDS, skipKind, testDatabase, type TestDatabase } from '../support/databases.ts';
import { insertProvider } from '../support/factories.ts';
import { adminHeaders, testGateway } from '../support/gateway.ts';

type Json = Record<string, unknown>;
/** Wednesday 9 January 2030, 12:00 UTC. */
const NOW = new Date('2030-01-09T12:00:00Z');
const ALL_DAY = { mon: [['00:00', '24:00']], tue: [['00:00', '24:00']], wed: [['00:00', '24:00']], thu: [['00:00', '24:00']], fri: [['00:00', '24:00']] };
const DEFAULTS = { email: { required: false, label: null }, phone: { required: false, label: null } };

describe.each(DB_KINDS)('customer contact fields on %s', (kind) => {
  let d: TestDatabase;
  let gw: Awaited<ReturnType<typeof testGateway>>;
  let provider: string;

  beforeAll(async () => {
    if (skipKind(kind)) return;
    d = await testDatabase(kind);
    gw = await testGateway(d, { clock: () => NOW });
    provider = await insertProvider(d.db, { name: 'Dr. Kim', time_zone: 'UTC', weekly_hours: JSON.stringify(ALL_DAY) });
  });
  afterAll(async () => {
    await gw?.close();
    await d?.dispose();
  });

  const call = (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: unknown, headers: Json = adminHeaders) =>
    gw.app.inject({ method, url, headers: headers as Record<string, string>, ...(payload === undefined ? {} : { payload: payload as Json }) });
  const createService = async (extra: Json) => {
    const res = await call('POST', '/v1/admin/services', { name: `Checkup ${Math.random()}`, durationMinutes: 30, providerIds: [provider], ...extra });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as Json & { id: string };
  };
  const book = (serviceId: string, customer: Json) =>
    call('POST', '/v1/bookings', { serviceId, start: '2030-01-10T10:00:00Z', timeZone: 'Europe/Berlin', customer }, {});

  it.skipIf(skipKind(kind))('a service says nothing: neither field required, default labels — in the admin and the public answer', async () => {
    const s = await createService({});
    expect(s.customerFields).toEqual(DEFAULTS);
    const list = (await call('GET', '/v1/services', undefined, {})).json() as { services: (Json & { id: string })[] };
    expect(list.services.find((x) => x.id === s.id)?.customerFields).toEqual(DEFAULTS);
  });

  it.skipIf(skipKind(kind))('a required, labelled phone: saved, read back, public, and changed by PATCH', async () => {
    const fields = { email: { required: false, label: null }, phone: { required: true, label: '  Mobile phone ' } };
    const s = await createService({ customerFields: fields });
    const want = { email: { required: false, label: null }, phone: { required: true, label: 'Mobile phone' } };
    expect(s.customerFields).toEqual(want);
    expect(((await call('GET', `/v1/admin/services/${s.id}`)).json() as Json).customerFields).toEqual(want);
    const list = (await call('GET', '/v1/services', undefined, {})).json() as { services: (Json & { id: string })[] };
    expect(list.services.find((x) => x.id === s.id)?.customerFields).toEqual(want);
    const patched = await call('PATCH', `/v1/admin/services/${s.id}`, {
      customerFields: { email: { required: true }, phone: { required: false, label: null } },
    });
    expect(patched.statusCode, patched.body).toBe(200);
    expect((patched.json() as Json).customerFields).toEqual({ email: { required: true, label: null }, phone: { required: false, label: null } });
  });

  it.skipIf(skipKind(kind))('bad settings are 422 at their field', async () => {
    const res = await call('POST', '/v1/admin/services', {
      name: 'Bad',
      durationMinutes: 30,
      providerIds: [provider],
      customerFields: { email: { required: 'yes' }, phone: { required: true, label: 'x'.repeat(61) } },
    });
    expect(res.statusCode).toBe(422);
    const paths = (res.json() as { errors: { path: string }[] }).errors.map((e) => e.path).sort();
    expect(paths).toEqual(['body.customerFields.email.required', 'body.customerFields.phone.label']);
  });

  it.skipIf(skipKind(kind))('POST /v1/bookings without a required phone (or e-mail) is 422 naming the field', async () => {
    const phone = await createService({ customerFields: { email: { required: false }, phone: { required: true, label: 'Mobile phone' } } });
    const res = await book(phone.id, { name: 'Ada', email: 'ada@example.com' });
    expect(res.statusCode, res.body).toBe(422);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    const problem = res.json() as { code: string; detail: string; errors: { path: string; message: string }[] };
    expect(problem.code).toBe('invalid_request');
    expect(problem.errors).toEqual([{ path: 'body.customer.phone', message: 'is required' }]);
    expect(problem.detail).toBe("This service needs the customer's phone number.");

    const both = await createService({ customerFields: { email: { required: true }, phone: { required: true } } });
    const none = await book(both.id, { name: 'Ada' });
    expect(none.statusCode).toBe(422);
    expect((none.json() as { errors: { path: string }[] }).errors.map((e) => e.path)).toEqual(['body.customer.email', 'body.customer.phone']);
  });

  it.skipIf(skipKind(kind))('intake questions asking for the phone or e-mail again are refused with intake_duplicates_contact', async () => {
    const cases: [Json, string][] = [
      [{ key: 'mobile', label: 'Mobile phone', type: 'text', required: true }, 'phone'],
      [{ key: 'tel', label: 'Contact number', type: 'phone' }, 'phone'],
      [{ key: 'handy', label: 'Handynummer', type: 'text' }, 'phone'],
      [{ key: 'mail', label: 'Your e-mail', type: 'text' }, 'e-mail'],
      [{ key: 'other', label: 'Second address', type: 'email' }, 'e-mail'],
    ];
    for (const [field, builtIn] of cases) {
      const res = await call('POST', '/v1/admin/services', {
        name: 'Dup',
        durationMinutes: 30,
        providerIds: [provider],
        intakeFields: [{ key: 'ok', label: 'Allergies', type: 'text' }, field],
      });
      expect(res.statusCode, JSON.stringify(field)).toBe(422);
      const problem = res.json() as { code: string; errors: { path: string; message: string }[] };
      expect(problem.code).toBe('intake_duplicates_contact');
      expect(problem.errors).toEqual([{ path: 'body.intakeFields.1', message: expect.stringContaining(`use the built-in ${builtIn} field`) as string }]);
    }
    const s = await createService({ intakeFields: [{ key: 'sms_ok', label: 'SMS reminders are fine', type: 'checkbox' }] });
    const patch = await call('PATCH', `/v1/admin/services/${s.id}`, { intakeFields: [{ key: 'phone2', label: 'Telefon', type: 'text' }] });
    expect(patch.statusCode).toBe(422);
    expect((patch.json() as Json).code).toBe('intake_duplicates_contact');
  });
});
