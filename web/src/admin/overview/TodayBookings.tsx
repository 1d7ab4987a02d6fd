/**
 * Today's appointments in the browser's zone (`GET /v1/admin/bookings?from&to`), soonest first: time,
 * customer (linking to the booking), service and status. Service names come from the services list; an
 * unknown id shows as is.
 */
import { useEffect, useState } from 'react';
import type { AdminBooking, Service } from '../../api/types.ts';
import { qs } from '../../api/client.ts';
import { Link } from '../../shared/link.tsx';
import { adminApi } from '../auth.ts';
import { statusBadge } from './format.ts';
import { todayRange } from './today-range.ts';

type State = { kind: 'loading' } | { kind: 'error'; message: string } | { kind: 'ready'; bookings: AdminBooking[]; services: Map<string, string> };

const time = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });

export function TodayBookings() {
  const [state, setState] = useState<State>({ kind: 'loading' });
  useEffect(() => {
    let live = true;
    const { from, to } = todayRange(new Date());
    Promise.all([
      adminApi<{ bookings: AdminBooking[] }>(`/v1/admin/bookings${qs({ from, to, limit: 500 })}`),
      adminApi<{ services: Service[] }>('/v1/admin/services').catch(() => ({ services: [] as Service[] })),
    ]).then(
      ([b, s]) => live && setState({ kind: 'ready', bookings: b.bookings, services: new Map(s.services.map((x) => [x.id, x.name])) }),
      (err: Error) => live && setState({ kind: 'error', message: err.message }),
    );
    return () => {
      live = false;
    };
  }, []);

  return (
    <section className="card today" aria-labelledby="today-title">
      <h2 id="today-title">Today</h2>
      {state.kind === 'loading' && <p className="muted">Loading today’s bookings…</p>}
      {state.kind === 'error' && (
        <p className="notice bad" role="alert">
          Today’s bookings could not be loaded: {state.message}
        </p>
      )}
      {state.kind === 'ready' && state.bookings.length === 0 && <p className="muted">No bookings today.</p>}
      {state.kind === 'ready' && state.bookings.length > 0 && (
        <table>
          <caption className="visually-hidden">Today’s bookings</caption>
          <thead>
            <tr>
              <th scope="col">Time</th>
              <th scope="col">Customer</th>
              <th scope="col">Service</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {state.bookings.map((b) => {
              const badge = statusBadge(b.status);
              return (
                <tr key={b.id}>
                  <td className="today-time">
                    <time dateTime={b.start}>{time.format(new Date(b.start))}</time>
                  </td>
                  <td>
                    <Link href={`/admin/bookings/${encodeURIComponent(b.id)}`}>{b.customer.name}</Link>
                  </td>
                  <td>{state.services.get(b.serviceId) ?? b.serviceId}</td>
                  <td>
                    <span className={badge.className}>{badge.label}</span>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}
