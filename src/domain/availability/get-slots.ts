/**
 * The availability engine: which start times can a customer book?
 *
 * `getSlots` is pure (clock and data are arguments) and runs in O((n + m) log(n + m)) for n bookings and
 * busy blocks and m candidate slots: every source is turned into sorted intervals and swept once; no
 * candidate scans the bookings.
 *
 * Rules, in order, per provider (in the provider's IANA zone):
 *  1. working time = weekly hours day by day (or that date's 'hours' override) ∪ 'open' − 'block' overrides;
 *  2. candidates step at the slot interval in real minutes from each working window's start (a local start
 *     in a DST gap opens at the transition; an ambiguous one is its first occurrence, so the fall-back
 *     night's repeated hour is offered too) and from each 'open' override's start. With the default
 *     alignment ('restart') the grid also restarts where busy time ends inside a window: the end of a
 *     booking's blocked range or of a busy block (grown by this service's buffer before) or of a 'block'
 *     override is a start, and steps continue from there (Cal.com's rule: no dead gap after a short
 *     booking). 'fixed' keeps one grid per window, busy or not. An empty day has the same grid either way.
 *     The default interval is duration + both buffers, so every offered slot can be booked next to its
 *     neighbours;
 *  3. a slot [start, start + duration) must lie inside working time and must not overlap any existing
 *     booking's blocked range (its own buffers) widened by this service's buffers, nor any busy block
 *     widened by this service's buffers;
 *  4. start ≥ now + minimum notice, start < now + maximum advance, start inside the requested range;
 *  5. daily / weekly caps count this service's live bookings of the provider per local day / ISO week;
 *  6. a service that requires resources (rooms, equipment) needs, per required pool, that many units free
 *     for the slot's buffered window (resources.ts; the units are shared by every provider);
 *  7. a service with seats > 1 (group sessions): a session with attendees and free seats is offered at its
 *     start as if its own attendees did not hold the provider and its units (every other rule still applies),
 *     with `seatsLeft`; a full one is not; a new session is offered like a one-to-one slot, all seats left.
 *     With several providers an open session wins its start over a new one.
 * With several providers ("any provider"), each start time is offered once, by the provider with the
 * fewest live bookings that local day (ties: the order of `providers`).
 */
import { ZoneCalendar } from '../time/zone-calendar.ts';
import { blockedForSlots, bufferedWindow } from './buffers.ts';
import { clip, normalize, subtract } from './intervals.ts';
import { ResourceCalendar, resourcesFree } from './resources.ts';
import type { AvailabilityProvider, AvailabilityService, ExistingBooking, GetSlotsInput, Interval, Slot } from './types.ts';
import { workingTime, type WorkingTime } from './working-time.ts';

const MINUTE = 60_000;
const DAY = 86_400_000;
/** How far a slot and its buffers can reach past its start (or before it): duration + buffers ≤ 3 days. */
const REACH_MS = 3 * DAY;
/** Bookings are needed this far around the range to count weekly caps over full local weeks. */
export const CAPS_MARGIN_MS = 8 * DAY;

/**
 * The span of bookings and busy blocks `getSlots` needs for `range`: three days either side cover a
 * slot's duration and both buffers (≤ 1 day each); with day/week caps, whole local ISO weeks around the
 * range are needed.
 */
export function bookingFetchWindow(range: Interval, service: Pick<AvailabilityService, 'maxBookingsPerDay' | 'maxBookingsPerWeek'>): Interval {
  const margin = service.maxBookingsPerDay !== null || service.maxBookingsPerWeek !== null ? CAPS_MARGIN_MS : REACH_MS;
  return { start: range.start - margin, end: range.end + margin };
}

/** A candidate start and its provider-local day number. */
type Candidate = { start: number; day: number };

export function getSlots(input: GetSlotsInput): Slot[] {
  const seats = input.service.seats ?? 1;
  if (seats > 1) return sessionSlots(input, seats);
  const { service, now, range } = input;
  const from = Math.max(range.start, now + service.minimumNoticeMinutes * MINUTE);
  const to = Math.min(range.end, now + service.maximumAdvanceDays * DAY);
  if (to <= from || input.providers.length === 0) return [];

  const resourcesOk = resourceCheck(input);
  const perProvider = input.providers.map((p) => providerSlots(input, p, from, to, resourcesOk));
  if (perProvider.length === 1) return perProvider[0]!.slots;
  return pickFairly(perProvider);
}

/**
 * The slot starting exactly at `start`, if it can be booked now: free and on the service's grid. With the
 * 'restart' alignment a start on the window's own grid counts too — a time the customer was offered stays
 * bookable while it is free, even if a booking made elsewhere since has moved the restarted grid.
 */
