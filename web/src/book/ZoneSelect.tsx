/**
 * "Time zone" in the time picker: a plain field showing the zone until it is first focused or clicked, then the
 * searchable ZoneCombobox (a lazy chunk: the ~400 zones' names are not part of the widget's first load).
 */
import { lazy, Suspense, useState } from 'react';
import { t } from '../shared/i18n/en-book.ts';

const ZoneCombobox = lazy(() => import('../shared/ZoneCombobox.tsx'));

export function ZoneSelect(p: { zone: string; onChange: (zone: string) => void; at: number; locale?: string | undefined }) {
  const [live, setLive] = useState(false);
  const wake = () => setLive(true);
  const field = (
    <input id="sf-zone" type="text" role="combobox" aria-expanded={false} readOnly value={p.zone.replace(/_/g, ' ')} onFocus={wake} onPointerDown={wake} />
  );
  return (
    <div className="field sf-zone">
      <label htmlFor="sf-zone">{t('timeZone')}</label>
      {live ? (
        <Suspense fallback={field}>
          <ZoneCombobox id="sf-zone" value={p.zone} onChange={p.onChange} at={p.at} locale={p.locale} autoFocus />
        </Suspense>
      ) : (
        field
      )}
    </div>
  );
}
