/**
 * One room or device: edit its name, pool and active state (PATCH with the changed fields only); its
 * blocks from now on (add a range in the admin's zone, remove); and a day view — the bookings that hold
 * it on a local day of the admin's zone and that day's blocks. Dates and times here are in the admin's
 * zone (the bookings screens' zone switcher, else the browser's).
 */
import { useRef, useState, type FormEvent } from 'react';
import { ApiError, qs } from '../../api/client.ts';
import type { Resource, ResourceBlock, ResourceDay, ResourceList } from '../../api/types.ts';
import { Link } from '../../shared/link.tsx';
import { adminApi } from '../auth.ts';
import { preferredZone } from '../bookings/admin-zone.ts';
import { formatTime } from '../bookings/format.ts';
import { statusLabel } from '../bookings/status.ts';
import { errorAt, errorsFromProblems, type FieldErrors } from '../catalog/errors.ts';
import { fieldLabel } from '../catalog/labels.ts';
import {
  blockBody,
  formFromResource,
  RESOURCE_ERROR_PATHS,
  resourceBody,
  resourcePatch,
  wholeDayBlock,
  withStartDate,
  type BlockForm,
} from '../catalog/resource-form.ts';
import { CheckField, SaveProblems, TextField, useFocusFirstInvalid } from '../catalog/ui.tsx';
import { useCatalogEditor } from '../catalog/use-catalog-editor.ts';
import { useLoad } from '../catalog/use-load.ts';
import { addDays, dayLabel, describeRange, isLocalDate, localDate } from '../catalog/zoned-time.ts';
import '../catalog/catalog.css';

type Data = { resource: Resource; pools: string[] };

export function ResourceEditPage({ id }: { id: string }) {
  const [flash, setFlash] = useState<string | null>(null);
  // Bumped when a block is added or removed, so the day view shows it too.
  const [blocksRound, setBlocksRound] = useState(0);
  const loaded = useLoad<Data>(async () => {
    const [resource, list] = await Promise.all([
      adminApi<Resource>(`/v1/admin/resources/${encodeURIComponent(id)}`),
      adminApi<ResourceList>('/v1/admin/resources'),
    ]);
    return { resource, pools: list.pools.map((p) => p.pool) };
  }, [id]);
  if (loaded.error) {
    const missing = loaded.error instanceof ApiError && (loaded.error.status === 404 || loaded.error.status === 422);
    return (
      <section className="cat-page">
        <p className="notice bad" role="alert">
          {missing ? 'There is no such room or device.' : `Could not load it: ${loaded.error.message}`}
        </p>
        <Link href="/admin/resources">Back to rooms &amp; equipment</Link>
      </section>
    );
  }
  if (!loaded.data)
    return (
      <p className="muted" aria-live="polite">
        Loading…
      </p>
    );
  const { resource, pools } = loaded.data;
  const zone = preferredZone();
  return (
    <div className="cat-page">
      <ResourceEditor
        key={resource.updatedAt}
        resource={resource}
        pools={pools}
        flash={flash}
        onEdit={() => setFlash(null)}
        onSaved={(r, note) => {
          setFlash(note);
          loaded.set({ resource: r, pools: pools.includes(r.pool) ? pools : [...pools, r.pool].sort() });
        }}
      />
      <BlocksPanel resource={resource} zone={zone} onChange={() => setBlocksRound((n) => n + 1)} />
      <DayView resource={resource} zone={zone} round={blocksRound} />
    </div>
  );
}

type EditorProps = { resource: Resource; pools: string[]; flash: string | null; onEdit: () => void; onSaved: (r: Resource, note: string) => void };

