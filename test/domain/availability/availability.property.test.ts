/**
 * Property tests (fast-check) for the availability engine. The oracles use `zones.ts` (exact `Intl`
 * conversions), not the `ZoneCalendar` the engine uses, so a wrong offset table shows up here.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { getSlots } from '../../../src/domain/availability/get-slots.ts';
import type { AvailabilityOverride, ExistingBooking, GetSlotsInput, HourRange, WeeklyHours } from '../../../src/domain/availability/types.ts';
import { ZoneCalendar } from '../../../src/domain/time/zone-calendar.ts';
import { addDays, isoWeekday, localDate, localToInstant, offsetMinutes } from '../../../src/domain/time/zones.ts';
import { TEST_NOW } from '../../support/clock.ts';

const ZONES = [
  'UTC',
  'Europe/Berlin',
  'America/New_York',
  'Australia/Sydney',
  'Asia/Kolkata',
  'America/St_Johns',
  'Pacific/Auckland',
  'Asia/Kathmandu',
  'Pacific/Chatham',
  'Australia/Lord_Howe',
];
const WD = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
const MIN = 60_000;
// Ranges start in 2026, around both DST transitions of both hemispheres, and on the pinned now's UTC date
// (so the clock sweep's DST nights, year end and 29 February are covered too).
const BASE_DAYS = ['2026-03-26', '2026-03-06', '2026-04-02', '2026-10-01', '2026-10-22', '2026-10-30', '2026-06-15', localDate(TEST_NOW, 'UTC')];

const hhmm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;

/** Up to 3 sorted, non-overlapping ranges on a 15-minute grid. */
const dayRanges = fc.uniqueArray(fc.integer({ min: 0, max: 96 }), { minLength: 0, maxLength: 6 }).map((points) => {
  const sorted = [...points].sort((a, b) => a - b);
  const ranges: HourRange[] = [];
  for (let i = 0; i + 1 < sorted.length; i += 2) ranges.push([hhmm(sorted[i]! * 15), hhmm(sorted[i + 1]! * 15)]);
  return ranges;
});

const scenario = fc
  .record({
    zone: fc.constantFrom(...ZONES),
    baseDay: fc.constantFrom(...BASE_DAYS),
    spanDays: fc.integer({ min: 1, max: 9 }),
    weekly: fc.tuple(dayRanges, dayRanges, dayRanges, dayRanges, dayRanges, dayRanges, dayRanges),
    duration: fc.constantFrom(15, 20, 30, 45, 60, 90),
    before: fc.constantFrom(0, 5, 10, 15),
    after: fc.constantFrom(0, 5, 10, 30),
    interval: fc.option(fc.constantFrom(5, 10, 15, 30, 60), { nil: null }),
    notice: fc.constantFrom(0, 60, 1440),
    bookings: fc.array(
      fc.record({
        offsetMin: fc.integer({ min: -1440, max: 14 * 1440 }),
        length: fc.integer({ min: 5, max: 240 }),
        b: fc.constantFrom(0, 10),
        a: fc.constantFrom(0, 15),
        svc: fc.constantFrom('svc', 'other'),
      }),
      { maxLength: 25 },
    ),
    busy: fc.array(fc.record({ offsetMin: fc.integer({ min: -1440, max: 14 * 1440 }), length: fc.integer({ min: 5, max: 600 }) }), { maxLength: 10 }),
    hoursOverride: fc.option(fc.record({ day: fc.integer({ min: 0, max: 9 }), hours: dayRanges }), { nil: null }),
    blockOverride: fc.option(fc.record({ offsetMin: fc.integer({ min: 0, max: 10 * 1440 }), length: fc.integer({ min: 30, max: 2000 }) }), { nil: null }),
    perDay: fc.option(fc.integer({ min: 1, max: 3 }), { nil: null }),
    alignment: fc.constantFrom('restart' as const, 'fixed' as const),
  })
  .map((s) => {
    const origin = localToInstant(s.baseDay, 0, s.zone, 'next')!;
    const weeklyHours: WeeklyHours = Object.fromEntries(WD.map((d, i) => [d, s.weekly[i]!]));
    const bookings: ExistingBooking[] = s.bookings.map((b) => {
      const start = origin + b.offsetMin * MIN;
      const end = start + b.length * MIN;
      return { providerId: 'p', serviceId: b.svc, start, end, blockedStart: start - b.b * MIN, blockedEnd: end + b.a * MIN };
    });
    const overrides: AvailabilityOverride[] = [];
    if (s.hoursOverride) overrides.push({ providerId: 'p', kind: 'hours', date: addDays(s.baseDay, s.hoursOverride.day), hours: s.hoursOverride.hours });
    if (s.blockOverride) {
      const start = origin + s.blockOverride.offsetMin * MIN;
      overrides.push({ providerId: 'p', kind: 'block', start, end: start + s.blockOverride.length * MIN });
    }
    const input: GetSlotsInput = {
      service: {
        id: 'svc',
        durationMinutes: s.duration,
        bufferBeforeMinutes: s.before,
        bufferAfterMinutes: s.after,
        slotIntervalMinutes: s.interval,
        slotAlignment: s.alignment,
        minimumNoticeMinutes: s.notice,
        maximumAdvanceDays: 60,
        maxBookingsPerDay: s.perDay,
        maxBookingsPerWeek: null,
      },
      providers: [{ id: 'p', timeZone: s.zone, weeklyHours }],
      bookings,
      busy: s.busy.map((b) => ({ providerId: 'p', start: origin + b.offsetMin * MIN, end: origin + (b.offsetMin + b.length) * MIN })),
      overrides,
      range: { start: origin, end: origin + s.spanDays * 86_400_000 },
      now: origin - 3 * 3_600_000,
    };
    return { s, input };
  });

