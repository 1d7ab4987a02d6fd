/**
 * Reschedule: pick a day (in the admin's zone) and one of that day's free slots of the booking's service
 * with the same provider (GET /v1/availability), or type any start — admins are not bound to the
 * offered slots or notice windows; the database still refuses overlaps (409 slot_unavailable, shown by
 * the page). The new start is sent with the admin zone's offset.
 */
import { useId, useState, type FormEvent } from 'react';
import { api } from '../../../api/client.ts';
import type { Availability } from '../../../api/types.ts';
import { formatTime } from '../format.ts';
import { problemText } from '../problem.ts';
import type { BookingDetail } from '../types.ts';
import { useLoad } from '../use-load.ts';
import { isDate, isoInZone, localDate, parseLocalDateTime } from '../zone.ts';

type Props = {
  b: BookingDetail;
  zone: string;
  now: number;
  busy: boolean;
  /** Resolves true when the booking moved (the form then closes). */
  onMove: (startIso: string) => void;
  onBack: () => void;
};

export function RescheduleForm({ b, zone, now, busy, onMove, onBack }: Props) {
  const id = useId();
  const today = localDate(now, zone);
  const bookingDay = localDate(Date.parse(b.start), zone);
  const [day, setDay] = useState(bookingDay < today ? today : bookingDay);
  const [choice, setChoice] = useState<string | null>(null);
  const [custom, setCustom] = useState('');
  const key = isDate(day) ? `${b.serviceId}|${b.providerId}|${day}|${zone}` : null;
  const slots = useLoad(key, (signal) =>
    api<Availability>(`/v1/availability?${new URLSearchParams({ serviceId: b.serviceId, providerId: b.providerId, from: day, to: day, timeZone: zone })}`, {
      signal,
    }),
  );
  const customMs = custom ? parseLocalDateTime(custom, zone) : null;
  const start = choice ?? (customMs !== null ? isoInZone(customMs, zone) : null);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (start) onMove(start);
  };
  const free = (slots.data?.slots ?? []).filter((s) => Date.parse(s.start) !== Date.parse(b.start));
  return (
    <form className="bk-confirm" onSubmit={submit} aria-labelledby={`${id}-t`}>
      <h3 id={`${id}-t`}>Reschedule</h3>
      <div className="field">
        <label htmlFor={`${id}-day`}>Day ({zone})</label>
        <input
          id={`${id}-day`}
          type="date"
          value={day}
          onChange={(e) => {
            setDay(e.target.value);
            setChoice(null);
          }}
          autoFocus
        />
      </div>
      <fieldset className="bk-slots">
        <legend>Free slots</legend>
        {slots.loading && !slots.data && <p className="muted">Loading free slots…</p>}
        {slots.error != null && <p className="error-text">Could not load free slots: {problemText(slots.error)}</p>}
        {slots.data && free.length === 0 && <p className="muted">No free slots that day. Pick another day or enter a time below.</p>}
        <div className="bk-slot-list">
          {free.map((s) => {
            const label = `${formatTime(Date.parse(s.start), zone)}–${formatTime(Date.parse(s.end), zone)}`;
            return (
              <label key={s.start} className={`bk-slot${choice === s.start ? ' bk-slot-on' : ''}`}>
                <input
                  type="radio"
                  name={`${id}-slot`}
                  value={s.start}
                  checked={choice === s.start}
                  onChange={() => {
                    setChoice(s.start);
                    setCustom('');
                  }}
                />
                {label}
              </label>
            );
          })}
        </div>
      </fieldset>
      <div className="field">
        <label htmlFor={`${id}-custom`}>
          Or another start <span className="hint">({zone}; same duration; overlaps are refused)</span>
        </label>
        <input
          id={`${id}-custom`}
          type="datetime-local"
          value={custom}
          onChange={(e) => {
            setCustom(e.target.value);
            setChoice(null);
          }}
        />
      </div>
      <div className="row">
        <button type="submit" className="primary" disabled={busy || !start}>
          Move booking
        </button>
        <button type="button" onClick={onBack} disabled={busy}>
          Back
        </button>
      </div>
    </form>
  );
}
