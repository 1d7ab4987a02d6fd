import { describe, expect, it } from 'vitest';
import type { Provider, Service } from '../../../web/src/api/types.ts';
import { errorAt, errorsFromProblems, withoutErrors } from '../../../web/src/admin/catalog/errors.ts';
import { fieldLabel } from '../../../web/src/admin/catalog/labels.ts';
import { hoursBody, rangeBody } from '../../../web/src/admin/catalog/override-form.ts';
import { changedFields } from '../../../web/src/admin/catalog/patch.ts';
import { formFromProvider, providerBody, providerPatch } from '../../../web/src/admin/catalog/provider-form.ts';
import { formFromService, serviceBody, servicePatch } from '../../../web/src/admin/catalog/service-form.ts';

const SERVICE: Service = {
  id: 's1',
  name: 'Consultation',
  description: null,
  durationMinutes: 30,
  bufferBeforeMinutes: 0,
  bufferAfterMinutes: 10,
  slotIntervalMinutes: null,
  slotAlignment: 'fixed',
  minimumNoticeMinutes: 120,
  maximumAdvanceDays: 60,
  maxBookingsPerDay: null,
  maxBookingsPerWeek: 5,
  requiresApproval: false,
  location: null,
  customerFields: { email: { required: false, label: null }, phone: { required: false, label: null } },
  providerIds: ['p1'],
  requiredResources: [{ pool: 'treatment-room', count: 1 }],
  intakeFields: [{ key: 'topic', label: 'Topic', type: 'select', required: true, options: ['A', 'B'] }],
  reminderOffsetsMinutes: [1440, 60],
  reminderChannels: ['email'],
  cancelNoticeMinutes: 1440,
  rescheduleNoticeMinutes: 0,
  noShowPolicy: 'assume_attended',
  seats: 1,
  active: true,
  createdAt: '2026-01-01T00:00:00Z',
  updatedAt: '2026-01-01T00:00:00Z',
};

const PROVIDER: Provider = {
  id: 'p1',
  name: 'Dr. Ada',
  email: 'ada@example.com',
  phone: null,
  timeZone: 'Europe/Berlin',
  weeklyHours: { mon: [['09:00', '17:00']], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] },
  active: true,
  createdAt: '2026-01-01T00:00:00Z',
  updatedAt: '2026-01-01T00:00:00Z',
};

