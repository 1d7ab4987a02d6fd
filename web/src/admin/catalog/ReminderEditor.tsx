/**
 * Reminders: offsets before the appointment typed as durations ("24 h", "2 h", "30 min"), each its own
 * row with remove, plus the channels they go out on. Errors: `reminderOffsetsMinutes.<i>`,
 * `reminderOffsetsMinutes`, `reminderChannels`.
 */
import type { Channel } from './service-form.ts';
import { errorAt, type FieldErrors } from './errors.ts';
import { parseDuration, formatDuration } from './durations.ts';
import { HintAndError } from './ui.tsx';

type Props = {
  offsets: string[];
  channels: Channel[];
  onOffsets: (v: string[]) => void;
  onChannels: (v: Channel[]) => void;
  errors: FieldErrors;
};

const CHANNELS: { value: Channel; label: string }[] = [
  { value: 'email', label: 'E-mail' },
  { value: 'sms', label: 'SMS (needs Twilio and the customer’s phone)' },
];

export function ReminderEditor({ offsets, channels, onOffsets, onChannels, errors }: Props) {
  const listError = errors.reminderOffsetsMinutes;
  return (
    <fieldset className="cat-fieldset">
      <legend>Reminders</legend>
      <p className="hint">How long before the appointment each reminder goes out, e.g. “24 h”, “2 h”, “30 min”, “2 d”.</p>
      {offsets.length === 0 && <p className="muted">No reminders.</p>}
      <ul className="cat-plain">
        {offsets.map((text, i) => {
          const id = `reminder-${i}`;
          const error = errorAt(errors, `reminderOffsetsMinutes.${i}`);
          const parsed = parseDuration(text, { min: 1 });
          // Echo how the typed text is understood ("1.5 h" → "1 h 30 min") when that says something new.
          const echo = parsed.ok && formatDuration(parsed.minutes) !== text.trim() ? `= ${formatDuration(parsed.minutes)} before` : undefined;
          return (
            <li key={i} className="cat-reminder">
              <label htmlFor={id}>{`Reminder ${i + 1}`}</label>
              <div className="row">
                <input
                  id={id}
                  className="cat-short"
                  value={text}
                  onChange={(e) => onOffsets(offsets.map((o, j) => (j === i ? e.target.value : o)))}
                  aria-invalid={error ? true : undefined}
                  aria-describedby={[error ? `${id}-error` : '', echo ? `${id}-hint` : ''].filter(Boolean).join(' ') || undefined}
                />
                <span className="muted">before</span>
                <button type="button" aria-label={`Remove reminder ${i + 1}`} onClick={() => onOffsets(offsets.filter((_, j) => j !== i))}>
                  ✕
                </button>
              </div>
              <HintAndError id={id} hint={echo} error={error} />
            </li>
          );
        })}
      </ul>
      {listError && <div className="error">{listError}</div>}
      <button type="button" disabled={offsets.length >= 10} onClick={() => onOffsets([...offsets, offsets.length === 0 ? '24 h' : '1 h'])}>
        + Add reminder
      </button>
      <fieldset className="cat-fieldset cat-inner" aria-describedby={errors.reminderChannels ? 'channels-error' : undefined}>
        <legend>Send reminders by</legend>
        {CHANNELS.map((c) => (
          <div className="cat-check" key={c.value}>
            <input
              type="checkbox"
              id={`channel-${c.value}`}
              checked={channels.includes(c.value)}
              aria-invalid={errors.reminderChannels ? true : undefined}
              onChange={(e) =>
                onChannels(
                  e.target.checked ? CHANNELS.map((x) => x.value).filter((v) => v === c.value || channels.includes(v)) : channels.filter((v) => v !== c.value),
                )
              }
            />
            <label htmlFor={`channel-${c.value}`}>{c.label}</label>
          </div>
        ))}
        {errors.reminderChannels && (
          <div className="error" id="channels-error">
            {errors.reminderChannels}
          </div>
        )}
      </fieldset>
    </fieldset>
  );
}