export function slotAt(input: Omit<GetSlotsInput, 'range'>, start: number): Slot | undefined {
  const one = (service: AvailabilityService) => getSlots({ ...input, service, range: { start, end: start + 1 } }).find((s) => s.start === start);
  return one(input.service) ?? (input.service.slotAlignment === 'restart' ? one({ ...input.service, slotAlignment: 'fixed' }) : undefined);
}

/**
 * Why `start` has no slot (`slotAt` found none): `slot_unavailable` when it would be one were it not taken —
 * without the bookings and busy time it overlaps (buffers included) and without daily / weekly caps —
 * else `not_a_slot`: off the grid, outside working time, before the notice or beyond the advance window.
 */
export function whyNoSlot(input: Omit<GetSlotsInput, 'range'>, start: number): 'slot_unavailable' | 'not_a_slot' {
  const { service } = input;
  const need = bufferedWindow({ start, end: start + service.durationMinutes * MINUTE }, service);
  const clear = (i: Interval) => i.end <= need.start || i.start >= need.end;
  const untaken = {
    ...input,
    service: { ...service, maxBookingsPerDay: null, maxBookingsPerWeek: null },
    bookings: input.bookings.filter((b) => clear({ start: b.blockedStart, end: b.blockedEnd })),
    busy: input.busy.filter(clear),
    resources: input.resources && { units: input.resources.units, busy: input.resources.busy.filter(clear) },
  };
  return slotAt(untaken, start) ? 'slot_unavailable' : 'not_a_slot';
}

/** Rule 7: new sessions (every seat left) and sessions with attendees and free seats, one per start. */
function sessionSlots(input: GetSlotsInput, seats: number): Slot[] {
  const oneToOne = { ...input.service, seats: 1 };
  const byStart = new Map<number, Slot>();
  for (const slot of getSlots({ ...input, service: oneToOne })) byStart.set(slot.start, { ...slot, seatsLeft: seats });
  const providers = new Set(input.providers.map((p) => p.id));
  const sessions = (input.sessions ?? []).filter(
    (s) => s.taken < seats && providers.has(s.providerId) && s.start >= input.range.start && s.start < input.range.end,
  );
  for (const s of sessions.sort((a, b) => b.taken - a.taken)) {
    if (byStart.get(s.start)?.seatsLeft !== undefined && byStart.get(s.start)!.seatsLeft! < seats) continue; // a fuller one won
    const own = (i: { start: number; end: number }) => i.start === s.blockedStart && i.end === s.blockedEnd;
    const without = {
      ...input,
      service: oneToOne,
      providers: input.providers.filter((p) => p.id === s.providerId),
      bookings: input.bookings.filter((b) => !(b.providerId === s.providerId && own({ start: b.blockedStart, end: b.blockedEnd }))),
      busy: input.busy.filter((b) => !(b.providerId === s.providerId && own(b))),
      resources: input.resources && { units: input.resources.units, busy: input.resources.busy.filter((b) => !(s.unitIds.includes(b.resourceId) && own(b))) },
    };
    const slot = slotAt(without, s.start);
    if (slot) byStart.set(s.start, { ...slot, seatsLeft: seats - s.taken });
  }
  return [...byStart.values()].sort((a, b) => a.start - b.start);
}

type ProviderResult = { providerId: string; slots: Slot[]; loadOf: (start: number) => number };

/** Rule 6 as a test of one slot's start, or null when the service needs no resources. */
function resourceCheck(input: GetSlotsInput): ((start: number) => boolean) | null {
  const { service } = input;
  const required = service.requiredResources ?? [];
  if (required.length === 0) return null;
  const cal = new ResourceCalendar(input.resources ?? { units: [], busy: [] });
  const duration = service.durationMinutes * MINUTE;
  return (start) => resourcesFree(required, cal, bufferedWindow({ start, end: start + duration }, service));
}

