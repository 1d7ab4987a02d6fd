/**
 * The customer's built-in contact fields of a service's booking form (#20 item 5): e-mail and phone, each
 * required or not and with an optional label ("Mobile phone"). The phone is ONE field — the booking's
 * `customer.phone`, the number SMS reminders go to — so intake questions may not ask for it again
 * (`duplicatesContactField`). Pure.
 */
import type { FieldProblem } from '../../errors.ts';

export type CustomerField = { required: boolean; label: string | null };
export type CustomerFields = { email: CustomerField; phone: CustomerField };

/** A service that says nothing: neither field required by the API; the widget still asks for an e-mail. */
export const DEFAULT_CUSTOMER_FIELDS: CustomerFields = { email: { required: false, label: null }, phone: { required: false, label: null } };

/**
 * What the booking form (widget) requires: the service's flags, and an e-mail unless the phone is required
 * — a booking made online needs one way to reach the customer.
 */
export function formRequires(f: CustomerFields): { email: boolean; phone: boolean } {
  return { email: f.email.required || !f.phone.required, phone: f.phone.required };
}

/** The required contact fields a booking lacks, at `body.customer.<field>` (blank counts as absent). */
export function missingContactFields(f: CustomerFields, customer: { email?: string | null | undefined; phone?: string | null | undefined }): FieldProblem[] {
  return (['email', 'phone'] as const)
    .filter((k) => f[k].required && !customer[k]?.trim())
    .map((k) => ({ path: `body.customer.${k}`, message: 'is required' }));
}

// Labels that ask for a phone number or an e-mail address, in the languages the pages speak (and a few
// neighbours): "Mobile phone", "Telefonnummer", "Handy", "E-Mail-Adresse", "Your email".
const PHONE_WORDS = /\b(phone|mobile|cell|cellphone|telephone|tel|telefon\w*|handy\w*|mobil(telefon|nummer)?|rufnummer|whatsapp)\b/i;
const EMAIL_WORDS = /\b(e-?mail\w*|mail address|mailadresse)\b/i;

/**
 * Which built-in field an intake question would duplicate — by type (`phone`, `email`), or a text question
 * whose label names one — or null. Such a question would be stored as an intake answer, out of reach of
 * reminders. Checkboxes and selects ("SMS reminders?") are not questions for a number or an address.
 */
export function duplicatesContactField(q: { type: string; label: string }): 'phone' | 'email' | null {
  if (q.type === 'phone' || (q.type === 'text' && PHONE_WORDS.test(q.label))) return 'phone';
  if (q.type === 'email' || (q.type === 'text' && EMAIL_WORDS.test(q.label))) return 'email';
  return null;
}