function ResourceEditor({ resource, pools, flash, onEdit, onSaved }: EditorProps) {
  const { form, set, errors, message, busy, failures, submit } = useCatalogEditor({
    original: resource,
    initialForm: () => formFromResource(resource),
    errorPaths: RESOURCE_ERROR_PATHS,
    build: resourceBody,
    patch: resourcePatch,
    url: '/v1/admin/resources',
    noun: 'change',
    createdNote: '',
    onEdit,
    onSaved,
  });
  useFocusFirstInvalid(failures);
  return (
    <form className="cat-form" onSubmit={submit} noValidate aria-labelledby="resource-title">
      <p>
        <Link href="/admin/resources">← Rooms &amp; equipment</Link>
      </p>
      <h1 id="resource-title">
        {resource.name} <span className="muted">· {resource.pool}</span>{' '}
        <span className={`badge ${resource.active ? 'confirmed' : 'cancelled'}`}>{resource.active ? 'active' : 'inactive'}</span>
      </h1>
      {flash && (
        <p className="notice ok" role="status">
          {flash}
        </p>
      )}
      <SaveProblems message={message} errors={errors} labels={fieldLabel} />
      <fieldset className="cat-fieldset">
        <legend>Details</legend>
        <datalist id="edit-pools">
          {pools.map((p) => (
            <option key={p} value={p} />
          ))}
        </datalist>
        <div className="cat-grid">
          <TextField id="res-name" label="Name" value={form.name} onChange={(v) => set('name', v)} error={errorAt(errors, 'name')} autoComplete="off" />
          <TextField
            id="res-pool"
            label="Pool"
            hint="Lower-case letters, digits and dashes."
            list="edit-pools"
            spellCheck={false}
            value={form.pool}
            onChange={(v) => set('pool', v)}
            error={errorAt(errors, 'pool')}
            autoComplete="off"
          />
        </div>
        <CheckField
          id="res-active"
          label="Active (for new bookings)"
          hint="Deactivating or moving a unit to another pool keeps the bookings that already hold it."
          checked={form.active}
          onChange={(v) => set('active', v)}
        />
      </fieldset>
      <div className="cat-actions">
        <button className="primary" type="submit" disabled={busy}>
          Save changes
        </button>
      </div>
    </form>
  );
}

