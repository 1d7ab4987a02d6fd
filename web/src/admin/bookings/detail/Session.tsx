/**
 * A group class attendee's session: "Seat 3 of 12 in this session · 9 taken" and the other attendees,
 * each a link to their booking. Loads the session's bookings (same service and provider, same start).
 */
import type { Service } from '../../../api/types.ts';
import { Link } from '../../../shared/link.tsx';
import { adminApi } from '../../auth.ts';
import { problemText } from '../problem.ts';
import { seatOf, seatText } from '../sessions.ts';
import { statusLabel } from '../status.ts';
import type { Booking } from '../types.ts';
import { useLoad } from '../use-load.ts';

export function SessionAttendees({ b, service }: { b: Booking; service: Service }) {
  const start = Date.parse(b.start);
  const query = new URLSearchParams({
    serviceId: b.serviceId,
    providerId: b.providerId,
    from: new Date(start).toISOString(),
    to: new Date(start + 60_000).toISOString(),
    limit: '500',
  }).toString();
  // Keyed on the booking's version too, so an action on it (cancel frees its seat) reloads the session.
  const { data, error } = useLoad(`${query}#${b.id}@${b.version}`, (signal) => adminApi<{ bookings: Booking[] }>(`/v1/admin/bookings?${query}`, { signal }));
  const place = data ? seatOf(b, data.bookings, service.seats) : null;
  return (
    <section className="card bk-section" aria-labelledby="bk-session">
      <h2 id="bk-session">Group session</h2>
      {error != null && <p className="notice warn">Could not load the session: {problemText(error)}</p>}
      {!place ? (
        !error && <p className="muted">Loading…</p>
      ) : (
        <>
          <p data-testid="seat">{seatText(place, b.status)}</p>
          {place.others.length === 0 ? (
            <p className="muted">No other attendees.</p>
          ) : (
            <ol className="bk-attendees" aria-label="Other attendees">
              {place.others.map((o) => (
                <li key={o.id}>
                  <Link href={`/admin/bookings/${o.id}`}>{o.customer.name}</Link>{' '}
                  {o.status !== 'confirmed' && <span className={`badge ${o.status}`}>{statusLabel(o.status)}</span>}
                </li>
              ))}
            </ol>
          )}
        </>
      )}
    </section>
  );
}