describe('service form → bodies', () => {
  it('a new service with only a name gives the API create defaults', () => {
    const res = serviceBody({ ...formFromService(null), name: ' Checkup ' });
    expect(res).toEqual({
      ok: true,
      body: {
        name: 'Checkup',
        description: null,
        durationMinutes: 30,
        bufferBeforeMinutes: 0,
        bufferAfterMinutes: 0,
        slotIntervalMinutes: null,
        slotAlignment: 'restart',
        minimumNoticeMinutes: 0,
        maximumAdvanceDays: 60,
        maxBookingsPerDay: null,
        maxBookingsPerWeek: null,
        requiresApproval: false,
        location: null,
        customerFields: { email: { required: false, label: null }, phone: { required: false, label: null } },
        providerIds: [],
        requiredResources: [],
        intakeFields: [],
        reminderOffsetsMinutes: [1440, 60],
        reminderChannels: ['email'],
        cancelNoticeMinutes: 0,
        rescheduleNoticeMinutes: 0,
        noShowPolicy: 'assume_attended',
        seats: 1,
        active: true,
      },
    });
  });

  it('an unchanged form patches nothing; one edit patches exactly that field', () => {
    const form = formFromService(SERVICE);
    expect(form).toMatchObject({ minimumNotice: '2 h', cancelNotice: '24 h', reminders: ['24 h', '1 h'], maxBookingsPerWeek: '5', slotIntervalMinutes: '' });
    const same = serviceBody(form);
    expect(same.ok && servicePatch(SERVICE, same.body)).toEqual({});
    const edited = serviceBody({ ...form, durationMinutes: '45', description: 'Talk' });
    expect(edited.ok && servicePatch(SERVICE, edited.body)).toEqual({ durationMinutes: 45, description: 'Talk' });
    const policy = serviceBody({ ...form, noShowPolicy: 'require_check_in' });
    expect(policy.ok && servicePatch(SERVICE, policy.body)).toEqual({ noShowPolicy: 'require_check_in' });
  });

  it('customer contact: a required, labelled phone patches customerFields whole; a blank label is the default', () => {
    const form = formFromService(SERVICE);
    expect(form).toMatchObject({ emailRequired: false, emailLabel: '', phoneRequired: false, phoneLabel: '' });
    const phone = serviceBody({ ...form, phoneRequired: true, phoneLabel: ' Mobile phone ' });
    expect(phone.ok && servicePatch(SERVICE, phone.body)).toEqual({
      customerFields: { email: { required: false, label: null }, phone: { required: true, label: 'Mobile phone' } },
    });
    const long = serviceBody({ ...form, emailLabel: 'x'.repeat(61) });
    expect(long.ok ? null : long.errors['customerFields.email.label']).toBe('at most 60 characters');
  });

  it('an intake question asking for a phone or an e-mail is refused: the built-in field is the one', () => {
    const form = formFromService(SERVICE);
    const q = (label: string, type: 'text' | 'phone' | 'email' | 'checkbox') => ({
      uid: 'x',
      key: 'k',
      keyEdited: true,
      label,
      type,
      required: true,
      optionsText: '',
    });
    for (const [label, type, field] of [
      ['Mobile phone', 'text', 'phone'],
      ['Handynummer', 'text', 'phone'],
      ['Contact', 'phone', 'phone'],
      ['Your e-mail', 'text', 'e-mail'],
      ['Backup address', 'email', 'e-mail'],
    ] as const) {
      const res = serviceBody({ ...form, intake: [q(label, type)] });
      expect(res.ok ? null : res.errors['intakeFields.0'], label).toContain(`use the built-in ${field === 'phone' ? 'Phone' : 'E-mail'} field`);
    }
    expect(serviceBody({ ...form, intake: [q('SMS reminders are fine', 'checkbox')] }).ok).toBe(true);
    expect(serviceBody({ ...form, intake: [q('Allergies', 'text')] }).ok).toBe(true);
  });

  it('seats per session: shown as stored, an edit patches only seats, 1–1000 whole numbers', () => {
    const form = formFromService({ ...SERVICE, seats: 12 });
    expect(form.seats).toBe('12');
    const same = serviceBody(form);
    expect(same.ok && servicePatch({ ...SERVICE, seats: 12 }, same.body)).toEqual({});
    const group = serviceBody({ ...form, seats: ' 8 ' });
    expect(group.ok && servicePatch({ ...SERVICE, seats: 12 }, group.body)).toEqual({ seats: 8 });
    const one = serviceBody({ ...form, seats: '1' });
    expect(one.ok && servicePatch({ ...SERVICE, seats: 12 }, one.body)).toEqual({ seats: 1 });
    const bad = (seats: string) => {
      const r = serviceBody({ ...form, seats });
      return r.ok ? null : r.errors.seats;
    };
    expect([bad('0'), bad('1001'), bad('2.5'), bad('')]).toEqual(['at least 1', 'at most 1000', 'enter a whole number', 'enter a number']);
  });

  it('a location: video needs an https link, an address any text; "not said" sends null', () => {
    const form = formFromService(SERVICE);
    const http = serviceBody({ ...form, locationKind: 'video', locationValue: 'http://meet.example/a' });
    expect(http.ok ? null : http.errors).toEqual({ 'location.value': 'enter an https:// link' });
    const blank = serviceBody({ ...form, locationKind: 'address', locationValue: '  ' });
    expect(blank.ok ? null : blank.errors).toEqual({ 'location.value': 'enter the address' });
    const video = serviceBody({ ...form, locationKind: 'video', locationValue: ' https://meet.example/a ' });
    expect(video.ok && servicePatch(SERVICE, video.body)).toEqual({ location: { kind: 'video', value: 'https://meet.example/a' } });
    const withLocation: Service = { ...SERVICE, location: { kind: 'address', value: 'Hauptstr. 1' } };
    expect(formFromService(withLocation)).toMatchObject({ locationKind: 'address', locationValue: 'Hauptstr. 1' });
    const cleared = serviceBody({ ...formFromService(withLocation), locationKind: '' });
    expect(cleared.ok && servicePatch(withLocation, cleared.body)).toEqual({ location: null });
  });

  it('clearing optional numbers sends null; blank description is null, not ""', () => {
    const res = serviceBody({ ...formFromService(SERVICE), maxBookingsPerWeek: '', slotIntervalMinutes: '15', description: '   ' });
    expect(res.ok && servicePatch(SERVICE, res.body)).toEqual({ maxBookingsPerWeek: null, slotIntervalMinutes: 15 });
  });

  it('reminders typed in another order are no change; a new one sends the whole list as typed', () => {
    const form = formFromService(SERVICE);
    const reordered = serviceBody({ ...form, reminders: ['60 min', '1 d'] });
    expect(reordered.ok && servicePatch(SERVICE, reordered.body)).toEqual({});
    const added = serviceBody({ ...form, reminders: ['24 h', '1 h', '2 h'] });
    expect(added.ok && servicePatch(SERVICE, added.body)).toEqual({ reminderOffsetsMinutes: [1440, 60, 120] });
  });

  it('an intake change sends the whole intake list (the API replaces it)', () => {
    const form = formFromService(SERVICE);
    const res = serviceBody({ ...form, intake: form.intake.map((d) => ({ ...d, required: false })) });
    expect(res.ok && servicePatch(SERVICE, res.body)).toEqual({
      intakeFields: [{ key: 'topic', label: 'Topic', type: 'select', required: false, options: ['A', 'B'] }],
    });
  });

  it('rooms & equipment: the rows as stored, an edit sends the whole list, removing all sends []', () => {
    const form = formFromService(SERVICE);
    expect(form.requirements).toEqual([{ pool: 'treatment-room', count: '1' }]);
    const more = serviceBody({
      ...form,
      requirements: [
        { pool: ' treatment-room ', count: '2' },
        { pool: 'laser', count: '1' },
      ],
    });
    expect(more.ok && servicePatch(SERVICE, more.body)).toEqual({
      requiredResources: [
        { pool: 'treatment-room', count: 2 },
        { pool: 'laser', count: 1 },
      ],
    });
    const none = serviceBody({ ...form, requirements: [] });
    expect(none.ok && servicePatch(SERVICE, none.body)).toEqual({ requiredResources: [] });
    const retyped = serviceBody({ ...form, requirements: [{ pool: 'treatment-room', count: '01' }] });
    expect(retyped.ok && servicePatch(SERVICE, retyped.body)).toEqual({});
  });

  it('rooms & equipment: problems at requiredResources.<row>.pool|count, as the server names them', () => {
    const res = serviceBody({
      ...formFromService(SERVICE),
      requirements: [
        { pool: 'Treatment Room', count: '1' },
        { pool: 'laser', count: '0' },
        { pool: 'laser', count: '51' },
        { pool: '', count: 'two' },
        { pool: 'suite', count: '1.5' },
      ],
    });
    expect(res.ok).toBe(false);
    if (res.ok) return;
    expect(res.errors).toEqual({
      'requiredResources.0.pool': 'lower-case letters, digits and dashes, e.g. treatment-room',
      'requiredResources.1.count': 'at least 1',
      'requiredResources.2.count': 'at most 50',
      'requiredResources.2.pool': 'this pool is listed twice; raise its count instead',
      'requiredResources.3.pool': 'enter a pool, e.g. treatment-room',
      'requiredResources.3.count': 'enter a whole number',
      'requiredResources.4.count': 'enter a whole number',
    });
    const eleven = serviceBody({ ...formFromService(SERVICE), requirements: Array.from({ length: 11 }, (_, i) => ({ pool: `p${i}`, count: '1' })) });
    expect(!eleven.ok && eleven.errors).toEqual({ requiredResources: 'at most 10 pools' });
    expect(fieldLabel('requiredResources.2.count')).toBe('Requirement 3 count');
    expect(fieldLabel('requiredResources.0.pool')).toBe('Requirement 1 pool');
  });

  it('reports problems with the server field paths', () => {
    const res = serviceBody({
      ...formFromService(null),
      name: '',
      durationMinutes: '0',
      bufferAfterMinutes: 'ten',
      maxBookingsPerDay: '2.5',
      minimumNotice: '30',
      reminders: ['1 h', '60 min', 'soon'],
      reminderChannels: [],
      intake: [{ uid: 'a', key: 'x', keyEdited: true, label: 'X', type: 'select', required: false, optionsText: '' }],
    });
    expect(res.ok).toBe(false);
    if (res.ok) return;
    expect(res.errors).toEqual({
      name: 'enter a name',
      durationMinutes: 'at least 1',
      bufferAfterMinutes: 'enter a whole number',
      maxBookingsPerDay: 'enter a whole number',
      minimumNoticeMinutes: 'add a unit, e.g. "30 min" or "2 h"',
      'reminderOffsetsMinutes.1': 'the same reminder is listed twice',
      'reminderOffsetsMinutes.2': 'not a duration; write e.g. "24 h", "90 min" or "2 d"',
      reminderChannels: 'choose at least one channel',
      'intakeFields.0.options': 'a choice needs at least one option (one per line)',
    });
  });
});

