/**
 * A provider's date overrides: quick actions, "block / open a time range", "replace the hours of a
 * date", and the list from today on (or with past ones). Every date and time here is in the provider's
 * *saved* zone (`provider.timeZone`): the server interprets overrides in it, whatever the editor above
 * shows unsaved. The clock is read here and passed into the pure rules (quick-actions.ts).
 */
import { useRef, useState, type FormEvent } from 'react';
import { ApiError, qs } from '../../api/client.ts';
import type { Override, Provider } from '../../api/types.ts';
import { adminApi } from '../auth.ts';
import { errorsFromProblems } from './errors.ts';
import { hoursBody, rangeBody, type HoursForm, type RangeForm, type RangeKind } from './override-form.ts';
import { OverrideList } from './OverrideList.tsx';
import { nextSaturday, thisAfternoon } from './quick-actions.ts';
import { RangeRows } from './RangeRows.tsx';
import { TextField } from './ui.tsx';
import { useLoad } from './use-load.ts';
import { localDate } from './zoned-time.ts';

type Errors = Record<string, string>;

export function OverridesPanel({ provider }: { provider: Provider }) {
  const zone = provider.timeZone;
  const [showPast, setShowPast] = useState(false);
  const today = localDate(Date.now(), zone);
  const list = useLoad(
    () =>
      adminApi<{ overrides: Override[] }>(`/v1/admin/providers/${provider.id}/overrides${qs({ from: showPast ? undefined : today })}`).then((r) => r.overrides),
    [provider.id, showPast, zone],
  );
  const [status, setStatus] = useState<{ ok: boolean; text: string } | null>(null);
  const [busyId, setBusyId] = useState<string | null>(null);

  const [range, setRange] = useState<RangeForm>({ kind: 'block', date: today, from: '12:00', to: '17:00', reason: '' });
  const [rangeErrors, setRangeErrors] = useState<Errors>({});
  const rangeDate = useRef<HTMLInputElement>(null);
  const [hours, setHours] = useState<HoursForm>({ date: today, dayOff: false, ranges: [{ start: '09:00', end: '13:00' }], reason: '' });
  const [hoursErrors, setHoursErrors] = useState<Errors>({});

  const overrides = list.data ?? [];
  const afternoon = thisAfternoon(Date.now(), zone, provider.weeklyHours, overrides);

  const post = async (body: unknown, done: string, onErrors: (e: Errors) => void): Promise<boolean> => {
    try {
      await adminApi<Override>(`/v1/admin/providers/${provider.id}/overrides`, { method: 'POST', body });
      setStatus({ ok: true, text: done });
      list.reload();
      return true;
    } catch (err) {
      if (err instanceof ApiError && err.errors.length > 0) onErrors(errorsFromProblems(err.errors));
      setStatus({ ok: false, text: `Not added: ${(err as Error).message}` });
      return false;
    }
  };

  const prefill = (kind: RangeKind, r: { date: string; from: string; to: string }, reason: string) => {
    setRange({ kind, ...r, reason });
    setRangeErrors({});
    setStatus({ ok: true, text: `Form filled in: check the times and press "${kind === 'block' ? 'Add block' : 'Add extra hours'}".` });
    rangeDate.current?.focus();
  };

  const submitRange = async (e: FormEvent) => {
    e.preventDefault();
    const built = rangeBody(range, zone);
    if (!built.ok) return setRangeErrors(built.errors);
    setRangeErrors({});
    const note = built.notes.length > 0 ? ` (${built.notes.join('; ')})` : '';
    await post(built.body, `${range.kind === 'block' ? 'Blocked' : 'Opened'} ${range.date} ${range.from}–${range.to}${note}.`, (errs) =>
      setRangeErrors({ from: errs.start ?? '', to: errs.end ?? '', ...(errs.reason ? { reason: errs.reason } : {}) }),
    );
  };

  const submitHours = async (e: FormEvent) => {
    e.preventDefault();
    const built = hoursBody(hours);
    if (!built.ok) return setHoursErrors(built.errors);
    setHoursErrors({});
    await post(built.body, hours.dayOff ? `${hours.date} is now a day off.` : `Hours of ${hours.date} replaced.`, setHoursErrors);
  };

  const remove = async (o: Override) => {
    setBusyId(o.id);
    try {
      await adminApi(`/v1/admin/providers/${provider.id}/overrides/${o.id}`, { method: 'DELETE' });
      setStatus({ ok: true, text: 'Override deleted.' });
      list.reload();
    } catch (err) {
      setStatus({ ok: false, text: `Not deleted: ${(err as Error).message}` });
    } finally {
      setBusyId(null);
    }
  };

  return (
    <section className="cat-overrides" aria-labelledby="overrides-title">
      <h2 id="overrides-title">Overrides</h2>
      <p className="hint">Exceptions to the weekly hours. Dates and times are in {zone} (the saved time zone).</p>
      <div aria-live="polite">{status && <p className={`notice ${status.ok ? 'ok' : 'bad'}`}>{status.text}</p>}</div>

      <div className="cat-quick" role="group" aria-label="Quick actions">
        <button
          type="button"
          disabled={!afternoon.ok}
          onClick={() => afternoon.ok && prefill('block', afternoon.range, 'Blocked this afternoon')}
          aria-describedby="afternoon-why"
        >
          Block this afternoon
        </button>
        <button type="button" onClick={() => prefill('open', nextSaturday(Date.now(), zone), 'Open Saturday')}>
          Open Saturday
        </button>
        <span id="afternoon-why" className="hint">
          {afternoon.ok
            ? `Today ${afternoon.range.from}–${afternoon.range.to === '00:00' ? '24:00' : afternoon.range.to}`
            : `Block this afternoon: ${afternoon.reason}`}
        </span>
      </div>

      <div className="cat-two">
        <form className="card" onSubmit={submitRange} noValidate aria-labelledby="range-title">
          <h3 id="range-title">Block or open a time range</h3>
          <fieldset className="cat-fieldset cat-inner">
            <legend>Change</legend>
            <div className="row">
              {(['block', 'open'] as const).map((k) => (
                <span className="cat-check" key={k}>
                  <input type="radio" id={`range-kind-${k}`} name="range-kind" checked={range.kind === k} onChange={() => setRange({ ...range, kind: k })} />
                  <label htmlFor={`range-kind-${k}`}>{k === 'block' ? 'Block (not bookable)' : 'Open extra hours'}</label>
                </span>
              ))}
            </div>
          </fieldset>
          <div className="field">
            <label htmlFor="range-date">Date</label>
            <input
              ref={rangeDate}
              id="range-date"
              type="date"
              value={range.date}
              onChange={(e) => setRange({ ...range, date: e.target.value })}
              aria-invalid={rangeErrors.date ? true : undefined}
              aria-describedby={rangeErrors.date ? 'range-date-error' : undefined}
            />
            {rangeErrors.date && (
              <div className="error" id="range-date-error">
                {rangeErrors.date}
              </div>
            )}
          </div>
          <div className="cat-grid2">
            <TextField
              id="range-from"
              label="From"
              type="time"
              value={range.from}
              onChange={(v) => setRange({ ...range, from: v })}
              error={rangeErrors.from || undefined}
            />
            <TextField
              id="range-to"
              label="Until"
              type="time"
              hint="00:00 = end of the day"
              value={range.to}
              onChange={(v) => setRange({ ...range, to: v })}
              error={rangeErrors.to || undefined}
            />
          </div>
          <TextField
            id="range-reason"
            label="Reason (optional)"
            value={range.reason}
            onChange={(v) => setRange({ ...range, reason: v })}
            error={rangeErrors.reason}
          />
          <button className="primary" type="submit">
            {range.kind === 'block' ? 'Add block' : 'Add extra hours'}
          </button>
        </form>

        <form className="card" onSubmit={submitHours} noValidate aria-labelledby="hours-title">
          <h3 id="hours-title">Replace the hours of a date</h3>
          <div className="field">
            <label htmlFor="hours-date">Date</label>
            <input
              id="hours-date"
              type="date"
              value={hours.date}
              onChange={(e) => setHours({ ...hours, date: e.target.value })}
              aria-invalid={hoursErrors.date ? true : undefined}
              aria-describedby={hoursErrors.date ? 'hours-date-error' : undefined}
            />
            {hoursErrors.date && (
              <div className="error" id="hours-date-error">
                {hoursErrors.date}
              </div>
            )}
          </div>
          <div className="field cat-check">
            <input type="checkbox" id="hours-off" checked={hours.dayOff} onChange={(e) => setHours({ ...hours, dayOff: e.target.checked })} />
            <label htmlFor="hours-off">Day off</label>
          </div>
          {!hours.dayOff && (
            <div className="field" role="group" aria-label="Hours on that date">
              <RangeRows
                idPrefix="hours"
                label="that date"
                rows={hours.ranges}
                onChange={(ranges) => setHours({ ...hours, ranges })}
                errorOf={(row) => hoursErrors[`hours.${row}`]}
              />
              {hoursErrors.hours && <div className="error">{hoursErrors.hours}</div>}
            </div>
          )}
          <TextField
            id="hours-reason"
            label="Reason (optional)"
            value={hours.reason}
            onChange={(v) => setHours({ ...hours, reason: v })}
            error={hoursErrors.reason}
          />
          <button className="primary" type="submit">
            {hours.dayOff ? 'Make it a day off' : 'Replace hours'}
          </button>
        </form>
      </div>

      <div className="cat-title-row">
        <h3>{showPast ? 'All overrides' : 'From today on'}</h3>
        <div className="cat-check">
          <input type="checkbox" id="show-past" checked={showPast} onChange={(e) => setShowPast(e.target.checked)} />
          <label htmlFor="show-past">Show past overrides</label>
        </div>
      </div>
      {list.error && (
        <p className="notice bad" role="alert">
          Could not load the overrides: {list.error.message}
        </p>
      )}
      {list.data && <OverrideList overrides={list.data} zone={zone} onDelete={remove} busyId={busyId} />}
    </section>
  );
}
