/**
 * Step "time" of the front desk's new booking: the day's free slots (GET /v1/availability, what the widget
 * offers) as buttons, and "another time" — a typed time that is no free slot is an override, flagged here
 * and confirmed after a warning before it is booked.
 */
import { formatTime } from '../bookings/format.ts';
import type { Catalog } from '../bookings/use-catalog.ts';
import type { Choice, Slot } from './new-booking.ts';

type Props = {
  slots: Slot[] | undefined;
  loading: boolean;
  zone: string;
  catalog: Catalog | undefined;
  /** "Anyone": slots name their provider, an override is not possible. */
  anyone: boolean;
  choice: Choice | null;
  /** The typed time is none of the free slots. */
  isOverride: boolean;
  onChoose: (c: Choice | null) => void;
};

export function TimeChoice({ slots, loading, zone, catalog, anyone, choice, isOverride, onChoose }: Props) {
  const typed = choice?.kind === 'override' ? choice.time : '';
  return (
    <>
      {slots && slots.length === 0 && <p className="muted">No free slots on this day.</p>}
      {slots && slots.length > 0 && (
        <div className="fd-slots" role="group" aria-label="Free slots">
          {slots.map((s) => {
            const on = choice?.kind === 'slot' && choice.slot.start === s.start && choice.slot.providerId === s.providerId;
            return (
              <button key={`${s.start}|${s.providerId}`} type="button" aria-pressed={on} onClick={() => onChoose({ kind: 'slot', slot: s })}>
                {formatTime(Date.parse(s.start), zone)}
                {anyone && <span className="fd-slot-who">{catalog?.providers.get(s.providerId)?.name ?? ''}</span>}
              </button>
            );
          })}
        </div>
      )}
      {loading && <p className="muted bk-small">Loading free slots…</p>}
      <div className="field fd-other">
        <label htmlFor="fd-time">Another time ({zone})</label>
        <input
          id="fd-time"
          type="time"
          step={300}
          value={typed}
          disabled={anyone}
          onChange={(e) => onChoose(e.target.value ? { kind: 'override', time: e.target.value } : null)}
        />
        {anyone ? (
          <p className="muted bk-small">Choose a provider to book a time that is not offered.</p>
        ) : (
          isOverride && <p className="fd-flag">Not a free slot: this will be booked as an override.</p>
        )}
      </div>
    </>
  );
}
