/**
 * The CalendarConnector port: what slotflow needs from a provider's calendar (Google Calendar v3,
 * Microsoft Graph, CalDAV), in provider-neutral terms. Adapters live in `src/calendar-connectors/`;
 * pure mapping (events → busy time, bookings → events) and error classification live beside them and
 * in `src/domain/calendar-events/`.
 *
 * Contracts every adapter keeps:
 * - Instants are epoch milliseconds (UTC); all-day events carry dates (`YYYY-MM-DD`) instead, interpreted
 *   in the calendar's or the provider's zone by the mapper.
 * - Writes are idempotent by `eventKey` (derived from the booking id): a retried `createEvent` finds the
 *   event the first attempt made instead of creating a second one; `deleteEvent` of an event that is
 *   already gone succeeds.
 * - Every failure is a `CalendarError` with one of five kinds (see below); nothing else escapes an adapter.
 */

export type CalendarErrorKind =
  /** Network trouble, 5xx, timeouts: try again later. */
  | 'TEMPORARY'
  /** 429 / quota: try again after `retryAfterMs` (when the provider said). */
  | 'RATE_LIMITED'
  /** 401, invalid_grant, revoked consent: retrying cannot help; the connection is unhealthy. */
  | 'AUTH_REVOKED'
  /** The calendar or event does not exist (any more). */
  | 'NOT_FOUND'
  /** 409 / 412: the write raced another change (e.g. an event with that id exists, etag mismatch). */
  | 'CONFLICT';

export class CalendarError extends Error {
  override name = 'CalendarError';
  constructor(
    readonly kind: CalendarErrorKind,
    message: string,
    readonly detail: { status?: number; providerCode?: string; retryAfterMs?: number; cause?: unknown } = {},
  ) {
    super(message, detail.cause === undefined ? undefined : { cause: detail.cause });
  }
}

export type CalendarInfo = {
  id: string;
  name: string;
  primary: boolean;
  /** IANA zone of the calendar, when the provider says. */
  timeZone?: string | undefined;
  /** True when slotflow may not write events into it. */
  readOnly?: boolean | undefined;
};

/** One edge of an event: an instant, or a date for all-day events. */
export type EventTime = { instant: number } | { date: string };

/** A provider's event, normalized. Recurring events arrive as their expanded instances. */
export type ExternalEvent = {
  /** Unique within the calendar, also per instance of a recurring event (e.g. `<uid>/<recurrence-id>`). */
  id: string;
  status: 'confirmed' | 'tentative' | 'cancelled';
  /** "Show as free" / TRANSP:TRANSPARENT / showAs=free: does not block time. */
  transparent: boolean;
  start: EventTime;
  end: EventTime;
  /** Set when slotflow wrote this event (the booking's id), so it is not counted twice as busy time. */
  slotflowBookingId?: string | undefined;
};

/** What slotflow writes for a booking. */
export type EventDraft = {
  /** Stable per booking (e.g. derived from its id): the idempotency key of writes. */
  eventKey: string;
  bookingId: string;
  title: string;
  description: string;
  start: number;
  end: number;
  /** IANA zone the event is shown in (the provider's). */
  timeZone: string;
  location?: string | undefined;
  attendees?: { name: string; email: string }[] | undefined;
};

/** A change feed page: events changed since `cursor` (all events when `full`). */
export type EventChanges = {
  events: ExternalEvent[];
  /** Ids of events deleted since the cursor (only when not `full`). */
  removed: string[];
  /** Opaque; pass back next time (Google syncToken, Graph deltaLink, CalDAV ctag + etags). */
  cursor: string;
  /** True when this is a complete listing of the window (first sync, or the old cursor expired). */
  full: boolean;
};

export interface CalendarConnector {
  readonly kind: 'google' | 'microsoft' | 'caldav';
  listCalendars(): Promise<CalendarInfo[]>;
  /**
   * Events in [from, to) changed since `cursor` (null = list everything). An expired cursor (Google's 410,
   * Graph's syncStateNotFound, a changed CalDAV sync collection) is not an error: the adapter lists
   * everything and answers `full: true`.
   */
  listChanges(calendarId: string, window: { from: number; to: number }, cursor: string | null): Promise<EventChanges>;
  createEvent(calendarId: string, draft: EventDraft): Promise<{ id: string }>;
  updateEvent(calendarId: string, draft: EventDraft): Promise<{ id: string }>;
  deleteEvent(calendarId: string, eventKey: string): Promise<void>;
}
