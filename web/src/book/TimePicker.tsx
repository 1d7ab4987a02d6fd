/**
 * Month calendar + the chosen day's slot list + zone select: the one time picker of the widget and of
 * the manage page's reschedule. Starts at the current month in `zone` and, when that month has no
 * slot at all on first load, moves on to the next month once (late in a month).
 */
import { useEffect, useRef, useState } from 'react';
import type { Slot } from '../api/types.ts';
import { localDate } from '../../../src/domain/time/zones.ts';
import { monthOf } from './calendar-model.ts';
import { MonthCalendar } from './MonthCalendar.tsx';
import { SlotList } from './SlotList.tsx';
import { useMonthSlots } from './useMonthSlots.ts';
import { ZoneSelect } from './ZoneSelect.tsx';
import { t } from '../shared/i18n/en-book.ts';

export type TimePickerProps = {
  serviceId: string;
  providerId?: string | undefined;
  zone: string;
  onZoneChange: (zone: string) => void;
  selected: Slot | null;
  onSelect: (slot: Slot) => void;
  /** The day to show first (the URL's `date`), when no slot is selected. */
  day?: string | undefined;
  /** Told each shown day (null: none, e.g. a month without times), so the widget's URL can keep it. */
  onDayChange?: ((day: string | null) => void) | undefined;
  /** Bump to refetch (after a lost race); the shown month and day stay. */
  reloadKey?: number;
  locale?: string | undefined;
  /** Where the slots come from, when not GET /v1/availability (see useMonthSlots). */
  source?: string | undefined;
};

export function TimePicker(props: TimePickerProps) {
  const { serviceId, providerId, zone, onZoneChange, selected, onSelect, reloadKey = 0, locale, source, onDayChange } = props;
  const today = localDate(Date.now(), zone);
  const first = selected ? localDate(Date.parse(selected.start), zone) : props.day;
  const [month, setMonth] = useState(() => monthOf(first ?? today));
  const [day, setDay] = useState<string | null>(() => first ?? null);
  useEffect(() => {
    onDayChange?.(day);
  }, [day]); // eslint-disable-line react-hooks/exhaustive-deps
  const slots = useMonthSlots({ serviceId, providerId, zone, month, today, reloadKey, source });
  const advanced = useRef(false);
  const byDay = slots.state === 'ready' ? slots.byDay : null;

  useEffect(() => {
    if (!byDay) return;
    if (byDay.size === 0 && !advanced.current && month === monthOf(today)) {
      advanced.current = true;
      const [y, m] = month.split('-').map(Number) as [number, number];
      setMonth(m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`);
      return;
    }
    advanced.current = true;
    // Keep the chosen day while it is in the shown month; otherwise the first day with times.
    if (!day || monthOf(day) !== month) setDay([...byDay.keys()][0] ?? null);
  }, [byDay]); // eslint-disable-line react-hooks/exhaustive-deps

  const enabled = new Set(byDay ? byDay.keys() : []);
  return (
    <div className="sf-picker">
      <ZoneSelect zone={zone} onChange={onZoneChange} at={selected ? Date.parse(selected.start) : Date.parse(`${day ?? today}T12:00:00Z`)} locale={locale} />
      <div className="sf-picker-grid">
        <MonthCalendar
          month={month}
          minMonth={monthOf(today)}
          onMonthChange={(m) => {
            setMonth(m);
            setDay(null);
          }}
          enabled={enabled}
          selected={day}
          onSelect={setDay}
          loading={slots.state === 'loading'}
          locale={locale}
        />
        <div aria-live="polite">
          {slots.state === 'error' ? (
            <p className="notice bad" role="alert">
              {slots.problem.message}
            </p>
          ) : slots.state === 'loading' ? (
            <p className="muted">{t('loadingTimes')}</p>
          ) : day ? (
            <SlotList day={day} slots={byDay?.get(day) ?? []} zone={zone} selected={selected} onSelect={onSelect} locale={locale} />
          ) : (
            <p className="muted">{t('noTimesMonth')}</p>
          )}
        </div>
      </div>
    </div>
  );
}
