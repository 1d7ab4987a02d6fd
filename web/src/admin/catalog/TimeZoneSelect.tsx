/**
 * The provider's time zone: the searchable ZoneCombobox (city, zone name, GMT offset), labels and offsets as
 * of now, with the offset named in the hint. A zone already stored stays offered even if this browser does
 * not list it, so opening a provider never silently changes its zone.
 */
import { lazy, Suspense, useMemo } from 'react';

// Lazy here too: the widget loads it lazily, and a static import from the admin makes the bundler split a
// runtime chunk into the widget's first load.
const ZoneCombobox = lazy(() => import('../../shared/ZoneCombobox.tsx'));
import { HintAndError } from './ui.tsx';

export function TimeZoneSelect({ id, value, onChange, error }: { id: string; value: string; onChange: (v: string) => void; error?: string | undefined }) {
  const now = useMemo(() => Date.now(), []);
  const hint = useMemo(() => {
    try {
      const part = new Intl.DateTimeFormat('en', { timeZone: value, timeZoneName: 'longOffset' }).formatToParts(now).find((p) => p.type === 'timeZoneName');
      return part ? `Now ${part.value}. Weekly hours and overrides are local times in this zone.` : undefined;
    } catch {
      return undefined;
    }
  }, [value, now]);
  const described = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div className="field">
      <label htmlFor={id}>Time zone</label>
      <Suspense fallback={<input id={id} readOnly value={value} />}>
        <ZoneCombobox id={id} value={value} onChange={onChange} at={now} locale="en" describedBy={described} invalid={!!error} />
      </Suspense>
      <HintAndError id={id} hint={hint} error={error} />
    </div>
  );
}
