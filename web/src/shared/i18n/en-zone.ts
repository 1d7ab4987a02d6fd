/**
 * English of the searchable time-zone field (ZoneCombobox, a lazy chunk of the widget and the admin): bundled
 * with it, not in the widget's first load. de.ts translates every key.
 */
import { translator } from './i18n.ts';

export const zone = {
  label: 'Time zone',
  noMatch: 'No time zone matches',
  detected: 'Your zone',
  business: 'Business zone',
};

export const t = translator('zone', zone);
