/**
 * The customer's manage page, `/manage/{token}`: the booking, and reschedule / cancel / confirm
 * through POST /v1/manage/{token}/…. A link names the booking (#20): any link ever sent for it opens the
 * booking as it is now, so the page keeps its URL. Each action sends the version the page shows; if the
 * booking changed meanwhile (another window, the front desk) the answer is 409 booking_changed with the
 * booking as it is now, which the page shows instead, saying so. Closed actions explain the notice window;
 * a finished booking offers "Book again"; a dead link offers to e-mail the customer their links.
 */
import { useEffect, useState, type FormEvent } from 'react';
import { api } from '../api/client.ts';
import type { ManagedBooking, Slot } from '../api/types.ts';
import { formatInstant, formatRange, formatTime } from '../book/format.ts';
import { toUiProblem, type UiProblem } from '../book/problems.ts';
import { TimePicker } from '../book/TimePicker.tsx';
import { BrandHeader } from '../shared/BrandHeader.tsx';
import { contactLine, useBranding } from '../shared/branding.ts';
import type { Branding } from '../api/types.ts';
import { bookAgainPath, manageActions, resourcesLine, tokenFromPath, type ActionState } from './manage-model.ts';
import './manage.css';

type Mode = 'view' | 'reschedule' | 'cancel';

/** After a move: the new details are e-mailed only when e-mail really goes (`customerEmailed`). */
function movedNotice(b: ManagedBooking): string {
  return b.customerEmailed
    ? 'Your booking was moved. We sent you the new details; every link to it keeps working.'
    : 'Your booking was moved. No e-mail will be sent: bookmark this page, its link keeps working.';
}

export function ManagePage() {
  const [token] = useState(() => tokenFromPath(location.pathname));
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
  const branding = useBranding();
  const contact = contactLine(branding);

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

  /** POSTs an action at the version shown; shows the answer, or the booking as it is now if it changed meanwhile. */
  async function act(
    action: 'reschedule' | 'cancel' | 'confirm',
    body: Record<string, unknown> | undefined,
    done: string | null | ((b: ManagedBooking) => string),
  ) {
    setBusy(true);
    setProblem(null);
    try {
      const b = await api<ManagedBooking>(`/v1/manage/${encodeURIComponent(token!)}/${action}`, {
        method: 'POST',
        ...(body ? { body: { ...body, version: booking!.version } } : {}),
      });
      setBooking(b);
      setMode('view');
      setSlot(null);
      setNotice(typeof done === 'function' ? done(b) : done);
    } catch (err) {
      const p = toUiProblem(err, slot ? formatTime(slot.start, zone) : undefined);
      if (p.kind === 'link') setFatal(p);
      else setProblem(p);
      if (p.kind === 'changed' && p.current) {
        setBooking(p.current as ManagedBooking);
        setMode('view');
        setSlot(null);
        setNotice(null);
      }
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
        <BrandHeader branding={branding} />
        <h1>{title}</h1>
        <p className={fatal.kind === 'link' && fatal.code === 'link_superseded' ? 'notice warn' : 'notice bad'} role="alert">
          {fatal.message}
        </p>
        {fatal.kind === 'link' && <EmailMyLink />}
        <ContactFooter branding={branding} />
      </main>
    );
  }
  if (!booking)
    return (
      <main className="mg-page">
        <BrandHeader branding={branding} />
        <h1>Your booking</h1>
        <p className="muted">Loading…</p>
      </main>
    );

  const actions = manageActions(booking, Date.now());
  const closed = (what: string, s: ActionState) =>
    !s.open && s.reason === 'policy_window' ? (
      <p className="notice warn mg-policy">
        {what} online was possible until {formatInstant(s.deadline, booking.timeZone)}: this service needs that much notice. Please contact us directly
        {contact ? `: ${contact}` : ''}.
      </p>
    ) : null;

  return (
    <main className="mg-page">
      <BrandHeader branding={branding} />
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
      {actions.final && (
        <p className="mg-actions">
          <a className="mg-button primary" href={bookAgainPath(booking)}>
            Book again
          </a>
        </p>
      )}
      <dl className="card mg-summary">
        <dt>What</dt>
        <dd>
          {booking.service.name} with {booking.provider.name}
        </dd>
        <dt>When</dt>
        <dd>{formatRange(booking.start, booking.end, booking.timeZone)}</dd>
        {resourcesLine(booking) && (
          <>
            <dt>Room &amp; equipment</dt>
            <dd data-testid="resources">{resourcesLine(booking)}</dd>
          </>
        )}
        {booking.location && (
          <>
            <dt>Where</dt>
            <dd data-testid="location">
              {booking.location.kind === 'video' ? (
                <a href={booking.location.value} target="_blank" rel="noopener noreferrer">
                  Join the video call
                </a>
              ) : (
                booking.location.value
              )}
            </dd>
          </>
        )}
        <dt>Name</dt>
        <dd>{booking.customer.name}</dd>
        <dt>Status</dt>
        <dd>
          <span className={`badge ${booking.status}`}>{booking.status === 'pending' ? 'awaiting approval' : booking.status}</span>
        </dd>
      </dl>
      {problem && (
        <p className={['slot_taken', 'retry_later', 'changed'].includes(problem.kind) ? 'notice warn' : 'notice bad'} role="alert">
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
      <ContactFooter branding={branding} />
    </main>
  );
}

/** How to reach the business (settings): its name, phone, e-mail and address; nothing when none is set. */
function ContactFooter({ branding }: { branding: Branding | null }) {
  if (!branding || !(branding.phone || branding.email || branding.address)) return null;
  return (
    <footer className="mg-contact muted" data-testid="contact">
      Questions? Contact {branding.businessName}
      {branding.phone && (
        <>
          {' · '}
          <a href={`tel:${branding.phone.replace(/[^+0-9]/g, '')}`}>{branding.phone}</a>
        </>
      )}
      {branding.email && (
        <>
          {' · '}
          <a href={`mailto:${branding.email}`}>{branding.email}</a>
        </>
      )}
      {branding.address && <> · {branding.address}</>}
    </footer>
  );
}

/**
 * "E-mail me my link": POST /v1/manage-links with an address. The answer is the same whether or not the
 * address has bookings (no one learns who books here), so the page says what happens if it does.
 */
function EmailMyLink() {
  const [email, setEmail] = useState('');
  const [state, setState] = useState<'idle' | 'busy' | 'sent'>('idle');
  const [error, setError] = useState<string | null>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setState('busy');
    setError(null);
    try {
      await api('/v1/manage-links', { method: 'POST', body: { email: email.trim() } });
      setState('sent');
    } catch (err) {
      const p = toUiProblem(err);
      setError(p.kind === 'fields' ? 'Please enter a valid e-mail address.' : p.message);
      setState('idle');
    }
  }

  if (state === 'sent')
    return (
      <p className="notice ok" role="status">
        If <strong>{email.trim()}</strong> has an upcoming booking with us, we have sent its link there. It may take a few minutes — please check your spam
        folder too.
      </p>
    );
  return (
    <form className="card mg-email" onSubmit={submit} noValidate>
      <h2>E-mail me my link</h2>
      <p className="muted">Enter the e-mail address you booked with, and we will send you the current link to each of your upcoming bookings.</p>
      <div className="field">
        <label htmlFor="mg-email">E-mail address</label>
        <input id="mg-email" type="email" autoComplete="email" required maxLength={254} value={email} onChange={(e) => setEmail(e.target.value)} />
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
      </div>
      <button type="submit" className="primary" disabled={state === 'busy' || !email.trim()}>
        E-mail me my link
      </button>
    </form>
  );
}
