/**
 * Message templates: pick a service (templates are per service), then every message kind × locale with
 * its state — "customised" (and which parts) or "default" — each opening its editor (TemplateEdit.tsx).
 * `?service=<id>` picks the service (the link on a service's page uses it).
 */
import type { Service } from '../../api/types.ts';
import { Link } from '../../shared/link.tsx';
import { navigate, usePath } from '../../shared/router.ts';
import { adminApi } from '../auth.ts';
import { messageKindLabel } from '../bookings/describe.ts';
import { serverMessage } from '../server-message.ts';
import { useLoad } from '../bookings/use-load.ts';
import { customisedParts, LOCALE_LABELS, PART_LABELS } from '../templates/template-form.ts';
import type { TemplateIndex } from '../templates/types.ts';
import '../catalog/catalog.css';
import '../templates/templates.css';

export function TemplatesPage() {
  const path = usePath();
  const services = useLoad('services', (signal) => adminApi<{ services: Service[] }>('/v1/admin/services', { signal }));
  const asked = new URLSearchParams(path.split('?')[1] ?? '').get('service');
  const serviceId = asked ?? services.data?.services[0]?.id ?? null;
  const index = useLoad(serviceId && `templates:${serviceId}`, (signal) =>
    adminApi<TemplateIndex>(`/v1/admin/services/${encodeURIComponent(serviceId!)}/templates`, { signal }),
  );
  const error = services.error ?? index.error;
  return (
    <section className="cat-page tpl-page" aria-labelledby="tpl-title" aria-busy={services.loading || index.loading}>
      <h1 id="tpl-title">Message templates</h1>
      <p className="muted">
        What customers receive, per service and language. A template that is not customised uses slotflow&rsquo;s default text, which follows the business
        settings.
      </p>
      {error != null && (
        <p className="notice bad" role="alert">
          Could not load the templates: {serverMessage(error)}
        </p>
      )}
      {services.data && services.data.services.length === 0 && (
        <p className="notice">
          No services yet. <Link href="/admin/services/new">Add a service</Link> first.
        </p>
      )}
      {services.data && services.data.services.length > 0 && (
        <div className="field tpl-service">
          <label htmlFor="tpl-service">Service</label>
          <select id="tpl-service" value={serviceId ?? ''} onChange={(e) => navigate(`/admin/templates?service=${encodeURIComponent(e.target.value)}`)}>
            {services.data.services.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </div>
      )}
      {index.data && serviceId && <TemplateGrid index={index.data} serviceId={serviceId} />}
    </section>
  );
}

function TemplateGrid({ index, serviceId }: { index: TemplateIndex; serviceId: string }) {
  return (
    <table className="cat-table tpl-grid">
      <thead>
        <tr>
          <th scope="col">Message</th>
          {index.locales.map((l) => (
            <th key={l} scope="col">
              {LOCALE_LABELS[l] ?? l}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {index.kinds.map((k) => (
          <tr key={k} data-kind={k}>
            <th scope="row">{messageKindLabel(k)}</th>
            {index.locales.map((l) => {
              const parts = customisedParts(index.overrides.find((o) => o.kind === k && o.locale === l));
              const label = `${messageKindLabel(k)}, ${LOCALE_LABELS[l] ?? l}`;
              return (
                <td key={l} data-label={LOCALE_LABELS[l] ?? l} data-locale={l}>
                  <Link href={`/admin/templates/${serviceId}/${k}/${l}`} aria-label={`Edit ${label}`}>
                    Edit
                  </Link>{' '}
                  {parts.length > 0 ? (
                    <span className="badge confirmed" title={parts.map((p) => PART_LABELS[p]).join(', ')}>
                      customised: {parts.map((p) => PART_LABELS[p].toLowerCase()).join(', ')}
                    </span>
                  ) : (
                    <span className="badge">default</span>
                  )}
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
