/**
 * Group sessions (a service with seats > 1) in the widget's words, pure: the seats left on a time
 * button, the service's "Group class · 12 seats" line, and what the confirmation says.
 */
import { t } from '../shared/i18n/en-book.ts';

/** "1 seat left", "3 seats left"; null when the slot is not a group session's. */
export function seatsLeftText(seatsLeft: number | undefined): string | null {
  if (seatsLeft === undefined) return null;
  return t('seatsLeft', { n: seatsLeft });
}

/** "Group class · 12 seats" for a group service, null for one-to-one. */
export function groupClassText(seats: number | undefined): string | null {
  return seats !== undefined && seats > 1 ? t('groupClass', { n: seats }) : null;
}

/** The service line of the widget's later steps: "Yoga · 60 min · Group class · 12 seats". */
export function serviceLine(s: { name: string; durationMinutes: number; seats?: number }): string {
  const group = groupClassText(s.seats);
  return `${s.name} · ${t('minutes', { n: s.durationMinutes })}${group ? ` · ${group}` : ''}`;
}