/** The windows (as instants, via the exact Intl path) that contain instant `t`'s local date and neighbours. */
function windowInstants(input: GetSlotsInput, date: string): [number, number][] {
  const p = input.providers[0]!;
  const o = input.overrides.find((x) => x.kind === 'hours' && x.date === date);
  const ranges = o && o.kind === 'hours' ? o.hours : (p.weeklyHours[WD[isoWeekday(date) - 1]!] ?? []);
  return ranges.map(([a, b]) => {
    const toMin = (x: string) => Number(x.slice(0, 2)) * 60 + Number(x.slice(3));
    return [localToInstant(date, toMin(a), p.timeZone, 'next')!, localToInstant(date, toMin(b), p.timeZone, 'next')!];
  });
}

/**
 * The oracle for "t lies in working time", via the exact Intl path: t's local date, then the windows of that
 * date and of the day before (a window may end after local midnight instants). A scenario's windows depend
 * only on the date, so each date's are computed once per scenario (a dozen `Intl` calls each; a run asks
 * about thousands of instants on a few dates).
 */
function workingTimeOracle(input: GetSlotsInput): (t: number) => boolean {
  const windowsAround = windowsByDateOracle(input);
  return (t) => {
    const blocked = input.overrides.some((o) => o.kind === 'block' && t >= o.start && t < o.end);
    if (blocked) return false;
    return windowsAround(t).some(([a, b]) => t >= a && t < b);
  };
}

/** The windows (Intl path) of an instant's local date and the day before, cached per date. */
function windowsByDateOracle(input: GetSlotsInput): (t: number) => [number, number][] {
  const zone = input.providers[0]!.timeZone;
  const byDate = new Map<string, [number, number][]>();
  return (t) => {
    const d = localDate(t, zone);
    let w = byDate.get(d);
    if (!w) byDate.set(d, (w = [...windowInstants(input, addDays(d, -1)), ...windowInstants(input, d)]));
    return w;
  };
}

/** Busy time's ends as this service sees them: bookings' and busy blocks' ends + its buffer before; blocks' ends. */
function busyEnds(input: GetSlotsInput): number[] {
  const before = input.service.bufferBeforeMinutes * MIN;
  return [
    ...input.bookings.map((x) => x.blockedEnd + before),
    ...input.busy.map((x) => x.end + before),
    ...input.overrides.flatMap((o) => (o.kind === 'block' ? [o.end] : [])),
  ];
}

const iso = (t: number) => new Date(t).toISOString();

// fast-check's default is 100 runs; these properties are cheap enough for three times that. Each run
// collects what it finds wrong and asserts once: `expect` costs microseconds, and a run checks thousands of
// (slot, booking) pairs and instants.
const RUNS = { numRuns: 300 };

