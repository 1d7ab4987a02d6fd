/**
 * Microsoft Graph events ↔ slotflow: what Graph sends (GraphEvent, read in UTC as we ask with
 * `Prefer: outlook.timezone="UTC"`, or in an IANA zone should the service ignore that) becomes an
 * ExternalEvent; a booking's EventDraft becomes the body slotflow writes. Pure: no I/O.
 */
import { CalendarError, type EventDraft, type EventTime, type ExternalEvent } from './connector.ts';
import { isValidTimeZone, wallClockToInstant } from '../domain/time/zones.ts';

/** Slotflow's property set for its named MAPI properties (String {GUID} Name …). */
const PROPERTY_SET = '{5c1f9a3e-7d24-4b8e-a6f1-3e0d2c9b8a71}';
export const EVENT_KEY_PROPERTY_ID = `String ${PROPERTY_SET} Name slotflowEventKey`;
export const BOOKING_ID_PROPERTY_ID = `String ${PROPERTY_SET} Name slotflowBookingId`;
export const EVENT_KEY_FORM = /^sf[0-9a-f]{32}$/;

export type GraphEvent = {
  id?: string;
  type?: 'singleInstance' | 'occurrence' | 'exception' | 'seriesMaster';
  isAllDay?: boolean;
  isCancelled?: boolean;
  showAs?: string;
  transactionId?: string | null;
  start?: { dateTime?: string; timeZone?: string };
  end?: { dateTime?: string; timeZone?: string };
  singleValueExtendedProperties?: { id: string; value: string }[];
  '@removed'?: { reason?: string };
};

export type GraphPage<T> = { value?: T[]; '@odata.nextLink'?: string; '@odata.deltaLink'?: string };

/** Graph's dateTime form in UTC: `2030-01-09T14:00:00.000` (no offset; the zone goes next to it). */
export function utcDateTime(instant: number): string {
  return new Date(instant).toISOString().slice(0, 23);
}

const UTC_NAMES = new Set(['utc', 'etc/utc', 'coordinated universal time', 'tzone://microsoft/utc', 'gmt', 'etc/gmt']);

/**
 * A Graph dateTimeTimeZone as an instant: UTC (what we ask for), or an IANA zone should the service ignore the
 * preference.
 */
function instantOf(value: { dateTime?: string; timeZone?: string }): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,7}))?)?$/.exec(value.dateTime ?? '');
  if (!m) return undefined;
  const millis = Math.floor(Number(`0.${m[7] ?? '0'}`) * 1000);
  const asUtc = Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +(m[6] ?? 0), millis);
  const zone = value.timeZone ?? 'UTC';
  if (UTC_NAMES.has(zone.toLowerCase())) return asUtc;
  if (!isValidTimeZone(zone)) return undefined; // e.g. a Windows zone name: not what we asked for
  return wallClockToInstant(`${m[1]}-${m[2]}-${m[3]}`, +m[4]!, +m[5]!, +(m[6] ?? 0), millis, zone);
}

function edge(value: GraphEvent['start'], allDay: boolean): EventTime | undefined {
  if (!value?.dateTime) return undefined;
  if (allDay) return { date: value.dateTime.slice(0, 10) };
  const instant = instantOf(value);
  return instant === undefined ? undefined : { instant };
}

export function bookingIdFrom(event: GraphEvent): string | undefined {
  return event.singleValueExtendedProperties?.find((p) => p.id.toLowerCase() === BOOKING_ID_PROPERTY_ID.toLowerCase())?.value;
}

/** A Graph event (instance) as an ExternalEvent; undefined for series masters and unreadable items. */
export function mapGraphEvent(item: GraphEvent): ExternalEvent | undefined {
  if (!item.id || item.type === 'seriesMaster') return undefined;
  const allDay = item.isAllDay === true;
  const start = edge(item.start, allDay);
  const end = edge(item.end, allDay);
  if (!start || !end) {
    throw new CalendarError('TEMPORARY', `microsoft: unreadable times on event ${item.id} (${item.start?.timeZone ?? 'no zone'})`);
  }
  return {
    id: item.id,
    status: item.isCancelled ? 'cancelled' : item.showAs === 'tentative' ? 'tentative' : 'confirmed',
    transparent: item.showAs === 'free',
    start,
    end,
    slotflowBookingId: bookingIdFrom(item),
  };
}

/** The event body slotflow writes (times in UTC, its two extended properties, attendees listed in the body). */
export function writeBody(draft: EventDraft): Record<string, unknown> {
  const attendees = (draft.attendees ?? []).map((a) => `${a.name} <${a.email}>`).join(', ');
  return {
    subject: draft.title,
    body: { contentType: 'text', content: attendees ? `${draft.description}\n\n${attendees}` : draft.description },
    start: { dateTime: utcDateTime(draft.start), timeZone: 'UTC' },
    end: { dateTime: utcDateTime(draft.end), timeZone: 'UTC' },
    ...(draft.location === undefined ? {} : { location: { displayName: draft.location } }),
    isAllDay: false,
    showAs: 'busy',
    singleValueExtendedProperties: [
      { id: EVENT_KEY_PROPERTY_ID, value: draft.eventKey },
      { id: BOOKING_ID_PROPERTY_ID, value: draft.bookingId },
    ],
  };
}