function providerSlots(
  input: GetSlotsInput,
  provider: AvailabilityProvider,
  from: number,
  to: number,
  resourcesOk: ((start: number) => boolean) | null,
): ProviderResult {
  const { service } = input;
  const cal = new ZoneCalendar(provider.timeZone, from - CAPS_MARGIN_MS, to + CAPS_MARGIN_MS);
  const work = workingTime(provider, input.overrides, cal, cal.localDayOf(from) - 1, cal.localDayOf(to) + 1);

  const blocked: Interval[] = [];
  const bookings = input.bookings.filter((b) => b.providerId === provider.id);
  for (const b of bookings) blocked.push(blockedForSlots({ start: b.blockedStart, end: b.blockedEnd }, service));
  for (const b of input.busy) if (b.providerId === provider.id) blocked.push(blockedForSlots(b, service));
  const free = clip(subtract(work.open, normalize(blocked)), from - REACH_MS, to + REACH_MS);

  const duration = service.durationMinutes * MINUTE;
  const step = (service.slotIntervalMinutes ?? service.durationMinutes + service.bufferBeforeMinutes + service.bufferAfterMinutes) * MINUTE;
  const candidates = generateCandidates(anchorSegments(work, cal), service.slotAlignment === 'fixed' ? null : free, cal, step, from, to);

  const capped = service.maxBookingsPerDay !== null || service.maxBookingsPerWeek !== null;
  const counts = countBookings(bookings, service.id, cal, { caps: capped, load: input.providers.length > 1 && !input.loads });
  for (const l of input.loads ?? []) if (l.providerId === provider.id) counts.load.set(l.day, (counts.load.get(l.day) ?? 0) + l.count);
  const slots: Slot[] = [];
  let j = 0;
  for (const c of candidates) {
    const end = c.start + duration;
    while (j < free.length && free[j]!.end < end) j++;
    const f = free[j];
    if (!f || f.start > c.start || f.end < end) continue;
    if (service.maxBookingsPerDay !== null && (counts.day.get(c.day) ?? 0) >= service.maxBookingsPerDay) continue;
    if (service.maxBookingsPerWeek !== null && (counts.week.get(weekOf(c.day)) ?? 0) >= service.maxBookingsPerWeek) continue;
    if (resourcesOk && !resourcesOk(c.start)) continue;
    slots.push({ start: c.start, end, providerId: provider.id });
  }
  return { providerId: provider.id, slots, loadOf: (start) => counts.load.get(cal.localDayOf(start)) ?? 0 };
}

/**
 * Where grids start: each local working window as real instants (DST-gap edges at the transition), and each
 * 'open' override.
 */
function anchorSegments(work: WorkingTime, cal: ZoneCalendar): Interval[] {
  const segments: Interval[] = [...work.openOverrides];
  for (const w of work.windows) {
    const start = cal.wallToInstant(w.day * DAY + w.startMinute * MINUTE, 'next')!;
    const end = cal.wallToInstant(w.day * DAY + w.endMinute * MINUTE, 'next')!;
    if (end > start) segments.push({ start, end });
  }
  return segments.sort((a, b) => a.start - b.start);
}

/**
 * Candidate starts in [from, to), sorted and unique: from each segment's start in real `step`s while inside
 * it — or, given `free` (restart alignment), from the start of each free part of the segment. A candidate
 * is only a candidate: the caller checks that [start, start + duration) is free (it may run on into an
 * adjacent window).
 */
function generateCandidates(segments: Interval[], free: Interval[] | null, cal: ZoneCalendar, step: number, from: number, to: number): Candidate[] {
  const out: Candidate[] = [];
  const stepFrom = (start: number, end: number) => {
    // Skip whole steps before `from` instead of walking them (an 'open' override can be long).
    let t = start < from ? start + Math.ceil((from - start) / step) * step : start;
    for (; t < end && t < to; t += step) out.push({ start: t, day: cal.localDayOf(t) });
  };
  let k = 0;
  for (const seg of segments) {
    if (seg.end <= from || seg.start >= to) continue;
    if (!free) {
      stepFrom(seg.start, seg.end);
      continue;
    }
    while (k < free.length && free[k]!.end <= seg.start) k++;
    for (let i = k; i < free.length && free[i]!.start < seg.end; i++) stepFrom(Math.max(free[i]!.start, seg.start), Math.min(free[i]!.end, seg.end));
  }
  out.sort((a, b) => a.start - b.start);
  return out.filter((c, i) => i === 0 || c.start !== out[i - 1]!.start);
}

/** ISO week number of a local day number: weeks start on Monday (day 0, 1970-01-01, was a Thursday). */
function weekOf(day: number): number {
  return Math.floor((day + 3) / 7);
}

/**
 * Live bookings per local day and ISO week (this service only; only when the service has caps) and per
 * day over all services (the provider's load, only needed to pick among several providers).
 */
function countBookings(bookings: ExistingBooking[], serviceId: string, cal: ZoneCalendar, need: { caps: boolean; load: boolean }) {
  const day = new Map<number, number>();
  const week = new Map<number, number>();
  const load = new Map<number, number>();
  if (!need.caps && !need.load) return { day, week, load };
  for (const b of bookings) {
    const d = cal.localDayOf(b.start);
    if (need.load) load.set(d, (load.get(d) ?? 0) + 1);
    if (!need.caps || b.serviceId !== serviceId) continue;
    day.set(d, (day.get(d) ?? 0) + 1);
    const w = weekOf(d);
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
