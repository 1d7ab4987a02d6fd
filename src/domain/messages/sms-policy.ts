/**
 * Which SMS slotflow sends at all (issue #21: SMS pumping — bots booking and cancelling with premium or
 * far-away numbers so the business pays for the texts). Pure; phone numbers are parsed with
 * libphonenumber-js.
 * - `allowedCountries`: ISO 3166 alpha-2 codes the business texts (SMS_ALLOWED_COUNTRIES; default: the
 *   country of its own sender number), or 'any'. A number outside them gets no SMS — e-mail instead when
 *   there is an address.
 * - `dailyCapPerNumber`: SMS to one number in 24 hours (SMS_DAILY_CAP_PER_NUMBER; 0 = no cap).
 */
import { parsePhoneNumberFromString } from 'libphonenumber-js';

export type SmsPolicy = { allowedCountries: readonly string[] | 'any'; dailyCapPerNumber: number };

export type SmsRefusal = 'sms_country_not_allowed' | 'sms_daily_cap';

/** The number's country (ISO alpha-2), or undefined when it names none (invalid, or a non-geographic range). */
export function phoneCountry(phone: string): string | undefined {
  const parsed = parsePhoneNumberFromString(phone);
  return parsed?.isValid() ? parsed.country : undefined;
}

/** Whether the policy lets slotflow text `phone` at all (its country). */
export function smsCountryAllowed(policy: SmsPolicy, phone: string): boolean {
  if (policy.allowedCountries === 'any') return true;
  const country = phoneCountry(phone);
  return country !== undefined && policy.allowedCountries.includes(country);
}

/** Why one more SMS to `phone` is not sent (`sentLast24h`: SMS to it in the last 24 hours), or null. */
export function smsRefusal(policy: SmsPolicy, phone: string, sentLast24h: number): SmsRefusal | null {
  if (!smsCountryAllowed(policy, phone)) return 'sms_country_not_allowed';
  if (policy.dailyCapPerNumber > 0 && sentLast24h >= policy.dailyCapPerNumber) return 'sms_daily_cap';
  return null;
}

/**
 * A booking whose only contact is a phone in a country the business does not text could never get its
 * confirmation: refused at the phone field (the widget's API and the agents' hold alike).
 */
export function unreachableByText(policy: SmsPolicy | undefined, contact: { phone?: string | undefined; email?: string | undefined }): boolean {
  return Boolean(policy && contact.phone && !contact.email && !smsCountryAllowed(policy, contact.phone));
}
