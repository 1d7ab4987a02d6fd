/**
 * The booked appointment: what and when (zone named), a group class's seat, status, add-to-calendar
 * and the manage link.
 */
import type { BookingCreated } from '../api/types.ts';
import { googleCalendarUrl, outlookCalendarUrl } from '../../../src/domain/messages/calendar-links.ts';
import { formatRange } from './format.ts';
import { eventIcs, icsDataUrl } from './ics-file.ts';

export type ConfirmationProps = {
  booking: BookingCreated;
  serviceName: string;
  providerName?: string | undefined;
  zone: string;
  locale?: string | undefined;
  /** A group class's seats per session: the customer booked one of them. */
  groupSeats?: number | undefined;
};

/** What the status line says: it promises an e-mail only when one will really go (`customerEmailed`). */
export function confirmationText(pending: boolean, emailed: boolean): string {
  if (pending) return emailed ? 'Request received — awaiting approval. We will e-mail you when it is confirmed.' : 'Request received — awaiting approval.';
  return emailed ? 'You are booked. A confirmation is on its way to your inbox.' : 'You are booked — your appointment is confirmed.';
}

export function Confirmation({ booking, serviceName, providerName, zone, locale, groupSeats }: ConfirmationProps) {
  const pending = booking.status === 'pending';
  const title = providerName ? `${serviceName} with ${providerName}` : serviceName;
  const details = booking.manageUrl ? `Change or cancel: ${booking.manageUrl}` : '';
  const event = { title, start: Date.parse(booking.start), end: Date.parse(booking.end), details };
  return (
    <div className="sf-done">
      <p className={pending ? 'notice warn' : 'notice ok'} role="status">
        {confirmationText(pending, booking.customerEmailed)}
      </p>
      <dl className="sf-summary">
        <dt>What</dt>
        <dd>{title}</dd>
        <dt>When</dt>
        <dd>{formatRange(booking.start, booking.end, zone, locale)}</dd>
        {groupSeats !== undefined && (
          <>
            <dt>Seat</dt>
            <dd>1 seat in this group class ({groupSeats} seats per session)</dd>
          </>
        )}
        <dt>Status</dt>
        <dd>
          <span className={`badge ${booking.status}`}>{pending ? 'awaiting approval' : booking.status}</span>
        </dd>
      </dl>
      {!pending && (
        <p className="row sf-cal-links">
          <span>Add to calendar:</span>
          <a href={googleCalendarUrl(event)} target="_blank" rel="noopener noreferrer">
            Google
          </a>
          <a href={outlookCalendarUrl(event)} target="_blank" rel="noopener noreferrer">
            Outlook
          </a>
          <a
            href={icsDataUrl(
              eventIcs(
                { uid: booking.calendarUid ?? `${booking.id}@slotflow`, start: booking.start, end: booking.end, title, details, url: booking.manageUrl },
                Date.now(),
              ),
            )}
            download="appointment.ics"
          >
            .ics file
          </a>
        </p>
      )}
      {!booking.customerEmailed && (
        <p className="sf-no-email">
          {pending
            ? 'No e-mail will be sent: open the link below later to see whether it was approved.'
            : 'No e-mail will be sent: add it to your calendar and keep the link below.'}
        </p>
      )}
      {booking.manageUrl && (
        <p>
          Need to change or cancel?{' '}
          <a href={booking.manageUrl} target="_blank" rel="noopener">
            Manage your booking
          </a>
        </p>
      )}
    </div>
  );
}
