/**
 * Admin bookings: week / day time grid and a filtered list. The whole screen state lives in the URL
 * query (bookings/query-state.ts), so reload, back / forward and shared links show the same thing;
 * times are shown in the admin's zone (switcher in the toolbar, remembered for the detail screen).
 */
import { useEffect } from 'react';
import { navigate, usePath } from '../../shared/router.ts';
import { adminApi } from '../auth.ts';
import { preferredZone, rememberZone } from '../bookings/admin-zone.ts';
import { BookingTable } from '../bookings/BookingTable.tsx';
import { CalendarGrid } from '../bookings/CalendarGrid.tsx';
import { Filters } from '../bookings/Filters.tsx';
import { problemText } from '../bookings/problem.ts';
import { adminListQuery, dateRangeInstants, formatBookingsQuery, listRange, parseBookingsQuery, type BookingsState } from '../bookings/query-state.ts';
import { Toolbar } from '../bookings/Toolbar.tsx';
import type { Booking } from '../bookings/types.ts';
import { useCatalog } from '../bookings/use-catalog.ts';
import { useLoad } from '../bookings/use-load.ts';
import { useNow } from '../bookings/use-now.ts';
import { viewDays, viewRange } from '../bookings/views.ts';
import { localDate } from '../bookings/zone.ts';
import '../bookings/bookings.css';

/** The API's page size; more than this in one range is reported, not silently cut. */
const LIMIT = 500;
const DAY_MS = 86_400_000;

export function BookingsPage() {
  const path = usePath();
  const search = path.includes('?') ? path.slice(path.indexOf('?')) : '';
  const state = parseBookingsQuery(search);
  const zone = state.zone ?? preferredZone();
  const now = useNow(60_000);
  const today = localDate(now, zone);
  const date = state.date ?? today;
  const { catalog, error: catalogError } = useCatalog();

  useEffect(() => {
    if (state.zone) rememberZone(state.zone);
  }, [state.zone]);

  const range = listRange(state, today);
  const instants = state.view === 'list' ? dateRangeInstants(range[0], range[1], zone) : viewRange(state.view, date, zone);
  // The API filters on the start time; the grid also shows bookings that began up to a day (the longest
  // service) before the range and reach into it, so the calendar asks from a day earlier.
  const fetchRange: [number, number] = state.view === 'list' ? instants : [instants[0] - DAY_MS, instants[1]];
  const apiQuery = adminListQuery(state, fetchRange, LIMIT);
  const { data, error, loading } = useLoad(apiQuery, (signal) => adminApi<{ bookings: Booking[] }>(`/v1/admin/bookings${apiQuery}`, { signal }));
  const bookings = (data?.bookings ?? []).filter((b) => Date.parse(b.end) > instants[0] || Date.parse(b.start) >= instants[0]);

  const change = (next: BookingsState) => navigate(`/admin/bookings${formatBookingsQuery(next)}`);
  const dayHref = (d: string) => `/admin/bookings${formatBookingsQuery({ ...state, view: 'day', date: d })}`;

  return (
    <div className="bk-page">
      <h1>Bookings</h1>
      <Toolbar state={state} date={date} zone={zone} today={today} onChange={change} />
      <div className="bk-layout">
        <aside className="bk-side">
          <Filters state={state} catalog={catalog} range={range} onChange={change} />
        </aside>
        <div className="bk-body" aria-busy={loading}>
          {(error != null || catalogError != null) && (
            <p className="notice bad" role="alert">
              Could not load bookings: {problemText(error ?? catalogError)}
            </p>
          )}
          {data && data.bookings.length >= LIMIT && (
            <p className="notice warn">Showing the first {LIMIT} bookings of this range; narrow the filters to see the rest.</p>
          )}
          {state.view === 'list' ? (
            data && bookings.length === 0 ? (
              <p className="notice">No bookings match these filters.</p>
            ) : (
              <BookingTable bookings={bookings} zone={zone} catalog={catalog} />
            )
          ) : (
            <>
              <CalendarGrid days={viewDays(state.view, date)} zone={zone} bookings={bookings} catalog={catalog} now={now} dayHref={dayHref} />
              {data && bookings.length === 0 && <p className="muted">No bookings {state.view === 'day' ? 'on this day' : 'this week'}.</p>}
            </>
          )}
          {loading && <p className="muted bk-small">Loading…</p>}
        </div>
      </div>
    </div>
  );
}
