/** The service's intake questions as form controls, the same types the widget renders; required marked with *. */
import type { IntakeField } from '../../../../src/domain/catalog/types.ts';

type Props = { fields: IntakeField[]; values: Record<string, string | boolean>; onChange: (key: string, value: string | boolean) => void };

export function IntakeFields({ fields, values, onChange }: Props) {
  return (
    <>
      {fields.map((f) => {
        const id = `fd-intake-${f.key}`;
        const label = `${f.label}${f.required ? ' *' : ''}`;
        const text = typeof values[f.key] === 'string' ? (values[f.key] as string) : '';
        if (f.type === 'checkbox') {
          return (
            <div key={f.key} className="fd-check">
              <input id={id} type="checkbox" checked={values[f.key] === true} onChange={(e) => onChange(f.key, e.target.checked)} />
              <label htmlFor={id}>{label}</label>
            </div>
          );
        }
        return (
          <div key={f.key} className="field">
            <label htmlFor={id}>{label}</label>
            {f.type === 'textarea' ? (
              <textarea id={id} rows={3} value={text} required={f.required} onChange={(e) => onChange(f.key, e.target.value)} />
            ) : f.type === 'select' ? (
              <select id={id} value={text} required={f.required} onChange={(e) => onChange(f.key, e.target.value)}>
                <option value="">Choose…</option>
                {(f.options ?? []).map((o) => (
                  <option key={o}>{o}</option>
                ))}
              </select>
            ) : (
              <input id={id} type={f.type === 'phone' ? 'tel' : f.type} value={text} required={f.required} onChange={(e) => onChange(f.key, e.target.value)} />
            )}
          </div>
        );
      })}
    </>
  );
}
