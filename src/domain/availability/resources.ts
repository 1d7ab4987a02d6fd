/**
 * Resources (rooms, equipment) a service needs besides its provider — one home for the rule, used by the
 * availability engine (is a slot's time free in every required pool?) and by the reserve transaction
 * (which concrete units does a booking get?). Pure: units and their busy time are arguments.
 *
 * Rule: a slot needs, for each requirement {pool, count}, `count` distinct active units of that pool that
 * are free for the slot's buffered window [start − before, end + after) — the same range the booking will
 * hold on them (`booking_resources.blocked`), so what is offered is what the exclusion constraint accepts.
 * A unit is busy while a live booking holds it (that booking's blocked range) or while it is blocked
 * (maintenance). Among free units the reserve picks the one the booking held before (a reschedule keeps its
 * room when it can), then the least-booked that day, then by name.
 */
import { normalize } from './intervals.ts';
import type { Interval } from './types.ts';

export type ResourceRequirement = { pool: string; count: number };
export type ResourceUnit = { id: string; pool: string; name: string };
/** Time a unit cannot be given: a live booking's blocked range, or a block. */
export type ResourceBusy = { resourceId: string; start: number; end: number };
export type ResourceInputs = { units: ResourceUnit[]; busy: ResourceBusy[] };

/** The pools a set of requirements names, each once (order kept). */
export function requiredPools(requirements: readonly ResourceRequirement[]): string[] {
  return [...new Set(requirements.map((r) => r.pool))];
}

/** Units by pool with each unit's busy time merged and sorted, for many questions about one data set. */
export class ResourceCalendar {
  private readonly byPool = new Map<string, ResourceUnit[]>();
  private readonly busyOf = new Map<string, Interval[]>();

  constructor(inputs: ResourceInputs) {
    const raw = new Map<string, Interval[]>();
    for (const b of inputs.busy) {
      const list = raw.get(b.resourceId) ?? [];
      list.push({ start: b.start, end: b.end });
      raw.set(b.resourceId, list);
    }
    for (const u of [...inputs.units].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.id < b.id ? -1 : 1))) {
      const list = this.byPool.get(u.pool) ?? [];
      list.push(u);
      this.byPool.set(u.pool, list);
      this.busyOf.set(u.id, normalize(raw.get(u.id) ?? []));
    }
  }

  /** Whether `unitId` is free for all of `need` (binary search over its merged busy time). */
  isFree(unitId: string, need: Interval): boolean {
    const busy = this.busyOf.get(unitId);
    if (!busy) return false;
    let lo = 0;
    let hi = busy.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (busy[mid]!.end <= need.start) lo = mid + 1;
      else hi = mid;
    }
    return lo === busy.length || busy[lo]!.start >= need.end;
  }

  /** The pool's units free for `need`, in name order. */
  freeUnits(pool: string, need: Interval): ResourceUnit[] {
    return (this.byPool.get(pool) ?? []).filter((u) => this.isFree(u.id, need));
  }

  /** How many of the pool's units are free for `need`, stopping at `enough`. */
  countFree(pool: string, need: Interval, enough: number): number {
    let n = 0;
    for (const u of this.byPool.get(pool) ?? []) if (this.isFree(u.id, need) && ++n >= enough) break;
    return n;
  }
}

/** Whether every requirement has enough free units for `need`. */
export function resourcesFree(requirements: readonly ResourceRequirement[], cal: ResourceCalendar, need: Interval): boolean {
  return requirements.every((r) => cal.countFree(r.pool, need, r.count) >= r.count);
}

export type UnitChoice = { ok: true; units: ResourceUnit[] } | { ok: false; pool: string };

/**
 * The units a booking over `need` gets: per requirement, `count` free units — those in `prefer` (the units it
 * held before) first, then the least-booked that day (`loadOf`: the unit's live bookings that day), then by
 * name. `{ok: false, pool}` names the first pool short of free units.
 */
export function chooseUnits(
  requirements: readonly ResourceRequirement[],
  cal: ResourceCalendar,
  need: Interval,
  loadOf: (unitId: string) => number,
  prefer: ReadonlySet<string> = new Set(),
): UnitChoice {
  const chosen: ResourceUnit[] = [];
  for (const r of requirements) {
    const free = cal.freeUnits(r.pool, need).filter((u) => !chosen.some((c) => c.id === u.id));
    if (free.length < r.count) return { ok: false, pool: r.pool };
    const ranked = free
      .map((u, nameRank) => ({ u, load: loadOf(u.id), kept: prefer.has(u.id) ? 0 : 1, nameRank }))
      .sort((a, b) => a.kept - b.kept || a.load - b.load || a.nameRank - b.nameRank);
    chosen.push(...ranked.slice(0, r.count).map((x) => x.u));
  }
  return { ok: true, units: chosen };
}
