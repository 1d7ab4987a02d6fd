import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { INTAKE_TEXT_MAX, INTAKE_TEXTAREA_MAX, validateIntake } from '../../../src/domain/bookings/intake.ts';
import type { IntakeField } from '../../../src/domain/catalog/types.ts';
import { AppError, type FieldProblem } from '../../../src/errors.ts';
import { caught } from '../../support/app-error.ts';

const FIELDS: IntakeField[] = [
  { key: 'reason', label: 'Reason for visit', type: 'text', required: true },
  { key: 'notes', label: 'Notes', type: 'textarea', required: false },
  { key: 'contact', label: 'Alternative e-mail', type: 'email', required: false },
  { key: 'mobile', label: 'Mobile', type: 'phone', required: false },
  { key: 'insurance', label: 'Insurance', type: 'select', required: true, options: ['public', 'private', 'self-pay'] },
  { key: 'consent', label: 'I agree to the terms', type: 'checkbox', required: true },
  { key: 'newsletter', label: 'Newsletter', type: 'checkbox', required: false },
];
const VALID = { reason: 'Check-up', insurance: 'public', consent: true };

function problems(fields: IntakeField[], answers: unknown): FieldProblem[] {
  const err = caught(() => validateIntake(fields, answers));
  expect(err.code).toBe('invalid_request');
  return err.extra.errors ?? [];
}
const pathsOf = (fields: IntakeField[], answers: unknown) => problems(fields, answers).map((p) => p.path);
const only = (field: IntakeField) => [field];
const field = (type: IntakeField['type'], extra: Partial<IntakeField> = {}): IntakeField => ({
  key: 'q',
  label: 'Question',
  type,
  required: false,
  ...(type === 'select' ? { options: ['a', 'b'] } : {}),
  ...extra,
});

