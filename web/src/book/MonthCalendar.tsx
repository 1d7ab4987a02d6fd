/**
 * A month grid of days (WAI-ARIA date grid): days with slots are enabled; one tab stop (roving
 * tabindex) that arrow keys, Home/End and PageUp/PageDown move, Enter/Space (or a click) picks.
 * Unavailable days stay focusable with aria-disabled so the keyboard can walk over them.
 */
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { addMonths, monthGrid, monthOf, moveFocus, tabStop } from './calendar-model.ts';
import { formatLocalDate, formatMonth, weekdayNames } from './format.ts';
import './calendar.css';
import { t } from '../shared/i18n/en-book.ts';

export type MonthCalendarProps = {
  month: string;
  /** Months before this one cannot be shown (the current month in the customer's zone). */
  minMonth: string;
  onMonthChange: (month: string) => void;
  enabled: ReadonlySet<string>;
  selected: string | null;
  onSelect: (date: string) => void;
  loading?: boolean;
  locale?: string | undefined;
};

export function MonthCalendar({ month, minMonth, onMonthChange, enabled, selected, onSelect, loading, locale }: MonthCalendarProps) {
  const [focused, setFocused] = useState<string | null>(null);
  const moved = useRef(false);
  const grid = useRef<HTMLTableElement>(null);
  const stop = tabStop(month, focused, selected, enabled);
  const title = formatMonth(month, locale);

  // After a keyboard move, focus follows (also into a newly shown month, once it has rendered).
  useEffect(() => {
    if (!moved.current || !focused) return;
    const el = grid.current?.querySelector<HTMLButtonElement>(`[data-date="${focused}"]`);
    if (el) {
      el.focus();
      moved.current = false;
    }
  });

  const onKey = (e: KeyboardEvent, date: string) => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      if (enabled.has(date)) onSelect(date);
      return;
    }
    let next = moveFocus(date, e.key);
    if (!next) return;
    e.preventDefault();
    if (monthOf(next) < minMonth) next = `${minMonth}-01`;
    moved.current = true;
    setFocused(next);
    if (monthOf(next) !== month) onMonthChange(monthOf(next));
  };

  return (
    <div className="sf-cal">
      <div className="sf-cal-head">
        <button type="button" aria-label={t('prevMonth')} disabled={month <= minMonth} onClick={() => onMonthChange(addMonths(month, -1))}>
          ‹
        </button>
        <h3 id={`sf-cal-${month}`} aria-live="polite">
          {title}
        </h3>
        <button type="button" aria-label={t('nextMonth')} onClick={() => onMonthChange(addMonths(month, 1))}>
          ›
        </button>
      </div>
      <table role="grid" ref={grid} aria-labelledby={`sf-cal-${month}`} aria-busy={loading || undefined}>
        <thead>
          <tr>
            {weekdayNames(locale).map((d) => (
              <th key={d} scope="col" abbr={d}>
                {d}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {monthGrid(month).map((week) => (
            <tr key={week[0]!.date}>
              {week.map(({ date, inMonth }) => {
                if (!inMonth) return <td key={date} />;
                const on = enabled.has(date);
                const picked = date === selected;
                return (
                  <td key={date} role="gridcell" aria-selected={picked}>
                    <button
                      type="button"
                      data-date={date}
                      className={on ? 'on' : undefined}
                      tabIndex={date === stop ? 0 : -1}
                      aria-disabled={!on || undefined}
                      aria-pressed={picked}
                      aria-label={on ? formatLocalDate(date, locale) : t('dayFull', { day: formatLocalDate(date, locale) })}
                      onClick={() => on && onSelect(date)}
                      onKeyDown={(e) => onKey(e, date)}
                      onFocus={() => setFocused(date)}
                    >
                      {Number(date.slice(8))}
                    </button>
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