describe('provider form → bodies', () => {
  it('new provider: phone blank → null, all seven days sent', () => {
    const form = { ...formFromProvider(null, 'Europe/Berlin'), name: 'Bo', email: 'bo@example.com' };
    form.hours.mon = [{ start: '09:00', end: '12:00' }];
    expect(providerBody(form)).toEqual({
      ok: true,
      body: {
        name: 'Bo',
        email: 'bo@example.com',
        phone: null,
        timeZone: 'Europe/Berlin',
        active: true,
        weeklyHours: { mon: [['09:00', '12:00']], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] },
      },
    });
  });

  it('patches only what changed, weekly hours as a whole', () => {
    const form = formFromProvider(PROVIDER, 'UTC');
    const same = providerBody(form);
    expect(same.ok && providerPatch(PROVIDER, same.body)).toEqual({});
    const withPhone = providerBody({ ...form, phone: '+49 30 1234567' });
    expect(withPhone.ok && providerPatch(PROVIDER, withPhone.body)).toEqual({ phone: '+49 30 1234567' });
    const hours = { ...form.hours, sat: [{ start: '10:00', end: '14:00' }] };
    const withSat = providerBody({ ...form, hours });
    expect(withSat.ok && providerPatch(PROVIDER, withSat.body)).toEqual({
      weeklyHours: { mon: [['09:00', '17:00']], tue: [], wed: [], thu: [], fri: [], sat: [['10:00', '14:00']], sun: [] },
    });
  });

  it('refuses a bad e-mail, phone, unknown zone and bad hours at their paths', () => {
    const form = { ...formFromProvider(PROVIDER, 'UTC'), email: 'ada', phone: 'call me', timeZone: 'Mars/Olympus' };
    form.hours = { ...form.hours, fri: [{ start: '12:00', end: '10:00' }] };
    const res = providerBody(form, new Set(['Europe/Berlin', 'UTC']));
    expect(res.ok).toBe(false);
    expect(!res.ok && Object.keys(res.errors).sort()).toEqual(['email', 'phone', 'timeZone', 'weeklyHours.fri.0']);
  });
});