describe('validateIntake', () => {
  it('returns cleaned answers in field order, trimmed, without unanswered optional fields', () => {
    expect(
      validateIntake(FIELDS, {
        newsletter: false,
        consent: true,
        insurance: ' private ',
        mobile: '+49 (30) 123-456.78',
        contact: '  a.b@example.org ',
        notes: '  line 1\n\tline 2  ',
        reason: '  Check-up  ',
      }),
    ).toEqual({
      reason: 'Check-up',
      notes: 'line 1\n\tline 2',
      contact: 'a.b@example.org',
      mobile: '+493012345678',
      insurance: 'private',
      consent: true,
      newsletter: false,
    });
    expect(Object.keys(validateIntake(FIELDS, { ...VALID, newsletter: true }))).toEqual(['reason', 'insurance', 'consent', 'newsletter']);
  });

  it('treats absent, null and blank as unanswered', () => {
    expect(validateIntake(FIELDS, { ...VALID, notes: '   ', contact: null, mobile: undefined })).toEqual(VALID);
    expect(validateIntake([], undefined)).toEqual({});
    expect(validateIntake([], null)).toEqual({});
    expect(
      validateIntake(
        FIELDS.filter((f) => !f.required),
        undefined,
      ),
    ).toEqual({});
  });

  it('names every problem at once, at body.intake.<key>, fields first, then unknown keys', () => {
    const found = problems(FIELDS, { bogus: 1, reason: ' ', insurance: 'gold', consent: false, contact: 'nope', extra: 'x' });
    expect(found.map((p) => p.path)).toEqual([
      'body.intake.reason',
      'body.intake.contact',
      'body.intake.insurance',
      'body.intake.consent',
      'body.intake.bogus',
      'body.intake.extra',
    ]);
    expect(found[0]!.message).toBe('is required');
    expect(found[2]!.message).toBe('must be one of "public", "private", "self-pay"');
    expect(found[3]!.message).toBe('must be checked');
    expect(found[4]!.message).toBe('is not a question of this service');
  });

  it('is a 422 whose message lists the paths', () => {
    const err = caught(() => validateIntake(FIELDS, {}));
    expect(err.status).toBe(422);
    expect(err.message).toContain('body.intake.reason: is required');
  });

  it.each([
    ['a list', []],
    ['a string', 'reason=x'],
    ['a number', 3],
    ['true', true],
  ])('refuses answers given as %s', (_n, answers) => {
    expect(pathsOf(FIELDS, answers)).toEqual(['body.intake']);
  });

  it('reads own properties only (prototype names are unknown keys, never answers)', () => {
    const protoField: IntakeField = { key: 'constructor', label: 'C', type: 'text', required: true };
    expect(problems([protoField], {})).toEqual([{ path: 'body.intake.constructor', message: 'is required' }]);
    expect(validateIntake([{ ...protoField, required: false }], {})).toEqual({});
    expect(validateIntake([protoField], { constructor: 'ok' })).toEqual({ constructor: 'ok' });
    const hostile = JSON.parse('{"__proto__": {"polluted": true}}') as unknown;
    expect(pathsOf([], hostile)).toEqual(['body.intake.__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  describe('text and textarea', () => {
    it.each([
      ['text', INTAKE_TEXT_MAX],
      ['textarea', INTAKE_TEXTAREA_MAX],
    ] as const)('%s: at most %i code points after trimming', (type, max) => {
      expect(validateIntake(only(field(type)), { q: ` ${'é'.repeat(max)} ` })).toEqual({ q: 'é'.repeat(max) });
      expect(validateIntake(only(field(type)), { q: '😀'.repeat(max) })).toEqual({ q: '😀'.repeat(max) }); // 2 UTF-16 units each
      expect(problems(only(field(type)), { q: 'x'.repeat(max + 1) })[0]!.message).toBe(`must be at most ${max} characters (got ${max + 1})`);
    });

    it.each([
      ['text', 'a\u0000b', false],
      ['text', 'a\nb', false],
      ['text', 'a\u007fb', false],
      ['textarea', 'a\u0000b', false],
      ['textarea', 'a\u001bb', false],
      ['textarea', 'a\r\n\tb', true],
    ] as const)('%s %j → accepted: %s', (type, value, ok) => {
      if (ok) expect(validateIntake(only(field(type)), { q: value })).toEqual({ q: value });
      else expect(problems(only(field(type)), { q: value })[0]!.message).toBe('must not contain control characters');
    });

    it.each([42, true, ['a'], { a: 1 }])('refuses a non-string %j', (value) => {
      expect(problems(only(field('text')), { q: value })[0]!.message).toBe('must be a string');
    });
  });

  describe('email', () => {
    it.each(['a@b.co', 'first.last+tag@sub.example.org', 'ü@exämple.de'])('accepts %s', (value) => {
      expect(validateIntake(only(field('email')), { q: value })).toEqual({ q: value });
    });
    it.each(['plain', 'a@b', 'a@@b.co', 'a b@c.de', 'a@b..co', 'a@.b.co', '@b.co', 'a@b.co.', `${'x'.repeat(250)}@b.co`])('refuses %j', (value) => {
      expect(pathsOf(only(field('email')), { q: value })).toEqual(['body.intake.q']);
    });
  });

  describe('phone', () => {
    it.each([
      ['+4930123456', '+4930123456'],
      ['030 1234567', '0301234567'],
      ['+1 (415) 555-0100', '+14155550100'],
      ['1234567', '1234567'],
      ['+123456789012345', '+123456789012345'],
    ])('accepts %j as %j', (value, cleaned) => {
      expect(validateIntake(only(field('phone')), { q: value })).toEqual({ q: cleaned });
    });
    it.each(['123456', '+1234567890123456', '++4930123456', '49+30123456', '030-CALL-NOW', '+49 30 123 456 ext 7', '0049/30/123456'])('refuses %j', (value) => {
      expect(pathsOf(only(field('phone')), { q: value })).toEqual(['body.intake.q']);
    });
  });

  describe('select', () => {
    it('must be exactly one of the options', () => {
      expect(validateIntake(only(field('select')), { q: 'b' })).toEqual({ q: 'b' });
      expect(pathsOf(only(field('select')), { q: 'B' })).toEqual(['body.intake.q']);
      expect(pathsOf(only(field('select')), { q: ['a'] })).toEqual(['body.intake.q']);
    });
  });

  describe('checkbox', () => {
    it.each([
      [false, true, { q: true }],
      [false, false, { q: false }],
      [true, true, { q: true }],
    ])('required=%s, answer %s → %j', (required, value, result) => {
      expect(validateIntake(only(field('checkbox', { required })), { q: value })).toEqual(result);
    });
    it.each(['true', 1, 'on'])('refuses %j', (value) => {
      expect(problems(only(field('checkbox')), { q: value })[0]!.message).toBe('must be true or false');
    });
    it('a required checkbox must be checked', () => {
      expect(problems(only(field('checkbox', { required: true })), { q: false })[0]!.message).toBe('must be checked');
      expect(problems(only(field('checkbox', { required: true })), {})[0]!.message).toBe('is required');
    });
  });

  it('property: the result only has field keys, and is a fixed point (re-validating it returns it)', () => {
    const answer = fc.oneof(
      fc.string({ maxLength: 20 }),
      fc.boolean(),
      fc.constant(null),
      fc.integer(),
      fc.constantFrom('public', 'self-pay', ' +49 30 123456 ', 'a@b.co', 'x\ny'),
    );
    const answers = fc
      .tuple(fc.boolean(), fc.dictionary(fc.constantFrom(...FIELDS.map((f) => f.key), 'other'), answer, { maxKeys: 3 }))
      .map(([fromValid, changes]) => (fromValid ? { ...VALID, ...changes } : changes));
    let accepted = 0;
    fc.assert(
      fc.property(answers, (given) => {
        let cleaned: Record<string, unknown>;
        try {
          cleaned = validateIntake(FIELDS, given);
        } catch (e) {
          expect((e as AppError).extra.errors!.every((p) => p.path.startsWith('body.intake.'))).toBe(true);
          return;
        }
        accepted++;
        expect(Object.keys(cleaned).every((k) => FIELDS.some((f) => f.key === k))).toBe(true);
        expect(validateIntake(FIELDS, cleaned)).toEqual(cleaned);
      }),
      { numRuns: 500 },
    );
    expect(accepted).toBeGreaterThan(25);
  });
});
