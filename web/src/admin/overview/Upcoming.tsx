/**
 * "Upcoming": today's and tomorrow's appointments in the admin's zone (the bookings screens' zone, else the
 * browser's), from `GET /v1/admin/bookings?from&to`, soonest first — time, service, provider, customer
 * (linking to the booking) and status. Names come from the services and providers lists; an unknown id
 * shows as is.
 */
import type { AdminBooking } from '../../api/types.ts';
import { qs } from '../../api/client.ts';
import { Link } from '../../shared/link.tsx';
import { adminApi } from '../auth.ts';
import { preferredZone } from '../bookings/admin-zone.ts';
import { formatTime } from '../bookings/format.ts';
import { hueOf, solidColour } from '../bookings/provider-colour.ts';
import { useCatalog } from '../bookings/use-catalog.ts';
import { useLoad } from '../bookings/use-load.ts';
import { addDays, dayBounds, localDate } from '../bookings/zone.ts';
import { statusBadge } from './format.ts';

export function Upcoming({ now }: { now: number }) {
  const zone = preferredZone();
  const today = localDate(now, zone);
  const days = [
    { date: today, title: 'Today' },
    { date: addDays(today, 1), title: 'Tomorrow' },
  ];
  const from = dayBounds(today, zone)[0];
  const to = dayBounds(days[1]!.date, zone)[1];
  const query = qs({ from: new Date(from).toISOString(), to: new Date(to).toISOString(), limit: 500 });
  const { data, error } = useLoad(`upcoming${query}`, (signal) => adminApi<{ bookings: AdminBooking[] }>(`/v1/admin/bookings${query}`, { signal }));
  const { catalog } = useCatalog();

  return (
    <section className="card upcoming" aria-labelledby="upcoming-title">
      <h2 id="upcoming-title">Upcoming</h2>
      {error != null && (
        <p className="notice bad" role="alert">
          The upcoming bookings could not be loaded: {error instanceof Error ? error.message : String(error)}
        </p>
      )}
      {!data && error == null && <p className="muted">Loading today’s and tomorrow’s bookings…</p>}
      {data &&
        days.map(({ date, title }) => {
          const [a, b] = dayBounds(date, zone);
          const list = data.bookings.filter((x) => Date.parse(x.start) >= a && Date.parse(x.start) < b);
          const headingId = `upcoming-${title.toLowerCase()}`;
          return (
            <section key={date} aria-labelledby={headingId} className="upcoming-day">
              <h3 id={headingId}>
                {title} <span className="muted">{date}</span>
              </h3>
              {list.length === 0 ? (
                <p className="muted">No bookings {title.toLowerCase()}.</p>
              ) : (
                <table>
                  <caption className="visually-hidden">
                    {title}’s bookings ({zone})
                  </caption>
                  <thead>
                    <tr>
                      <th scope="col">Time</th>
                      <th scope="col">Service</th>
                      <th scope="col">Provider</th>
                      <th scope="col">Customer</th>
                      <th scope="col">Status</th>
                    </tr>
                  </thead>
                  <tbody>
                    {list.map((x) => {
                      const badge = statusBadge(x.status);
                      const provider = catalog?.providers.get(x.providerId)?.name ?? x.providerId;
                      return (
                        <tr key={x.id}>
                          <td className="today-time">
                            <time dateTime={x.start}>
                              {formatTime(Date.parse(x.start), zone)}–{formatTime(Date.parse(x.end), zone)}
                            </time>
                          </td>
                          <td>{catalog?.services.get(x.serviceId)?.name ?? x.serviceId}</td>
                          <td>
                            <span className="swatch" style={{ background: solidColour(hueOf(catalog?.hues, x.providerId)) }} aria-hidden="true" />
                            {provider}
                          </td>
                          <td>
                            <Link href={`/admin/bookings/${encodeURIComponent(x.id)}`}>{x.customer.name}</Link>
                          </td>
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
        })}
      <p className="bk-small">
        <Link href="/admin/bookings">All bookings →</Link>
      </p>
    </section>
  );
}
