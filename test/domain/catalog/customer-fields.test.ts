/**
 * The customer's built-in contact fields (#20 item 5): what the form requires, what a booking lacks, which
 * questions duplicate them.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_CUSTOMER_FIELDS, duplicatesContactField, formRequires, missingContactFields } from '../../../src/domain/catalog/customer-fields.ts';

const fields = (email: boolean, phone: boolean) => ({ email: { required: email, label: null }, phone: { required: phone, label: null } });

describe('customer contact fields', () => {
  it('the widget needs an e-mail unless the phone is required; the API only what the service says', () => {
    expect(formRequires(DEFAULT_CUSTOMER_FIELDS)).toEqual({ email: true, phone: false });
    expect(formRequires(fields(false, true))).toEqual({ email: false, phone: true });
    expect(formRequires(fields(true, true))).toEqual({ email: true, phone: true });
    expect(missingContactFields(DEFAULT_CUSTOMER_FIELDS, {})).toEqual([]);
  });

  it('a booking lacking a required field is named at body.customer.<field>; blanks count as missing', () => {
    expect(missingContactFields(fields(false, true), { email: 'a@b.de' })).toEqual([{ path: 'body.customer.phone', message: 'is required' }]);
    expect(missingContactFields(fields(true, true), { phone: '  ', email: '' }).map((p) => p.path)).toEqual(['body.customer.email', 'body.customer.phone']);
    expect(missingContactFields(fields(true, true), { phone: '+4930123', email: 'a@b.de' })).toEqual([]);
  });

  it('questions for a phone or an e-mail duplicate the built-in fields: by type, or a text question by its label', () => {
    const q = (label: string, type = 'text') => duplicatesContactField({ label, type });
    for (const label of ['Mobile phone', 'Phone number', 'Telefon', 'Telefonnummer', 'Handy', 'Handynummer', 'Mobil', 'Tel.', 'WhatsApp'])
      expect(q(label), label).toBe('phone');
    for (const label of ['E-mail', 'Your email', 'E-Mail-Adresse', 'Email address']) expect(q(label), label).toBe('email');
    expect(q('Anything', 'phone')).toBe('phone');
    expect(q('Anything', 'email')).toBe('email');
    for (const label of ['Allergies', 'Hotel name', 'Mobility aid needed?', 'Cellist?', 'Reason for visit']) expect(q(label), label).toBeNull();
    // Checkboxes and choices are not questions for a number or an address.
    expect(q('SMS reminders are fine', 'checkbox')).toBeNull();
    expect(q('Contact me by e-mail?', 'select')).toBeNull();
  });
});
