/**
 * The customer's manage page, `/manage/{token}`: the booking, and reschedule / cancel / confirm
 * through POST /v1/manage/{token}/…. A link names the booking (#20): any link ever sent for it opens the
 * booking as it is now, so the page keeps its URL. Each action sends the version the page shows; if the
 * booking changed meanwhile (another window, the front desk) the answer is 409 booking_changed with the
 * booking as it is now, which the page shows instead, saying so. Closed actions explain the notice window;
 * a finished booking offers "Book again"; a dead link offers to e-mail the customer their links.
 */
import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { api } from '../api/client.ts';
import type { ManagedBooking, Slot } from '../api/types.ts';
import { formatRange, formatTime } from '../book/format.ts';
import { formatInstant } from './format-instant.ts';
import { toActionProblem } from '../book/action-problems.ts';
import type { UiProblem } from '../book/problems.ts';
import { TimePicker } from '../book/TimePicker.tsx';
import { BrandHeader } from '../shared/BrandHeader.tsx';
import { contactLine, useBranding } from '../shared/branding.ts';
import type { Branding } from '../api/types.ts';
import { bookAgainPath, manageActions, resourcesLine, tokenFromPath, type ActionState } from './manage-model.ts';
import { t } from '../shared/i18n/en-manage.ts';
import { t as tb } from '../shared/i18n/en-book.ts';
import { manage as STATUS_KEYS } from '../shared/i18n/en-manage.ts';
import './manage.css';

type Mode = 'view' | 'reschedule' | 'cancel';

/** After a move: the new details are e-mailed only when e-mail really goes (`customerEmailed`). */
function movedNotice(b: ManagedBooking): string {
  return b.customerEmailed ? t('movedEmailed') : t('moved');
}

/** A problem in the page's words: the manage page's own for changed bookings and dead links. */
function problemText(p: UiProblem): string {
  if (p.kind === 'changed') return t('changed');
  return p.kind === 'link' ? t(`${p.code}Text`) : p.message;
}

/** `text` with `{slot}` replaced by `node` (a message that wraps markup around a value, in any word order). */
function around(text: string, node: ReactNode): ReactNode {
  const [before, after] = text.split('{slot}');
  return (
    <>
      {before}
      {node}
      {after}
    </>
  );
}

/** The status badge's word (a status without one shows as sent). */
function statusText(status: string): string {
  const key = `st_${status}`;
  return key in STATUS_KEYS ? t(key as keyof typeof STATUS_KEYS) : status;
}

