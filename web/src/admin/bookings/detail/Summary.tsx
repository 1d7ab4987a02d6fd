/**
 * The booking's facts: when (in the admin's zone and, when known and different, the customer's),
 * service, provider (with their zone), the rooms and equipment it holds, customer, channel, intake answers
 * under their field labels.
 */
import type { Provider, Service } from '../../../api/types.ts';
import { Link } from '../../../shared/link.tsx';
import { intakeRows } from '../describe.ts';
import { formatDateTime, formatSpan } from '../format.ts';
import type { BookingDetail } from '../types.ts';

type Props = { b: BookingDetail; zone: string; service: Service | undefined; provider: Provider | undefined };

export function Summary({ b, zone, service, provider }: Props) {
  const start = Date.parse(b.start);
  const end = Date.parse(b.end);
  const customerZone = b.customer.timeZone;
  const intake = intakeRows(b.intake, service?.intakeFields ?? []);
  return (
    <section className="card bk-section" aria-labelledby="bk-summary">
      <h2 id="bk-summary">Appointment</h2>
      <dl className="bk-facts">
        <dt>Time (yours)</dt>
        <dd data-testid="time-admin">{formatSpan(start, end, zone)}</dd>
        {customerZone && customerZone !== zone && (
          <>
            <dt>Time (customer's)</dt>
            <dd data-testid="time-customer">{formatSpan(start, end, customerZone)}</dd>
          </>
        )}
        {provider && provider.timeZone !== zone && provider.timeZone !== customerZone && (
          <>
            <dt>Time (provider's)</dt>
            <dd>{formatSpan(start, end, provider.timeZone)}</dd>
          </>
        )}
        <dt>Service</dt>
        <dd>{service ? `${service.name} (${service.durationMinutes} min)` : b.serviceId}</dd>
        <dt>Provider</dt>
        <dd>{provider ? `${provider.name} (${provider.timeZone})` : b.providerId}</dd>
        {b.resources && b.resources.length > 0 && (
          <>
            <dt>Room &amp; equipment</dt>
            <dd data-testid="resources">
              {b.resources.map((r, i) => (
                <span key={r.id}>
                  {i > 0 && ', '}
                  <Link href={`/admin/resources/${r.id}`}>{r.name}</Link>
                </span>
              ))}
            </dd>
          </>
        )}
        <dt>Customer</dt>
        <dd>
          {b.customer.name}
          {b.customer.email && (
            <>
              {' · '}
              <a href={`mailto:${b.customer.email}`}>{b.customer.email}</a>
            </>
          )}
          {b.customer.phone && (
            <>
              {' · '}
              <a href={`tel:${b.customer.phone}`}>{b.customer.phone}</a>
            </>
          )}
          {customerZone && <span className="muted"> · {customerZone}</span>}
        </dd>
        <dt>Booked via</dt>
        <dd>
          {b.channel} on {formatDateTime(Date.parse(b.createdAt), zone)}
        </dd>
        {b.holdExpiresAt && b.status === 'held' && (
          <>
            <dt>Hold expires</dt>
            <dd>{formatDateTime(Date.parse(b.holdExpiresAt), zone)}</dd>
          </>
        )}
        {b.attendance && (
          <>
            <dt>Attendance</dt>
            <dd>{b.attendance.replace('_', ' ')}</dd>
          </>
        )}
        {b.cancelReason && (
          <>
            <dt>Reason</dt>
            <dd>{b.cancelReason}</dd>
          </>
        )}
        <dt>Version</dt>
        <dd>{b.version}</dd>
      </dl>
      <h3>Intake answers</h3>
      {intake.length === 0 ? (
        <p className="muted">None.</p>
      ) : (
        <dl className="bk-facts" aria-label="Intake answers">
          {intake.map((r) => (
            <div key={r.key} className="bk-fact">
              <dt>{r.label}</dt>
              <dd>{r.value}</dd>
            </div>
          ))}
        </dl>
      )}
    </section>
  );
}
