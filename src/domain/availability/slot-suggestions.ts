/**
 * Which free starts an agent offers (issue #15, find_slots / hold alternatives). Pure; zones are IANA names.
 *
 * - `suggestSlots` spreads the picks across days in the caller's zone — round-robin over the local dates,
 *   and within a date as far from that date's earlier picks as possible — so a caller hears Tuesday
 *   morning, Wednesday afternoon and Thursday rather than five times on one morning. Several providers
 *   free at one start count as one offer (the first provider in the input is kept).
 * - `nearestSlots` gives the starts closest to a wanted one (ties: the earlier first), sorted by start.
 * - Parts of the day by the slot's local start: morning [00:00, 12:00), afternoon [12:00, 17:00),
 *   evening [17:00, 24:00).
 */
import { localDate, localParts } from '../time/zones.ts';
import type { Slot } from './types.ts';

export const PART_OF_DAYS = ['morning', 'afternoon', 'evening'] as const;
export type PartOfDay = (typeof PART_OF_DAYS)[number];

/** Local hours [from, to) of each part of the day. */
export const PART_OF_DAY_BOUNDS: Record<PartOfDay, [number, number]> = { morning: [0, 12], afternoon: [12, 17], evening: [17, 24] };

export function inPartOfDay(startMs: number, timeZone: string, part: PartOfDay): boolean {
  const [from, to] = PART_OF_DAY_BOUNDS[part];
  const hour = localParts(startMs, timeZone).hour;
  return hour >= from && hour < to;
}

/** One slot per start (the first one in input order), sorted by start. */
function distinctStarts(slots: readonly Slot[]): Slot[] {
  const byStart = new Map<number, Slot>();
  for (const s of slots) if (!byStart.has(s.start)) byStart.set(s.start, s);
  return [...byStart.values()].sort((a, b) => a.start - b.start);
}

export function suggestSlots(slots: readonly Slot[], opts: { timeZone: string; partOfDay?: PartOfDay | undefined; limit: number }): Slot[] {
  const candidates = distinctStarts(opts.partOfDay ? slots.filter((s) => inPartOfDay(s.start, opts.timeZone, opts.partOfDay!)) : slots);
  const days = new Map<string, Slot[]>();
  for (const s of candidates) {
    const d = localDate(s.start, opts.timeZone);
    days.set(d, [...(days.get(d) ?? []), s]);
  }
  const picked = new Map<string, Slot[]>();
  const result: Slot[] = [];
  while (result.length < opts.limit) {
    let progress = false;
    for (const [day, free] of days) {
      if (result.length >= opts.limit) break;
      const mine = picked.get(day) ?? [];
      const remaining = free.filter((s) => !mine.includes(s));
      if (remaining.length === 0) continue;
      // The first pick of a day is its earliest; later ones are farthest from that day's picks.
      const next = mine.length === 0 ? remaining[0]! : remaining.reduce((best, s) => (distanceTo(s, mine) > distanceTo(best, mine) ? s : best), remaining[0]!);
      picked.set(day, [...mine, next]);
      result.push(next);
      progress = true;
    }
    if (!progress) break;
  }
  return result.sort((a, b) => a.start - b.start);
}

function distanceTo(slot: Slot, picks: readonly Slot[]): number {
  return Math.min(...picks.map((p) => Math.abs(p.start - slot.start)));
}

export function nearestSlots(slots: readonly Slot[], target: number, count: number): Slot[] {
  return distinctStarts(slots)
    .map((s) => ({ s, d: Math.abs(s.start - target) }))
    .sort((a, b) => a.d - b.d || a.s.start - b.s.start)
    .slice(0, Math.max(0, Math.floor(count)))
    .map((x) => x.s)
    .sort((a, b) => a.start - b.start);
}