/** `dateLocale`: the locale of dates (see shared/i18n/page-locale.ts; undefined: the browser's). */
export function ManagePage({ dateLocale }: { dateLocale?: string | undefined }) {
  const [token] = useState(() => tokenFromPath(location.pathname));
  const [booking, setBooking] = useState<ManagedBooking | null>(null);
  const [fatal, setFatal] = useState<UiProblem | null>(token ? null : toActionProblem({ status: 401, code: 'link_invalid', message: '', errors: [] }));
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
      (err: unknown) => setFatal(toActionProblem(err)),
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
      const p = toActionProblem(err, slot ? formatTime(slot.start, zone, dateLocale) : undefined);
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
    const title = fatal.kind === 'link' ? t(fatal.code) : t('wrong');
    return (
      <main className="mg-page">
        <BrandHeader branding={branding} />
        <h1>{title}</h1>
        <p className={fatal.kind === 'link' && fatal.code === 'link_superseded' ? 'notice warn' : 'notice bad'} role="alert">
          {problemText(fatal)}
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
        <h1>{t('yourBooking')}</h1>
        <p className="muted">{tb('loading')}</p>
      </main>
    );

  const actions = manageActions(booking, Date.now());
  const closed = (what: 'closedReschedule' | 'closedCancel', s: ActionState) =>
    !s.open && s.reason === 'policy_window' ? (
      <p className="notice warn mg-policy">
        {t(what, { deadline: formatInstant(s.deadline, booking.timeZone, dateLocale), contact: contact ? `: ${contact}` : '' })}
      </p>
    ) : null;

  return (
    <main className="mg-page">
      <BrandHeader branding={branding} />
      <h1>{t('yourBooking')}</h1>
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
            {t('bookAgain')}
          </a>
        </p>
      )}
      <dl className="card mg-summary">
        <dt>{t('what')}</dt>
        <dd>{t('withProvider', { service: booking.service.name, provider: booking.provider.name })}</dd>
        <dt>{t('when')}</dt>
        <dd>{formatRange(booking.start, booking.end, booking.timeZone, dateLocale)}</dd>
        {resourcesLine(booking) && (
          <>
            <dt>{t('resources')}</dt>
            <dd data-testid="resources">{resourcesLine(booking)}</dd>
          </>
        )}
        {booking.location && (
          <>
            <dt>{t('where')}</dt>
            <dd data-testid="location">
              {booking.location.kind === 'video' ? (
                <a href={booking.location.value} target="_blank" rel="noopener noreferrer">
                  {t('joinVideo')}
                </a>
              ) : (
                booking.location.value
              )}
            </dd>
          </>
        )}
        <dt>{t('name')}</dt>
        <dd>{booking.customer.name}</dd>
        <dt>{t('status')}</dt>
        <dd>
          <span className={`badge ${booking.status}`}>{statusText(booking.status)}</span>
        </dd>
      </dl>
      {problem && (
        <p className={['slot_taken', 'retry_later', 'changed'].includes(problem.kind) ? 'notice warn' : 'notice bad'} role="alert">
          {problemText(problem)}
        </p>
      )}

      {mode === 'view' && (
        <>
          {closed('closedReschedule', actions.reschedule)}
          {closed('closedCancel', actions.cancel)}
          <div className="row mg-actions">
            {actions.confirm && (
              <button type="button" className="primary" disabled={busy} onClick={() => act('confirm', undefined, t('thanksConfirmed'))}>
                {t('confirm')}
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
                {t('reschedule')}
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
                {t('cancel')}
              </button>
            )}
          </div>
        </>
      )}

      {mode === 'reschedule' && (
        <section aria-labelledby="mg-resched">
          <h2 id="mg-resched">{t('newTime')}</h2>
          <TimePicker
            serviceId={booking.service.id}
            providerId={booking.provider.id}
            zone={zone}
            onZoneChange={setZone}
            selected={slot}
            onSelect={setSlot}
            reloadKey={reloadKey}
            source={`/v1/manage/${encodeURIComponent(token!)}/availability`}
            locale={dateLocale}
          />
          {slot && (
            <p className="notice mg-confirm">
              {around(t('moveTo', { when: '{slot}' }), <strong>{formatRange(slot.start, slot.end, zone, dateLocale)}</strong>)}
            </p>
          )}
          <div className="row mg-actions">
            <button type="button" className="primary" disabled={!slot || busy} onClick={() => act('reschedule', { start: slot!.start }, movedNotice)}>
              {t('move')}
            </button>
            <button
              type="button"
              onClick={() => {
                setMode('view');
                setSlot(null);
                setProblem(null);
              }}
            >
              {t('keepTime')}
            </button>
          </div>
        </section>
      )}

      {mode === 'cancel' && (
        <section aria-labelledby="mg-cancel">
          <h2 id="mg-cancel">{t('cancelTitle')}</h2>
          <div className="field">
            <label htmlFor="mg-reason">
              {t('reason')} <span className="hint">{t('optional')}</span>
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
              {t('yesCancel')}
            </button>
            <button
              type="button"
              onClick={() => {
                setMode('view');
                setProblem(null);
              }}
            >
              {t('keepBooking')}
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
      {t('contact', { business: branding.businessName })}
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
      const p = toActionProblem(err);
      setError(p.kind === 'fields' ? t('emailInvalid') : p.message);
      setState('idle');
    }
  }

  if (state === 'sent')
    return (
      <p className="notice ok" role="status">
        {around(t('emailSent', { email: '{slot}' }), <strong>{email.trim()}</strong>)}
      </p>
    );
  return (
    <form className="card mg-email" onSubmit={submit} noValidate>
      <h2>{t('emailTitle')}</h2>
      <p className="muted">{t('emailIntro')}</p>
      <div className="field">
        <label htmlFor="mg-email">{t('emailLabel')}</label>
        <input id="mg-email" type="email" autoComplete="email" required maxLength={254} value={email} onChange={(e) => setEmail(e.target.value)} />
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
      </div>
      <button type="submit" className="primary" disabled={state === 'busy' || !email.trim()}>
        {t('emailTitle')}
      </button>
    </form>
  );
}
