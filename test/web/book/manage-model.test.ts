import { describe, expect, it } from 'vitest';
import { bookAgainPath, manageActions, resourcesLine, tokenFromPath } from '../../../web/src/manage/manage-model.ts';

const booking = {
  status: 'confirmed' as const,
  start: '2026-12-07T10:00:00+01:00',
  cancelDeadline: '2026-12-06T10:00:00+01:00', // 24 h notice
  rescheduleDeadline: '2026-12-07T08:00:00+01:00', // 2 h notice
};
const at = (iso: string) => Date.parse(iso);

describe('manage page actions', () => {
  it('offers cancel and reschedule before their deadlines', () => {
    const a = manageActions(booking, at('2026-12-01T00:00:00Z'));
    expect(a).toEqual({ cancel: { open: true }, reschedule: { open: true }, confirm: false, final: null });
  });

  it('keeps an action open exactly at its deadline (as the server allows) and closes it just after, saying which deadline', () => {
    expect(manageActions(booking, at('2026-12-06T10:00:00+01:00')).cancel).toEqual({ open: true });
    const a = manageActions(booking, at('2026-12-06T10:00:00+01:00') + 1);
    expect(a.cancel).toEqual({ open: false, reason: 'policy_window', deadline: booking.cancelDeadline });
    expect(a.reschedule).toEqual({ open: true });
  });

  it('offers nothing once the appointment has begun, and confirm only for held bookings', () => {
    expect(manageActions(booking, at('2026-12-07T10:00:00+01:00')).cancel).toEqual({ open: false, reason: 'not_applicable' });
    expect(manageActions({ ...booking, status: 'held' }, at('2026-12-01T00:00:00Z')).confirm).toBe(true);
    expect(manageActions({ ...booking, status: 'held' }, at('2026-12-08T00:00:00Z')).confirm).toBe(false);
  });

  it('finished bookings get a final state and no actions', () => {
    for (const status of ['cancelled', 'completed', 'expired', 'rejected', 'no_show'] as const) {
      const a = manageActions({ ...booking, status }, at('2026-12-01T00:00:00Z'));
      expect(a.final?.status).toBe(status);
      expect(a.cancel.open || a.reschedule.open || a.confirm).toBe(false);
    }
  });

  it('reads the token from the page path', () => {
    expect(tokenFromPath('/manage/abc.DEF-_')).toBe('abc.DEF-_');
    expect(tokenFromPath('/manage/')).toBeNull();
    expect(tokenFromPath('/book/x')).toBeNull();
  });

  it("'Book again' leads to the booking page of the service, in the zone the booking was shown in", () => {
    expect(bookAgainPath({ service: { id: 'svc 1/x', name: 'Cut' }, timeZone: 'America/New_York' })).toBe('/book/svc%201%2Fx?tz=America%2FNew_York');
  });
});

describe('rooms and equipment on the manage page', () => {
  it('names the units the booking holds, or nothing', () => {
    const unit = (name: string) => ({ id: name, name, pool: 'p' });
    expect(resourcesLine({ resources: [unit('Room 2')] })).toBe('Room 2');
    expect(resourcesLine({ resources: [unit('Room 2'), unit('Laser A')] })).toBe('Room 2, Laser A');
    expect(resourcesLine({ resources: [] })).toBeNull();
    expect(resourcesLine({})).toBeNull();
  });
});
