/**
 * "Needs action", from the existing admin APIs: bookings waiting for approval (`GET /v1/admin/bookings
 * ?status=pending`, each linking to its detail where approve / decline are), messages that failed
 * (`GET /v1/admin/messages?status=failed`, linking to their booking) and calendar connections that are not
 * healthy (`GET /v1/admin/connections`; a gateway without calendars answers 404 — nothing to show; each links
 * to the provider's calendars, where it can be synced or reconnected). Each
 * part loads on its own, so one failing does not hide the others.
 */
import type { AdminBooking } from '../../api/types.ts';
import { qs } from '../../api/client.ts';
import { Link } from '../../shared/link.tsx';
import { adminApi } from '../auth.ts';
import { preferredZone } from '../bookings/admin-zone.ts';
import { formatDateTime } from '../bookings/format.ts';
import { useCatalog } from '../bookings/use-catalog.ts';
import { useLoad } from '../bookings/use-load.ts';

const LIMIT = 50;

type FailedMessage = { id: string; bookingId: string | null; kind: string; channel: string; recipient: string; error: string | null; createdAt: string };
type Connection = { id: string; providerId: string; kind: string; status: string; displayName: string | null; lastError: string | null };

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

export function NeedsAction({ now }: { now: number }) {
  const zone = preferredZone();
  const { catalog } = useCatalog();
  const pendingQuery = qs({ status: 'pending', from: new Date(now).toISOString(), limit: LIMIT });
  const pending = useLoad(`pending${pendingQuery}`, (signal) => adminApi<{ bookings: AdminBooking[] }>(`/v1/admin/bookings${pendingQuery}`, { signal }));
  const failed = useLoad('failed', (signal) =>
    adminApi<{ messages: FailedMessage[] }>(`/v1/admin/messages${qs({ status: 'failed', limit: LIMIT })}`, { signal }),
  );
  const connections = useLoad('connections', (signal) =>
    adminApi<{ connections: Connection[] }>('/v1/admin/connections', { signal }).catch((err: unknown) => {
      if ((err as { status?: number }).status === 404) return { connections: [] as Connection[] };
      throw err;
    }),
  );
  const unhealthy = connections.data?.connections.filter((c) => c.status === 'unhealthy') ?? [];
  const count = (pending.data?.bookings.length ?? 0) + (failed.data?.messages.length ?? 0) + unhealthy.length;
  const loaded = pending.data && failed.data && connections.data;

  return (
    <section className="card needs-action" aria-labelledby="needs-action-title">
      <h2 id="needs-action-title">Needs action</h2>
      {loaded && count === 0 && <p className="muted">Nothing needs action.</p>}
      <Part title="Pending approvals" error={pending.error} items={pending.data?.bookings}>
        {(b: AdminBooking) => (
          <li key={b.id}>
            <Link href={`/admin/bookings/${encodeURIComponent(b.id)}`}>{b.customer.name}</Link>, {catalog?.services.get(b.serviceId)?.name ?? 'service'}{' '}
            {formatDateTime(Date.parse(b.start), zone)} —{' '}
            <Link href={`/admin/bookings/${encodeURIComponent(b.id)}#actions`} aria-label={`Approve or decline ${b.customer.name}`}>
              approve / decline
            </Link>
          </li>
        )}
      </Part>
      <Part title="Failed messages" error={failed.error} items={failed.data?.messages}>
        {(m: FailedMessage) => (
          <li key={m.id}>
            {m.kind} by {m.channel} to {m.recipient}
            {m.error ? `: ${m.error}` : ''}
            {m.bookingId && (
              <>
                {' '}
                — <Link href={`/admin/bookings/${encodeURIComponent(m.bookingId)}`}>booking</Link>
              </>
            )}
          </li>
        )}
      </Part>
      <Part title="Unhealthy calendars" error={connections.error} items={connections.data ? unhealthy : undefined}>
        {(c: Connection) => (
          <li key={c.id}>
            <Link href={`/admin/calendars?provider=${encodeURIComponent(c.providerId)}`}>
              {catalog?.providers.get(c.providerId)?.name ?? 'Provider'}: {c.displayName ?? c.kind}
            </Link>
            {c.lastError ? ` — ${c.lastError}` : ''}
          </li>
        )}
      </Part>
    </section>
  );
}

function Part<T>({ title, error, items, children }: { title: string; error: unknown; items: T[] | undefined; children: (item: T) => React.ReactNode }) {
  if (error != null)
    return (
      <p className="notice bad" role="alert">
        {title} could not be loaded: {message(error)}
      </p>
    );
  if (!items || items.length === 0) return null;
  return (
    <section aria-label={title}>
      <h3>
        {title} <span className="count">{items.length >= LIMIT ? `${LIMIT}+` : items.length}</span>
      </h3>
      <ul>{items.map(children)}</ul>
    </section>
  );
}
