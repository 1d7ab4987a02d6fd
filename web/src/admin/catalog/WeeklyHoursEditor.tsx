/**
 * The provider's weekly hours: one row per weekday with several ranges each, "Copy Monday to weekdays"
 * and a "Merge overlaps" fix on days whose ranges overlap. Errors come keyed `weeklyHours.<day>.<row>`
 * from draftToWeekly or the server.
 */
import { errorAt, type FieldErrors } from './errors.ts';
import { RangeRows } from './RangeRows.tsx';
import { copyMondayToWeekdays, mergeOverlaps, WEEKDAY_NAMES, WEEKDAYS, type HoursDraft } from './weekly-hours.ts';

type Props = { value: HoursDraft; onChange: (v: HoursDraft) => void; errors: FieldErrors; zone: string };

export function WeeklyHoursEditor({ value, onChange, errors, zone }: Props) {
  return (
    <fieldset className="cat-fieldset">
      <legend>Weekly hours</legend>
      <p className="hint">Local times in {zone}. An end of 00:00 means midnight at the end of the day.</p>
      <div className="cat-week">
        {WEEKDAYS.map((day) => {
          const dayError = errors[`weeklyHours.${day}`];
          const overlap = Object.entries(errors).some(([k, m]) => k.startsWith(`weeklyHours.${day}.`) && m.startsWith('overlaps'));
          return (
            <div className="cat-day" key={day} role="group" aria-labelledby={`wh-${day}-name`}>
              <div className="cat-day-name" id={`wh-${day}-name`}>
                {WEEKDAY_NAMES[day]}
              </div>
              <RangeRows
                idPrefix={`wh-${day}`}
                label={WEEKDAY_NAMES[day]}
                rows={value[day]}
                onChange={(rows) => onChange({ ...value, [day]: rows })}
                errorOf={(row) => errorAt(errors, `weeklyHours.${day}.${row}`)}
              />
              {dayError && <div className="error">{dayError}</div>}
              {overlap && (
                <button type="button" onClick={() => onChange({ ...value, [day]: mergeOverlaps(value[day]) })}>
                  Merge overlapping hours on {WEEKDAY_NAMES[day]}
                </button>
              )}
            </div>
          );
        })}
      </div>
      <div className="row">
        <button type="button" onClick={() => onChange(copyMondayToWeekdays(value))} disabled={value.mon.length === 0}>
          Copy Monday to weekdays
        </button>
        <span className="hint">Tuesday to Friday get Monday's hours.</span>
      </div>
    </fieldset>
  );
}
