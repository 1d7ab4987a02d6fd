/** The manage page's deadlines (its own module: the booking widget's first load does not carry it). */
import { fmt } from '../book/format.ts';

/** A deadline instant with its zone: 'Mon, 7 Dec 2026, 10:30 (Europe/Berlin)'. */
export const formatInstant = (at: string, zone: string, locale?: string) =>
  `${fmt(locale, zone, { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', hour: 'numeric', minute: '2-digit' }).format(Date.parse(at))} (${zone.replace(/_/g, ' ')})`;