function BlocksPanel({ resource, zone, onChange }: { resource: Resource; zone: string; onChange: () => void }) {
  const list = useLoad(() => adminApi<{ blocks: ResourceBlock[] }>(`/v1/admin/resources/${resource.id}/blocks`).then((r) => r.blocks), [resource.id]);
  const [form, setForm] = useState<BlockForm>(() => wholeDayBlock(localDate(Date.now(), zone)));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [status, setStatus] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const first = useRef<HTMLInputElement>(null);

  const edit = (next: BlockForm) => {
    setForm(next);
    setErrors({});
  };
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const built = blockBody(form, zone);
    if (!built.ok) {
      setErrors(built.errors);
      setStatus(null);
      return;
    }
    setErrors({});
    setBusy('add');
    try {
      await adminApi<ResourceBlock>(`/v1/admin/resources/${resource.id}/blocks`, { method: 'POST', body: built.body });
      const note = built.notes.length > 0 ? ` (${built.notes.join('; ')})` : '';
      setStatus({ ok: true, text: `Blocked ${describeRange(built.body.start, built.body.end, zone)}${note}.` });
      list.reload();
      onChange();
    } catch (err) {
      if (err instanceof ApiError && err.errors.length > 0) setErrors(errorsFromProblems(err.errors));
      setStatus({ ok: false, text: `Not added: ${(err as Error).message}` });
    } finally {
      setBusy(null);
    }
  };
  const remove = async (b: ResourceBlock) => {
    setBusy(b.id);
    try {
      await adminApi(`/v1/admin/resources/${resource.id}/blocks/${b.id}`, { method: 'DELETE' });
      setStatus({ ok: true, text: `Block ${describeRange(b.start, b.end, zone)} removed.` });
      list.reload();
      onChange();
    } catch (err) {
      setStatus({ ok: false, text: `Not removed: ${(err as Error).message}` });
    } finally {
      setBusy(null);
    }
  };

  const dateField = (id: string, label: string, value: string, onValue: (v: string) => void, error: string | undefined) => (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        ref={id === 'block-start-date' ? first : undefined}
        id={id}
        type="date"
        value={value}
        onChange={(e) => onValue(e.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id.replace(/-date$/, '')}-error` : undefined}
      />
    </div>
  );
  return (
    <section className="cat-section" aria-labelledby="blocks-title">
      <h2 id="blocks-title">Blocks</h2>
      <p className="hint">Times the unit is out of use (maintenance, cleaning): no booking gets it then. Dates and times are in {zone}.</p>
      <div aria-live="polite">{status && <p className={`notice ${status.ok ? 'ok' : 'bad'}`}>{status.text}</p>}</div>
      <form className="card" onSubmit={submit} noValidate aria-labelledby="block-form-title">
        <h3 id="block-form-title">Block a time range</h3>
        <div className="cat-grid2">
          <div>
            {dateField('block-start-date', 'From (date)', form.startDate, (v) => edit(withStartDate(form, v)), errors.start)}
            <TextField
              id="block-start"
              label="From (time)"
              type="time"
              value={form.startTime}
              onChange={(v) => edit({ ...form, startTime: v })}
              error={errors.start}
            />
          </div>
          <div>
            {dateField('block-end-date', 'Until (date)', form.endDate, (v) => edit({ ...form, endDate: v }), errors.end)}
            <TextField
              id="block-end"
              label="Until (time)"
              type="time"
              hint="A whole day ends at 00:00 of the next date."
              value={form.endTime}
              onChange={(v) => edit({ ...form, endTime: v })}
              error={errors.end}
            />
          </div>
        </div>
        <TextField id="block-reason" label="Reason (optional)" value={form.reason} onChange={(v) => edit({ ...form, reason: v })} error={errors.reason} />
        <div className="row">
          <button className="primary" type="submit" disabled={busy === 'add'}>
            Add block
          </button>
          <button
            type="button"
            onClick={() => {
              edit({ ...wholeDayBlock(isLocalDate(form.startDate) ? form.startDate : localDate(Date.now(), zone)), reason: form.reason });
              first.current?.focus();
            }}
          >
            Whole day
          </button>
        </div>
      </form>
      <h3 className="cat-subhead">From now on</h3>
      {list.error && (
        <p className="notice bad" role="alert">
          Could not load the blocks: {list.error.message}
        </p>
      )}
      {list.data && list.data.length === 0 && <p className="muted">No blocks.</p>}
      {list.data && list.data.length > 0 && (
        <table className="cat-table" aria-label="Blocks">
          <thead>
            <tr>
              <th scope="col">When ({zone})</th>
              <th scope="col">Reason</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {list.data.map((b) => {
              const when = describeRange(b.start, b.end, zone);
              return (
                <tr key={b.id}>
                  <td data-label="When">{when}</td>
                  <td data-label="Reason">{b.reason ?? <span className="muted">—</span>}</td>
                  <td>
                    <button type="button" className="danger" disabled={busy === b.id} aria-label={`Remove block ${when}`} onClick={() => void remove(b)}>
                      Remove
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}

function DayView({ resource, zone, round }: { resource: Resource; zone: string; round: number }) {
  const [date, setDate] = useState(() => localDate(Date.now(), zone));
  const valid = isLocalDate(date);
  // The answer carries the date it is for: while another day loads, the previous one stays on screen under
  // its own heading (never under the newly picked date).
  const day = useLoad(
    () =>
      valid
        ? adminApi<ResourceDay>(`/v1/admin/resources/${resource.id}/day${qs({ date, timeZone: zone })}`).then((answer) => ({ ...answer, date }))
        : Promise.reject(new Error('Choose a date.')),
    [resource.id, date, zone, round],
  );
  const d = day.data;
  return (
    <section className="cat-section" aria-labelledby="day-title">
      <h2 id="day-title">Bookings on a day</h2>
      <div className="cat-day-picker">
        <button type="button" aria-label="Previous day" disabled={!valid} onClick={() => setDate(addDays(date, -1))}>
          ←
        </button>
        <div className="field">
          <label htmlFor="day-date">Day ({zone})</label>
          <input id="day-date" type="date" value={date} onChange={(e) => setDate(e.target.value)} />
        </div>
        <button type="button" aria-label="Next day" disabled={!valid} onClick={() => setDate(addDays(date, 1))}>
          →
        </button>
        <button type="button" onClick={() => setDate(localDate(Date.now(), zone))}>
          Today
        </button>
      </div>
      {day.error && (
        <p className="notice bad" role="alert">
          Could not load the day: {day.error.message}
        </p>
      )}
      {day.loading && !d && <p className="muted">Loading…</p>}
      {d && (
        <div aria-live="polite" aria-busy={day.loading} data-testid="day-view" data-date={d.date}>
          <h3>{`${resource.name} on ${dayLabel(d.date)}`}</h3>
          {d.bookings.length === 0 ? (
            <p className="muted">No booking holds it that day.</p>
          ) : (
            <table className="cat-table" aria-label={`Bookings holding ${resource.name}`}>
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
                {d.bookings.map((b) => (
                  <tr key={b.id} data-booking-id={b.id}>
                    <td data-label="Time">
                      <Link href={`/admin/bookings/${b.id}`}>
                        {formatTime(Date.parse(b.start), zone)}–{formatTime(Date.parse(b.end), zone)}
                      </Link>
                    </td>
                    <td data-label="Service">{b.serviceName}</td>
                    <td data-label="Provider">{b.providerName}</td>
                    <td data-label="Customer">{b.customerName}</td>
                    <td data-label="Status">
                      <span className={`badge ${b.status}`}>{statusLabel(b.status)}</span>
                      {!b.live && <span className="muted"> (unit released)</span>}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {d.blocks.length > 0 && (
            <>
              <h4>Blocked that day</h4>
              <ul>
                {d.blocks.map((b) => (
                  <li key={b.id}>
                    {describeRange(b.start, b.end, zone)}
                    {b.reason && <span className="muted"> · {b.reason}</span>}
                  </li>
                ))}
              </ul>
            </>
          )}
        </div>
      )}
    </section>
  );
}
