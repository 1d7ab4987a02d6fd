/**
 * Inbound e-mail: every message that reached the booking address and what became of it (proposed, booked,
 * ignored as automatic mail, refused for DMARC…), newest first, filtered by outcome (kept in the URL),
 * "Older" pages with the API's cursor. Each row links its thread and its booking.
 */
import { useState } from 'react';
import { Link } from '../../shared/link.tsx';
import { navigate, usePath } from '../../shared/router.ts';
import { adminApi } from '../auth.ts';
import { preferredZone } from '../bookings/admin-zone.ts';
import { formatShort } from '../bookings/format.ts';
import { problemText } from '../bookings/problem.ts';
import { useLoad } from '../bookings/use-load.ts';
import { OUTCOME_LABELS, outcomeLabel, type InboundEmail } from '../email/types.ts';
import '../bookings/bookings.css';
import '../email/email.css';

type Page = { messages: InboundEmail[]; nextBefore: string | null };

export function InboundEmailsPage() {
  const zone = preferredZone();
  const path = usePath();
  const outcome = new URLSearchParams(path.split('?')[1] ?? '').get('outcome') ?? '';
  const [before, setBefore] = useState<string | null>(null);
  const query = new URLSearchParams({ limit: '50', ...(outcome ? { outcome } : {}), ...(before ? { before } : {}) }).toString();
  const page = useLoad(query, (signal) => adminApi<Page>(`/v1/admin/inbound-emails?${query}`, { signal }));

  const setOutcome = (value: string) => {
    setBefore(null);
    navigate(value ? `/admin/inbound-emails?outcome=${encodeURIComponent(value)}` : '/admin/inbound-emails');
  };

  return (
    <section className="bk-page" aria-labelledby="inbound-title">
      <h1 id="inbound-title">Inbound e-mail</h1>
      <p className="muted">
        Messages customers sent to the booking address, and what slotflow did with each. Nothing arrives until <code>INBOUND_EMAIL_ADDRESS</code> and a way in (
        <code>INBOUND_SMTP_PORT</code> or the SendGrid webhook) are configured.
      </p>
      <label>
        Outcome{' '}
        <select aria-label="Outcome" value={outcome} onChange={(e) => setOutcome(e.target.value)}>
          <option value="">all</option>
          {Object.entries(OUTCOME_LABELS).map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
      </label>
      {page.error != null && (
        <p className="notice bad" role="alert">
          Could not load the messages: {problemText(page.error)}
        </p>
      )}
      {page.data && page.data.messages.length === 0 && <p className="muted">No e-mail {outcome ? 'with this outcome' : 'received yet'}.</p>}
      {page.data && page.data.messages.length > 0 && (
        <div className="bk-table-scroll">
          <table className="em-table" aria-labelledby="inbound-title">
            <thead>
              <tr>
                <th scope="col">Received</th>
                <th scope="col">From</th>
                <th scope="col">Subject</th>
                <th scope="col">Via</th>
                <th scope="col">DMARC</th>
                <th scope="col">Outcome</th>
                <th scope="col">Links</th>
              </tr>
            </thead>
            <tbody>
              {page.data.messages.map((m) => (
                <tr key={m.id} data-outcome={m.outcome}>
                  <td className="bk-nowrap">{formatShort(Date.parse(m.receivedAt), zone)}</td>
                  <td className="bk-wrap">
                    {m.fromName ? `${m.fromName} ` : ''}
                    <span className="muted">{m.from || '—'}</span>
                  </td>
                  <td className="bk-wrap">{m.subject || <span className="muted">(no subject)</span>}</td>
                  <td>{m.via}</td>
                  <td>{m.dmarc}</td>
                  <td>
                    <span className={`badge ${m.outcome}`} title={m.detail ?? undefined}>
                      {outcomeLabel(m.outcome)}
                    </span>
                  </td>
                  <td className="bk-nowrap">
                    {m.threadId && <Link href={`/admin/email-threads/${m.threadId}`}>Thread</Link>}
                    {m.threadId && m.bookingId && ' · '}
                    {m.bookingId && <Link href={`/admin/bookings/${m.bookingId}`}>Booking</Link>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p>
        {before && (
          <button type="button" className="cat-button" onClick={() => setBefore(null)}>
            Newest
          </button>
        )}{' '}
        {page.data?.nextBefore && (
          <button type="button" className="cat-button" onClick={() => setBefore(page.data!.nextBefore)}>
            Older
          </button>
        )}
      </p>
    </section>
  );
}
