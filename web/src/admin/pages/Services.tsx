/** The services list: name, duration, providers, approval and state; each opens its editor. */
import type { Provider, Service } from '../../api/types.ts';
import { Link } from '../../shared/link.tsx';
import { adminApi } from '../auth.ts';
import { useLoad } from '../catalog/use-load.ts';
import { formatDuration } from '../catalog/durations.ts';
import '../catalog/catalog.css';

type Data = { services: Service[]; providers: Provider[] };

async function load(): Promise<Data> {
  const [s, p] = await Promise.all([adminApi<{ services: Service[] }>('/v1/admin/services'), adminApi<{ providers: Provider[] }>('/v1/admin/providers')]);
  return { services: s.services, providers: p.providers };
}

export function ServicesPage() {
  const { data, error, loading } = useLoad(load, []);
  const names = new Map((data?.providers ?? []).map((p) => [p.id, p.name]));
  return (
    <section className="cat-page" aria-labelledby="services-title">
      <div className="cat-title-row">
        <h1 id="services-title">Services</h1>
        <Link className="cat-button primary" href="/admin/services/new">
          New service
        </Link>
      </div>
      {error && (
        <p className="notice bad" role="alert">
          Could not load the services: {error.message}
        </p>
      )}
      {loading && !data && (
        <p className="muted" aria-live="polite">
          Loading…
        </p>
      )}
      {data && data.services.length === 0 && <p className="muted">No services yet. Create one to start taking bookings.</p>}
      {data && data.services.length > 0 && (
        <table className="cat-table">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Duration</th>
              <th scope="col">Providers</th>
              <th scope="col">Approval</th>
              <th scope="col">State</th>
            </tr>
          </thead>
          <tbody>
            {data.services.map((s) => (
              <tr key={s.id}>
                <td data-label="Name">
                  <Link href={`/admin/services/${s.id}`}>{s.name}</Link>
                </td>
                <td data-label="Duration">{formatDuration(s.durationMinutes)}</td>
                <td data-label="Providers">
                  {s.providerIds.length === 0 ? <span className="muted">none</span> : s.providerIds.map((id) => names.get(id) ?? 'unknown').join(', ')}
                </td>
                <td data-label="Approval">{s.requiresApproval ? 'required' : <span className="muted">no</span>}</td>
                <td data-label="State">
                  <span className={`badge ${s.active ? 'confirmed' : 'cancelled'}`}>{s.active ? 'active' : 'inactive'}</span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
