/**
 * Editable rows of time ranges for one day (weekly hours, or the hours of one date): start / end time
 * inputs, remove, and "Add hours". `label` names the day in every control ("Monday from", "Remove
 * Monday 09:00–17:00"), so each is distinguishable without seeing the layout. An end of 00:00 is the
 * end of the day (see weekly-hours.ts).
 */
import { HintAndError } from './ui.tsx';
import { nextRange, type RangeDraft } from './weekly-hours.ts';

type Props = {
  idPrefix: string;
  label: string;
  rows: RangeDraft[];
  onChange: (rows: RangeDraft[]) => void;
  errorOf: (row: number) => string | undefined;
};

export function RangeRows({ idPrefix, label, rows, onChange, errorOf }: Props) {
  const update = (i: number, patch: Partial<RangeDraft>) => onChange(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  return (
    <div className="cat-ranges">
      {rows.length === 0 && <span className="muted cat-off">Not working</span>}
      {rows.map((r, i) => {
        const id = `${idPrefix}-${i}`;
        const error = errorOf(i);
        return (
          <div className="cat-range" key={i}>
            <div className="cat-range-inputs">
              <label className="visually-hidden" htmlFor={`${id}-start`}>{`${label} from (range ${i + 1})`}</label>
              <input
                type="time"
                id={`${id}-start`}
                aria-invalid={error ? true : undefined}
                aria-describedby={error ? `${id}-error` : undefined}
                value={r.start}
                onChange={(e) => update(i, { start: e.target.value })}
              />
              <span aria-hidden="true">–</span>
              <label className="visually-hidden" htmlFor={`${id}-end`}>{`${label} until (range ${i + 1})`}</label>
              <input
                type="time"
                id={`${id}-end`}
                aria-invalid={error ? true : undefined}
                aria-describedby={error ? `${id}-error` : undefined}
                value={r.end}
                onChange={(e) => update(i, { end: e.target.value })}
              />
              <button type="button" className="cat-icon" aria-label={`Remove ${label} range ${i + 1}`} onClick={() => onChange(rows.filter((_, j) => j !== i))}>
                ✕
              </button>
            </div>
            <HintAndError id={id} error={error} />
          </div>
        );
      })}
      <button type="button" className="cat-add" onClick={() => onChange([...rows, nextRange(rows)])}>
        + Add hours<span className="visually-hidden"> on {label}</span>
      </button>
    </div>
  );
}
