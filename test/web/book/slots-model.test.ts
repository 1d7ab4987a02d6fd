import { describe, expect, it } from 'vitest';
import type { Slot } from '../../../web/src/api/types.ts';
import { groupByLocalDay, monthQuery, sameSlot, slotAt } from '../../../web/src/book/slots-model.ts';

const slot = (start: string, end: string, providerId = 'p1'): Slot => ({ start, end, providerId });

describe('groupByLocalDay', () => {
  it('groups by the local date in the customer zone, not the UTC date', () => {
    const slots = [slot('2026-12-07T23:30:00Z', '2026-12-08T00:00:00Z'), slot('2026-12-07T22:30:00Z', '2026-12-07T23:00:00Z')];
    // In Berlin (+01:00) 23:30Z is 00:30 on the 8th; in New York both are on the 7th.
    const berlin = groupByLocalDay(slots, 'Europe/Berlin');
    expect([...berlin.keys()]).toEqual(['2026-12-07', '2026-12-08']);
    expect(berlin.get('2026-12-08')!.map((s) => s.start)).toEqual(['2026-12-07T23:30:00Z']);
    const ny = groupByLocalDay(slots, 'America/New_York');
    expect([...ny.keys()]).toEqual(['2026-12-07']);
    // sorted by instant even though given out of order
    expect(ny.get('2026-12-07')!.map((s) => s.start)).toEqual(['2026-12-07T22:30:00Z', '2026-12-07T23:30:00Z']);
  });

  it('keeps a 25-hour fall-back day (Berlin, 25 Oct 2026) as one day, including both 02:30s', () => {
    // 02:30 CEST = 00:30Z and 02:30 CET = 01:30Z are both on 2026-10-25 local; 23:30 CET = 22:30Z too.
    const slots = [
      slot('2026-10-24T21:30:00Z', '2026-10-24T22:00:00Z'), // 23:30 CEST on the 24th
      slot('2026-10-24T22:00:00Z', '2026-10-24T22:30:00Z'), // 00:00 CEST on the 25th
      slot('2026-10-25T00:30:00Z', '2026-10-25T01:00:00Z'), // 02:30 CEST
      slot('2026-10-25T01:30:00Z', '2026-10-25T02:00:00Z'), // 02:30 CET (again)
      slot('2026-10-25T22:30:00Z', '2026-10-25T23:00:00Z'), // 23:30 CET on the 25th
      slot('2026-10-25T23:00:00Z', '2026-10-25T23:30:00Z'), // 00:00 CET on the 26th
    ];
    const days = groupByLocalDay(slots, 'Europe/Berlin');
    expect([...days.keys()]).toEqual(['2026-10-24', '2026-10-25', '2026-10-26']);
    expect(days.get('2026-10-25')).toHaveLength(4);
  });

  it('keeps a 23-hour spring-forward day (New York, 8 Mar 2026) as one day', () => {
    const slots = [
      slot('2026-03-08T05:00:00Z', '2026-03-08T05:30:00Z'), // 00:00 EST
      slot('2026-03-08T07:00:00Z', '2026-03-08T07:30:00Z'), // 03:00 EDT (02:00 never happened)
      slot('2026-03-09T03:30:00Z', '2026-03-09T04:00:00Z'), // 23:30 EDT on the 8th
      slot('2026-03-09T04:00:00Z', '2026-03-09T04:30:00Z'), // 00:00 EDT on the 9th
    ];
    const days = groupByLocalDay(slots, 'America/New_York');
    expect(days.get('2026-03-08')).toHaveLength(3);
    expect(days.get('2026-03-09')).toHaveLength(1);
  });

  it('treats the same instant in two offsets as the same slot, but not another provider', () => {
    const a = slot('2026-12-07T10:00:00+01:00', '2026-12-07T10:30:00+01:00');
    expect(sameSlot(a, slot('2026-12-07T09:00:00Z', 'x'))).toBe(true);
    expect(sameSlot(a, slot('2026-12-07T09:00:00Z', 'x', 'p2'))).toBe(false);
    expect(sameSlot(a, null)).toBe(false);
  });
});

describe('monthQuery', () => {
  const base = { serviceId: 's', zone: 'Europe/Berlin' };
  it('asks for the whole month (to inclusive), from today in the current month, nothing for past months', () => {
    expect(monthQuery({ ...base, month: '2027-02', today: '2026-12-10' })).toEqual({
      serviceId: 's',
      providerId: undefined,
      from: '2027-02-01',
      to: '2027-02-28',
      timeZone: 'Europe/Berlin',
    });
    expect(monthQuery({ ...base, providerId: 'p', month: '2026-12', today: '2026-12-10' })).toMatchObject({
      from: '2026-12-10',
      to: '2026-12-31',
      providerId: 'p',
      timeZone: 'Europe/Berlin',
    });
    expect(monthQuery({ ...base, month: '2026-11', today: '2026-12-10' })).toBeNull();
  });
});

describe('slotAt (a reloaded URL names its time)', () => {
  const slots = [
    { start: '2027-03-01T09:00:00Z', end: '2027-03-01T09:30:00Z', providerId: 'ada' },
    { start: '2027-03-01T09:00:00Z', end: '2027-03-01T09:30:00Z', providerId: 'grace' },
  ];
  it('finds the slot by instant (any offset), with the chosen provider when there is one', () => {
    expect(slotAt(slots, '2027-03-01T10:00:00+01:00')?.providerId).toBe('ada');
    expect(slotAt(slots, '2027-03-01T09:00:00Z', 'grace')?.providerId).toBe('grace');
  });
  it('is undefined when that time is no longer free (for that provider)', () => {
    expect(slotAt(slots, '2027-03-01T09:30:00Z')).toBeUndefined();
    expect(slotAt(slots, '2027-03-01T09:00:00Z', 'someone')).toBeUndefined();
  });
});
