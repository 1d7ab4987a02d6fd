/**
 * The admin dashboard's first page: what is coming (today's and tomorrow's appointments, in the admin's
 * zone) and what needs action (pending approvals, failed messages, unhealthy calendars), then the last
 * 30 days from `GET /v1/admin/stats` in the browser's zone — headline totals and one chart per figure
 * (bookings per day, booking success rate, no-show rate, average time to confirmation, reminder delivery
 * rate).
 */
import { useEffect, useState } from 'react';
import { qs } from '../../api/client.ts';
import { adminApi } from '../auth.ts';
import { Headline } from '../overview/Headline.tsx';
import { overviewSeries } from '../overview/series.ts';
import type { AdminStats } from '../overview/stats-types.ts';
import { TimeSeriesChart } from '../overview/TimeSeriesChart.tsx';
import { NeedsAction } from '../overview/NeedsAction.tsx';
import { Upcoming } from '../overview/Upcoming.tsx';
import { useNow } from '../bookings/use-now.ts';
import { Link } from '../../shared/link.tsx';
import '../overview/overview.css';
import '../frontdesk/frontdesk.css';

const DAYS = 30;

type State = { kind: 'loading' } | { kind: 'error'; message: string } | { kind: 'ready'; stats: AdminStats };

export function OverviewPage() {
  const [state, setState] = useState<State>({ kind: 'loading' });
  const now = useNow(60_000);
  useEffect(() => {
    let live = true;
    const timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    adminApi<AdminStats>(`/v1/admin/stats${qs({ days: DAYS, timeZone })}`).then(
      (stats) => live && setState({ kind: 'ready', stats }),
      (err: Error) => live && setState({ kind: 'error', message: err.message }),
    );
    return () => {
      live = false;
    };
  }, []);

  return (
    <div className="overview">
      <div className="fd-title-row">
        <h1>Overview</h1>
        <Link href="/admin/bookings/new" className="fd-button">
          New booking
        </Link>
      </div>
      <div className="overview-top">
        <Upcoming now={now} />
        <NeedsAction now={now} />
      </div>
      {state.kind === 'loading' && <p className="muted">Loading the last {DAYS} days…</p>}
      {state.kind === 'error' && (
        <p className="notice bad" role="alert">
          The figures could not be loaded: {state.message}
        </p>
      )}
      {state.kind === 'ready' && (
        <>
          <Headline totals={state.stats.totals} days={state.stats.days.length} from={state.stats.from} to={state.stats.to} timeZone={state.stats.timeZone} />
          <section aria-labelledby="charts-title">
            <h2 id="charts-title" className="visually-hidden">
              Charts, per day ({state.stats.from} to {state.stats.to}, {state.stats.timeZone})
            </h2>
            <div className="charts">
              {overviewSeries(state.stats).map((s) => (
                <TimeSeriesChart key={s.id} series={s} />
              ))}
            </div>
          </section>
        </>
      )}
    </div>
  );
}
