/**
 * The customer's manage page, `/manage/{token}`: the booking, and reschedule / cancel / confirm
 * through POST /v1/manage/{token}/…. Every change bumps the booking's version, which supersedes the
 * link in hand: the answer carries the new link and the page swaps its URL to it (replaceState), so a
 * reload keeps working. Closed actions explain the notice window; dead links say what to do instead.
 */
import { useEffect, useState } from 'react';
import { api } from '../api/client.ts';
import type { ManagedBooking, Slot } from '../api/types.ts';
import { formatInstant, formatRange, formatTime } from '../book/format.ts';
import { toUiProblem, type UiProblem } from '../book/problems.ts';
import { TimePicker } from '../book/TimePicker.tsx';
import { manageActions, manageLinkPath, tokenFromPath, type ActionState } from './manage-model.ts';
import './manage.css';

type Mode = 'view' | 'reschedule' | 'cancel';

/** After a move: an e-mailed new link only when e-mail really goes (`customerEmailed`). */
function movedNotice(b: ManagedBooking): string {
  return b.customerEmailed
    ? 'Your booking was moved. We sent you a new link; this page now uses it.'
    : 'Your booking was moved. This page now uses its new link: bookmark it, no e-mail will be sent.';
}

export function ManagePage() {
  const [token, setToken] = useState(() => tokenFromPath(location.pathname));
  const [booking, setBooking] = useState<ManagedBooking | null>(null);
  const [fatal, setFatal] = useState<UiProblem | null>(token ? null : toUiProblem({ status: 401, code: 'link_invalid', message: '', errors: [] }));
  const [mode, setMode] = useState<Mode>('view');
  const [notice, setNotice] = useState<string | null>(null);
  const [problem, setProblem] = useState<UiProblem | null>(null);
  const [busy, setBusy] = useState(false);
  const [zone, setZone] = useState('UTC');
  const [slot, setSlot] = useState<Slot | null>(null);
  const [reason, setReason] = useState('');
  const [reloadKey, setReloadKey] = useState(0);

  useEffect(() => {
    if (!token) return;
    api<ManagedBooking>(`/v1/manage/${encodeURIComponent(token)}`).then(
      (b) => {
        setBooking(b);
        setZone(b.timeZone);
      },
      (err: unknown) => setFatal(toUiProblem(err)),
    );
  }, []); // eslint-disable-line react-hooks/exhaustive-deps

  /** POSTs an action; on success shows the answer and moves the page to the booking's new link. */
  async function act(action: 'reschedule' | 'cancel' | 'confirm', body: unknown, done: string | null | ((b: ManagedBooking) => string)) {
    setBusy(true);
    setProblem(null);
    try {
      const b = await api<ManagedBooking>(`/v1/manage/${encodeURIComponent(token!)}/${action}`, { method: 'POST', body });
      const path = manageLinkPath(b.manageUrl);
      if (path) {
        history.replaceState(null, '', path);
        setToken(tokenFromPath(path));
      }
      setBooking(b);
      setMode('view');
      setSlot(null);
      setNotice(typeof done === 'function' ? done(b) : done);
    } catch (err) {
      const p = toUiProblem(err, slot ? formatTime(slot.start, zone) : undefined);
      if (p.kind === 'link') setFatal(p);
      else setProblem(p);
      if (p.kind === 'slot_taken') {
        setSlot(null);
        setReloadKey((k) => k + 1);
      }
    } finally {
      setBusy(false);
    }
  }

  if (fatal) {
    const title = fatal.kind === 'link' ? fatal.title : 'Something went wrong';
    return (
      <main className="mg-page">
        <h1>{title}</h1>
        <p className={fatal.kind === 'link' && fatal.code === 'link_superseded' ? 'notice warn' : 'notice bad'} role="alert">
          {fatal.message}
        </p>
      </main>
    );
  }
  if (!booking)
    return (
      <main className="mg-page">
        <h1>Your booking</h1>
        <p className="muted">Loading…</p>
      </main>
    );

  const actions = manageActions(booking, Date.now());
  const closed = (what: string, s: ActionState) =>
    !s.open && s.reason === 'policy_window' ? (
      <p className="notice warn mg-policy">
        {what} online was possible until {formatInstant(s.deadline, booking.timeZone)}: this service needs that much notice. Please contact us directly.
      </p>
    ) : null;

  return (
    <main className="mg-page">
      <h1>Your booking</h1>
      {notice && (
        <p className="notice ok" role="status">
          {notice}
        </p>
      )}
      {actions.final && (
        <div className="notice" role="status">
          <strong>{actions.final.title}</strong>
          <p>{actions.final.message}</p>
        </div>
      )}
      <dl className="card mg-summary">
        <dt>What</dt>
        <dd>
          {booking.service.name} with {booking.provider.name}
        </dd>
        <dt>When</dt>
        <dd>{formatRange(booking.start, booking.end, booking.timeZone)}</dd>
        <dt>Name</dt>
        <dd>{booking.customer.name}</dd>
        <dt>Status</dt>
        <dd>
          <span className={`badge ${booking.status}`}>{booking.status === 'pending' ? 'awaiting approval' : booking.status}</span>
        </dd>
      </dl>
      {problem && (
        <p className={problem.kind === 'slot_taken' || problem.kind === 'retry_later' ? 'notice warn' : 'notice bad'} role="alert">
          {problem.message}
        </p>
      )}

      {mode === 'view' && (
        <>
          {closed('Rescheduling', actions.reschedule)}
          {closed('Cancelling', actions.cancel)}
          <div className="row mg-actions">
            {actions.confirm && (
              <button type="button" className="primary" disabled={busy} onClick={() => act('confirm', undefined, 'Thank you — your booking is confirmed.')}>
                Confirm booking
              </button>
            )}
            {actions.reschedule.open && (
              <button
                type="button"
                onClick={() => {
                  setMode('reschedule');
                  setProblem(null);
                  setNotice(null);
                }}
              >
                Reschedule
              </button>
            )}
            {actions.cancel.open && (
              <button
                type="button"
                className="danger"
                onClick={() => {
                  setMode('cancel');
                  setProblem(null);
                  setNotice(null);
                }}
              >
                Cancel booking
              </button>
            )}
          </div>
        </>
      )}

      {mode === 'reschedule' && (
        <section aria-labelledby="mg-resched">
          <h2 id="mg-resched">Choose a new time</h2>
          <TimePicker
            serviceId={booking.service.id}
            providerId={booking.provider.id}
            zone={zone}
            onZoneChange={setZone}
            selected={slot}
            onSelect={setSlot}
            reloadKey={reloadKey}
            source={`/v1/manage/${encodeURIComponent(token!)}/availability`}
          />
          {slot && (
            <p className="notice mg-confirm">
              Move your appointment to <strong>{formatRange(slot.start, slot.end, zone)}</strong>?
            </p>
          )}
          <div className="row mg-actions">
            <button type="button" className="primary" disabled={!slot || busy} onClick={() => act('reschedule', { start: slot!.start }, movedNotice)}>
              Move booking
            </button>
            <button
              type="button"
              onClick={() => {
                setMode('view');
                setSlot(null);
                setProblem(null);
              }}
            >
              Keep current time
            </button>
          </div>
        </section>
      )}

      {mode === 'cancel' && (
        <section aria-labelledby="mg-cancel">
          <h2 id="mg-cancel">Cancel this booking?</h2>
          <div className="field">
            <label htmlFor="mg-reason">
              Reason <span className="hint">(optional)</span>
            </label>
            <textarea id="mg-reason" rows={3} maxLength={500} value={reason} onChange={(e) => setReason(e.target.value)} />
          </div>
          <div className="row mg-actions">
            <button
              type="button"
              className="danger"
              disabled={busy}
              onClick={() => act('cancel', reason.trim() ? { reason: reason.trim() } : {}, null /* the cancelled state says it */)}
            >
              Yes, cancel booking
            </button>
            <button
              type="button"
              onClick={() => {
                setMode('view');
                setProblem(null);
              }}
            >
              Keep booking
            </button>
          </div>
        </section>
      )}
    </main>
  );
}