describe('availability properties', () => {
  it('no slot overlaps a booking or busy block widened by the buffers', () => {
    fc.assert(
      fc.property(scenario, ({ input }) => {
        const { bufferBeforeMinutes: b, bufferAfterMinutes: a } = input.service;
        const overlaps: string[] = [];
        for (const slot of getSlots(input)) {
          const need = { start: slot.start - b * MIN, end: slot.end + a * MIN };
          const at = `slot ${iso(slot.start)} (${iso(need.start)}–${iso(need.end)} with buffers)`;
          for (const x of input.bookings)
            if (need.start < x.blockedEnd && x.blockedStart < need.end) overlaps.push(`${at} overlaps booking ${iso(x.blockedStart)}–${iso(x.blockedEnd)}`);
          for (const x of input.busy) if (need.start < x.end && x.start < need.end) overlaps.push(`${at} overlaps busy ${iso(x.start)}–${iso(x.end)}`);
        }
        expect(overlaps).toEqual([]);
      }),
      RUNS,
    );
  });

  it('every minute of every slot lies in working hours in the provider zone', () => {
    fc.assert(
      fc.property(scenario, ({ input }) => {
        const inWorkingTime = workingTimeOracle(input);
        const outside: string[] = [];
        for (const slot of getSlots(input)) {
          for (let t = slot.start; t < slot.end; t += 5 * MIN) if (!inWorkingTime(t)) outside.push(iso(t));
          if (!inWorkingTime(slot.end - 1)) outside.push(iso(slot.end - 1));
        }
        expect(outside, `instants of slots outside working time in ${input.providers[0]!.timeZone}`).toEqual([]);
      }),
      { numRuns: 100 }, // the oracle converts every checked instant through Intl (~1 s per 300 runs)
    );
  });

  it('slots are sorted, unique, inside range/notice, and whole real steps from their anchor', () => {
    fc.assert(
      fc.property(scenario, ({ input }) => {
        const slots = getSlots(input);
        const { service: svc, range, now } = input;
        const step = (svc.slotIntervalMinutes ?? svc.durationMinutes + svc.bufferBeforeMinutes + svc.bufferAfterMinutes) * MIN;
        const zone = input.providers[0]!.timeZone;
        const earliest = Math.max(range.start, now + svc.minimumNoticeMinutes * MIN);
        const windowsAround = windowsByDateOracle(input);
        const restarts = svc.slotAlignment === 'restart' ? busyEnds(input) : [];
        const wrong: string[] = [];
        for (let i = 0; i < slots.length; i++) {
          const s = slots[i]!;
          const at = `${iso(s.start)} in ${zone}`;
          if (i > 0 && !(s.start > slots[i - 1]!.start)) wrong.push(`${at}: not after the slot before it (${iso(slots[i - 1]!.start)})`);
          if (s.end - s.start !== svc.durationMinutes * MIN) wrong.push(`${at}: lasts ${(s.end - s.start) / MIN} min, not ${svc.durationMinutes}`);
          if (!(s.start >= earliest)) wrong.push(`${at}: before the range start or the notice (${iso(earliest)})`);
          if (!(s.start < range.end)) wrong.push(`${at}: at or after the range end (${iso(range.end)})`);
          // Its anchor: the real start of the window it starts in — or, restarting, the latest end of busy time
          // (grown by the buffer before) or of a block in that window before it. Steps are real minutes.
          const window = windowsAround(s.start).find(([a, b]) => s.start >= a && s.start < b);
          if (!window) continue; // outside working time: the property above reports it
          const anchor = Math.max(window[0], ...restarts.filter((e) => e > window[0] && e <= s.start));
          if ((s.start - anchor) % step !== 0) wrong.push(`${at}: not whole ${step / MIN}-minute steps from ${iso(anchor)}`);
        }
        expect(wrong).toEqual([]);
      }),
      RUNS,
    );
  });

  it('restarting: where busy time ends inside a window and the service fits, that instant is offered (no dead gap)', () => {
    fc.assert(
      fc.property(scenario, ({ s, input }) => {
        fc.pre(s.alignment === 'restart' && s.perDay === null);
        const { service: svc, range, now } = input;
        const { bufferBeforeMinutes: b, bufferAfterMinutes: a } = svc;
        const earliest = Math.max(range.start, now + svc.minimumNoticeMinutes * MIN);
        const inWorkingTime = workingTimeOracle(input);
        const windowsAround = windowsByDateOracle(input);
        const offered = new Set(getSlots(input).map((x) => x.start));
        const missing: string[] = [];
        for (const e of busyEnds(input)) {
          if (e < earliest || e >= range.end || offered.has(e)) continue;
          if (!windowsAround(e).some(([w0, w1]) => e > w0 && e < w1)) continue; // not inside a window
          const end = e + svc.durationMinutes * MIN;
          let fits = inWorkingTime(end - 1);
          for (let t = e; fits && t < end; t += 5 * MIN) fits = inWorkingTime(t);
          const need = { start: e - b * MIN, end: end + a * MIN };
          for (const x of input.bookings) if (need.start < x.blockedEnd && x.blockedStart < need.end) fits = false;
          for (const x of input.busy) if (need.start < x.end && x.start < need.end) fits = false;
          if (fits) missing.push(`${iso(e)} (${input.providers[0]!.timeZone})`);
        }
        expect(missing, 'free starts right after busy time that were not offered').toEqual([]);
      }),
      RUNS,
    );
  });

  it('an empty schedule has the same grid restarting or fixed', () => {
    fc.assert(
      fc.property(scenario, ({ input }) => {
        const empty = { ...input, bookings: [], busy: [], overrides: input.overrides.filter((o) => o.kind === 'hours') };
        const fixed = getSlots({ ...empty, service: { ...empty.service, slotAlignment: 'fixed' } });
        const restart = getSlots({ ...empty, service: { ...empty.service, slotAlignment: 'restart' } });
        expect(restart).toEqual(fixed);
      }),
      RUNS,
    );
  });

  it('daily caps hold: no offered slot on a local day that already has the cap', () => {
    fc.assert(
      fc.property(scenario, ({ input }) => {
        const cap = input.service.maxBookingsPerDay;
        if (cap === null) return;
        const zone = input.providers[0]!.timeZone;
        const perDay = new Map<string, number>();
        for (const b of input.bookings) if (b.serviceId === 'svc') perDay.set(localDate(b.start, zone), (perDay.get(localDate(b.start, zone)) ?? 0) + 1);
        const overCap = getSlots(input)
          .map((s) => ({ start: iso(s.start), date: localDate(s.start, zone) }))
          .filter(({ date }) => (perDay.get(date) ?? 0) >= cap);
        expect(overCap, `slots on local days with ${cap} bookings already`).toEqual([]);
      }),
      RUNS,
    );
  });
});

