/**
 * Calendar connections: every provider with its connected calendars and their health, and the form that
 * connects one (calendars/ConnectForm.tsx). `?provider=<id>` (the link on a provider's page) shows only
 * that provider and picks it in the form. The list reloads when the tab regains focus, so a Google /
 * Microsoft consent finished in another tab shows up.
 */
import { useEffect, useState } from 'react';
import type { Provider } from '../../api/types.ts';
import { Link } from '../../shared/link.tsx';
import { navigate, usePath } from '../../shared/router.ts';
import { adminApi } from '../auth.ts';
import { preferredZone } from '../bookings/admin-zone.ts';
import { serverMessage } from '../server-message.ts';
import { useLoad } from '../bookings/use-load.ts';
import { ConnectForm } from '../calendars/ConnectForm.tsx';
import { ConnectionList } from '../calendars/ConnectionList.tsx';
import type { Connection } from '../calendars/types.ts';
import '../catalog/catalog.css';
import '../calendars/calendars.css';

type Data = { providers: Provider[]; connections: Connection[] };

export function CalendarsPage() {
  const path = usePath();
  const only = new URLSearchParams(path.split('?')[1] ?? '').get('provider');
  const zone = preferredZone();
  const page = useLoad('calendars', async (signal): Promise<Data> => {
    const [p, c] = await Promise.all([
      adminApi<{ providers: Provider[] }>('/v1/admin/providers', { signal }),
      adminApi<{ connections: Connection[] }>('/v1/admin/connections', { signal }),
    ]);
    return { providers: p.providers, connections: c.connections };
  });
  const [picked, setPicked] = useState<string | null>(null);
  const { reload } = page;
  useEffect(() => {
    const onFocus = () => void reload();
    window.addEventListener('focus', onFocus);
    return () => window.removeEventListener('focus', onFocus);
  }, [reload]);

  const data = page.data;
  const shown = data ? data.providers.filter((p) => !only || p.id === only) : [];
  const providerId = picked ?? only ?? data?.providers[0]?.id ?? '';
  return (
    <section className="cat-page cal-page" aria-labelledby="cal-title" aria-busy={page.loading}>
      <div className="cat-title-row">
        <h1 id="cal-title">Calendars</h1>
        <button type="button" onClick={() => void page.reload()} disabled={page.loading}>
          Refresh
        </button>
      </div>
      <p className="muted">Each provider&rsquo;s connected calendars: their busy times block slots, and bookings are written into them.</p>
      {page.error != null && (
        <p className="notice bad" role="alert">
          Could not load the calendars: {serverMessage(page.error)}
        </p>
      )}
      {data && data.providers.length === 0 && (
        <p className="notice">
          No providers yet. <Link href="/admin/providers/new">Add a provider</Link> first.
        </p>
      )}
      {only && data && (
        <p>
          {shown.length === 0 ? 'There is no such provider. ' : null}
          <Link href="/admin/calendars">All providers</Link>
        </p>
      )}
      {shown.map((p) => (
        <section key={p.id} className="card cal-provider" aria-labelledby={`cal-p-${p.id}`}>
          <div className="cat-title-row">
            <h2 id={`cal-p-${p.id}`}>{p.name}</h2>
            <Link href={`/admin/providers/${p.id}`}>Provider settings</Link>
          </div>
          <ConnectionList providerName={p.name} connections={data!.connections.filter((c) => c.providerId === p.id)} zone={zone} onChanged={page.reload} />
        </section>
      ))}
      {data && data.providers.length > 0 && (
        <ConnectForm
          providers={data.providers}
          providerId={providerId}
          onProvider={(id) => {
            setPicked(id);
            if (only && id !== only) navigate('/admin/calendars');
          }}
          onConnected={page.reload}
        />
      )}
    </section>
  );
}
