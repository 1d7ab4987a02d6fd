/** The booking's audit log (booking_events), oldest first, times in the admin's zone. */
import { eventDetail, eventTitle } from '../describe.ts';
import { formatDateTime } from '../format.ts';
import type { BookingEvent } from '../types.ts';

export function Timeline({ events, zone }: { events: BookingEvent[]; zone: string }) {
  // Events to the second (they often come in bursts); instants inside an event (a reschedule's from / to) to the
  // minute.
  const at = (iso: string) => formatDateTime(Date.parse(iso), zone, true);
  const when = (iso: string) => formatDateTime(Date.parse(iso), zone);
  return (
    <section className="card bk-section" aria-labelledby="bk-timeline">
      <h2 id="bk-timeline">Timeline</h2>
      {events.length === 0 ? (
        <p className="muted">No events yet.</p>
      ) : (
        <ol className="bk-timeline">
          {events.map((e, i) => {
            const detail = eventDetail(e.type, e.data, when);
            return (
              <li key={`${e.at}-${i}`} data-event={e.type}>
                <time dateTime={e.at}>{at(e.at)}</time> <strong>{eventTitle(e.type)}</strong> <span className="muted">by {e.actor}</span>
                {detail && <div className="bk-small">{detail}</div>}
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}
