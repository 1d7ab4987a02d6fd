/** A labelled select of IANA time zones (time-zones.ts), with the current offset name as a hint. */
import { useMemo } from 'react';
import { timeZoneOptions } from './time-zones.ts';
import { HintAndError, describedBy } from './ui.tsx';

export function TimeZoneSelect({ id, value, onChange, error }: { id: string; value: string; onChange: (v: string) => void; error?: string | undefined }) {
  const zones = useMemo(() => timeZoneOptions(value), [value]);
  const hint = useMemo(() => {
    try {
      const part = new Intl.DateTimeFormat('en', { timeZone: value, timeZoneName: 'longOffset' })
        .formatToParts(new Date())
        .find((p) => p.type === 'timeZoneName');
      return part ? `Now ${part.value}. Weekly hours and overrides are local times in this zone.` : undefined;
    } catch {
      return undefined;
    }
  }, [value]);
  return (
    <div className="field">
      <label htmlFor={id}>Time zone</label>
      <select {...describedBy({ id, hint, error })} value={value} onChange={(e) => onChange(e.target.value)}>
        {zones.map((z) => (
          <option key={z} value={z}>
            {z}
          </option>
        ))}
      </select>
      <HintAndError id={id} hint={hint} error={error} />
    </div>
  );
}
