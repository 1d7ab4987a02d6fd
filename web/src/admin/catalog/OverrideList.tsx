/** A provider's overrides as the provider reads them (their zone), each with a delete button. */
import type { Override } from '../../api/types.ts';
import { describeDay } from './weekly-hours.ts';
import { dayLabel, describeRange } from './zoned-time.ts';

const KIND: Record<string, string> = { block: 'Blocked', open: 'Extra hours' };

export function describeOverride(o: Override, zone: string): { when: string; what: string } {
  if (o.kind === 'hours') return { when: dayLabel(o.date), what: o.hours.length === 0 ? 'Day off' : `Hours: ${describeDay(o.hours)}` };
  return { when: describeRange(o.start, o.end, zone), what: KIND[o.kind]! };
}

type Props = { overrides: Override[]; zone: string; onDelete: (o: Override) => void; busyId: string | null };

export function OverrideList({ overrides, zone, onDelete, busyId }: Props) {
  if (overrides.length === 0) return <p className="muted">No overrides in this period.</p>;
  return (
    <table className="cat-table" aria-label="Overrides">
      <thead>
        <tr>
          <th scope="col">When ({zone})</th>
          <th scope="col">Change</th>
          <th scope="col">Reason</th>
          <th scope="col">
            <span className="visually-hidden">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {overrides.map((o) => {
          const d = describeOverride(o, zone);
          return (
            <tr key={o.id}>
              <td data-label="When">{d.when}</td>
              <td data-label="Change">
                <span className={`badge ${o.kind === 'open' ? 'confirmed' : o.kind === 'block' ? 'cancelled' : 'pending'}`}>{d.what}</span>
              </td>
              <td data-label="Reason">{o.reason ?? <span className="muted">—</span>}</td>
              <td>
                <button
                  type="button"
                  className="danger"
                  disabled={busyId === o.id}
                  aria-label={`Delete override ${d.what} ${d.when}`}
                  onClick={() => onDelete(o)}
                >
                  Delete
                </button>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