describe('override forms → bodies', () => {
  it('a block range becomes instants with the zone offset; reason only when given', () => {
    expect(rangeBody({ kind: 'block', date: '2026-12-07', from: '12:00', to: '17:00', reason: ' ' }, 'Europe/Berlin')).toEqual({
      ok: true,
      body: { kind: 'block', start: '2026-12-07T12:00:00+01:00', end: '2026-12-07T17:00:00+01:00' },
      notes: [],
    });
    expect(rangeBody({ kind: 'open', date: '2026-12-12', from: '10:00', to: '14:00', reason: 'Open Saturday' }, 'America/New_York')).toMatchObject({
      ok: true,
      body: { kind: 'open', start: '2026-12-12T10:00:00-05:00', end: '2026-12-12T14:00:00-05:00', reason: 'Open Saturday' },
    });
  });

  it('replacing the hours of a date: ranges checked and sorted, day off is []', () => {
    expect(
      hoursBody({
        date: '2026-12-24',
        dayOff: false,
        ranges: [
          { start: '13:00', end: '15:00' },
          { start: '09:00', end: '12:00' },
        ],
        reason: '',
      }),
    ).toEqual({
      ok: true,
      body: {
        date: '2026-12-24',
        hours: [
          ['09:00', '12:00'],
          ['13:00', '15:00'],
        ],
      },
    });
    expect(hoursBody({ date: '2026-12-24', dayOff: true, ranges: [{ start: '13:00', end: '' }], reason: 'Holiday' })).toEqual({
      ok: true,
      body: { date: '2026-12-24', hours: [], reason: 'Holiday' },
    });
    expect(hoursBody({ date: '', dayOff: false, ranges: [{ start: '13:00', end: '12:00' }], reason: '' })).toEqual({
      ok: false,
      errors: { date: 'enter a date', 'hours.0': 'ends (12:00) before it starts (13:00)' },
    });
  });
});

