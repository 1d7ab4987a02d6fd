/**
 * Local wall-clock time → UTC instant (with the DST rules of zones.ts) and instant → ISO-8601 with offset.
 * Split from zones.ts (which re-exports both) so a page importing zones.ts for local dates only — the
 * booking widget — does not carry them; the admin imports them from here.
 */
import { offsetMinutes, parseLocalDate } from './zones.ts';

/**
 * The UTC instant of local `date` + `minutes` (0..1440; 1440 = next midnight) in `zone`.
 * Ambiguous → first occurrence. Nonexistent → null with `'skip'`, or the transition instant with `'next'`.
 */
export function localToInstant(date: string, minutes: number, zone: string, resolve: 'skip' | 'next'): number | null {
  const [y, m, d] = parseLocalDate(date);
  const wallAsUtc = Date.UTC(y, m - 1, d, 0, minutes);
  // Candidate offsets: those in force a day before and a day after cover any single transition.
  const before = offsetMinutes(wallAsUtc - 86_400_000, zone);
  const after = offsetMinutes(wallAsUtc + 86_400_000, zone);
  const candidates = [...new Set([before, after])]
    .map((off) => wallAsUtc - off * 60_000)
    .filter((t) => offsetMinutes(t, zone) * 60_000 === wallAsUtc - t)
    .sort((a, b) => a - b);
  if (candidates.length > 0) return candidates[0]!;
  // Also try the offset at the naive instant itself (zones with more than one change within two days).
  const own = wallAsUtc - offsetMinutes(wallAsUtc, zone) * 60_000;
  if (offsetMinutes(own, zone) * 60_000 === wallAsUtc - own) return own;
  if (resolve === 'skip') return null;
  // In a gap: the transition lies in (wall − after, wall − before]; bisect to the second.
  let lo = wallAsUtc - after * 60_000;
  let hi = wallAsUtc - before * 60_000;
  while (hi - lo > 1000) {
    const mid = lo + Math.floor((hi - lo) / 2000) * 1000;
    if (offsetMinutes(mid, zone) === before) lo = mid;
    else hi = mid;
  }
  return hi;
}

/** ISO-8601 with the zone's offset at that instant, e.g. '2026-03-29T09:00:00+02:00'. */
export function formatInZone(instantMs: number, zone: string): string {
  const off = offsetMinutes(instantMs, zone);
  const local = new Date(instantMs + off * 60_000).toISOString().slice(0, 19);
  const sign = off < 0 ? '-' : '+';
  const abs = Math.abs(off);
  return `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}
