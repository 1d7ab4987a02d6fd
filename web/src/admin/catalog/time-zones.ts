/**
 * The time zones offered in the provider editor: every IANA zone the browser knows plus UTC (which
 * `Intl.supportedValuesOf` leaves out), and a zone already stored on a provider even if this browser
 * does not list it, so opening a provider never silently changes its zone.
 */
export function timeZoneOptions(current?: string): string[] {
  const zones = new Set<string>(typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : []);
  zones.add('UTC');
  if (current) zones.add(current);
  return [...zones].sort((a, b) => a.localeCompare(b));
}

/** The browser's own zone: the default for a new provider. */
export function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}
