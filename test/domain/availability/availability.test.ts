/**
 * Table tests for the availability engine, including the cases the peers got wrong in public:
 * buffers applied twice or ignored (Cal.com 24253, 3662), overrides on the wrong day (10200), slots
 * shifted across DST (10517, 19589), half-hour zones, bookings spanning midnight, caps on DST days.
 */
import { describe, expect, it } from 'vitest';
import { getSlots, slotAt, whyNoSlot } from '../../../src/domain/availability/get-slots.ts';
import { addDays, localDate, offsetMinutes } from '../../../src/domain/time/zones.ts';
import { TEST_NOW } from '../../support/clock.ts';
import { at, booking, days, everyDay, input, provider, service, starts, utc } from './availability-fixtures.ts';

const BER = 'Europe/Berlin';

describe('weekly hours', () => {
  it('offers each hour of a 09:00–12:00 window with the zone offset', () => {
    const p = provider('p', BER, { mon: [['09:00', '12:00']] });
    const slots = getSlots(input({ providers: [p], range: days('2026-01-05', '2026-01-05', BER) }));
    expect(starts(slots, BER)).toEqual(['2026-01-05T09:00:00+01:00', '2026-01-05T10:00:00+01:00', '2026-01-05T11:00:00+01:00']);
    expect(slots.every((s) => s.end - s.start === 3_600_000 && s.providerId === 'p')).toBe(true);
  });

  it('aligns slots to each window start and never lets a slot run past the window', () => {
    const p = provider('p', BER, {
      tue: [
        ['09:00', '10:45'],
        ['13:15', '14:15'],
      ],
    });
    const slots = getSlots(input({ service: service({ durationMinutes: 30 }), providers: [p], range: days('2026-01-06', '2026-01-06', BER) }));
    expect(starts(slots, BER).map((s) => s.slice(11, 16))).toEqual(['09:00', '09:30', '10:00', '13:15', '13:45']);
  });

  it('steps at an explicit slot interval', () => {
    const p = provider('p', BER, { mon: [['09:00', '10:00']] });
    const slots = getSlots(
      input({ service: service({ durationMinutes: 30, slotIntervalMinutes: 15 }), providers: [p], range: days('2026-01-05', '2026-01-05', BER) }),
    );
    expect(starts(slots, BER).map((s) => s.slice(11, 16))).toEqual(['09:00', '09:15', '09:30']);
  });
});

describe('buffers', () => {
  const p = provider('p', BER, { mon: [['10:00', '12:00']] });
  const range = days('2026-01-05', '2026-01-05', BER);

  it('a 20-min service with a 5-min after-buffer does not offer 10:00 and 10:20 both', () => {
    const slots = getSlots(input({ service: service({ durationMinutes: 20, bufferAfterMinutes: 5 }), providers: [p], range }));
    const s = starts(slots, BER).map((x) => x.slice(11, 16));
    expect(s).toContain('10:00');
    expect(s).not.toContain('10:20');
    // 11:40 ends at 12:00; its after-buffer may lie outside working hours (nothing else is booked then).
    expect(s).toEqual(['10:00', '10:25', '10:50', '11:15', '11:40']);
  });

  it('keeps the after-buffer of an existing booking free, once (not twice)', () => {
    const svc = service({ durationMinutes: 20, slotIntervalMinutes: 5 });
    const existing = booking('p', at('2026-01-05T10:00', BER), 20, { after: 5 });
    const slots = getSlots(input({ service: svc, providers: [p], bookings: [existing], range }));
    expect(starts(slots, BER)[0]!.slice(11, 16)).toBe('10:25'); // not 10:20 (ignored), not 10:30 (twice)
  });

  it('widens by the buffers of both bookings', () => {
    // Existing 11:00–11:20 with a 5-min before-buffer; the new service needs 10 min after itself.
    const svc = service({ durationMinutes: 20, bufferAfterMinutes: 10, slotIntervalMinutes: 5 });
    const existing = booking('p', at('2026-01-05T11:00', BER), 20, { before: 5 });
    const s = starts(getSlots(input({ service: svc, providers: [p], bookings: [existing], range })), BER).map((x) => x.slice(11, 16));
    expect(s).toContain('10:25'); // ends 10:45, its buffer to 10:55 meets the existing 10:55 before-buffer
    expect(s).not.toContain('10:30');
    expect(s).toContain('11:20'); // right after the existing booking (which has no after-buffer)
  });

  it('widens busy blocks by the new service buffers', () => {
    const svc = service({ durationMinutes: 30, bufferBeforeMinutes: 15, slotIntervalMinutes: 15 });
    const busy = [{ providerId: 'p', start: at('2026-01-05T11:00', BER), end: at('2026-01-05T11:30', BER) }];
    const longer = provider('p', BER, { mon: [['10:00', '12:30']] });
    const s = starts(getSlots(input({ service: svc, providers: [longer], busy, range })), BER).map((x) => x.slice(11, 16));
    expect(s).toEqual(['10:00', '10:15', '10:30', '11:45', '12:00']); // 11:30 lacks its 15-min before-buffer
  });

  it('ignores bookings of other providers', () => {
    const existing = booking('someone-else', at('2026-01-05T10:00', BER), 60);
    expect(getSlots(input({ providers: [p], bookings: [existing], range }))).toHaveLength(2);
  });
});

