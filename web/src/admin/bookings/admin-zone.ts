/**
 * The admin's display zone: chosen in the bookings page's zone switcher (also kept in its URL as `tz`),
 * remembered in localStorage so the detail screen and the next visit use it; by default the browser's.
 */
import { isValidZone } from './zone.ts';

const KEY = 'slotflow.adminZone';

export function browserZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

export function preferredZone(): string {
  try {
    const z = localStorage.getItem(KEY);
    if (z && isValidZone(z)) return z;
  } catch {
    // storage blocked: fall back to the browser's zone
  }
  return browserZone();
}

export function rememberZone(zone: string): void {
  try {
    localStorage.setItem(KEY, zone);
  } catch {
    // not remembered; the URL still carries it
  }
}

/** Every IANA zone the browser knows, plus UTC and `current`, sorted. */
export function zoneOptions(current: string): string[] {
  let all: string[];
  try {
    all = Intl.supportedValuesOf('timeZone');
  } catch {
    all = [];
  }
  return [...new Set([...all, 'UTC', current])].sort();
}
