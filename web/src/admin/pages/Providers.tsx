/** The providers list: name, contact, zone, a summary of the week and state; each opens its editor. */
import type { Provider } from '../../api/types.ts';
import { Link } from '../../shared/link.tsx';
import { adminApi } from '../auth.ts';
import { useLoad } from '../catalog/use-load.ts';
import { describeDay, WEEKDAY_NAMES, WEEKDAYS } from '../catalog/weekly-hours.ts';
import '../catalog/catalog.css';

const SHORT = { mon: 'Mo', tue: 'Tu', wed: 'We', thu: 'Th', fri: 'Fr', sat: 'Sa', sun: 'Su' } as const;

export function ProvidersPage() {
  const { data, error, loading } = useLoad(() => adminApi<{ providers: Provider[] }>('/v1/admin/providers'), []);
  return (
    <section className="cat-page" aria-labelledby="providers-title">
      <div className="cat-title-row">
        <h1 id="providers-title">Providers</h1>
        <Link className="cat-button primary" href="/admin/providers/new">
          New provider
        </Link>
      </div>
      {error && (
        <p className="notice bad" role="alert">
          Could not load the providers: {error.message}
        </p>
      )}
      {loading && !data && (
        <p className="muted" aria-live="polite">
          Loading…
        </p>
      )}
      {data && data.providers.length === 0 && <p className="muted">No providers yet.</p>}
      {data && data.providers.length > 0 && (
        <table className="cat-table">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Contact</th>
              <th scope="col">Time zone</th>
              <th scope="col">Working days</th>
              <th scope="col">State</th>
            </tr>
          </thead>
          <tbody>
            {data.providers.map((p) => (
              <tr key={p.id}>
                <td data-label="Name">
                  <Link href={`/admin/providers/${p.id}`}>{p.name}</Link>
                </td>
                <td data-label="Contact">
                  {p.email}
                  {p.phone && <div className="muted">{p.phone}</div>}
                </td>
                <td data-label="Time zone">{p.timeZone}</td>
                <td data-label="Working days">
                  <span className="visually-hidden">
                    {WEEKDAYS.filter((d) => (p.weeklyHours[d] ?? []).length > 0)
                      .map((d) => WEEKDAY_NAMES[d])
                      .join(', ') || 'No working days'}
                  </span>
                  <span className="cat-days" aria-hidden="true">
                    {WEEKDAYS.map((d) => {
                      const on = (p.weeklyHours[d] ?? []).length > 0;
                      return (
                        <abbr key={d} className={on ? 'on' : 'off'} title={`${d}: ${describeDay(p.weeklyHours[d])}`}>
                          {SHORT[d]}
                        </abbr>
                      );
                    })}
                  </span>
                </td>
                <td data-label="State">
                  <span className={`badge ${p.active ? 'confirmed' : 'cancelled'}`}>{p.active ? 'active' : 'inactive'}</span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
