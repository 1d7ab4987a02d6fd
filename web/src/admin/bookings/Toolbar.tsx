/**
 * The bookings page's top bar: view switch (Week / Day / List, links so they work with the keyboard
 * and open in a new tab), prev / today / next for the calendar views with the range's title, and the
 * zone switcher. Everything it changes goes into the URL through `onChange`.
 */
import { Link } from '../../shared/link.tsx';
import { formatRangeTitle } from './format.ts';
import { formatBookingsQuery, type BookingsState, type PageView } from './query-state.ts';
import { shiftDate, viewDays } from './views.ts';
import { zoneOptions } from './admin-zone.ts';

type Props = {
  state: BookingsState;
  /** The calendar's anchor date and zone with defaults filled in. */
  date: string;
  zone: string;
  today: string;
  onChange: (next: BookingsState) => void;
  /** The view an absent `view=` means (day on phones). */
  defaultView?: PageView;
};

const VIEWS: { view: PageView; label: string }[] = [
  { view: 'week', label: 'Week' },
  { view: 'day', label: 'Day' },
  { view: 'list', label: 'List' },
];

export function Toolbar({ state, date, zone, today, onChange, defaultView = 'week' }: Props) {
  const view = state.view === 'list' ? null : state.view;
  const href = (s: BookingsState) => `/admin/bookings${formatBookingsQuery(s, defaultView)}`;
  const go = (d: string) => onChange({ ...state, date: d === today ? undefined : d });
  return (
    <div className="bk-toolbar">
      <nav className="bk-views" aria-label="Bookings view">
        {VIEWS.map((v) => (
          <Link key={v.view} href={href({ ...state, view: v.view })} aria-current={state.view === v.view ? 'page' : undefined}>
            {v.label}
          </Link>
        ))}
      </nav>
      {view && (
        <div className="bk-nav row" role="group" aria-label="Dates">
          <button type="button" onClick={() => go(shiftDate(view, date, -1))} aria-label={view === 'day' ? 'Previous day' : 'Previous week'}>
            ‹
          </button>
          <button type="button" onClick={() => go(today)} disabled={viewDays(view, date).includes(today)}>
            Today
          </button>
          <button type="button" onClick={() => go(shiftDate(view, date, 1))} aria-label={view === 'day' ? 'Next day' : 'Next week'}>
            ›
          </button>
          <h2 className="bk-range-title" aria-live="polite">
            {formatRangeTitle(viewDays(view, date))}
          </h2>
        </div>
      )}
      <div className="bk-zone">
        <label htmlFor="bk-zone">Time zone</label>
        <select id="bk-zone" value={zone} onChange={(e) => onChange({ ...state, zone: e.target.value })}>
          {zoneOptions(zone).map((z) => (
            <option key={z} value={z}>
              {z}
            </option>
          ))}
        </select>
      </div>
    </div>
  );
}
