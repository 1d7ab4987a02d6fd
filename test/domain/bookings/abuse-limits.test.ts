/** The abuse-limit rule (src/domain/bookings/abuse-limits.ts), table-tested at its boundaries. */
import { describe, expect, it } from 'vitest';
import { abuseRefusal, DEFAULT_ABUSE_LIMITS } from '../../../src/domain/bookings/abuse-limits.ts';

const L = DEFAULT_ABUSE_LIMITS; // 3 holds per client, 3 per contact, 5 upcoming bookings per contact
const counts = (holdsByClient: number, holdsByContact: number, futureByContact: number) => ({ holdsByClient, holdsByContact, futureByContact });

describe('abuseRefusal', () => {
  it.each([
    ['a first hold', counts(0, 0, 0), true, null],
    ['the third hold of a client', counts(2, 2, 2), true, null],
    ['a fourth hold of a client', counts(3, 0, 3), true, 'hold_limit'],
    ['a fourth hold of a contact from another client', counts(0, 3, 3), true, 'hold_limit'],
    ['a plain booking while holding three (holds cap only holds)', counts(3, 3, 3), false, null],
    ['the fifth upcoming booking of a contact', counts(0, 0, 4), false, null],
    ['a sixth upcoming booking of a contact', counts(0, 0, 5), false, 'booking_limit'],
    ['a hold as a sixth upcoming booking', counts(0, 0, 5), true, 'booking_limit'],
  ] as const)('%s → %s', (_name, c, hold, expected) => {
    expect(abuseRefusal(L, c, hold)?.code ?? null).toBe(expected);
  });

  it('0 switches a limit off', () => {
    expect(abuseRefusal({ holdsPerClient: 0, holdsPerContact: 0, bookingsPerContact: 0 }, counts(1000, 1000, 1000), true)).toBeNull();
  });

  it('says what to do, in words a customer (or a voice agent) can repeat', () => {
    expect(abuseRefusal(L, counts(0, 0, 5), false)?.detail).toMatch(/already has 5 upcoming bookings.*call us/);
  });
});
