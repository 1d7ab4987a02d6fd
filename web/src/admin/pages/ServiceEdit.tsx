/**
 * Create or edit a service: basics, providers, rooms & equipment, scheduling, policy, reminders and the
 * intake form. Save
 * sends POST (new) or PATCH with only the changed fields; problems found here or by the server (422,
 * `body.<path>`) appear at their fields and in a summary, and focus moves to the first one.
 */
import { useState } from 'react';
import { ApiError } from '../../api/client.ts';
import type { NoShowPolicy, Provider, ResourceList, ResourcePool, Service, SlotAlignment } from '../../api/types.ts';
import { Link } from '../../shared/link.tsx';
import { navigate } from '../../shared/router.ts';
import { adminApi } from '../auth.ts';
import { errorAt } from '../catalog/errors.ts';
import { IntakeBuilder } from '../catalog/IntakeBuilder.tsx';
import { fieldLabel } from '../catalog/labels.ts';
import { ProviderPicker } from '../catalog/ProviderPicker.tsx';
import { ReminderEditor } from '../catalog/ReminderEditor.tsx';
import { RequirementsEditor } from '../catalog/RequirementsEditor.tsx';
import { ShareService } from '../catalog/ShareService.tsx';
import { formFromService, SERVICE_ERROR_PATHS, serviceBody, servicePatch } from '../catalog/service-form.ts';
import { CheckField, SaveProblems, TextAreaField, TextField, useFocusFirstInvalid } from '../catalog/ui.tsx';
import { useLoad } from '../catalog/use-load.ts';
import { useCatalogEditor } from '../catalog/use-catalog-editor.ts';
import '../catalog/catalog.css';

type Data = { service: Service | null; providers: Provider[]; pools: ResourcePool[] };

export function ServiceEditPage({ id }: { id: string | null }) {
  // Survives the editor's remount after a save (and the /new → /:id route change, same component).
  const [flash, setFlash] = useState<string | null>(null);
  const loaded = useLoad<Data>(async () => {
    const [service, providers, resources] = await Promise.all([
      id ? adminApi<Service>(`/v1/admin/services/${encodeURIComponent(id)}`) : Promise.resolve(null),
      adminApi<{ providers: Provider[] }>('/v1/admin/providers'),
      adminApi<ResourceList>('/v1/admin/resources'),
    ]);
    return { service, providers: providers.providers, pools: resources.pools };
  }, [id]);
  if (loaded.error) {
    const missing = loaded.error instanceof ApiError && (loaded.error.status === 404 || loaded.error.status === 422);
    return (
      <section className="cat-page">
        <p className="notice bad" role="alert">
          {missing ? 'There is no such service.' : `Could not load the service: ${loaded.error.message}`}
        </p>
        <Link href="/admin/services">Back to the services</Link>
      </section>
    );
  }
  if (!loaded.data)
    return (
      <p className="muted" aria-live="polite">
        Loading…
      </p>
    );
  // Keyed by the loaded service, so a save (new `updatedAt`) or another id starts from the server's state.
  const onSaved = (service: Service, note: string) => {
    setFlash(note);
    if (!id) navigate(`/admin/services/${service.id}`, { replace: true });
    else loaded.set({ ...loaded.data!, service });
  };
  return (
    <ServiceEditor
      key={`${id}:${loaded.data.service?.updatedAt ?? 'new'}`}
      service={loaded.data.service}
      providers={loaded.data.providers}
      pools={loaded.data.pools}
      flash={flash}
      onEdit={() => setFlash(null)}
      onSaved={onSaved}
    />
  );
}

type EditorProps = {
  service: Service | null;
  providers: Provider[];
  pools: ResourcePool[];
  flash: string | null;
  onEdit: () => void;
  onSaved: (s: Service, note: string) => void;
};