describe('date overrides land on the provider-local day', () => {
  it.each([
    ['Asia/Tokyo', '2026-06-10'],
    ['Pacific/Auckland', '2026-06-10'],
    ['America/Los_Angeles', '2026-06-10'],
    ['Pacific/Honolulu', '2026-06-10'],
  ])('%s: replaced hours and a day off apply to %s only', (zone, date) => {
    const p = provider('p', zone, everyDay([['09:00', '11:00']]));
    const overrides = [
      { providerId: 'p', kind: 'hours' as const, date, hours: [['14:00', '15:00']] as [string, string][] },
      { providerId: 'p', kind: 'hours' as const, date: '2026-06-11', hours: [] },
    ];
    const slots = getSlots(input({ providers: [p], overrides, range: days('2026-06-09', '2026-06-12', zone) }));
    const local = starts(slots, zone).map((s) => s.slice(0, 16));
    expect(local).toEqual(['2026-06-09T09:00', '2026-06-09T10:00', `${date}T14:00`, '2026-06-12T09:00', '2026-06-12T10:00']);
  });

  it('block and open overrides remove and add absolute ranges', () => {
    const p = provider('p', BER, { mon: [['09:00', '12:00']] });
    const overrides = [
      { providerId: 'p', kind: 'block' as const, start: at('2026-01-05T10:00', BER), end: at('2026-01-05T11:00', BER) },
      { providerId: 'p', kind: 'open' as const, start: at('2026-01-06T18:00', BER), end: at('2026-01-06T20:00', BER) },
    ];
    const slots = getSlots(input({ providers: [p], overrides, range: days('2026-01-05', '2026-01-06', BER) }));
    expect(starts(slots, BER).map((s) => s.slice(0, 16))).toEqual(['2026-01-05T09:00', '2026-01-05T11:00', '2026-01-06T18:00', '2026-01-06T19:00']);
  });
});

describe('half-hour zones', () => {
  it.each([
    ['Asia/Kolkata', '2026-01-05', ['2026-01-05T03:30:00.000Z', '2026-01-05T04:30:00.000Z']],
    ['America/St_Johns', '2026-01-05', ['2026-01-05T12:30:00.000Z', '2026-01-05T13:30:00.000Z']],
    ['America/St_Johns', '2026-07-06', ['2026-07-06T11:30:00.000Z', '2026-07-06T12:30:00.000Z']],
    ['Asia/Kathmandu', '2026-01-05', ['2026-01-05T03:15:00.000Z', '2026-01-05T04:15:00.000Z']],
  ])('%s 09:00–11:00 on %s', (zone, date, expected) => {
    const p = provider('p', zone, everyDay([['09:00', '11:00']]));
    const slots = getSlots(input({ providers: [p], range: days(date, date, zone) }));
    expect(slots.map((s) => new Date(s.start).toISOString())).toEqual(expected);
  });
});

