/**
 * Time zones as people look for them, pure apart from Intl (no data files): each IANA zone with its city
 * ("New York"), its generic long name in the page's language and in English ("Eastern Time") and its GMT
 * offset AT A GIVEN INSTANT (the day being viewed, never the machine's now: a zone's offset depends on the
 * date). `searchZones` ranks them for a typed query; pinned zones (the detected one, the business's) come first.
 */
export type ZoneEntry = {
  zone: string;
  city: string;
  /** "Central European Time", in the page's language (the English one is searchable too). */
  name: string;
  /** "GMT+01:00" at the instant ("GMT+00:00" for UTC itself). */
  offset: string;
  /** "Berlin — Central European Time (GMT+01:00)". */
  label: string;
  /** Lower-case text the search runs over. */
  haystack: string;
};

/** "America/Argentina/Buenos_Aires" → "Buenos Aires"; "UTC" → "UTC". */
export const zoneCity = (zone: string): string => zone.slice(zone.lastIndexOf('/') + 1).replace(/_/g, ' ');

function zonePart(zone: string, at: number, locale: string | undefined, style: 'longGeneric' | 'longOffset'): string {
  try {
    return new Intl.DateTimeFormat(locale, { timeZone: zone, timeZoneName: style }).formatToParts(at).find((p) => p.type === 'timeZoneName')?.value ?? '';
  } catch {
    return '';
  }
}

/** Folds case, accents and separators, so "são paulo", "Sao_Paulo" and "SAO PAULO" meet. */
export const fold = (s: string): string =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[_/]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();

/** "GMT+01:00" → ["gmt+1", "gmt+01", "gmt+01:00", "utc+1", "utc+01:00", "+1", "+01:00"]: how people type it. */
function offsetForms(offset: string): string[] {
  const m = /^GMT([+-])(\d{2}):(\d{2})$/.exec(offset);
  if (!m) return [];
  const [, sign, hh, mm] = m as unknown as [string, string, string, string];
  const short = `${sign}${Number(hh)}${mm === '00' ? '' : `:${mm}`}`;
  const long = `${sign}${hh}:${mm}`;
  return [`gmt${short}`, `gmt${sign}${hh}`, `gmt${long}`, `utc${short}`, `utc${long}`, short, long];
}

export function zoneEntry(zone: string, at: number, locale?: string): ZoneEntry {
  const city = zoneCity(zone);
  const name = zonePart(zone, at, locale, 'longGeneric');
  const english = locale && !locale.startsWith('en') ? zonePart(zone, at, 'en', 'longGeneric') : '';
  // UTC itself is 'GMT' in some engines, 'GMT+00:00' in others: one form.
  const offset = (zonePart(zone, at, 'en', 'longOffset') || 'GMT').replace(/^GMT$/, 'GMT+00:00');
  const label = `${city} — ${name && name !== offset ? `${name} (${offset})` : offset}`;
  const haystack = fold([zone, city, name, english, ...offsetForms(offset)].join(' | '));
  return { zone, city, name, offset, label, haystack };
}

/**
 * Rank of an entry for a folded query, lower is better, null = no match: the city itself (0), the city's start
 * or whole words of the text (1; an offset such as "gmt+1" only so, never "gmt+10"), a word starting with the
 * query (2), anywhere (3).
 */
export function matchRank(e: ZoneEntry, q: string): number | null {
  if (!q) return 3;
  const city = fold(e.city);
  if (city === q) return 0;
  if (city.startsWith(q) || ` ${e.haystack} `.includes(` ${q} `)) return 1;
  if (/^(gmt|utc)?[+-]\d/.test(q)) return null; // an offset matches whole only
  const at = e.haystack.indexOf(q);
  if (at < 0) return null;
  return /[\s|(+-]/.test(e.haystack[at - 1] ?? ' ') ? 2 : 3;
}

/** The entries matching `query`, best first; pinned zones first among equals, then by city. */
export function searchZones(entries: readonly ZoneEntry[], query: string, pinned: readonly string[] = []): ZoneEntry[] {
  const q = fold(query);
  const pin = (z: string) => {
    const i = pinned.indexOf(z);
    return i < 0 ? pinned.length : i;
  };
  return entries
    .map((e) => ({ e, r: matchRank(e, q) }))
    .filter((x): x is { e: ZoneEntry; r: number } => x.r !== null)
    .sort((a, b) => a.r - b.r || pin(a.e.zone) - pin(b.e.zone) || a.e.city.localeCompare(b.e.city) || a.e.zone.localeCompare(b.e.zone))
    .map((x) => x.e);
}

/** Every zone Intl knows, plus UTC and the given extras (a stored zone this browser may not list). */
export function allZones(extra: readonly (string | undefined)[] = []): string[] {
  let list: string[] = [];
  try {
    list = Intl.supportedValuesOf('timeZone');
  } catch {
    /* old engines: only the extras */
  }
  return [...new Set([...list, 'UTC', ...extra.filter((z): z is string => !!z)])];
}
