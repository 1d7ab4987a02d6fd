/**
 * Rooms & equipment: the pools (active units, the services that require each, and a warning where a
 * service requires a pool without active units — it offers no slots), the units (each opens its page),
 * and a form to add a unit. The server's problems (422, 409 a name already used in the pool) appear at
 * their fields.
 */
import { useState } from 'react';
import type { Resource, ResourceList } from '../../api/types.ts';
import { Link } from '../../shared/link.tsx';
import { adminApi } from '../auth.ts';
import { errorAt } from '../catalog/errors.ts';
import { fieldLabel } from '../catalog/labels.ts';
import { emptyRequiredPools, RESOURCE_ERROR_PATHS, resourceBody, resourcePatch, suggestPool, type ResourceForm } from '../catalog/resource-form.ts';
import { SaveProblems, TextField, useFocusFirstInvalid } from '../catalog/ui.tsx';
import { useCatalogEditor } from '../catalog/use-catalog-editor.ts';
import { useLoad } from '../catalog/use-load.ts';
import '../catalog/catalog.css';

export function ResourcesPage() {
  const { data, error, loading, reload } = useLoad(() => adminApi<ResourceList>('/v1/admin/resources'), []);
  const [added, setAdded] = useState<{ round: number; pool: string; note: string | null }>({ round: 0, pool: '', note: null });
  const empty = data ? emptyRequiredPools(data.pools) : [];
  return (
    <section className="cat-page" aria-labelledby="resources-title">
      <h1 id="resources-title">Rooms &amp; equipment</h1>
      <p className="hint">
        Each unit (a room, a device) belongs to a pool of interchangeable units. A service that requires a pool is offered only while enough of its units are
        free; each booking holds concrete units.
      </p>
      {error && (
        <p className="notice bad" role="alert">
          Could not load the rooms and equipment: {error.message}
        </p>
      )}
      {loading && !data && (
        <p className="muted" aria-live="polite">
          Loading…
        </p>
      )}
      {empty.length > 0 && (
        <div className="notice warn" role="status" data-testid="pool-warning">
          <p className="cat-notice-title">Some services offer no slots: a pool they require has no active unit.</p>
          <ul>
            {empty.map((p) => (
              <li key={p.pool}>
                <strong>{p.pool}</strong>: required by {p.requiredBy.map((s) => s.name).join(', ')}. Add a unit to it below, or change the service.
              </li>
            ))}
          </ul>
        </div>
      )}

      {data && (
        <>
          <h2 className="cat-subhead" id="pools-title">
            Pools
          </h2>
          {data.pools.length === 0 ? (
            <p className="muted">No pools yet: a pool is made by adding its first unit.</p>
          ) : (
            <table className="cat-table" aria-labelledby="pools-title">
              <thead>
                <tr>
                  <th scope="col">Pool</th>
                  <th scope="col">Active units</th>
                  <th scope="col">Required by</th>
                </tr>
              </thead>
              <tbody>
                {data.pools.map((p) => {
                  const starved = p.requiredBy.length > 0 && p.activeUnits === 0;
                  return (
                    <tr key={p.pool} data-pool={p.pool}>
                      <td data-label="Pool">
                        <code>{p.pool}</code>
                      </td>
                      <td data-label="Active units">
                        {p.activeUnits}
                        {starved && <span className="cat-warn"> ⚠ none: its services offer no slots</span>}
                      </td>
                      <td data-label="Required by">
                        {p.requiredBy.length === 0 ? (
                          <span className="muted">no service</span>
                        ) : (
                          p.requiredBy.map((s, i) => (
                            <span key={s.id}>
                              {i > 0 && ', '}
                              <Link href={`/admin/services/${s.id}`}>{s.name}</Link>
                            </span>
                          ))
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          )}

          <h2 className="cat-subhead" id="units-title">
            Units
          </h2>
          {data.resources.length === 0 ? (
            <p className="muted">No rooms or equipment yet.</p>
          ) : (
            <table className="cat-table" aria-labelledby="units-title">
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Pool</th>
                  <th scope="col">State</th>
                </tr>
              </thead>
              <tbody>
                {data.resources.map((r) => (
                  <tr key={r.id}>
                    <td data-label="Name">
                      <Link href={`/admin/resources/${r.id}`}>{r.name}</Link>
                    </td>
                    <td data-label="Pool">
                      <code>{r.pool}</code>
                    </td>
                    <td data-label="State">
                      <span className={`badge ${r.active ? 'confirmed' : 'cancelled'}`}>{r.active ? 'active' : 'inactive'}</span>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}

          <AddUnitForm
            key={added.round}
            pools={data.pools.map((p) => p.pool)}
            initialPool={added.pool || (data.pools[0]?.pool ?? '')}
            flash={added.note}
            onEdit={() => added.note && setAdded((a) => ({ ...a, note: null }))}
            onSaved={(r) => {
              setAdded((a) => ({ round: a.round + 1, pool: r.pool, note: `${r.name} added to ${r.pool}.` }));
              reload();
            }}
          />
        </>
      )}
    </section>
  );
}

type AddProps = { pools: string[]; initialPool: string; flash: string | null; onEdit: () => void; onSaved: (r: Resource) => void };

function AddUnitForm({ pools, initialPool, flash, onEdit, onSaved }: AddProps) {
  const { form, set, errors, message, busy, failures, submit } = useCatalogEditor({
    original: null as Resource | null,
    initialForm: (): ResourceForm => ({ name: '', pool: initialPool, active: true }),
    errorPaths: RESOURCE_ERROR_PATHS,
    build: resourceBody,
    patch: resourcePatch,
    url: '/v1/admin/resources',
    noun: 'unit',
    createdNote: '',
    onEdit,
    onSaved: (r) => onSaved(r),
  });
  useFocusFirstInvalid(failures);
  const suggestion = suggestPool(form.pool);
  const poolHint =
    form.pool.trim() !== '' && suggestion !== form.pool.trim() && suggestion !== ''
      ? `A pool name is lower-case letters, digits and dashes: “${suggestion}”?`
      : 'Units in one pool are interchangeable, e.g. treatment-room, laser.';
  return (
    <form className="card cat-section-card" onSubmit={submit} noValidate aria-labelledby="add-unit-title">
      <h2 id="add-unit-title">Add a unit</h2>
      {flash && (
        <p className="notice ok" role="status">
          {flash}
        </p>
      )}
      <SaveProblems message={message} errors={errors} labels={fieldLabel} />
      <datalist id="unit-pools">
        {pools.map((p) => (
          <option key={p} value={p} />
        ))}
      </datalist>
      <div className="cat-unit-form">
        <TextField
          id="unit-name"
          label="Name"
          hint="e.g. Room 3, Laser B"
          value={form.name}
          onChange={(v) => set('name', v)}
          error={errorAt(errors, 'name')}
          autoComplete="off"
        />
        <TextField
          id="unit-pool"
          label="Pool"
          hint={poolHint}
          list="unit-pools"
          spellCheck={false}
          value={form.pool}
          onChange={(v) => set('pool', v)}
          error={errorAt(errors, 'pool')}
          autoComplete="off"
        />
        <button className="primary" type="submit" disabled={busy}>
          Add unit
        </button>
      </div>
    </form>
  );
}
