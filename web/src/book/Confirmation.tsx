/**
 * The booked appointment: what and when (zone named), a group class's seat, status, add-to-calendar
 * and the manage link.
 */
import type { BookingCreated } from '../api/types.ts';
import { googleCalendarUrl, outlookCalendarUrl } from '../../../src/domain/messages/calendar-links.ts';
import { formatRange } from './format.ts';
import { eventIcs, icsDataUrl } from './ics-file.ts';
import { t } from '../shared/i18n/en-form.ts';
import './form.css';

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
  if (pending) return emailed ? t('pendingEmailed') : t('pendingQuiet');
  return emailed ? t('bookedEmailed') : t('bookedQuiet');
}

/** The booking's status as the page says it (a new booking is pending, confirmed or held). */
function statusText(status: string): string {
  return status === 'pending' || status === 'confirmed' || status === 'held' ? t(`st_${status}`) : status;
}

export function Confirmation({ booking, serviceName, providerName, zone, locale, groupSeats }: ConfirmationProps) {
  const pending = booking.status === 'pending';
  const title = providerName ? t('withProvider', { service: serviceName, provider: providerName }) : serviceName;
  const details = booking.manageUrl ? t('manageDetails', { url: booking.manageUrl }) : '';
  const event = { title, start: Date.parse(booking.start), end: Date.parse(booking.end), details };
  return (
    <div className="sf-done">
      <p className={pending ? 'notice warn' : 'notice ok'} role="status">
        {confirmationText(pending, booking.customerEmailed)}
      </p>
      <dl className="sf-summary">
        <dt>{t('what')}</dt>
        <dd>{title}</dd>
        <dt>{t('when')}</dt>
        <dd>{formatRange(booking.start, booking.end, zone, locale)}</dd>
        {groupSeats !== undefined && (
          <>
            <dt>{t('seat')}</dt>
            <dd>{t('seatOf', { n: groupSeats })}</dd>
          </>
        )}
        <dt>{t('status')}</dt>
        <dd>
          <span className={`badge ${booking.status}`}>{statusText(booking.status)}</span>
        </dd>
      </dl>
      {!pending && (
        <p className="row sf-cal-links">
          <span>{t('addToCalendar')}</span>
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
            {t('icsFile')}
          </a>
        </p>
      )}
      {!booking.customerEmailed && <p className="sf-no-email">{pending ? t('noEmailPending') : t('noEmail')}</p>}
      {booking.manageUrl && (
        <p>
          {t('needChange')}{' '}
          <a href={booking.manageUrl} target="_blank" rel="noopener">
            {t('manageLink')}
          </a>
        </p>
      )}
    </div>
  );
}
