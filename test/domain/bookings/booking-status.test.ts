import { describe, expect, it } from 'vitest';
import { BOOKING_STATUSES, committedStatus, initialStatus, isLiveStatus, LIVE_BOOKING_STATUSES } from '../../../src/domain/bookings/booking-status.ts';

describe('booking statuses', () => {
  it('live statuses are the ones that hold a slot', () => {
    expect(LIVE_BOOKING_STATUSES).toEqual(['held', 'pending', 'confirmed']);
    expect(BOOKING_STATUSES.filter(isLiveStatus)).toEqual(['held', 'pending', 'confirmed']);
    expect(isLiveStatus('cancelled')).toBe(false);
    expect(isLiveStatus('unknown')).toBe(false);
  });

  it('a booking is reserved held (a hold), pending (needs approval) or confirmed', () => {
    expect(initialStatus({ hold: true, requiresApproval: false })).toBe('held');
    expect(initialStatus({ hold: true, requiresApproval: true })).toBe('held');
    expect(initialStatus({ hold: false, requiresApproval: true })).toBe('pending');
    expect(initialStatus({ hold: false, requiresApproval: false })).toBe('confirmed');
  });

  it('a confirmed hold goes where a direct booking would have gone', () => {
    for (const requiresApproval of [true, false]) {
      expect(committedStatus(requiresApproval)).toBe(initialStatus({ hold: false, requiresApproval }));
    }
  });
});
