/**
 * Google Calendar events ↔ slotflow: a Google event becomes an ExternalEvent (all-day dates kept as
 * dates), a booking's EventDraft becomes the body slotflow writes, and whether a changed event still
 * overlaps the sync window. Pure: no I/O.
 */
import type { calendar_v3 } from 'googleapis/build/src/apis/calendar/index.js';
import type { EventDraft, EventTime, ExternalEvent } from './connector.ts';

export const BOOKING_ID_PROPERTY = 'slotflowBookingId';
export const EVENT_KEY_PROPERTY = 'slotflowEventKey';
/** Slack for all-day dates, whose zone is the calendar's: a date may start up to 14 h either side of UTC. */
const ZONE_SLACK_MS = 14 * 3_600_000;

function edge(time: calendar_v3.Schema$EventDateTime | undefined): EventTime | undefined {
  if (time?.date) return { date: time.date };
  if (time?.dateTime) {
    const instant = Date.parse(time.dateTime);
    return Number.isNaN(instant) ? undefined : { instant };
  }
  return undefined;
}

/** A Google event as an ExternalEvent; undefined for items without times (cancelled stubs). */
export function mapGoogleEvent(item: calendar_v3.Schema$Event): ExternalEvent | undefined {
  const start = edge(item.start);
  const end = edge(item.end);
  if (!item.id || !start || !end) return undefined;
  const status = item.status === 'cancelled' ? 'cancelled' : item.status === 'tentative' ? 'tentative' : 'confirmed';
  return {
    id: item.id,
    status,
    transparent: item.transparency === 'transparent',
    start,
    end,
    slotflowBookingId: item.extendedProperties?.private?.[BOOKING_ID_PROPERTY] ?? undefined,
  };
}

function bounds(time: EventTime, side: 'start' | 'end'): number {
  if ('instant' in time) return time.instant;
  const midnight = Date.parse(`${time.date}T00:00:00Z`);
  return side === 'start' ? midnight - ZONE_SLACK_MS : midnight + ZONE_SLACK_MS;
}

export function overlaps(event: ExternalEvent, window: { from: number; to: number }): boolean {
  return bounds(event.end, 'end') > window.from && bounds(event.start, 'start') < window.to;
}

/** The event body slotflow writes: the booking's times in its zone, attendees, its two private properties. */
export function writeBody(draft: EventDraft): calendar_v3.Schema$Event {
  return {
    summary: draft.title,
    description: draft.description,
    ...(draft.location === undefined ? {} : { location: draft.location }),
    start: { dateTime: new Date(draft.start).toISOString(), timeZone: draft.timeZone },
    end: { dateTime: new Date(draft.end).toISOString(), timeZone: draft.timeZone },
    ...(draft.attendees === undefined ? {} : { attendees: draft.attendees.map((a) => ({ email: a.email, displayName: a.name })) }),
    transparency: 'opaque',
    extendedProperties: { private: { [BOOKING_ID_PROPERTY]: draft.bookingId, [EVENT_KEY_PROPERTY]: draft.eventKey } },
  };
}
