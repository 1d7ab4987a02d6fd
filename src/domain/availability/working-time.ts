/**
 * A provider's working time over a span, in instants: weekly hours expanded day by day in the provider's
 * zone (a date override of kind 'hours' replaces that date's hours), plus 'open' overrides, minus 'block'
 * overrides. Also returns the *anchors* slots are aligned to: each local working window (slots step in
 * local wall-clock time from its start) and each 'open' override (slots step from its start instant).
 */
import { parseClock } from '../catalog/hours.ts';
import { ZoneCalendar } from '../time/zone-calendar.ts';
import { normalize, subtract } from './intervals.ts';
import { WEEKDAYS, type AvailabilityOverride, type AvailabilityProvider, type HourRange, type Interval } from './types.ts';

/** A local working window on one local day (days since 1970-01-01), minutes after local midnight. */
export type LocalWindow = { day: number; startMinute: number; endMinute: number };

const DAY = 86_400_000;

/** 'YYYY-MM-DD' → local day number. */
export function dayNumber(date: string): number {
  return Date.parse(`${date}T00:00:00Z`) / DAY;
}

export type WorkingTime = {
  /** Normalized working intervals, 'block' overrides removed. */
  open: Interval[];
  windows: LocalWindow[];
  openOverrides: Interval[];
};

/** "HH:MM" (validated when stored, see catalog/hours.ts) → minutes after local midnight. */
function hhmmToMinutes(hhmm: string): number {
  const minutes = parseClock(hhmm);
  if (minutes === null) throw new RangeError(`not HH:MM: ${hhmm}`);
  return minutes;
}

function windowsFor(ranges: HourRange[], day: number): LocalWindow[] {
  return ranges.map(([s, e]) => ({ day, startMinute: hhmmToMinutes(s), endMinute: hhmmToMinutes(e) }));
}

/**
 * Working time of `provider` for local days `firstDay`..`lastDay` (inclusive; see `dayNumber`), in its zone.
 * A window edge inside a DST gap moves to the transition (the first wall time that exists); an ambiguous
 * edge takes its first occurrence. So a 09:00–17:00 day is 8 real hours on both transition days, and an
 * 00:00–02:30 window on a 02:00→03:00 day ends at 03:00 (2 real hours).
 */
export function workingTime(
  provider: AvailabilityProvider,
  overrides: AvailabilityOverride[],
  cal: ZoneCalendar,
  firstDay: number,
  lastDay: number,
): WorkingTime {
  const dayHours = new Map<number, HourRange[]>();
  const blocks: Interval[] = [];
  const openOverrides: Interval[] = [];
  for (const o of overrides) {
    if (o.providerId !== provider.id) continue;
    if (o.kind === 'hours') dayHours.set(dayNumber(o.date), o.hours);
    else if (o.kind === 'block') blocks.push({ start: o.start, end: o.end });
    else openOverrides.push({ start: o.start, end: o.end });
  }
  const windows: LocalWindow[] = [];
  for (let day = firstDay; day <= lastDay; day++) {
    // Day 0 (1970-01-01) was a Thursday: (day + 3) % 7 is 0 for Monday.
    const ranges = dayHours.get(day) ?? provider.weeklyHours[WEEKDAYS[(((day + 3) % 7) + 7) % 7]!] ?? [];
    windows.push(...windowsFor(ranges, day));
  }
  const intervals: Interval[] = [...openOverrides];
  for (const w of windows) {
    const start = cal.wallToInstant(w.day * DAY + w.startMinute * 60_000, 'next')!;
    const end = cal.wallToInstant(w.day * DAY + w.endMinute * 60_000, 'next')!;
    if (end > start) intervals.push({ start, end });
  }
  const normBlocks = normalize(blocks);
  return { open: subtract(normalize(intervals), normBlocks), windows, openOverrides: subtract(normalize(openOverrides), normBlocks) };
}
