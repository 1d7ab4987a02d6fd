/**
 * The list view: bookings as a table, soonest first, times in the admin's zone; each row links to its
 * detail. The customer cell shows their e-mail and phone (what the front desk's search matches); the
 * service cell also names the rooms and equipment a booking holds.
 */
import { Link } from '../../shared/link.tsx';
import { unitNames } from '../catalog/resource-form.ts';
import { formatDateTime, formatTime } from './format.ts';
import { statusLabel } from './status.ts';
import type { Booking } from './types.ts';
import type { Catalog } from './use-catalog.ts';

export function BookingTable({ bookings, zone, catalog }: { bookings: Booking[]; zone: string; catalog: Catalog | undefined }) {
  return (
    <div className="bk-table-scroll">
      <table className="bk-table">
        <caption className="visually-hidden">Bookings, times in {zone}</caption>
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">Customer</th>
            <th scope="col">Service</th>
            <th scope="col">Provider</th>
            <th scope="col">Status</th>
          </tr>
        </thead>
        <tbody>
          {bookings.map((b) => (
            <tr key={b.id} data-booking-id={b.id}>
              <td>
                <Link href={`/admin/bookings/${b.id}`}>
                  {formatDateTime(Date.parse(b.start), zone)}–{formatTime(Date.parse(b.end), zone)}
                </Link>
              </td>
              <td>
                {b.customer.name}
                {b.customer.email && <div className="muted bk-small">{b.customer.email}</div>}
                {b.customer.phone && <div className="muted bk-small">{b.customer.phone}</div>}
              </td>
              <td>
                {catalog?.services.get(b.serviceId)?.name ?? '—'}
                {unitNames(b.resources) && <div className="muted bk-small">{unitNames(b.resources)}</div>}
              </td>
              <td>{catalog?.providers.get(b.providerId)?.name ?? '—'}</td>
              <td>
                <span className={`badge ${b.status}`}>{statusLabel(b.status)}</span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
