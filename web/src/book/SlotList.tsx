/**
 * The free start times of one day, as toggle buttons, in the customer's zone; a group session's time
 * also shows its seats left.
 */
import type { Slot } from '../api/types.ts';
import { formatLocalDate, formatTime } from './format.ts';
import { seatsLeftText } from './seats.ts';
import { sameSlot } from './slots-model.ts';
import { t } from '../shared/i18n/en-book.ts';

export function SlotList({
  day,
  slots,
  zone,
  selected,
  onSelect,
  locale,
}: {
  day: string;
  slots: Slot[];
  zone: string;
  selected: Slot | null;
  onSelect: (s: Slot) => void;
  locale?: string | undefined;
}) {
  const label = t('timesOn', { day: formatLocalDate(day, locale) });
  return (
    <div className="sf-slots" role="group" aria-label={label}>
      <h3>{formatLocalDate(day, locale)}</h3>
      {slots.length === 0 ? (
        <p className="muted">{t('noTimesDay')}</p>
      ) : (
        <ul>
          {slots.map((s) => {
            const seats = seatsLeftText(s.seatsLeft);
            return (
              <li key={s.start + s.providerId}>
                <button type="button" aria-pressed={sameSlot(s, selected)} onClick={() => onSelect(s)} className={seats ? 'sf-slot-seats' : undefined}>
                  {formatTime(s.start, zone, locale)}
                  {seats && <span className="sf-seats">{seats}</span>}
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
