/** The booking's e-mail thread on its detail page; nothing when it has none (the API's 404). */
import { ApiError } from '../../api/client.ts';
import { Link } from '../../shared/link.tsx';
import { adminApi } from '../auth.ts';
import { problemText } from '../bookings/problem.ts';
import { useLoad } from '../bookings/use-load.ts';
import { ThreadEntries } from './ThreadEntries.tsx';
import type { EmailThread } from './types.ts';

export function BookingEmailThread({ bookingId, zone }: { bookingId: string; zone: string }) {
  const thread = useLoad(bookingId, (signal) =>
    adminApi<EmailThread>(`/v1/admin/bookings/${encodeURIComponent(bookingId)}/email-thread`, { signal }).catch((err: unknown) => {
      if (err instanceof ApiError && err.status === 404) return null;
      throw err;
    }),
  );
  const t = thread.data;
  if (!t) {
    // No thread: nothing at all. Any other failure is said, so a thread is never silently missing.
    if (thread.error == null) return null;
    return (
      <section className="card bk-section" aria-labelledby="bk-email-thread">
        <h2 id="bk-email-thread">E-mail thread</h2>
        <p className="notice warn">Could not load the e-mail thread: {problemText(thread.error)}</p>
      </section>
    );
  }
  return (
    <section className="card bk-section" aria-labelledby="bk-email-thread">
      <h2 id="bk-email-thread">E-mail thread</h2>
      <p className="muted bk-small">
        with {t.customerName ? `${t.customerName} <${t.customerEmail}>` : t.customerEmail} · <Link href={`/admin/email-threads/${t.id}`}>Open the thread</Link>
      </p>
      <ThreadEntries entries={t.entries} zone={zone} />
    </section>
  );
}
