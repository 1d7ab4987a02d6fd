/**
 * Create or edit a provider: name, contact, time zone, weekly hours, active; for a saved provider also
 * its overrides (OverridesPanel). Save sends POST (new) or PATCH with only the changed fields; problems
 * from here or the server (422 `body.<path>`) appear at their fields.
 */
import { useMemo, useState } from 'react';
import { ApiError } from '../../api/client.ts';
import type { Provider } from '../../api/types.ts';
import { Link } from '../../shared/link.tsx';
import { navigate } from '../../shared/router.ts';
import { adminApi } from '../auth.ts';
import { errorAt } from '../catalog/errors.ts';
import { fieldLabel } from '../catalog/labels.ts';
import { OverridesPanel } from '../catalog/OverridesPanel.tsx';
import { formFromProvider, PROVIDER_ERROR_PATHS, providerBody, providerPatch, type ProviderForm } from '../catalog/provider-form.ts';
import { browserTimeZone, timeZoneOptions } from '../catalog/time-zones.ts';
import { TimeZoneSelect } from '../catalog/TimeZoneSelect.tsx';
import { CheckField, SaveProblems, TextField, useFocusFirstInvalid } from '../catalog/ui.tsx';
import { useLoad } from '../catalog/use-load.ts';
import { useCatalogEditor } from '../catalog/use-catalog-editor.ts';
import { WeeklyHoursEditor } from '../catalog/WeeklyHoursEditor.tsx';
import '../catalog/catalog.css';

export function ProviderEditPage({ id }: { id: string | null }) {
  const [flash, setFlash] = useState<string | null>(null);
  const loaded = useLoad(() => (id ? adminApi<Provider>(`/v1/admin/providers/${encodeURIComponent(id)}`) : Promise.resolve(null)), [id]);
  if (loaded.error) {
    const missing = loaded.error instanceof ApiError && (loaded.error.status === 404 || loaded.error.status === 422);
    return (
      <section className="cat-page">
        <p className="notice bad" role="alert">
          {missing ? 'There is no such provider.' : `Could not load the provider: ${loaded.error.message}`}
        </p>
        <Link href="/admin/providers">Back to the providers</Link>
      </section>
    );
  }
  if (loaded.loading && !loaded.data && id)
    return (
      <p className="muted" aria-live="polite">
        Loading…
      </p>
    );
  const provider = loaded.data;
  const onSaved = (p: Provider, note: string) => {
    setFlash(note);
    if (!id) navigate(`/admin/providers/${p.id}`, { replace: true });
    else loaded.set(p);
  };
  return (
    <div className="cat-page">
      <ProviderEditor key={`${id}:${provider?.updatedAt ?? 'new'}`} provider={provider} flash={flash} onEdit={() => setFlash(null)} onSaved={onSaved} />
      {provider && (
        <p className="cat-section-card">
          <Link href={`/admin/calendars?provider=${provider.id}`}>Calendar connections of {provider.name}</Link>
        </p>
      )}
      {provider && <OverridesPanel provider={provider} />}
    </div>
  );
}

type EditorProps = { provider: Provider | null; flash: string | null; onEdit: () => void; onSaved: (p: Provider, note: string) => void };

function ProviderEditor({ provider, flash, onEdit, onSaved }: EditorProps) {
  const zones = useMemo(() => new Set(timeZoneOptions(provider?.timeZone)), [provider?.timeZone]);
  const { form, set, errors, message, busy, failures, submit } = useCatalogEditor({
    original: provider,
    initialForm: (): ProviderForm => formFromProvider(provider, browserTimeZone()),
    errorPaths: PROVIDER_ERROR_PATHS,
    build: (f: ProviderForm) => providerBody(f, zones),
    patch: providerPatch,
    url: '/v1/admin/providers',
    noun: 'provider',
    createdNote: 'Provider created. You can add overrides below.',
    onEdit,
    onSaved,
  });
  useFocusFirstInvalid(failures);

  const zoneChanged = provider && form.timeZone !== provider.timeZone;
  return (
    <form className="cat-form" onSubmit={submit} noValidate aria-labelledby="provider-title">
      <p>
        <Link href="/admin/providers">← Providers</Link>
      </p>
      <h1 id="provider-title">{provider ? `Edit ${provider.name}` : 'New provider'}</h1>
      {flash && (
        <p className="notice ok" role="status">
          {flash}
        </p>
      )}
      <SaveProblems message={message} errors={errors} labels={fieldLabel} />
      <fieldset className="cat-fieldset">
        <legend>Details</legend>
        <div className="cat-grid">
          <TextField id="prov-name" label="Name" value={form.name} onChange={(v) => set('name', v)} error={errorAt(errors, 'name')} autoComplete="off" />
          <TextField
            id="prov-email"
            label="E-mail"
            type="email"
            value={form.email}
            onChange={(v) => set('email', v)}
            error={errorAt(errors, 'email')}
            autoComplete="off"
          />
          <TextField
            id="prov-phone"
            label="Phone (optional)"
            type="tel"
            value={form.phone}
            onChange={(v) => set('phone', v)}
            error={errorAt(errors, 'phone')}
            autoComplete="off"
          />
          <TimeZoneSelect id="prov-zone" value={form.timeZone} onChange={(v) => set('timeZone', v)} error={errorAt(errors, 'timeZone')} />
        </div>
        {zoneChanged && (
          <p className="notice warn">
            Changing the zone moves the weekly hours with it (09:00 stays 09:00, now in {form.timeZone}). Existing blocked / opened ranges stay at their
            instants.
          </p>
        )}
        <CheckField id="prov-active" label="Active (takes bookings)" checked={form.active} onChange={(v) => set('active', v)} />
      </fieldset>
      <WeeklyHoursEditor value={form.hours} onChange={(v) => set('hours', v)} errors={errors} zone={form.timeZone} />
      <div className="cat-actions">
        <button className="primary" type="submit" disabled={busy}>
          {provider ? 'Save changes' : 'Create provider'}
        </button>
        <Link href="/admin/providers">Cancel</Link>
      </div>
    </form>
  );
}
