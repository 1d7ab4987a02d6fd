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
import { OutcomeBadge } from '../email/ThreadEntries.tsx';
import { OUTCOME_LABELS, type InboundEmail } from '../email/types.ts';
import '../bookings/bookings.css';
import '../email/email.css';

type Page = { messages: InboundEmail[]; nextBefore: string | null };

export function InboundEmailsPage() {
  const zone = preferredZone();
  const path = usePath();
  // An outcome the list does not know (a hand-edited link) shows everything rather than the API's 400.
  const asked = new URLSearchParams(path.split('?')[1] ?? '').get('outcome') ?? '';
  const outcome = Object.hasOwn(OUTCOME_LABELS, asked) ? asked : '';
  // The "Older" cursor belongs to the outcome it was read under: after back / forward to another filter the
  // list starts from the newest again instead of applying a cursor from a different list.
  const [cursor, setCursor] = useState<{ outcome: string; before: string } | null>(null);
  const before = cursor?.outcome === outcome ? cursor.before : null;
  const query = new URLSearchParams({ limit: '50', ...(outcome ? { outcome } : {}), ...(before ? { before } : {}) }).toString();
  const page = useLoad(query, (signal) => adminApi<Page>(`/v1/admin/inbound-emails?${query}`, { signal }));

  const setOutcome = (value: string) => {
    setCursor(null);
    navigate(value ? `/admin/inbound-emails?outcome=${encodeURIComponent(value)}` : '/admin/inbound-emails');
  };

  return (
    <section className="bk-page" aria-labelledby="inbound-title" aria-busy={page.loading}>
      <h1 id="inbound-title">Inbound e-mail</h1>
      <p className="muted">Messages customers sent to the booking address, newest first, and what slotflow did with each.</p>
      <label className="em-filter">
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
      {page.data && page.data.messages.length === 0 && (
        <p className="notice">
          {before ? (
            'No older messages.'
          ) : outcome ? (
            'No e-mail with this outcome.'
          ) : (
            <>
              No e-mail received yet. Set <code>INBOUND_EMAIL_ADDRESS</code> and a way in (<code>INBOUND_SMTP_PORT</code> or the SendGrid Inbound Parse webhook)
              to take bookings by e-mail.
            </>
          )}
        </p>
      )}
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
                    <OutcomeBadge outcome={m.outcome} detail={m.detail} />
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
      {page.loading && <p className="muted bk-small">Loading…</p>}
      <p>
        {before && (
          <button type="button" className="cat-button" onClick={() => setCursor(null)}>
            Newest
          </button>
        )}{' '}
        {page.data?.nextBefore && (
          <button type="button" className="cat-button" onClick={() => setCursor({ outcome, before: page.data!.nextBefore! })}>
            Older
          </button>
        )}
      </p>
    </section>
  );
}
