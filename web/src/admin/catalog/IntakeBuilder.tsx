/**
 * The intake form builder: the service's questions in order, each with label, key (follows the label
 * until edited), type, required and, for a choice, its options; add, remove, move up / down; a live
 * preview beside each. Errors arrive keyed `intakeFields.<i>.<part>` (intake.ts or the server).
 * Moving a row moves focus with it, so keyboard users can press "Move up" repeatedly.
 */
import { useRef } from 'react';
import type { IntakeFieldType } from '../../api/types.ts';
import { errorAt, type FieldErrors } from './errors.ts';
import { INTAKE_TYPES, isQuestionType, moveDraft, newDraft, withLabel, type IntakeDraft } from './intake.ts';
import { IntakePreview } from './IntakePreview.tsx';
import { CheckField, HintAndError, TextField, describedBy } from './ui.tsx';

type Props = { value: IntakeDraft[]; onChange: (v: IntakeDraft[]) => void; errors: FieldErrors };

export function IntakeBuilder({ value, onChange, errors }: Props) {
  const list = useRef<HTMLOListElement>(null);
  const set = (i: number, patch: Partial<IntakeDraft>) => onChange(value.map((d, j) => (j === i ? { ...d, ...patch } : d)));
  const move = (i: number, delta: number, label: string) => {
    onChange(moveDraft(value, i, delta));
    // Keep focus on the same button of the moved question once it has re-rendered.
    requestAnimationFrame(() => list.current?.querySelector<HTMLButtonElement>(`li:nth-child(${i + delta + 1}) button[data-move="${label}"]`)?.focus());
  };
  return (
    <fieldset className="cat-fieldset">
      <legend>Intake form</legend>
      <p className="hint">Questions the customer answers when booking. The key names the answer in the API and in messages.</p>
      <p className="hint" data-testid="intake-contact-hint">
        The customer’s phone and e-mail are built-in fields (Customer contact): make them required and set their labels there, not as questions — reminders by
        SMS use that phone.
      </p>
      {value.length === 0 && <p className="muted">No questions: customers only give their name and contact details.</p>}
      <ol className="cat-intake" ref={list}>
        {value.map((d, i) => {
          const at = `intakeFields.${i}`;
          const n = i + 1;
          const optionsId = `if-${d.uid}-options`;
          const optionsError = errorAt(errors, `${at}.options`);
          return (
            <li key={d.uid} className="cat-intake-item card" aria-label={`Question ${n}`}>
              <div className="cat-intake-edit">
                <div className="cat-intake-head">
                  <strong>Question {n}</strong>
                  <div className="row">
                    <button type="button" data-move="up" aria-label={`Move question ${n} up`} disabled={i === 0} onClick={() => move(i, -1, 'up')}>
                      ↑
                    </button>
                    <button
                      type="button"
                      data-move="down"
                      aria-label={`Move question ${n} down`}
                      disabled={i === value.length - 1}
                      onClick={() => move(i, 1, 'down')}
                    >
                      ↓
                    </button>
                    <button type="button" className="danger" aria-label={`Remove question ${n}`} onClick={() => onChange(value.filter((_, j) => j !== i))}>
                      Remove
                    </button>
                  </div>
                </div>
                <TextField
                  id={`if-${d.uid}-label`}
                  label={
                    <>
                      <span className="visually-hidden">{`Question ${n} `}</span>Label
                    </>
                  }
                  value={d.label}
                  onChange={(v) => onChange(withLabel(value, i, v))}
                  error={errorAt(errors, `${at}.label`)}
                />
                <div className="cat-grid2">
                  <TextField
                    id={`if-${d.uid}-key`}
                    label={
                      <>
                        <span className="visually-hidden">{`Question ${n} `}</span>Key
                      </>
                    }
                    value={d.key}
                    onChange={(v) => set(i, { key: v, keyEdited: true })}
                    error={errorAt(errors, `${at}.key`)}
                    hint={d.keyEdited ? undefined : 'Follows the label until you edit it.'}
                    spellCheck={false}
                    autoCapitalize="off"
                  />
                  <div className="field">
                    <label htmlFor={`if-${d.uid}-type`}>
                      <span className="visually-hidden">{`Question ${n} `}</span>Type
                    </label>
                    <select id={`if-${d.uid}-type`} value={d.type} onChange={(e) => set(i, { type: e.target.value as IntakeFieldType })}>
                      {INTAKE_TYPES.filter((t) => isQuestionType(t.value) || t.value === d.type).map((t) => (
                        <option key={t.value} value={t.value}>
                          {t.label}
                        </option>
                      ))}
                    </select>
                  </div>
                </div>
                <CheckField
                  id={`if-${d.uid}-required`}
                  label={
                    <>
                      <span className="visually-hidden">{`Question ${n} `}</span>Required (customers must answer)
                    </>
                  }
                  checked={d.required}
                  onChange={(v) => set(i, { required: v })}
                />
                {d.type === 'select' && (
                  <div className="field">
                    <label htmlFor={optionsId}>
                      <span className="visually-hidden">{`Question ${n} `}</span>Options
                    </label>
                    <textarea
                      {...describedBy({ id: optionsId, hint: true, error: optionsError })}
                      rows={3}
                      value={d.optionsText}
                      onChange={(e) => set(i, { optionsText: e.target.value })}
                    />
                    <HintAndError id={optionsId} hint="One option per line." error={optionsError} />
                  </div>
                )}
                {errors[at] && <div className="error-text">{errors[at]}</div>}
              </div>
              <IntakePreview draft={d} />
            </li>
          );
        })}
      </ol>
      <button type="button" onClick={() => onChange([...value, newDraft(value)])}>
        + Add question
      </button>
    </fieldset>
  );
}
