/**
 * Where bookings go in a day column of the time grid.
 *
 * Positions are *wall-clock* minutes in the admin's zone, so a 09:00 booking sits on the 09:00 line on
 * every day, DST days included: on a spring-forward day a booking across the gap is drawn over the hour
 * that never happens (taller than its real length), on a fall-back day the repeated hour's bookings share
 * the same rows — they then overlap and are put side by side like any overlap.
 *
 * Overlap: items are clustered (a cluster is a run of items that overlap each other transitively); inside
 * a cluster each item takes the first column free at its top, and every item of the cluster is drawn
 * `1/columns` wide. Overlap is judged on the drawn extent, which is at least `minMinutes` tall, so a
 * short booking never hides under its neighbour.
 */
import { dayBounds, wallClock } from './zone.ts';

export type Timed = { start: string; end: string };

export type Placed<T> = {
  item: T;
  /** Wall minutes from local midnight where the box begins / ends (0..1440). */
  top: number;
  bottom: number;
  /** 0-based column inside its overlap cluster, and how many columns the cluster has. */
  column: number;
  columns: number;
  /** The booking began the day before / goes on after this day. */
  continuesBefore: boolean;
  continuesAfter: boolean;
};

const DAY_MINUTES = 1440;

/** The items of local `date` in `zone`, positioned and assigned columns; items not touching the day are left out. */
export function layoutDay<T extends Timed>(items: readonly T[], date: string, zone: string, minMinutes = 15): Placed<T>[] {
  const [dayStart, dayEnd] = dayBounds(date, zone);
  const placed: Placed<T>[] = [];
  for (const item of items) {
    const start = Date.parse(item.start);
    const end = Date.parse(item.end);
    if (!(start < dayEnd && end > dayStart) && !(start === end && start >= dayStart && start < dayEnd)) continue;
    const continuesBefore = start < dayStart;
    const continuesAfter = end > dayEnd;
    let top = continuesBefore ? 0 : wallClock(start, zone).minutes;
    let bottom = continuesAfter || end === dayEnd ? DAY_MINUTES : wallClock(end, zone).minutes;
    bottom = Math.max(bottom, top + minMinutes);
    if (bottom > DAY_MINUTES) {
      bottom = DAY_MINUTES;
      top = Math.min(top, DAY_MINUTES - minMinutes);
    }
    placed.push({ item, top, bottom, column: 0, columns: 1, continuesBefore, continuesAfter });
  }
  assignColumns(placed);
  return placed;
}

/** Sets `column` / `columns` of each box (in place) so overlapping boxes sit side by side. */
export function assignColumns(boxes: { top: number; bottom: number; column: number; columns: number }[]): void {
  const order = [...boxes].sort((a, b) => a.top - b.top || b.bottom - a.bottom);
  let cluster: typeof order = [];
  let columnEnds: number[] = [];
  let clusterEnd = -Infinity;
  const close = () => {
    for (const b of cluster) b.columns = columnEnds.length;
    cluster = [];
    columnEnds = [];
  };
  for (const box of order) {
    if (box.top >= clusterEnd) close();
    let col = columnEnds.findIndex((end) => end <= box.top);
    if (col === -1) {
      col = columnEnds.length;
      columnEnds.push(box.bottom);
    } else columnEnds[col] = box.bottom;
    box.column = col;
    cluster.push(box);
    clusterEnd = cluster.length === 1 ? box.bottom : Math.max(clusterEnd, box.bottom);
  }
  close();
}

/**
 * The hours the grid shows: at least `fallback` (e.g. 07–19), widened to whole hours so every box and
 * the "now" line (wall minutes, when today is in view) are inside.
 */
export function hourRange(boxes: readonly { top: number; bottom: number }[], now: number | null, fallback: [number, number] = [7, 19]): [number, number] {
  let [from, to] = fallback;
  for (const b of boxes) {
    from = Math.min(from, Math.floor(b.top / 60));
    to = Math.max(to, Math.ceil(b.bottom / 60));
  }
  if (now !== null) {
    from = Math.min(from, Math.floor(now / 60));
    to = Math.max(to, Math.floor(now / 60) + 1);
  }
  return [Math.max(0, from), Math.min(24, to)];
}
