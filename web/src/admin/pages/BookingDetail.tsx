/**
 * One booking for the admin: status, times in the admin's and the customer's zone, service, provider,
 * customer, intake answers, a group class's seat and fellow attendees, the audit timeline, messages,
 * reminders, its Temporal workflow, and the actions it allows now. An action's failure (e.g. 409: the new
 * time is taken) is shown above the actions without leaving or blanking the page; after any answer the
 * booking is reloaded.
 */
import { useRef, useState } from 'react';
import { ApiError } from '../../api/client.ts';
import { Link } from '../../shared/link.tsx';
import { adminApi } from '../auth.ts';
import { preferredZone } from '../bookings/admin-zone.ts';
import { Actions, type ActionName } from '../bookings/detail/Actions.tsx';
import { Messages, Reminders } from '../bookings/detail/Deliveries.tsx';
import { SessionAttendees } from '../bookings/detail/Session.tsx';
import { Summary } from '../bookings/detail/Summary.tsx';
import { Timeline } from '../bookings/detail/Timeline.tsx';
import { problemText } from '../bookings/problem.ts';
import { statusLabel } from '../bookings/status.ts';
import type { BookingDetail } from '../bookings/types.ts';
import { useCatalog } from '../bookings/use-catalog.ts';
import { useLoad } from '../bookings/use-load.ts';
import { useNow } from '../bookings/use-now.ts';
import { BookingEmailThread } from '../email/BookingEmailThread.tsx';
import '../bookings/bookings.css';

type Notice = { kind: 'ok' | 'bad'; text: string };

export function BookingDetailPage({ id }: { id: string }) {
  const zone = preferredZone();
  const { catalog } = useCatalog();
  const detail = useLoad(id, (signal) => adminApi<BookingDetail>(`/v1/admin/bookings/${encodeURIComponent(id)}`, { signal }));
  const b = detail.data;
  // Wake up exactly when the booking starts / ends, so the actions offered follow the clock.
  const start = b ? Date.parse(b.start) : null;
  const end = b ? Date.parse(b.end) : null;
  const now = useNow(30_000, start !== null && start > Date.now() ? start : end);
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<Notice | null>(null);
  const noticeRef = useRef<HTMLParagraphElement>(null);

  const run = async (action: ActionName, body: Record<string, unknown>, done: string): Promise<boolean> => {
    setBusy(true);
    setNotice(null);
    let outcome: Notice;
    try {
      await adminApi(`/v1/admin/bookings/${encodeURIComponent(id)}/${action}`, { method: 'POST', body });
      outcome = { kind: 'ok', text: done };
    } catch (err) {
      outcome = { kind: 'bad', text: problemText(err) };
    }
    // Either way the booking may have changed (a refusal often means someone else acted first). The
    // outcome is shown once the reloaded booking is, so the notice never sits next to the old state.
    await detail.reload();
    setNotice(outcome);
    setBusy(false);
    requestAnimationFrame(() => noticeRef.current?.focus());
    return outcome.kind === 'ok';
  };

  if (!b) {
    if (detail.error) {
      const missing = detail.error instanceof ApiError && (detail.error.status === 404 || detail.error.code === 'invalid_request');
      return (
        <div className="bk-page">
          <p>
            <Link href="/admin/bookings">← Bookings</Link>
          </p>
          <p className="notice bad" role="alert">
            {missing ? 'No such booking.' : `Could not load the booking: ${problemText(detail.error)}`}
          </p>
        </div>
      );
    }
    return <p className="muted">Loading…</p>;
  }

  const service = catalog?.services.get(b.serviceId);
  const provider = catalog?.providers.get(b.providerId);
  return (
    <div className="bk-page bk-detail">
      <p>
        <Link href="/admin/bookings">← Bookings</Link>
      </p>
      <h1>
        {b.customer.name} <span className="muted">· {service?.name ?? 'Booking'}</span>{' '}
        <span className={`badge ${b.status}`} data-testid="status">
          {statusLabel(b.status)}
        </span>
      </h1>
      {notice && (
        <p ref={noticeRef} tabIndex={-1} className={`notice ${notice.kind}`} role={notice.kind === 'bad' ? 'alert' : 'status'}>
          {notice.text}
        </p>
      )}
      {detail.error != null && <p className="notice warn">Could not refresh: {problemText(detail.error)}</p>}
      <div className="bk-detail-grid">
        <div className="bk-detail-main">
          <Actions b={b} zone={zone} now={now} busy={busy} run={run} />
          <Summary b={b} zone={zone} service={service} provider={provider} />
          {service && service.seats > 1 && <SessionAttendees b={b} service={service} />}
          <Timeline events={b.events} zone={zone} />
        </div>
        <div className="bk-detail-side">
          <Messages messages={b.messages} zone={zone} />
          <Reminders reminders={b.reminders} zone={zone} />
          <BookingEmailThread bookingId={b.id} zone={zone} />
          <section className="card bk-section" aria-labelledby="bk-workflow">
            <h2 id="bk-workflow">Workflow</h2>
            {b.workflow.uiUrl ? (
              <p>
                <a href={b.workflow.uiUrl} target="_blank" rel="noreferrer">
                  Open in Temporal UI
                </a>
                <span className="muted bk-small"> ({b.workflow.id})</span>
              </p>
            ) : (
              <p>
                Workflow id: <code>{b.workflow.id}</code>
                <span className="muted bk-small"> (no Temporal UI configured)</span>
              </p>
            )}
          </section>
        </div>
      </div>
    </div>
  );
}
