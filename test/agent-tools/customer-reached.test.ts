/** Whether agent tools may promise the caller a message: only a configured transport that reaches their contact. */
import { describe, expect, it } from 'vitest';
import { customerReached } from '../../src/agent-tools/agent-context.ts';

describe('customerReached', () => {
  const email = { email: 'a@example.com', phone: null };
  const phone = { email: null, phone: '+4917000000001' };
  const both = { email: 'a@example.com', phone: '+4917000000001' };

  it('is false with no transport (the outbox), whatever the contact', () => {
    for (const c of [email, phone, both]) {
      expect(customerReached({}, c)).toBe(false);
      expect(customerReached({ delivery: { email: false, sms: false } }, c)).toBe(false);
    }
  });

  it('needs a transport for a channel the customer has', () => {
    expect(customerReached({ delivery: { email: true, sms: false } }, email)).toBe(true);
    expect(customerReached({ delivery: { email: true, sms: false } }, phone)).toBe(false);
    expect(customerReached({ delivery: { email: false, sms: true } }, phone)).toBe(true);
    expect(customerReached({ delivery: { email: false, sms: true } }, email)).toBe(false);
    expect(customerReached({ delivery: { email: false, sms: true } }, both)).toBe(true);
  });
});