describe('DST transitions: 09:00–17:00 is 8 real hours on both days', () => {
  it.each([
    ['Europe/Berlin', '2026-03-29', '+02:00'],
    ['Europe/Berlin', '2026-10-25', '+01:00'],
    ['America/New_York', '2026-03-08', '-04:00'],
    ['America/New_York', '2026-11-01', '-05:00'],
    ['Australia/Sydney', '2026-04-05', '+10:00'],
    ['Australia/Sydney', '2026-10-04', '+11:00'],
  ])('%s on %s', (zone, date, offset) => {
    const p = provider('p', zone, everyDay([['09:00', '17:00']]));
    const slots = getSlots(input({ providers: [p], range: days(date, date, zone) }));
    expect(slots).toHaveLength(8);
    expect(starts(slots, zone)[0]).toBe(`${date}T09:00:00${offset}`);
    expect(starts(slots, zone)[7]).toBe(`${date}T16:00:00${offset}`);
    expect(slots[7]!.end - slots[0]!.start).toBe(8 * 3_600_000);
  });

  it('skips a local start that does not exist (spring forward) and keeps real durations', () => {
    const p = provider('p', BER, everyDay([['00:00', '05:00']]));
    const slots = getSlots(input({ providers: [p], range: days('2026-03-29', '2026-03-29', BER) }));
    expect(starts(slots, BER)).toEqual(['2026-03-29T00:00:00+01:00', '2026-03-29T01:00:00+01:00', '2026-03-29T03:00:00+02:00', '2026-03-29T04:00:00+02:00']);
    expect(slots.every((s) => s.end - s.start === 3_600_000)).toBe(true);
  });

  it('ends a window whose end falls into the gap at the transition', () => {
    const p = provider(
      'p',
      BER,
      everyDay([
        ['00:00', '02:30'],
        ['02:45', '05:00'],
      ]),
    );
    const svc = service({ durationMinutes: 30 });
    const slots = getSlots(input({ service: svc, providers: [p], range: days('2026-03-29', '2026-03-29', BER) }));
    // 00:00–02:30 is 00:00–03:00 CEST (2 real hours); 02:45 does not exist, so that window opens at 03:00 and
    // its grid steps in real minutes from there (on the wall clock the steps from 02:45 would give 03:15).
    expect(starts(slots, BER).map((x) => x.slice(11, 22))).toEqual([
      '00:00:00+01',
      '00:30:00+01',
      '01:00:00+01',
      '01:30:00+01',
      '03:00:00+02',
      '03:30:00+02',
      '04:00:00+02',
      '04:30:00+02',
    ]);
  });

  it('offers the repeated hour of the fall-back night: 01:00–04:00 is four real hours', () => {
    const p = provider('p', BER, everyDay([['01:00', '04:00']]));
    const slots = getSlots(input({ providers: [p], range: days('2026-10-25', '2026-10-25', BER) }));
    expect(starts(slots, BER)).toEqual(['2026-10-25T01:00:00+02:00', '2026-10-25T02:00:00+02:00', '2026-10-25T02:00:00+01:00', '2026-10-25T03:00:00+01:00']);
    expect(new Date(slots[1]!.start).toISOString()).toBe('2026-10-25T00:00:00.000Z');
    expect(new Date(slots[2]!.start).toISOString()).toBe('2026-10-25T01:00:00.000Z');
  });

  it.each(['restart', 'fixed'] as const)('2027-10-31 in Berlin, 01:00–05:00: five real hours, a one-hour service five times (%s)', (slotAlignment) => {
    const p = provider('p', BER, everyDay([['01:00', '05:00']]));
    const slots = getSlots(input({ service: service({ slotAlignment }), providers: [p], range: days('2027-10-31', '2027-10-31', BER) }));
    expect(slots.map((x) => new Date(x.start).toISOString())).toEqual([
      '2027-10-30T23:00:00.000Z',
      '2027-10-31T00:00:00.000Z',
      '2027-10-31T01:00:00.000Z',
      '2027-10-31T02:00:00.000Z',
      '2027-10-31T03:00:00.000Z',
    ]);
    expect(starts(slots, BER).map((x) => x.slice(11))).toEqual(['01:00:00+02:00', '02:00:00+02:00', '02:00:00+01:00', '03:00:00+01:00', '04:00:00+01:00']);
  });

  it('steps 45 minutes in real time across the spring-forward gap (the grid does not snap back to the wall clock)', () => {
    const p = provider('p', BER, everyDay([['00:00', '05:00']]));
    const svc = service({ durationMinutes: 45 });
    const slots = getSlots(input({ service: svc, providers: [p], range: days('2027-03-28', '2027-03-28', BER) }));
    // 00:00, 00:45, 01:30 CET; 01:30 + 45 min = 02:15 CET = 03:15 CEST; then 04:00 (ends 04:45 ≤ 05:00).
    expect(starts(slots, BER).map((x) => x.slice(11, 19))).toEqual(['00:00:00', '00:45:00', '01:30:00', '03:15:00', '04:00:00']);
  });

  it('counts a daily cap on the provider-local DST day, with a booking just after local midnight', () => {
    const p = provider('p', BER, everyDay([['00:00', '24:00']]));
    const svc = service({ maxBookingsPerDay: 2 });
    // 00:30 local on 29 March is 23:30 UTC on 28 March: it counts for the 29th.
    const bookings = [booking('p', at('2026-03-29T00:30', BER), 30), booking('p', at('2026-03-29T20:00', BER), 60)];
    expect(new Date(bookings[0]!.start).toISOString()).toBe('2026-03-28T23:30:00.000Z');
    const slots = getSlots(input({ service: svc, providers: [p], bookings, range: days('2026-03-28', '2026-03-30', BER) }));
    const dates = new Set(starts(slots, BER).map((s) => s.slice(0, 10)));
    expect(dates).toEqual(new Set(['2026-03-28', '2026-03-30']));
    // The 28th keeps all 24 hourly slots: the 00:30 booking starts after it ends (in Berlin).
    expect(slots.filter((s) => starts([s], BER)[0]!.startsWith('2026-03-28'))).toHaveLength(24);
  });
});

