/** Messages sent for the booking (the outbox) and its reminder plan, times in the admin's zone. */
import { messageKindLabel } from '../describe.ts';
import { formatShort } from '../format.ts';
import type { BookingMessage, BookingReminder } from '../types.ts';

export function Messages({ messages, zone }: { messages: BookingMessage[]; zone: string }) {
  return (
    <section className="card bk-section" aria-labelledby="bk-messages">
      <h2 id="bk-messages">Messages</h2>
      {messages.length === 0 ? (
        <p className="muted">No messages.</p>
      ) : (
        <div className="bk-table-scroll">
          <table aria-labelledby="bk-messages">
            <thead>
              <tr>
                <th scope="col">Kind</th>
                <th scope="col">To (channel)</th>
                <th scope="col">Status</th>
                <th scope="col">Created</th>
              </tr>
            </thead>
            <tbody>
              {messages.map((m) => (
                <tr key={m.id} data-message-kind={m.kind}>
                  <td>{messageKindLabel(m.kind)}</td>
                  <td className="bk-wrap">
                    {m.recipient} <span className="muted bk-small">({m.channel})</span>
                  </td>
                  <td>
                    <span className={`badge ${m.status}`}>{m.status === 'captured' ? 'captured (not sent)' : m.status}</span>
                  </td>
                  <td className="bk-nowrap">{formatShort(Date.parse(m.createdAt), zone)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

export function Reminders({ reminders, zone }: { reminders: BookingReminder[]; zone: string }) {
  return (
    <section className="card bk-section" aria-labelledby="bk-reminders">
      <h2 id="bk-reminders">Reminders</h2>
      {reminders.length === 0 ? (
        <p className="muted">No reminders planned.</p>
      ) : (
        <div className="bk-table-scroll">
          <table aria-labelledby="bk-reminders">
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Channel</th>
                <th scope="col">Status</th>
                <th scope="col">Sent</th>
              </tr>
            </thead>
            <tbody>
              {reminders.map((r, i) => (
                <tr key={`${r.when}-${r.channel}-${i}`}>
                  <td className="bk-nowrap">{formatShort(Date.parse(r.when), zone)}</td>
                  <td>{r.channel}</td>
                  <td>
                    <span className={`badge ${r.status}`}>{r.status === 'captured' ? 'captured (not sent)' : r.status}</span>
                  </td>
                  <td>{r.sentAt && r.status !== 'captured' ? formatShort(Date.parse(r.sentAt), zone) : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