describe('server errors at fields', () => {
  it('maps 422 paths to field keys and shows child problems at their parent field', () => {
    const errors = errorsFromProblems([
      { path: 'body.intakeFields.2.options.1', message: 'duplicate option "A"' },
      { path: 'body.intakeFields.2.options', message: 'too many' },
      { path: 'body.durationMinutes', message: 'Too small' },
      { path: 'body.durationMinutes', message: 'not an integer' },
    ]);
    expect(errors).toEqual({
      'intakeFields.2.options.1': 'duplicate option "A"',
      'intakeFields.2.options': 'too many',
      durationMinutes: 'Too small; not an integer',
    });
    expect(errorAt(errors, 'intakeFields.2.options')).toBe('duplicate option "A"; too many');
    expect(errorAt(errors, 'intakeFields.2.key')).toBeUndefined();
    // A prefix that is not a path segment does not match: intakeFields.2 is not intakeFields.20.
    expect(errorAt({ 'intakeFields.20.key': 'x' }, 'intakeFields.2')).toBeUndefined();
    expect(fieldLabel('intakeFields.2.options')).toBe('Question 3 options');
    expect(fieldLabel('weeklyHours.mon.1')).toBe('Monday hours, range 2');
    expect(fieldLabel('reminderOffsetsMinutes.0')).toBe('Reminder 1');
    expect(fieldLabel('somethingNew')).toBe('somethingNew');
  });

  it("drops an edited field's stale problems, including those of its parts, and nothing else", () => {
    const errors = { intakeFields: 'x', 'intakeFields.0.key': 'a', 'intakeFields.1.options': 'b', intakeFieldsExtra: 'c', name: 'd' };
    expect(withoutErrors(errors, ['intakeFields'])).toEqual({ intakeFieldsExtra: 'c', name: 'd' });
    expect(withoutErrors(errors, ['name', 'nothing'])).toEqual({
      intakeFields: 'x',
      'intakeFields.0.key': 'a',
      'intakeFields.1.options': 'b',
      intakeFieldsExtra: 'c',
    });
  });

  it('changedFields ignores key order and undefined members but sees nested differences', () => {
    expect(changedFields({ a: { x: 1, y: [1, 2] }, b: 1 }, { a: { y: [1, 2], x: 1, z: undefined }, b: 1 })).toEqual({});
    expect(changedFields({ a: [{ k: 1 }], b: null as number | null }, { a: [{ k: 2 }], b: 0 })).toEqual({ a: [{ k: 2 }], b: 0 });
  });
});
