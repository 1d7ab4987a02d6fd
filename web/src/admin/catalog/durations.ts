/**
 * Friendly durations for minute fields ("24 h", "2 h 30 min", "3 d", "90 min"): reminder offsets and
 * notice windows are typed and shown this way, and sent as whole minutes.
 *
 * Contract of `parseDuration`:
 * - One or more `<number><unit>` parts, units m/min/mins/minute(s), h/hr/hrs/hour(s), d/day(s),
 *   w/wk/week(s), case-insensitive, spaces optional ("1h30m", "1 h 30 min", "1.5 h" = 90).
 * - A bare "0" is 0 (no notice); any other bare number is refused — "30" could mean minutes or hours.
 * - The total must be a whole number of minutes within [min, max].
 * `formatDuration` is its inverse on whole minutes: days when they divide evenly and exceed 2 days,
 * hours up to 48 h ("24 h", not "1 d": reminders are thought of in hours), else "h min" / "min".
 */
const UNIT_MINUTES: Record<string, number> = {
  m: 1,
  min: 1,
  mins: 1,
  minute: 1,
  minutes: 1,
  h: 60,
  hr: 60,
  hrs: 60,
  hour: 60,
  hours: 60,
  d: 1440,
  day: 1440,
  days: 1440,
  w: 10080,
  wk: 10080,
  week: 10080,
  weeks: 10080,
};

export type DurationResult = { ok: true; minutes: number } | { ok: false; message: string };

export function parseDuration(text: string, bounds: { min?: number; max?: number } = {}): DurationResult {
  const min = bounds.min ?? 0;
  const max = bounds.max ?? Number.MAX_SAFE_INTEGER;
  const s = text.trim().toLowerCase();
  if (s === '') return { ok: false, message: 'enter a duration, e.g. 2 h' };
  let minutes: number;
  if (/^0+$/.test(s)) minutes = 0;
  else {
    const part = /(\d+(?:[.,]\d+)?)\s*([a-z]+)\s*/gy;
    let total = 0;
    let end = 0;
    for (let m = part.exec(s); m; m = part.exec(s)) {
      const unit = UNIT_MINUTES[m[2]!];
      if (unit === undefined) return { ok: false, message: `unknown unit "${m[2]}"; use min, h, d or w` };
      total += Number(m[1]!.replace(',', '.')) * unit;
      end = part.lastIndex;
    }
    if (end !== s.length || end === 0) {
      return { ok: false, message: /^\d+([.,]\d+)?$/.test(s) ? 'add a unit, e.g. "30 min" or "2 h"' : 'not a duration; write e.g. "24 h", "90 min" or "2 d"' };
    }
    if (!Number.isInteger(Math.round(total * 1e6) / 1e6)) return { ok: false, message: 'must come to whole minutes' };
    minutes = Math.round(total);
  }
  if (minutes < min) return { ok: false, message: `must be at least ${formatDuration(min)}` };
  if (minutes > max) return { ok: false, message: `must be at most ${formatDuration(max)}` };
  return { ok: true, minutes };
}

export function formatDuration(minutes: number): string {
  if (minutes === 0) return '0';
  if (minutes % 1440 === 0 && minutes > 2880) return `${minutes / 1440} d`;
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (h === 0) return `${m} min`;
  if (m === 0) return `${h} h`;
  return `${h} h ${m} min`;
}