describe('a booking spanning midnight', () => {
  it('blocks the end of one day and the start of the next, and counts on the day it starts', () => {
    const p = provider('p', BER, everyDay([['00:00', '24:00']]));
    const existing = booking('p', at('2026-01-05T23:00', BER), 120);
    const slots = getSlots(
      input({ service: service({ maxBookingsPerDay: 1 }), providers: [p], bookings: [existing], range: days('2026-01-05', '2026-01-06', BER) }),
    );
    const s = starts(slots, BER).map((x) => x.slice(0, 16));
    expect(s.filter((x) => x.startsWith('2026-01-05'))).toEqual([]); // capped: the booking counts for the 5th
    expect(s.filter((x) => x.startsWith('2026-01-06'))[0]).toBe('2026-01-06T01:00');
  });

  it('offers a slot that runs across midnight when both days are worked', () => {
    const p = provider('p', BER, { mon: [['22:00', '24:00']], tue: [['00:00', '02:00']] });
    const slots = getSlots(
      input({ service: service({ durationMinutes: 90, slotIntervalMinutes: 30 }), providers: [p], range: days('2026-01-05', '2026-01-06', BER) }),
    );
    expect(starts(slots, BER).map((x) => x.slice(0, 16))).toEqual([
      '2026-01-05T22:00',
      '2026-01-05T22:30',
      '2026-01-05T23:00',
      '2026-01-05T23:30',
      '2026-01-06T00:00',
      '2026-01-06T00:30',
    ]);
  });
});

