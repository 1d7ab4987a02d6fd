/**
 * Which time zone the widget shows times in: the `tz` URL parameter (or the component's `timeZone`
 * prop) when Intl knows it, else the browser's own zone, else UTC. Pure: the detected zone and the
 * supported list are passed in.
 */
import { isValidTimeZone } from '../../../src/domain/time/zones.ts';

export function chooseZone(override: string | null | undefined, detected: string | undefined): string {
  if (override && isValidTimeZone(override)) return override;
  if (detected && isValidTimeZone(detected)) return detected;
  return 'UTC';
}

/**
 * The zone select's options: the supported list with the chosen zone (an alias such as 'UTC' may be missing) added,
 * sorted.
 */
export function zoneOptions(supported: readonly string[], chosen: string): string[] {
  return supported.includes(chosen) ? [...supported] : [...supported, chosen].sort();
}

/** The browser's zone and supported list (the few lines that touch the environment). */
export function environmentZones(): { detected: string | undefined; supported: string[] } {
  let supported: string[] = [];
  try {
    supported = Intl.supportedValuesOf('timeZone');
  } catch {
    /* old engines: the select then offers only the chosen zone */
  }
  return { detected: Intl.DateTimeFormat().resolvedOptions().timeZone, supported };
}
