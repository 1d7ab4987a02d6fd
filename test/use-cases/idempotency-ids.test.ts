/**
 * Idempotency-Key booking ids (src/use-cases/create-booking.ts): keyed with the server's secret, scoped to the
 * caller.
 */
import { describe, expect, it } from 'vitest';
import { bookingIdForKey, legacyBookingIdForKey } from '../../src/use-cases/create-booking.ts';

const SECRET = 'idempotency-test-secret-0123456789abcdef';
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('Idempotency-Key booking ids', () => {
  it('are stable per secret, caller and key, and differ when any of them does', () => {
    const id = bookingIdForKey(SECRET, 'public', 'order-42');
    expect(id).toMatch(UUID_V4);
    expect(bookingIdForKey(SECRET, 'public', 'order-42')).toBe(id);
    expect(bookingIdForKey(SECRET, 'apikey:7c1e', 'order-42')).not.toBe(id); // another caller's key space
    expect(bookingIdForKey(`${SECRET}x`, 'public', 'order-42')).not.toBe(id); // unknown without the secret
    expect(bookingIdForKey(SECRET, 'public', 'order-43')).not.toBe(id);
  });

  it('no longer equal the unkeyed hash anyone could compute from a guessed key', () => {
    expect(legacyBookingIdForKey('order-42')).toMatch(UUID_V4);
    expect(bookingIdForKey(SECRET, 'public', 'order-42')).not.toBe(legacyBookingIdForKey('order-42'));
  });
});
