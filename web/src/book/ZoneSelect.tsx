/** "Times shown in" select over Intl.supportedValuesOf('timeZone'). */
import { useMemo } from 'react';
import { environmentZones, zoneOptions } from './zone.ts';
import { t } from '../shared/i18n/en-book.ts';

export function ZoneSelect({ zone, onChange }: { zone: string; onChange: (zone: string) => void }) {
  const options = useMemo(() => zoneOptions(environmentZones().supported, zone), [zone]);
  return (
    <div className="field sf-zone">
      <label htmlFor="sf-zone">{t('timeZone')}</label>
      <select id="sf-zone" value={zone} onChange={(e) => onChange(e.target.value)}>
        {options.map((z) => (
          <option key={z} value={z}>
            {z.replace(/_/g, ' ')}
          </option>
        ))}
      </select>
    </div>
  );
}