describe('ZoneCalendar agrees with the exact Intl conversions', () => {
  it('finds a transition exactly even when its span starts off a whole second (regression)', () => {
    // Found by fast-check: a span from …001 ms put Auckland's September 2026 transition 1 ms late, so the
    // nonexistent 02:00 resolved to an instant.
    const t = 1790424000001;
    const cal = new ZoneCalendar('Pacific/Auckland', t - 40 * 86_400_000, t + 40 * 86_400_000);
    expect(cal.toInstant(localDate(t, 'Pacific/Auckland'), 120, 'skip')).toBeNull();
    expect(cal.offsetAt(Date.parse('2026-09-26T14:00:00Z'))).toBe(780);
    expect(cal.offsetAt(Date.parse('2026-09-26T13:59:59.999Z'))).toBe(720);
  });

  it('offsets, local dates and local → instant', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ZONES),
        fc.integer({ min: Date.parse('2026-01-01T00:00:00Z'), max: Date.parse('2027-01-01T00:00:00Z') }),
        fc.integer({ min: 0, max: 1439 }),
        (zone, t, minute) => {
          const cal = new ZoneCalendar(zone, t - 40 * 86_400_000, t + 40 * 86_400_000);
          expect(cal.offsetAt(t)).toBe(offsetMinutes(t, zone));
          expect(cal.localDateOf(t)).toBe(localDate(t, zone));
          const date = localDate(t, zone);
          expect(cal.toInstant(date, minute, 'skip')).toBe(localToInstant(date, minute, zone, 'skip'));
          expect(cal.toInstant(date, minute, 'next')).toBe(localToInstant(date, minute, zone, 'next'));
        },
      ),
      { numRuns: 2000 },
    );
  });
});
