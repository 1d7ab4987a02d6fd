/**
 * An e-mail thread as a conversation: the customer's messages ("in") and slotflow's answers ("out"), oldest
 * first. Message text is shown as text (React escapes it), never as HTML.
 */
import { formatShort } from '../bookings/format.ts';
import { outcomeLabel, outcomeTone, type ThreadEntry } from './types.ts';
import './email.css';

/** What became of an inbound message, readable and coloured by its tone; the detail as the tooltip. */
export function OutcomeBadge({ outcome, detail }: { outcome: string; detail: string | null }) {
  return (
    <span className={`badge em-${outcomeTone(outcome)}`} title={detail ?? undefined}>
      {outcomeLabel(outcome)}
    </span>
  );
}

export function ThreadEntries({ entries, zone }: { entries: ThreadEntry[]; zone: string }) {
  if (entries.length === 0) return <p className="muted">No messages yet.</p>;
  return (
    <ol className="em-thread" aria-label="Messages in this thread">
      {entries.map((e, i) => (
        <li key={i} className={`em-entry ${e.direction}`} data-direction={e.direction}>
          <div className="em-head">
            <strong>{e.direction === 'in' ? 'Customer' : 'slotflow'}</strong>
            <span className="muted"> · {formatShort(Date.parse(e.at), zone)}</span>
            {e.direction === 'in' ? (
              <OutcomeBadge outcome={e.status} detail={e.detail} />
            ) : (
              // An answer's delivery status (queued / sent / failed…): the shared delivery colours.
              <span className={`badge ${e.status}`} title={e.detail ?? undefined}>
                {e.status}
              </span>
            )}
          </div>
          <div className="em-subject">{e.subject || <span className="muted">(no subject)</span>}</div>
          <pre className="em-text">{e.text}</pre>
        </li>
      ))}
    </ol>
  );
}
