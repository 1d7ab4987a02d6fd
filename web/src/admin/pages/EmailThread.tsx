/** One e-mail thread: who it is with, its booking, and the conversation in order. */
import { ApiError } from '../../api/client.ts';
import { Link } from '../../shared/link.tsx';
import { adminApi } from '../auth.ts';
import { preferredZone } from '../bookings/admin-zone.ts';
import { problemText } from '../bookings/problem.ts';
import { useLoad } from '../bookings/use-load.ts';
import { ThreadEntries } from '../email/ThreadEntries.tsx';
import type { EmailThread } from '../email/types.ts';
import '../bookings/bookings.css';

export function EmailThreadPage({ id }: { id: string }) {
  const zone = preferredZone();
  const thread = useLoad(id, (signal) => adminApi<EmailThread>(`/v1/admin/email-threads/${encodeURIComponent(id)}`, { signal }));
  const t = thread.data;
  return (
    <section className="bk-page" aria-labelledby="thread-title">
      <p>
        <Link href="/admin/inbound-emails">← Inbound e-mail</Link>
      </p>
      {!t && thread.error != null && (
        <p className="notice bad" role="alert">
          {thread.error instanceof ApiError && thread.error.status === 404 ? 'No such thread.' : `Could not load the thread: ${problemText(thread.error)}`}
        </p>
      )}
      {!t && thread.error == null && <p className="muted">Loading…</p>}
      {t && (
        <>
          <h1 id="thread-title">
            {t.subject || '(no subject)'} <span className="muted">· {t.customerName ? `${t.customerName} <${t.customerEmail}>` : t.customerEmail}</span>
          </h1>
          {t.bookingId && (
            <p>
              <Link href={`/admin/bookings/${t.bookingId}`}>Open the booking</Link>
            </p>
          )}
          <ThreadEntries entries={t.entries} zone={zone} />
        </>
      )}
    </section>
  );
}
