/**
 * The outbox viewer: messages captured while no transport was configured — exactly what customers would
 * have got. Each e-mail's HTML renders in a sandboxed iframe (no scripts, no same-origin), its plain text
 * and calendar invitation (invite.ics) below it.
 */
import { Link } from '../../shared/link.tsx';
import { adminApi } from '../auth.ts';
import { preferredZone } from '../bookings/admin-zone.ts';
import { messageKindLabel } from '../bookings/describe.ts';
import { formatShort } from '../bookings/format.ts';
import { problemText } from '../bookings/problem.ts';
import { useLoad } from '../bookings/use-load.ts';
import type { CapturedMessage } from '../delivery/types.ts';
import '../bookings/bookings.css';
import '../delivery/delivery.css';

export function OutboxPage() {
  const zone = preferredZone();
  const page = useLoad('outbox', (signal) => adminApi<{ messages: CapturedMessage[] }>('/v1/admin/outbox?limit=50', { signal }));
  return (
    <section className="bk-page" aria-labelledby="ob-title" aria-busy={page.loading}>
      <h1 id="ob-title">Outbox</h1>
      <p className="muted">
        Messages captured because no transport is configured — nothing left slotflow. This is what customers would get, newest first.{' '}
        <Link href="/admin/delivery">Delivery settings</Link>
      </p>
      {page.error != null && (
        <p className="notice bad" role="alert">
          Could not load the outbox: {problemText(page.error)}
        </p>
      )}
      {page.data && page.data.messages.length === 0 && <p className="notice">No captured messages.</p>}
      {page.data?.messages.map((m) => (
        <OutboxMessage key={m.id} m={m} zone={zone} />
      ))}
    </section>
  );
}

function OutboxMessage({ m, zone }: { m: CapturedMessage; zone: string }) {
  const title = m.subject ?? `${messageKindLabel(m.kind)} (SMS)`;
  return (
    <article className="card dl-message" aria-label={title} data-message-kind={m.kind}>
      <header>
        <strong>{title}</strong>
        <span>
          to {m.recipient} <span className="muted">({m.channel})</span>
        </span>
        <span className="muted">{formatShort(Date.parse(m.createdAt), zone)}</span>
        {m.bookingId && <Link href={`/admin/bookings/${m.bookingId}`}>Booking</Link>}
      </header>
      {m.bodyHtml ? <iframe sandbox="" srcDoc={m.bodyHtml} title={`HTML of ${title}`} referrerPolicy="no-referrer" /> : <pre>{m.bodyText}</pre>}
      {m.bodyHtml && (
        <details>
          <summary>Plain text</summary>
          <pre>{m.bodyText}</pre>
        </details>
      )}
      {m.ics && (
        <details>
          <summary>Calendar invitation (invite.ics)</summary>
          <pre>{m.ics}</pre>
          <a href={`data:text/calendar;charset=utf-8,${encodeURIComponent(m.ics)}`} download="invite.ics">
            Download invite.ics
          </a>
        </details>
      )}
    </article>
  );
}
