/** The widget's words for group sessions. */
import { describe, expect, it } from 'vitest';
import { groupClassText, seatsLeftText, serviceLine } from '../../../web/src/book/seats.ts';

describe('group session texts', () => {
  it('seats left: singular, plural, none for one-to-one slots', () => {
    expect([seatsLeftText(1), seatsLeftText(3), seatsLeftText(12), seatsLeftText(undefined)]).toEqual(['1 seat left', '3 seats left', '12 seats left', null]);
  });
  it('the service line names a group class and its seats; one-to-one stays as it was', () => {
    expect(groupClassText(1)).toBeNull();
    expect(serviceLine({ name: 'Yoga', durationMinutes: 60, seats: 12 })).toBe('Yoga · 60 min · Group class · 12 seats');
    expect(serviceLine({ name: 'Talk', durationMinutes: 30, seats: 1 })).toBe('Talk · 30 min');
  });
});
