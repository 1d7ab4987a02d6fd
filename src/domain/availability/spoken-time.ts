/**
 * How a voice agent says a time: "Tuesday 8 December at 10:30" (en), "Tuesday, December 8 at 10:30 AM"
 * (en-US), "Dienstag, 8. Dezember um 10:30" (de) — in the caller's zone, never the machine's. Built from
 * Intl's parts so the wording is ours and stable across ICU versions; an unknown language speaks English.
 */
type Parts = { weekday: string; day: string; month: string; hour: string; minute: string; dayPeriod?: string };

function partsOf(instantMs: number, timeZone: string, locale: string, hour12: boolean): Parts {
  const fmt = new Intl.DateTimeFormat(locale, {
    timeZone,
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    hour: hour12 ? 'numeric' : '2-digit',
    minute: '2-digit',
    hourCycle: hour12 ? 'h12' : 'h23',
  });
  const out: Record<string, string> = {};
  for (const p of fmt.formatToParts(instantMs)) if (p.type !== 'literal') out[p.type] = p.value;
  return out as Parts;
}

/** The language part of a tag ('de-AT' → 'de'); what this module has wording for, else 'en'. */
function language(locale: string): 'en' | 'de' {
  return locale.toLowerCase().startsWith('de') ? 'de' : 'en';
}

export function spokenLabel(instantMs: number, timeZone: string, locale = 'en'): string {
  if (language(locale) === 'de') {
    const p = partsOf(instantMs, timeZone, 'de-DE', false);
    return `${p.weekday}, ${p.day}. ${p.month} um ${p.hour}:${p.minute}`;
  }
  if (locale.toLowerCase() === 'en-us') {
    const p = partsOf(instantMs, timeZone, 'en-US', true);
    return `${p.weekday}, ${p.month} ${p.day} at ${p.hour}:${p.minute} ${(p.dayPeriod ?? '').toUpperCase()}`.trim();
  }
  const p = partsOf(instantMs, timeZone, 'en-GB', false);
  return `${p.weekday} ${p.day} ${p.month} at ${p.hour}:${p.minute}`;
}
