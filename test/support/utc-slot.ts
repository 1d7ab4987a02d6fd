/**
 * `hour`:00 UTC on the UTC date `days` after `from` (epoch ms): a slot of a UTC provider open 00:00–24:00
 * every day on a 30-minute grid. Safe at any instant: it lies between `days − 1` and `days + 1` days after
 * `from` (no DST in UTC, every weekday and month end open). Pass the file's load time as `from`, so one
 * test's repeated calls stay on the same date even when UTC midnight passes during the run.
 */
export function utcSlotIn(from: number, days: number, hour: number): string {
  const d = new Date(from + days * 86_400_000);
  d.setUTCHours(hour, 0, 0, 0);
  return d.toISOString();
}
