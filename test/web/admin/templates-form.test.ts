/** The template editor's form rules (web/src/admin/templates/template-form.ts). */
import { describe, expect, it } from 'vitest';
import { allDefault, customisedParts, formFromTemplate, partsToSend } from '../../../web/src/admin/templates/template-form.ts';

const defaults = { subject: 'Confirmed: {{serviceName}}', html: '<p>Hi</p>', text: 'Hi', sms: 'Hi {{customerName}}' };

describe('template editor form', () => {
  it('shows the override where there is one and the default elsewhere', () => {
    expect(formFromTemplate({ kind: 'confirmation', locale: 'en', default: defaults, override: null })).toEqual(defaults);
    const override = { subject: 'Booked', html: null, text: null, sms: 'Yo', updatedAt: '2030-01-01T00:00:00.000Z' };
    expect(formFromTemplate({ kind: 'confirmation', locale: 'en', default: defaults, override })).toEqual({ ...defaults, subject: 'Booked', sms: 'Yo' });
  });

  it('sends only the parts that differ from the default; the default (blanks around it too) and blank parts are null', () => {
    expect(partsToSend({ ...defaults, subject: 'Booked', text: ' Hi \n', sms: '  ' }, defaults)).toEqual({
      subject: 'Booked',
      html: null,
      text: null,
      sms: null,
    });
    expect(allDefault(partsToSend(defaults, defaults))).toBe(true);
    expect(allDefault(partsToSend({ ...defaults, html: '<p>Hello</p>' }, defaults))).toBe(false);
  });

  it('names the customised parts of a stored override', () => {
    expect(customisedParts(undefined)).toEqual([]);
    expect(customisedParts({ subject: 'x', html: null, text: 'y', sms: null })).toEqual(['subject', 'text']);
  });
});
