/**
 * The availability engine: which start times can a customer book?
 *
 * `getSlots` is pure (clock and data are arguments) and runs in O((n + m) log(n + m)) for n bookings and
 * busy blocks and m candidate slots: every source is turned into sorted intervals and swept once; no
 * candidate scans the bookings.
 *
 * Rules, in order, per provider (in the provider's IANA zone):
 *  1. working time = weekly hours day by day (or that date's 'hours' override) ∪ 'open' − 'block' overrides;
 *  2. candidates step from each window's local start at the slot interval in wall-clock time (a local
 *     start that does not exist is skipped; an ambiguous one is its first occurrence) and from each
 *     'open' override's start in real time; the default interval is duration + both buffers, so every
 *     offered slot can be booked next to its neighbours;
 *  3. a slot [start, start + duration) must lie inside working time and must not overlap any existing
 *     booking's blocked range (its own buffers) widened by this service's buffers, nor any busy block
 *     widened by this service's buffers;
 *  4. start ≥ now + minimum notice, start < now + maximum advance, start inside the requested range;
 *  5. daily / weekly caps count this service's live bookings of the provider per local day / ISO week.
 * With several providers ("any provider"), each start time is offered once, by the provider with the
 * fewest live bookings that local day (ties: the order of `providers`).
 */
import { ZoneCalendar } from '../time/zone-calendar.ts';
import { addDays, isoWeekday } from '../time/zones.ts';
import { clip, normalize, subtract } from './intervals.ts';
import type { AvailabilityProvider, ExistingBooking, GetSlotsInput, Interval, Slot } from './types.ts';
import { workingTime } from './working-time.ts';

const MINUTE = 60_000;
const DAY = 86_400_000;
/** Bookings are needed this far around the range to count weekly caps over full local weeks. */
export const CAPS_MARGIN_MS = 8 * DAY;

/** The span of bookings `getSlots` needs for `range` (blocking plus day/week caps). */
export function bookingFetchWindow(range: Interval): Interval {
  return { start: range.start - CAPS_MARGIN_MS, end: range.end + CAPS_MARGIN_MS };
}

type Candidate = { start: number; date: string };

export function getSlots(input: GetSlotsInput): Slot[] {
  const { service, now, range } = input;
  const from = Math.max(range.start, now + service.minimumNoticeMinutes * MINUTE);
  const to = Math.min(range.end, now + service.maximumAdvanceDays * DAY);
  if (to <= from || input.providers.length === 0) return [];

  const perProvider = input.providers.map((p) => providerSlots(input, p, from, to));
  if (perProvider.length === 1) return perProvider[0]!.slots;
  return pickFairly(perProvider);
}

type ProviderResult = { providerId: string; slots: Slot[]; loadOf: (start: number) => number };

function providerSlots(input: GetSlotsInput, provider: AvailabilityProvider, from: number, to: number): ProviderResult {
  const { service } = input;
  const cal = new ZoneCalendar(provider.timeZone, from - CAPS_MARGIN_MS, to + CAPS_MARGIN_MS);
  const firstDate = addDays(cal.localDateOf(from), -1);
  const lastDate = addDays(cal.localDateOf(to), 1);
  const work = workingTime(provider, input.overrides, cal, firstDate, lastDate);

  const before = service.bufferBeforeMinutes * MINUTE;
  const after = service.bufferAfterMinutes * MINUTE;
  const blocked: Interval[] = [];
  const bookings = input.bookings.filter((b) => b.providerId === provider.id);
  for (const b of bookings) blocked.push({ start: b.blockedStart - after, end: b.blockedEnd + before });
  for (const b of input.busy) if (b.providerId === provider.id) blocked.push({ start: b.start - after, end: b.end + before });
  const free = clip(subtract(work.open, normalize(blocked)), from - DAY, to + DAY);

  const duration = service.durationMinutes * MINUTE;
  const step = (service.slotIntervalMinutes ?? service.durationMinutes + service.bufferBeforeMinutes + service.bufferAfterMinutes) * MINUTE;
  const candidates = generateCandidates(work.windows, work.openOverrides, cal, step, from, to);

  const counts = countBookings(bookings, service.id, cal);
  const slots: Slot[] = [];
  let j = 0;
  for (const c of candidates) {
    const end = c.start + duration;
    while (j < free.length && free[j]!.end < end) j++;
    const f = free[j];
    if (!f || f.start > c.start || f.end < end) continue;
    if (service.maxBookingsPerDay !== null && (counts.day.get(c.date) ?? 0) >= service.maxBookingsPerDay) continue;
    if (service.maxBookingsPerWeek !== null && (counts.week.get(weekOf(c.date)) ?? 0) >= service.maxBookingsPerWeek) continue;
    slots.push({ start: c.start, end, providerId: provider.id });
  }
  return { providerId: provider.id, slots, loadOf: (start) => counts.load.get(cal.localDateOf(start)) ?? 0 };
}

/** Candidate starts in [from, to), sorted and unique. */
function generateCandidates(
  windows: { date: string; startMinute: number; endMinute: number }[],
  openOverrides: Interval[],
  cal: ZoneCalendar,
  step: number,
  from: number,
  to: number,
): Candidate[] {
  const out: Candidate[] = [];
  const stepMinutes = step / MINUTE;
  for (const w of windows) {
    const [y, m, d] = w.date.split('-').map(Number) as [number, number, number];
    const midnightWall = Date.UTC(y, m - 1, d);
    for (let minute = w.startMinute; minute < w.endMinute; minute += stepMinutes) {
      const start = cal.wallToInstant(midnightWall + minute * MINUTE, 'skip');
      if (start !== null && start >= from && start < to) out.push({ start, date: w.date });
    }
  }
  for (const o of openOverrides) {
    for (let start = o.start; start < o.end; start += step) {
      if (start >= from && start < to) out.push({ start, date: cal.localDateOf(start) });
    }
  }
  out.sort((a, b) => a.start - b.start);
  return out.filter((c, i) => i === 0 || c.start !== out[i - 1]!.start);
}

function weekOf(date: string): string {
  return addDays(date, 1 - isoWeekday(date));
}

/** Live bookings per local day and ISO week (this service only) and per day (all services: load). */
function countBookings(bookings: ExistingBooking[], serviceId: string, cal: ZoneCalendar) {
  const day = new Map<string, number>();
  const week = new Map<string, number>();
  const load = new Map<string, number>();
  for (const b of bookings) {
    const date = cal.localDateOf(b.start);
    load.set(date, (load.get(date) ?? 0) + 1);
    if (b.serviceId !== serviceId) continue;
    day.set(date, (day.get(date) ?? 0) + 1);
    const w = weekOf(date);
    week.set(w, (week.get(w) ?? 0) + 1);
  }
  return { day, week, load };
}

/** One slot per start time: the least-loaded provider that day wins; ties keep the providers' order. */
function pickFairly(results: ProviderResult[]): Slot[] {
  const best = new Map<number, { slot: Slot; load: number; rank: number }>();
  results.forEach((r, rank) => {
    for (const slot of r.slots) {
      const load = r.loadOf(slot.start);
      const cur = best.get(slot.start);
      if (!cur || load < cur.load || (load === cur.load && rank < cur.rank)) best.set(slot.start, { slot, load, rank });
    }
  });
  return [...best.values()].map((b) => b.slot).sort((a, b) => a.start - b.start);
}
