/**
 * Table tests for group sessions with seats in the availability engine (get-slots.ts rule 7): an open
 * session is offered at its start with the seats left, a full one is not, a new one has every seat; a
 * session holds its provider once (nothing else overlaps it) and its room once.
 */
import { describe, expect, it } from 'vitest';
import { getSlots, slotAt, whyNoSlot } from '../../../src/domain/availability/get-slots.ts';
import type { OpenSession } from '../../../src/domain/availability/types.ts';
import { at, booking, days, input, provider, service, starts } from './availability-fixtures.ts';

const BER = 'Europe/Berlin';
const DAY = days('2026-01-05', '2026-01-05', BER); // Monday; providers work 09:00–17:00
const yoga = service({ id: 'yoga', durationMinutes: 60, seats: 12 });
const hm = (slots: { start: number }[]) => starts(slots, BER).map((s) => s.slice(11, 16));
const t = (hhmm: string) => at(`2026-01-05T${hhmm}`, BER);

/** A session of `yoga` at `hhmm` with `taken` attendees, each also a live booking of the provider. */
function session(providerId: string, hhmm: string, taken: number, unitIds: string[] = []) {
  const s: OpenSession = { providerId, start: t(hhmm), end: t(hhmm) + 3_600_000, blockedStart: t(hhmm), blockedEnd: t(hhmm) + 3_600_000, taken, unitIds };
  const rows = Array.from({ length: taken }, () => booking(providerId, s.start, 60, { serviceId: 'yoga' }));
  return { s, rows };
}

describe('group sessions (seats)', () => {
  it('offers every start of an empty day with all seats left', () => {
    const slots = getSlots(input({ service: yoga, providers: [provider('p', BER)], range: DAY }));
    expect(hm(slots)).toEqual(['09:00', '10:00', '11:00', '12:00', '13:00', '14:00', '15:00', '16:00']);
    expect(slots.every((s) => s.seatsLeft === 12)).toBe(true);
  });

  it('offers an open session at its start with the seats left, and nothing overlapping it', () => {
    const { s, rows } = session('p', '10:00', 9);
    const slots = getSlots(
      input({ service: { ...yoga, slotIntervalMinutes: 30 }, providers: [provider('p', BER)], range: DAY, bookings: rows, sessions: [s] }),
    );
    const byTime = new Map(slots.map((x) => [hm([x])[0], x.seatsLeft]));
    expect(byTime.get('10:00')).toBe(3);
    expect(byTime.has('09:30')).toBe(false); // would overlap the session
    expect(byTime.has('10:30')).toBe(false);
    expect(byTime.get('11:00')).toBe(12);
    expect(byTime.get('09:00')).toBe(12);
  });

  it('does not offer a full session; its start is taken (409), not "not a slot"', () => {
    const { s, rows } = session('p', '10:00', 12);
    const i = input({ service: yoga, providers: [provider('p', BER)], range: DAY, bookings: rows, sessions: [s] });
    expect(hm(getSlots(i))).not.toContain('10:00');
    expect(slotAt(i, t('10:00'))).toBeUndefined();
    expect(whyNoSlot(i, t('10:00'))).toBe('slot_unavailable');
  });

  it('an open session is bookable by slotAt (the reserve pre-check) while a one-to-one booking of another service blocks a new one', () => {
    const { s, rows } = session('p', '10:00', 1);
    const other = booking('p', t('12:00'), 60, { serviceId: 'massage' });
    const i = input({ service: yoga, providers: [provider('p', BER)], range: DAY, bookings: [...rows, other], sessions: [s] });
    expect(slotAt(i, t('10:00'))?.seatsLeft).toBe(11);
    expect(slotAt(i, t('12:00'))).toBeUndefined();
  });

  it('the session still obeys everything else: busy time of the provider inside it hides it', () => {
    const { s, rows } = session('p', '10:00', 2);
    const i = input({
      service: yoga,
      providers: [provider('p', BER)],
      range: DAY,
      bookings: rows,
      sessions: [s],
      busy: [{ providerId: 'p', start: t('10:30'), end: t('10:45') }],
    });
    expect(hm(getSlots(i))).not.toContain('10:00');
  });

  it("its room is held once for all attendees: the session's own use does not hide it, another use does", () => {
    const withRoom = { ...yoga, requiredResources: [{ pool: 'studio', count: 1 }] };
    const { s, rows } = session('p', '10:00', 4, ['studio-1']);
    const units = [{ id: 'studio-1', pool: 'studio', name: 'Studio' }];
    const own = { resourceId: 'studio-1', start: s.blockedStart, end: s.blockedEnd };
    const open = getSlots(
      input({ service: withRoom, providers: [provider('p', BER)], range: DAY, bookings: rows, sessions: [s], resources: { units, busy: [own] } }),
    );
    expect(open.find((x) => hm([x])[0] === '10:00')?.seatsLeft).toBe(8);
    // Another provider's booking uses the studio at 11:00: no session there.
    expect(hm(open)).toContain('11:00');
    const other = { resourceId: 'studio-1', start: t('11:00'), end: t('12:00') };
    const busier = getSlots(
      input({ service: withRoom, providers: [provider('p', BER)], range: DAY, bookings: rows, sessions: [s], resources: { units, busy: [own, other] } }),
    );
    expect(hm(busier)).not.toContain('11:00');
    expect(hm(busier)).toContain('10:00');
  });

  it('with several providers, an open session wins its start over a new one', () => {
    const { s, rows } = session('b', '10:00', 5);
    const slots = getSlots(input({ service: yoga, providers: [provider('a', BER), provider('b', BER)], range: DAY, bookings: rows, sessions: [s] }));
    const ten = slots.find((x) => hm([x])[0] === '10:00')!;
    expect(ten).toMatchObject({ providerId: 'b', seatsLeft: 7 });
    expect(slots.find((x) => hm([x])[0] === '11:00')).toMatchObject({ providerId: 'a', seatsLeft: 12 });
  });
});
