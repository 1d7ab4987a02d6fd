/**
 * Admin bookings: week / day time grid and a filtered list. The whole screen state lives in the URL
 * query (bookings/query-state.ts), so reload, back / forward and shared links show the same thing;
 * times are shown in the admin's zone (switcher in the toolbar, remembered for the detail screen).
 * Phones open on the day view (an explicit `view=` wins). The calendar views also load the shown
 * providers' date overrides (the filtered provider, else every active one) to shade working hours and
 * hatch blocks; that is computed on the client from provider data (bookings/working-hours.ts). The
 * front desk's bar (frontdesk/BookingsActions.tsx) adds "New booking", the customer search and the CSV
 * export of what the filters select.
 */
import { useEffect } from 'react';
import { navigate, usePath } from '../../shared/router.ts';
import { adminApi } from '../auth.ts';
import { preferredZone, rememberZone } from '../bookings/admin-zone.ts';
import { BookingTable } from '../bookings/BookingTable.tsx';
import { CalendarGrid, type ProviderSchedule } from '../bookings/CalendarGrid.tsx';
import type { Override } from '../../api/types.ts';
import { Filters } from '../bookings/Filters.tsx';
import { problemText } from '../bookings/problem.ts';
import { adminListQuery, dateRangeInstants, formatBookingsQuery, listRange, parseBookingsQuery, type BookingsState } from '../bookings/query-state.ts';
import { Toolbar } from '../bookings/Toolbar.tsx';
import { BookingsActions } from '../frontdesk/BookingsActions.tsx';
import type { Booking } from '../bookings/types.ts';
import { useCatalog } from '../bookings/use-catalog.ts';
import { useLoad } from '../bookings/use-load.ts';
import { useNow } from '../bookings/use-now.ts';
import { viewDays, viewRange } from '../bookings/views.ts';
import { usePhone } from '../bookings/use-phone.ts';
import { blockIntervals, workingIntervals } from '../bookings/working-hours.ts';
import { addDays, localDate } from '../bookings/zone.ts';
import '../bookings/bookings.css';

/** The API's page size; more than this in one range is reported, not silently cut. */
const LIMIT = 500;
const DAY_MS = 86_400_000;

export function BookingsPage() {
  const path = usePath();
  const search = path.includes('?') ? path.slice(path.indexOf('?')) : '';
  const defaultView = usePhone() ? 'day' : 'week';
  const state = parseBookingsQuery(search, defaultView);
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

  const change = (next: BookingsState) => navigate(`/admin/bookings${formatBookingsQuery(next, defaultView)}`);
  const dayHref = (d: string) => `/admin/bookings${formatBookingsQuery({ ...state, view: 'day', date: d }, defaultView)}`;

  // The shown providers' overrides over the view (local dates of each provider's zone, a day either side).
  const shown =
    catalog && state.view !== 'list' ? [...catalog.providers.values()].filter((p) => (state.providerId ? p.id === state.providerId : p.active)) : [];
  const overridesKey = shown.length ? `overrides|${shown.map((p) => p.id).join()}|${instants.join()}` : null;
  const overrides = useLoad(overridesKey, (signal) =>
    Promise.all(
      shown.map((p) =>
        adminApi<{ overrides: Override[] }>(
          `/v1/admin/providers/${p.id}/overrides?from=${addDays(localDate(instants[0], p.timeZone), -1)}&to=${addDays(localDate(instants[1], p.timeZone), 1)}`,
          { signal },
        ).then((r) => [p.id, r.overrides] as const),
      ),
    ).then((pairs) => new Map(pairs)),
  );
  const schedules: ProviderSchedule[] = shown.map((p) => {
    const list = overrides.data?.get(p.id) ?? [];
    return { id: p.id, name: p.name, working: workingIntervals(p, list, instants[0], instants[1]), blocks: blockIntervals(list, instants[0], instants[1]) };
  });

  return (
    <div className="bk-page">
      <h1>Bookings</h1>
      <BookingsActions
        state={state}
        onChange={change}
        exportPath={`/v1/admin/bookings.csv${adminListQuery(state, instants, null)}&timeZone=${encodeURIComponent(zone)}`}
      />
      <Toolbar state={state} date={date} zone={zone} today={today} onChange={change} defaultView={defaultView} />
      <div className="bk-layout">
        <aside className="bk-side">
          <Filters state={state} catalog={catalog} range={range} onChange={change} defaultView={defaultView} />
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
              <p className="notice">{state.q ? `No bookings of a customer matching “${state.q}” with these filters.` : 'No bookings match these filters.'}</p>
            ) : (
              <BookingTable bookings={bookings} zone={zone} catalog={catalog} />
            )
          ) : (
            <>
              <CalendarGrid
                days={viewDays(state.view, date)}
                zone={zone}
                bookings={bookings}
                catalog={catalog}
                now={now}
                dayHref={dayHref}
                schedules={schedules}
              />
              {data && bookings.length === 0 && <p className="muted">No bookings {state.view === 'day' ? 'on this day' : 'this week'}.</p>}
            </>
          )}
          {loading && <p className="muted bk-small">Loading…</p>}
        </div>
      </div>
    </div>
  );
}