describe('notice, advance window and caps', () => {
  const p = provider('p', BER, everyDay([['09:00', '12:00']]));

  it('drops slots before now + minimum notice and after the advance window', () => {
    // "Now" is 09:30 in Berlin on the pinned now's Berlin date.
    const today = localDate(TEST_NOW, BER);
    const now = at(`${today}T09:30`, BER);
    const svc = service({ minimumNoticeMinutes: 60, maximumAdvanceDays: 2 });
    const slots = getSlots(input({ service: svc, providers: [p], now, range: days(today, addDays(today, 5), BER) }));
    const s = starts(slots, BER).map((x) => x.slice(0, 16));
    expect(s[0]).toBe(`${today}T11:00`); // 10:00 is only 30 min away
    // The last start before 09:30 + 2 days of real time: 09:00 two days on; 11:00 the day before, or 10:00, when a
    // DST change between makes that 08:30 or 10:30 on the wall clock.
    const last = [2, 1].flatMap((n) => ['11:00', '10:00', '09:00'].map((hh) => `${addDays(today, n)}T${hh}`)).find((l) => at(l, BER) < now + 2 * 86_400_000);
    if (offsetMinutes(now, BER) === offsetMinutes(now + 2 * 86_400_000, BER)) expect(last).toBe(`${addDays(today, 2)}T09:00`);
    expect(s.at(-1)).toBe(last);
  });

  it('honours a weekly cap over the ISO week in the provider zone', () => {
    const svc = service({ maxBookingsPerWeek: 2 });
    const bookings = [booking('p', at('2026-01-05T09:00', BER), 60), booking('p', at('2026-01-06T09:00', BER), 60)];
    const slots = getSlots(input({ service: svc, providers: [p], bookings, range: days('2026-01-05', '2026-01-13', BER) }));
    const dates = new Set(starts(slots, BER).map((x) => x.slice(0, 10)));
    expect([...dates].sort()).toEqual(['2026-01-12', '2026-01-13']); // week of the 5th is full
  });

  it('counts caps per service: other services do not use this one up', () => {
    const svc = service({ maxBookingsPerDay: 1 });
    const bookings = [booking('p', at('2026-01-05T09:00', BER), 60, { serviceId: 'other' })];
    const slots = getSlots(input({ service: svc, providers: [p], bookings, range: days('2026-01-05', '2026-01-05', BER) }));
    expect(slots).toHaveLength(2);
  });

  it('returns nothing for an empty or inverted range', () => {
    expect(getSlots(input({ providers: [p], range: { start: utc('2026-01-05T12:00:00Z'), end: utc('2026-01-05T12:00:00Z') } }))).toEqual([]);
    expect(getSlots(input({ providers: [], range: days('2026-01-05', '2026-01-05', BER) }))).toEqual([]);
  });
});

describe('any provider', () => {
  it('offers each time once, from the least-booked provider that day', () => {
    const a = provider('a', BER, everyDay([['09:00', '12:00']]));
    const b = provider('b', 'Europe/London', everyDay([['08:00', '10:00']])); // = 09:00–11:00 Berlin
    const bookings = [booking('a', at('2026-01-05T11:00', BER), 60)];
    const slots = getSlots(input({ providers: [a, b], bookings, range: days('2026-01-05', '2026-01-05', BER) }));
    expect(slots.map((s) => [starts([s], BER)[0]!.slice(11, 16), s.providerId])).toEqual([
      ['09:00', 'b'], // a has one booking that day, b none
      ['10:00', 'b'],
    ]);
  });

  it('keeps the providers order on ties', () => {
    const a = provider('a', BER, everyDay([['09:00', '10:00']]));
    const b = provider('b', BER, everyDay([['09:00', '10:00']]));
    expect(getSlots(input({ providers: [a, b], range: days('2026-01-05', '2026-01-05', BER) })).map((s) => s.providerId)).toEqual(['a']);
    expect(getSlots(input({ providers: [b, a], range: days('2026-01-05', '2026-01-05', BER) })).map((s) => s.providerId)).toEqual(['b']);
  });
});

