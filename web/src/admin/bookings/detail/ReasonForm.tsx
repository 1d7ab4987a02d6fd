/**
 * The confirm step of cancel / decline: an optional reason (≤ 500 characters, the API's limit; it is
 * stored on the booking) and an explicit confirm button next to a way back. Focus moves into the form
 * when it opens.
 */
import { useId, useState, type FormEvent } from 'react';

type Props = {
  title: string;
  confirmLabel: string;
  backLabel: string;
  busy: boolean;
  onConfirm: (reason: string | undefined) => void;
  onBack: () => void;
};

export function ReasonForm({ title, confirmLabel, backLabel, busy, onConfirm, onBack }: Props) {
  const id = useId();
  const [reason, setReason] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onConfirm(reason.trim() || undefined);
  };
  return (
    <form className="bk-confirm" onSubmit={submit} aria-labelledby={`${id}-t`}>
      <h3 id={`${id}-t`}>{title}</h3>
      <div className="field">
        <label htmlFor={`${id}-r`}>
          Reason <span className="hint">(optional, kept with the booking)</span>
        </label>
        <textarea id={`${id}-r`} rows={2} maxLength={500} value={reason} onChange={(e) => setReason(e.target.value)} autoFocus />
      </div>
      <div className="row">
        <button type="submit" className="danger" disabled={busy}>
          {confirmLabel}
        </button>
        <button type="button" onClick={onBack} disabled={busy}>
          {backLabel}
        </button>
      </div>
    </form>
  );
}
