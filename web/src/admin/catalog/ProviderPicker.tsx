/**
 * Which providers offer a service: a checkbox per provider (a native, keyboard-friendly multi-select),
 * inactive ones marked. Ids the list does not know (deleted meanwhile) stay selected and visible.
 */
import type { Provider } from '../../api/types.ts';
import { Link } from '../../shared/link.tsx';

type Props = { providers: Provider[]; value: string[]; onChange: (ids: string[]) => void; error?: string | undefined };

export function ProviderPicker({ providers, value, onChange, error }: Props) {
  const known = new Set(providers.map((p) => p.id));
  const toggle = (id: string, on: boolean) => onChange(on ? [...value.filter((v) => v !== id), id] : value.filter((v) => v !== id));
  return (
    <fieldset className="cat-fieldset" aria-describedby={error ? 'providers-error' : undefined}>
      <legend>Providers</legend>
      {providers.length === 0 && (
        <p className="muted">
          No providers yet. <Link href="/admin/providers/new">Add a provider</Link> first; a service without one offers no slots.
        </p>
      )}
      <div className="cat-pick">
        {providers.map((p) => (
          <div className="cat-check" key={p.id}>
            <input
              type="checkbox"
              id={`prov-${p.id}`}
              checked={value.includes(p.id)}
              onChange={(e) => toggle(p.id, e.target.checked)}
              aria-invalid={error ? true : undefined}
            />
            <label htmlFor={`prov-${p.id}`}>
              {p.name} <span className="muted">({p.timeZone})</span> {!p.active && <span className="badge">inactive</span>}
            </label>
          </div>
        ))}
        {value
          .filter((id) => !known.has(id))
          .map((id) => (
            <div className="cat-check" key={id}>
              <input type="checkbox" id={`prov-${id}`} checked onChange={() => toggle(id, false)} />
              <label htmlFor={`prov-${id}`}>Unknown provider {id}</label>
            </div>
          ))}
      </div>
      {error && (
        <div className="error" id="providers-error">
          {error}
        </div>
      )}
    </fieldset>
  );
}