describe('the grid restarts after busy time (slotAlignment "restart", the default)', () => {
  const p = provider('p', BER, everyDay([['09:00', '12:00']]));
  const DAY = '2026-01-05';
  const hhmm = (slots: { start: number }[]) => starts(slots, BER).map((x) => x.slice(11, 16));
  const slotsWith = (over: Parameters<typeof input>[0] extends infer I ? Partial<I> : never, svc = service({ durationMinutes: 45 })) =>
    getSlots(input({ service: svc, providers: [p], range: days(DAY, DAY, BER), ...over }));

  it('a 45-minute service after a 15-minute booking at 09:00 starts at 09:15, not 09:45 (fixed keeps 09:45)', () => {
    const bookings = [booking('p', at(`${DAY}T09:00`, BER), 15, { serviceId: 'other' })];
    expect(hhmm(slotsWith({ bookings }))).toEqual(['09:15', '10:00', '10:45']);
    expect(hhmm(slotsWith({ bookings }, service({ durationMinutes: 45, slotAlignment: 'fixed' })))).toEqual(['09:45', '10:30', '11:15']);
  });

  it('restarts at the end of a busy block (a synced calendar event) inside the window', () => {
    const busy = [{ providerId: 'p', start: at(`${DAY}T09:30`, BER), end: at(`${DAY}T09:50`, BER) }];
    expect(hhmm(slotsWith({ busy }))).toEqual(['09:50', '10:35']);
    expect(hhmm(slotsWith({ busy }, service({ durationMinutes: 45, slotAlignment: 'fixed' })))).toEqual(['10:30', '11:15']);
  });

  it("with buffers: the next start is the booking's blocked end plus this service's buffer before", () => {
    // The booking blocks 09:00–09:40 (30 min + its 10-min buffer after); this service keeps 5 min before and 10 after.
    const bookings = [booking('p', at(`${DAY}T09:00`, BER), 30, { after: 10 })];
    const svc = service({ durationMinutes: 30, bufferBeforeMinutes: 5, bufferAfterMinutes: 10 });
    // Step = 30 + 5 + 10 = 45 min from 09:45; 11:15 ends 11:45, its 10-min buffer may pass the window's end.
    expect(hhmm(slotsWith({ bookings }, svc))).toEqual(['09:45', '10:30', '11:15']);
    expect(hhmm(slotsWith({ bookings }, { ...svc, slotAlignment: 'fixed' }))).toEqual(['09:45', '10:30', '11:15']);
    const later = [booking('p', at(`${DAY}T09:10`, BER), 30, { after: 10 })]; // blocks 09:10–09:50
    expect(hhmm(slotsWith({ bookings: later }, svc))).toEqual(['09:55', '10:40', '11:25']);
    expect(hhmm(slotsWith({ bookings: later }, { ...svc, slotAlignment: 'fixed' }))).toEqual(['10:30', '11:15']);
  });

  it('restarts after a block override (time off) that ends inside the window', () => {
    const overrides = [{ providerId: 'p', kind: 'block' as const, start: at(`${DAY}T09:00`, BER), end: at(`${DAY}T09:20`, BER) }];
    expect(hhmm(slotsWith({ overrides }))).toEqual(['09:20', '10:05', '10:50']);
    expect(hhmm(slotsWith({ overrides }, service({ durationMinutes: 45, slotAlignment: 'fixed' })))).toEqual(['09:45', '10:30', '11:15']);
  });

  it('several busy stretches: each free stretch gets its own grid; overlapping busy time restarts once, at its end', () => {
    const bookings = [booking('p', at(`${DAY}T09:00`, BER), 20), booking('p', at(`${DAY}T09:10`, BER), 20), booking('p', at(`${DAY}T10:50`, BER), 10)];
    // Free: 09:30–10:50 (09:30; 10:15 would end 11:00, past 10:50) and 11:00–12:00 (11:00; 11:45 would end 12:30).
    expect(hhmm(slotsWith({ bookings }))).toEqual(['09:30', '11:00']);
  });

  it('a day without busy time keeps the grid from the window start', () => {
    expect(hhmm(slotsWith({}))).toEqual(['09:00', '09:45', '10:30', '11:15']);
    expect(hhmm(slotsWith({}, service({ durationMinutes: 45, slotAlignment: 'fixed' })))).toEqual(['09:00', '09:45', '10:30', '11:15']);
  });

  it('busy time that ends outside working time does not move the next day', () => {
    const bookings = [booking('p', at('2026-01-04T11:00', BER), 60)];
    expect(hhmm(slotsWith({ bookings }))).toEqual(['09:00', '09:45', '10:30', '11:15']);
  });

  it("booking a start (slotAt): the restarted grid or the window's own, while free — so an offered time stays bookable", () => {
    const svc = service({ durationMinutes: 60 });
    const bookings = [booking('p', at(`${DAY}T09:00`, BER), 30, { serviceId: 'other' })]; // the grid restarts at 09:30
    const base = { service: svc, providers: [p], bookings, busy: [], overrides: [], now: input({ providers: [p], range: days(DAY, DAY, BER) }).now };
    expect(hhmm(slotsWith({ bookings }, svc))).toEqual(['09:30', '10:30']);
    expect(slotAt(base, at(`${DAY}T09:30`, BER))?.start).toBe(at(`${DAY}T09:30`, BER)); // restarted grid
    expect(slotAt(base, at(`${DAY}T11:00`, BER))?.start).toBe(at(`${DAY}T11:00`, BER)); // the window's grid, free
    expect(slotAt(base, at(`${DAY}T09:00`, BER))).toBeUndefined(); // taken
    expect(slotAt(base, at(`${DAY}T10:15`, BER))).toBeUndefined(); // on neither grid
    const fixed = { ...base, service: { ...svc, slotAlignment: 'fixed' as const } };
    expect(slotAt(fixed, at(`${DAY}T09:30`, BER))).toBeUndefined(); // fixed: only the window's grid
    expect(slotAt(fixed, at(`${DAY}T10:00`, BER))?.start).toBe(at(`${DAY}T10:00`, BER));
  });

  it('why a start has no slot: taken (slot_unavailable) or never one (not_a_slot)', () => {
    const svc = service({ durationMinutes: 60, bufferAfterMinutes: 10, maxBookingsPerDay: 1 });
    const taken = [booking('p', at(`${DAY}T10:10`, BER), 60)]; // 10:10–11:10
    const base = { service: svc, providers: [p], bookings: taken, busy: [], overrides: [], now: at(`${DAY}T08:00`, BER) };
    expect(whyNoSlot(base, at(`${DAY}T10:10`, BER))).toBe('slot_unavailable'); // on the window's grid (09:00 + 70 min), taken
    expect(whyNoSlot(base, at(`${DAY}T09:00`, BER))).toBe('slot_unavailable'); // free, but the day has its one booking (cap)
    expect(whyNoSlot(base, at(`${DAY}T09:07`, BER))).toBe('not_a_slot'); // off every grid
    expect(whyNoSlot(base, at(`${DAY}T18:00`, BER))).toBe('not_a_slot'); // outside working hours
    expect(whyNoSlot(base, at(`${DAY}T07:00`, BER))).toBe('not_a_slot'); // before now
    const busy = [{ providerId: 'p', start: at(`${DAY}T09:30`, BER), end: at(`${DAY}T09:40`, BER) }];
    expect(whyNoSlot({ ...base, bookings: [], busy }, at(`${DAY}T09:00`, BER))).toBe('slot_unavailable'); // busy elsewhere
  });
});
