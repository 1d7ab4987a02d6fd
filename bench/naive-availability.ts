/**
 * The baseline the benchmark compares against: the straightforward algorithm most booking systems ship —
 * every candidate slot converts its local time with `Intl` and scans every booking and busy block. Same
 * rules and the same answer as `getSlots` for the benchmark's data (checked by the benchmark), so the ratio
 * measures only the algorithm.
 */
import type { GetSlotsInput, Slot } from '../src/domain/availability/types.ts';
import { addDays, isoWeekday, localDate, localToInstant } from '../src/domain/time/zones.ts';

const WD = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
const MIN = 60_000;

export function naiveSlots(input: GetSlotsInput): Slot[] {
  const { service: s, range, now } = input;
  const from = Math.max(range.start, now + s.minimumNoticeMinutes * MIN);
  const to = Math.min(range.end, now + s.maximumAdvanceDays * 86_400_000);
  const step = s.slotIntervalMinutes ?? s.durationMinutes + s.bufferBeforeMinutes + s.bufferAfterMinutes;
  const all: Slot[] = [];
  for (const p of input.providers) {
    const last = localDate(to, p.timeZone);
    for (let date = addDays(localDate(from, p.timeZone), -1); date <= last; date = addDays(date, 1)) {
      for (const [a, b] of p.weeklyHours[WD[isoWeekday(date) - 1]!] ?? []) {
        const [sm, em] = [a, b].map((x) => Number(x.slice(0, 2)) * 60 + Number(x.slice(3))) as [number, number];
        const windowEnd = localToInstant(date, em, p.timeZone, 'next')!;
        for (let m = sm; m < em; m += step) {
          const start = localToInstant(date, m, p.timeZone, 'skip');
          if (start === null || start < from || start >= to) continue;
          const end = start + s.durationMinutes * MIN;
          if (end > windowEnd) continue;
          const needS = start - s.bufferBeforeMinutes * MIN;
          const needE = end + s.bufferAfterMinutes * MIN;
          const clash =
            input.bookings.some((x) => x.providerId === p.id && needS < x.blockedEnd && x.blockedStart < needE) ||
            input.busy.some((x) => x.providerId === p.id && needS < x.end && x.start < needE);
          // Rooms and equipment: each required pool needs that many units no use of which meets the window.
          const unitsOk = (s.requiredResources ?? []).every(
            (r) =>
              (input.resources?.units ?? []).filter(
                (u) => u.pool === r.pool && !input.resources!.busy.some((x) => x.resourceId === u.id && needS < x.end && x.start < needE),
              ).length >= r.count,
          );
          if (!clash && unitsOk) all.push({ start, end, providerId: p.id });
        }
      }
    }
  }
  // Any provider: first provider (in order) per start time — the benchmark's providers carry no load
  // differences that would change the pick, and the benchmark compares start times only.
  const seen = new Set<number>();
  return all.sort((x, y) => x.start - y.start).filter((x) => (seen.has(x.start) ? false : (seen.add(x.start), true)));
}
