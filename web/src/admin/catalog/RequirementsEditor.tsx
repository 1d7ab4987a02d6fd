/**
 * The service editor's "Rooms & equipment": rows of "needs <count> unit(s) of <pool>". The pool is
 * typed or picked from the known pools (a datalist); each row says when its pool cannot serve it (no
 * or too few active units: the service then offers no slots). Errors: `requiredResources.<row>.pool`,
 * `requiredResources.<row>.count`, `requiredResources`.
 */
import type { ResourcePool } from '../../api/types.ts';
import { Link } from '../../shared/link.tsx';
import { errorAt, type FieldErrors } from './errors.ts';
import { requirementProblem } from './resource-form.ts';
import type { RequirementDraft } from './service-form.ts';
import { HintAndError } from './ui.tsx';

type Props = { value: RequirementDraft[]; onChange: (v: RequirementDraft[]) => void; pools: ResourcePool[]; errors: FieldErrors };

const MAX_ROWS = 10;

export function RequirementsEditor({ value, onChange, pools, errors }: Props) {
  const update = (i: number, change: Partial<RequirementDraft>) => onChange(value.map((r, j) => (j === i ? { ...r, ...change } : r)));
  const unused = pools.find((p) => !value.some((r) => r.pool.trim() === p.pool));
  const listError = errors.requiredResources;
  return (
    <fieldset className="cat-fieldset" aria-describedby="req-hint">
      <legend>Rooms &amp; equipment</legend>
      <p className="hint" id="req-hint">
        Units every booking of this service needs besides its provider: a slot is offered only while enough units of each pool are free. Pools and units are
        managed under <Link href="/admin/resources">Rooms &amp; equipment</Link>.
      </p>
      <datalist id="req-pools">
        {pools.map((p) => (
          <option key={p.pool} value={p.pool}>{`${p.activeUnits} active`}</option>
        ))}
      </datalist>
      {value.length === 0 && <p className="muted">None: only a provider is needed.</p>}
      <ul className="cat-plain">
        {value.map((r, i) => {
          const poolId = `req-${i}-pool`;
          const countId = `req-${i}-count`;
          const poolError = errorAt(errors, `requiredResources.${i}.pool`);
          const countError = errorAt(errors, `requiredResources.${i}.count`);
          const count = Number(r.count);
          const pool = r.pool.trim();
          const warning = pool !== '' && !poolError && Number.isInteger(count) && count >= 1 ? requirementProblem(pools, pool, count) : null;
          const units = pools.find((p) => p.pool === pool)?.activeUnits;
          const hint = warning ?? (units !== undefined ? `${units} active unit${units === 1 ? '' : 's'} in this pool` : undefined);
          return (
            <li key={i} className="cat-requirement" data-testid="requirement">
              <div className="field">
                <label htmlFor={poolId}>
                  Pool <span className="visually-hidden">{`(requirement ${i + 1})`}</span>
                </label>
                <input
                  id={poolId}
                  list="req-pools"
                  autoComplete="off"
                  spellCheck={false}
                  value={r.pool}
                  onChange={(e) => update(i, { pool: e.target.value })}
                  aria-invalid={poolError ? true : undefined}
                  aria-describedby={[poolError ? `${poolId}-error` : '', hint ? `${poolId}-hint` : ''].filter(Boolean).join(' ') || undefined}
                />
                {warning ? (
                  <div className="hint cat-warn" id={`${poolId}-hint`}>
                    ⚠ {warning}
                  </div>
                ) : (
                  <HintAndError id={poolId} hint={hint} />
                )}
                {poolError && (
                  <div className="error" id={`${poolId}-error`}>
                    {poolError}
                  </div>
                )}
              </div>
              <div className="field cat-req-count">
                <label htmlFor={countId}>Units</label>
                <input
                  id={countId}
                  type="number"
                  min={1}
                  max={50}
                  inputMode="numeric"
                  value={r.count}
                  onChange={(e) => update(i, { count: e.target.value })}
                  aria-invalid={countError ? true : undefined}
                  aria-describedby={countError ? `${countId}-error` : undefined}
                />
                <HintAndError id={countId} error={countError} />
              </div>
              <button
                type="button"
                className="cat-req-remove"
                aria-label={`Remove requirement ${i + 1}${pool ? ` (${pool})` : ''}`}
                onClick={() => onChange(value.filter((_, j) => j !== i))}
              >
                ✕
              </button>
            </li>
          );
        })}
      </ul>
      {listError && <div className="error">{listError}</div>}
      <button type="button" disabled={value.length >= MAX_ROWS} onClick={() => onChange([...value, { pool: unused?.pool ?? '', count: '1' }])}>
        + Add room or equipment
      </button>
    </fieldset>
  );
}
