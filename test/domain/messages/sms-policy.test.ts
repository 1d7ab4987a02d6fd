/** Which numbers slotflow texts (src/domain/messages/sms-policy.ts). */
import { describe, expect, it } from 'vitest';
import { phoneCountry, smsRefusal, unreachableByText } from '../../../src/domain/messages/sms-policy.ts';

describe('SMS policy', () => {
  it('reads the country of a number', () => {
    expect(phoneCountry('+4915112345678')).toBe('DE');
    expect(phoneCountry('+12025550123')).toBe('US');
    expect(phoneCountry('+37120000001')).toBe('LV');
    expect(phoneCountry('+999123')).toBeUndefined(); // no such country code
  });

  it('texts only allowed countries, up to the daily cap per number', () => {
    const policy = { allowedCountries: ['DE', 'AT'], dailyCapPerNumber: 3 };
    expect(smsRefusal(policy, '+4915112345678', 0)).toBeNull();
    expect(smsRefusal(policy, '+436641234567', 2)).toBeNull();
    expect(smsRefusal(policy, '+436641234567', 3)).toBe('sms_daily_cap');
    expect(smsRefusal(policy, '+37120000001', 0)).toBe('sms_country_not_allowed');
    expect(smsRefusal(policy, '+999123', 0)).toBe('sms_country_not_allowed');
    expect(smsRefusal({ allowedCountries: 'any', dailyCapPerNumber: 0 }, '+37120000001', 99)).toBeNull();
  });
});

describe('unreachableByText', () => {
  const policy = { allowedCountries: ['DE'], dailyCapPerNumber: 5 };
  it('only a phone, in a country not texted: unreachable; an e-mail beside it, or SMS off, or an allowed country: reachable', () => {
    expect(unreachableByText(policy, { phone: '+14155550100' })).toBe(true);
    expect(unreachableByText(policy, { phone: '+14155550100', email: 'a@example.org' })).toBe(false);
    expect(unreachableByText(undefined, { phone: '+14155550100' })).toBe(false);
    expect(unreachableByText(policy, { phone: '+4915112345678' })).toBe(false);
    expect(unreachableByText(policy, { email: 'a@example.org' })).toBe(false);
  });
});