function ServiceEditor({ service, providers, pools, flash, onEdit, onSaved }: EditorProps) {
  const { form, set, errors, message, busy, failures, submit } = useCatalogEditor({
    original: service,
    initialForm: () => formFromService(service),
    errorPaths: SERVICE_ERROR_PATHS,
    build: serviceBody,
    patch: servicePatch,
    url: '/v1/admin/services',
    noun: 'service',
    createdNote: 'Service created.',
    failureMessage: (err) => (err instanceof ApiError && err.code === 'not_found' ? 'A chosen provider no longer exists.' : (err as Error).message),
    onEdit,
    onSaved,
  });
  useFocusFirstInvalid(failures);

  const err = (path: string) => errorAt(errors, path);
  const title = service ? `Edit ${service.name}` : 'New service';
  return (
    <form className="cat-page cat-form" onSubmit={submit} noValidate aria-labelledby="service-title">
      <p>
        <Link href="/admin/services">← Services</Link>
      </p>
      <h1 id="service-title">{title}</h1>
      {flash && (
        <p className="notice ok" role="status">
          {flash}
        </p>
      )}
      <SaveProblems message={message} errors={errors} labels={fieldLabel} />
      {service && <ShareService serviceId={service.id} />}
      {service && (
        <p>
          <Link href={`/admin/templates?service=${service.id}`}>Message templates of this service</Link>
        </p>
      )}

      <fieldset className="cat-fieldset">
        <legend>Basics</legend>
        <TextField id="svc-name" label="Name" value={form.name} onChange={(v) => set('name', v)} error={err('name')} required />
        <TextAreaField
          id="svc-description"
          label="Description"
          hint="Shown to customers in the booking widget."
          value={form.description}
          onChange={(v) => set('description', v)}
          error={err('description')}
        />
        <TextField
          id="svc-duration"
          label="Duration (minutes)"
          inputMode="numeric"
          className="cat-narrow"
          value={form.durationMinutes}
          onChange={(v) => set('durationMinutes', v)}
          error={err('durationMinutes')}
        />
        <TextField
          id="svc-seats"
          label="Seats per session"
          hint="1: one-to-one. More: a group class; customers book seats of the same session until it is full."
          inputMode="numeric"
          className="cat-narrow"
          value={form.seats}
          onChange={(v) => set('seats', v)}
          error={err('seats')}
        />
        <CheckField id="svc-active" label="Active (offered to customers)" checked={form.active} onChange={(v) => set('active', v)} />
      </fieldset>

      <ProviderPicker providers={providers} value={form.providerIds} onChange={(v) => set('providerIds', v)} error={err('providerIds')} />

      <RequirementsEditor value={form.requirements} onChange={(v) => set('requirements', v)} pools={pools} errors={errors} />

      <fieldset className="cat-fieldset">
        <legend>Scheduling</legend>
        <div className="cat-grid">
          <TextField
            id="svc-buffer-before"
            label="Buffer before (minutes)"
            inputMode="numeric"
            value={form.bufferBeforeMinutes}
            onChange={(v) => set('bufferBeforeMinutes', v)}
            error={err('bufferBeforeMinutes')}
          />
          <TextField
            id="svc-buffer-after"
            label="Buffer after (minutes)"
            inputMode="numeric"
            value={form.bufferAfterMinutes}
            onChange={(v) => set('bufferAfterMinutes', v)}
            error={err('bufferAfterMinutes')}
          />
          <TextField
            id="svc-interval"
            label="Slot interval (minutes)"
            hint="Blank: duration plus both buffers."
            inputMode="numeric"
            value={form.slotIntervalMinutes}
            onChange={(v) => set('slotIntervalMinutes', v)}
            error={err('slotIntervalMinutes')}
          />
          <TextField
            id="svc-notice"
            label="Minimum notice"
            hint="e.g. 2 h, 1 d; 0 for none."
            value={form.minimumNotice}
            onChange={(v) => set('minimumNotice', v)}
            error={err('minimumNoticeMinutes')}
          />
          <TextField
            id="svc-advance"
            label="Bookable ahead (days)"
            inputMode="numeric"
            value={form.maximumAdvanceDays}
            onChange={(v) => set('maximumAdvanceDays', v)}
            error={err('maximumAdvanceDays')}
          />
          <TextField
            id="svc-cap-day"
            label="Bookings per day (per provider)"
            hint="Blank: no limit."
            inputMode="numeric"
            value={form.maxBookingsPerDay}
            onChange={(v) => set('maxBookingsPerDay', v)}
            error={err('maxBookingsPerDay')}
          />
          <TextField
            id="svc-cap-week"
            label="Bookings per week (per provider)"
            hint="Blank: no limit."
            inputMode="numeric"
            value={form.maxBookingsPerWeek}
            onChange={(v) => set('maxBookingsPerWeek', v)}
            error={err('maxBookingsPerWeek')}
          />
        </div>
      </fieldset>

      <fieldset className="cat-fieldset">
        <legend>Policy</legend>
        <CheckField
          id="svc-approval"
          label="Requires approval"
          hint="Bookings wait as pending (slot held) until an admin approves."
          checked={form.requiresApproval}
          onChange={(v) => set('requiresApproval', v)}
        />
        <div className="cat-grid">
          <TextField
            id="svc-cancel-notice"
            label="Cancel notice"
            hint="Customers can cancel until this long before; 0 for any time."
            value={form.cancelNotice}
            onChange={(v) => set('cancelNotice', v)}
            error={err('cancelNoticeMinutes')}
          />
          <TextField
            id="svc-reschedule-notice"
            label="Reschedule notice"
            hint="Customers can reschedule until this long before."
            value={form.rescheduleNotice}
            onChange={(v) => set('rescheduleNotice', v)}
            error={err('rescheduleNoticeMinutes')}
          />
        </div>
        <div className="field">
          <label htmlFor="svc-alignment">Start times</label>
          <select
            id="svc-alignment"
            aria-describedby="svc-alignment-hint"
            value={form.slotAlignment}
            onChange={(e) => set('slotAlignment', e.target.value as SlotAlignment)}
          >
            <option value="restart">Right after other appointments (no gaps)</option>
            <option value="fixed">On a fixed grid from the start of working hours</option>
          </select>
          <div className="hint" id="svc-alignment-hint">
            With no gaps, a 45-minute service after a 15-minute booking at 09:00 can start at 09:15; on a fixed grid from 09:00 it waits until 09:45.
          </div>
        </div>
        <div className="field">
          <label htmlFor="svc-no-show">No-show policy</label>
          <select
            id="svc-no-show"
            aria-describedby="svc-no-show-hint"
            value={form.noShowPolicy}
            onChange={(e) => set('noShowPolicy', e.target.value as NoShowPolicy)}
          >
            <option value="assume_attended">Assume attended: unmarked appointments count as completed</option>
            <option value="require_check_in">Require check-in: unmarked appointments count as no-shows</option>
          </select>
          <div className="hint" id="svc-no-show-hint">
            Staff mark attendance on the booking once it starts; this decides the rest when the grace period after the end has passed. Applies to bookings made
            from now on.
          </div>
        </div>
      </fieldset>

      <fieldset className="cat-fieldset">
        <legend>Location</legend>
        <div className="cat-grid">
          <div className="field">
            <label htmlFor="svc-location-kind">Takes place</label>
            <select
              id="svc-location-kind"
              aria-describedby="svc-location-kind-hint"
              value={form.locationKind}
              onChange={(e) => set('locationKind', e.target.value as '' | 'address' | 'video')}
            >
              <option value="">Not said</option>
              <option value="address">At an address</option>
              <option value="video">By video</option>
            </select>
            <div className="hint" id="svc-location-kind-hint">
              Shown in the booking widget, on the customer&apos;s page, in messages and in calendar invitations.
            </div>
          </div>
          {form.locationKind !== '' && (
            <TextField
              id="svc-location-value"
              label={form.locationKind === 'video' ? 'Video link' : 'Address'}
              hint={form.locationKind === 'video' ? 'An https:// link, e.g. https://meet.example.com/room' : 'e.g. Hauptstr. 1, 10115 Berlin'}
              value={form.locationValue}
              onChange={(v) => set('locationValue', v)}
              error={err('location.value')}
            />
          )}
        </div>
      </fieldset>

      <fieldset className="cat-fieldset" data-testid="customer-contact">
        <legend>Customer contact</legend>
        <p className="hint">
          The booking&apos;s own e-mail and phone fields (one each: SMS reminders go to this phone). Required fields are refused when missing, in the widget and
          by the API. The widget asks for an e-mail unless the phone is required. A label you set is shown as written, in every language.
        </p>
        <div className="cat-grid2">
          <CheckField id="svc-email-required" label="E-mail required" checked={form.emailRequired} onChange={(v) => set('emailRequired', v)} />
          <TextField
            id="svc-email-label"
            label="E-mail label"
            hint="Empty: “E-mail” (“E-Mail” in German)"
            value={form.emailLabel}
            onChange={(v) => set('emailLabel', v)}
            error={err('customerFields.email.label')}
            maxLength={60}
          />
        </div>
        <div className="cat-grid2">
          <CheckField id="svc-phone-required" label="Phone required" checked={form.phoneRequired} onChange={(v) => set('phoneRequired', v)} />
          <TextField
            id="svc-phone-label"
            label="Phone label"
            hint="Empty: “Phone” (“Telefon” in German), e.g. Mobile phone"
            value={form.phoneLabel}
            onChange={(v) => set('phoneLabel', v)}
            error={err('customerFields.phone.label')}
            maxLength={60}
          />
        </div>
      </fieldset>

      <ReminderEditor
        offsets={form.reminders}
        channels={form.reminderChannels}
        onOffsets={(v) => set('reminders', v)}
        onChannels={(v) => set('reminderChannels', v)}
        errors={errors}
      />

      <IntakeBuilder value={form.intake} onChange={(v) => set('intake', v)} errors={errors} />

      <div className="cat-actions">
        <button className="primary" type="submit" disabled={busy}>
          {service ? 'Save changes' : 'Create service'}
        </button>
        <Link href="/admin/services">Cancel</Link>
      </div>
    </form>
  );
}
