/**
 * How the overview writes numbers (pure, locale-independent, so the charts' text alternative reads the
 * same everywhere): percentages, durations, counts, day labels and booking status badges. Missing values
 * (null: nothing to measure that day) are an em dash, never 0.
 */

export const MISSING = '—';

/** 0.6667 → '66.7%', 1 → '100%', 0.5 → '50%'; null → '—'. */
export function formatPercent(rate: number | null): string {
  if (rate === null || !Number.isFinite(rate)) return MISSING;
  const pct = Math.round(rate * 1000) / 10;
  return `${Number.isInteger(pct) ? pct.toFixed(0) : pct.toFixed(1)}%`;
}

/**
 * Seconds as the two largest units: 45 → '45 s', 200 → '3 min 20 s', 3900 → '1 h 5 min', 183600 →
 * '2 d 3 h'; zero parts are left out ('2 min'); rounded to whole seconds; null → '—'.
 */
export function formatDuration(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return MISSING;
  const s = Math.max(0, Math.round(seconds));
  const units: [string, number][] = [
    ['d', 86_400],
    ['h', 3600],
    ['min', 60],
    ['s', 1],
  ];
  const first = units.findIndex(([, size]) => s >= size);
  if (first === -1) return '0 s';
  const parts: string[] = [];
  let rest = s;
  for (const [name, size] of units.slice(first, first + 2)) {
    const n = Math.floor(rest / size);
    rest -= n * size;
    if (n > 0) parts.push(`${n} ${name}`);
  }
  return parts.join(' ');
}

/** Whole numbers with thousands separators: 12345 → '12,345'. */
export function formatCount(n: number): string {
  return String(Math.round(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** '2031-01-05' → 'Jan 5' (axis labels). */
export function formatDayShort(date: string): string {
  const [, m, d] = date.split('-').map(Number);
  return `${MONTHS[(m ?? 1) - 1]} ${d}`;
}

/** 'x of y' for a rate's table cell ('2 of 3'), so the text alternative says what a rate rests on. */
export function ofTotal(part: number, whole: number): string {
  return `${formatCount(part)} of ${formatCount(whole)}`;
}

/**
 * A booking status as badge class and label. The database says `rejected` where the API's documented
 * name is `declined`; both show as "declined" with the shared `.badge.declined` look.
 */
export function statusBadge(status: string): { className: string; label: string } {
  const s = status === 'rejected' ? 'declined' : status;
  return { className: `badge ${s}`, label: s.replace(/_/g, '-') };
}
