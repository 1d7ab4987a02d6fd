/**
 * The actions a booking allows now (actions.ts mirrors the workflow's rules): approve / decline a
 * pending one, reschedule, cancel (with a confirm step and reason), record attendance once it started.
 * `run` performs one action against the API; the page shows its outcome and reloads the booking.
 */
import { useState } from 'react';
import { allowedActions, attendanceOpensIn } from '../actions.ts';
import { formatDateTime } from '../format.ts';
import { statusLabel } from '../status.ts';
import type { BookingDetail } from '../types.ts';
import { ReasonForm } from './ReasonForm.tsx';
import { RescheduleForm } from './RescheduleForm.tsx';

export type ActionName = 'approve' | 'decline' | 'cancel' | 'reschedule' | 'attendance';
/** Performs the action; resolves true when the API accepted it. */
export type RunAction = (action: ActionName, body: Record<string, unknown>, done: string) => Promise<boolean>;

type Props = { b: BookingDetail; zone: string; now: number; busy: boolean; run: RunAction };
type Open = null | 'decline' | 'cancel' | 'reschedule';

export function Actions({ b, zone, now, busy, run }: Props) {
  const [open, setOpen] = useState<Open>(null);
  const can = allowedActions(b, now);
  const opensIn = attendanceOpensIn(b, now);
  const any = Object.values(can).some(Boolean);
  const act = async (action: ActionName, body: Record<string, unknown>, done: string) => {
    if (await run(action, body, done)) setOpen(null);
  };

  return (
    <section className="card bk-section" aria-labelledby="bk-actions">
      <h2 id="bk-actions">Actions</h2>
      {!any && <p className="muted">Nothing to do: the booking is {statusLabel(b.status).toLowerCase()}.</p>}
      {open === null && any && (
        <div className="row">
          {can.approve && (
            <button type="button" className="primary" disabled={busy} onClick={() => act('approve', {}, 'Booking approved.')}>
              Approve
            </button>
          )}
          {can.decline && (
            <button type="button" disabled={busy} onClick={() => setOpen('decline')}>
              Decline…
            </button>
          )}
          {can.reschedule && (
            <button type="button" disabled={busy} onClick={() => setOpen('reschedule')}>
              Reschedule…
            </button>
          )}
          {can.attendance && (
            <>
              <button
                type="button"
                disabled={busy}
                onClick={() => act('attendance', { attendance: 'checked_in' }, 'Recorded: checked in. The booking completes when the appointment is over.')}
              >
                Mark checked in
              </button>
              <button
                type="button"
                disabled={busy}
                onClick={() => act('attendance', { attendance: 'no_show' }, 'Recorded: no-show. The booking is marked no-show when the appointment is over.')}
              >
                Mark no-show
              </button>
            </>
          )}
          {can.cancel && (
            <button type="button" className="danger" disabled={busy} onClick={() => setOpen('cancel')}>
              Cancel booking…
            </button>
          )}
        </div>
      )}
      {open === 'cancel' && (
        <ReasonForm
          title="Cancel this booking?"
          confirmLabel="Confirm cancellation"
          backLabel="Keep booking"
          busy={busy}
          onConfirm={(reason) => act('cancel', reason ? { reason } : {}, 'Booking cancelled.')}
          onBack={() => setOpen(null)}
        />
      )}
      {open === 'decline' && (
        <ReasonForm
          title="Decline this booking?"
          confirmLabel="Confirm decline"
          backLabel="Back"
          busy={busy}
          onConfirm={(reason) => act('decline', reason ? { reason } : {}, 'Booking declined.')}
          onBack={() => setOpen(null)}
        />
      )}
      {open === 'reschedule' && (
        <RescheduleForm
          b={b}
          zone={zone}
          now={now}
          busy={busy}
          onMove={(start) => act('reschedule', { start }, `Booking moved to ${formatDateTime(Date.parse(start), zone)}.`)}
          onBack={() => setOpen(null)}
        />
      )}
      {opensIn !== null && (
        <p className="muted bk-small">Attendance (checked in / no-show) can be recorded from {formatDateTime(Date.parse(b.start), zone)}.</p>
      )}
    </section>
  );
}
