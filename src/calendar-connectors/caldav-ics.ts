/**
 * The CalDAV connector's iCalendar side (caldav.connector.ts): a calendar object → the busy instances it
 * holds in a window (recurrences expanded, overrides and exceptions applied, floating and all-day times
 * read in their zones), and a booking's event → the VCALENDAR slotflow writes. Pure: no I/O.
 */
import ICAL from 'ical.js';
import { isValidTimeZone, wallClockToInstant } from '../domain/time/zones.ts';
import type { EventDraft, EventTime, ExternalEvent } from './connector.ts';

type IcalComponent = InstanceType<typeof ICAL.Component>;
type IcalTime = InstanceType<typeof ICAL.Time>;

const PRODID = '-//slotflow//CalDAV connector//EN';
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Widest zone offsets: a date can start 14 h before its UTC midnight and end 12 h after. */
const DATE_SLACK = 14 * HOUR;
/** Upper bound of occurrences walked per series (a daily series over 100+ years). */
const MAX_OCCURRENCES = 50_000;

// ─── iCalendar → ExternalEvent ───────────────────────────────────────────────────────────────────────

/** All instances of the events in one calendar object that overlap the window (all-day: loosely, ±14 h). */
export function expandCalendarObject(ics: string, window: { from: number; to: number }): ExternalEvent[] {
  let root: IcalComponent;
  try {
    root = new ICAL.Component(ICAL.parse(ics) as unknown[]);
  } catch {
    return []; // not parseable: nothing we could count as busy
  }
  const groups = new Map<string, { master?: IcalComponent; overrides: IcalComponent[] }>();
  for (const vevent of root.getAllSubcomponents('vevent')) {
    const uid = String(vevent.getFirstPropertyValue('uid') ?? '');
    if (!uid) continue;
    const g = groups.get(uid) ?? { overrides: [] };
    if (vevent.hasProperty('recurrence-id')) g.overrides.push(vevent);
    else g.master ??= vevent;
    groups.set(uid, g);
  }

  const out: ExternalEvent[] = [];
  const keep = (e: ExternalEvent | undefined) => {
    if (e && overlaps(e, window)) out.push(e);
  };
  for (const [uid, { master, overrides }] of groups) {
    try {
      if (!master) {
        // Overridden instances without their series (e.g. only invited to one instance).
        for (const o of overrides) keep(instanceOf(uid, o, undefined, ridTime(o), startOf(o), endOf(o)));
        continue;
      }
      const event = new ICAL.Event(master, { exceptions: overrides });
      if (!event.isRecurring()) {
        keep(instanceOf(uid, master, undefined, undefined, startOf(master), endOf(master)));
        continue;
      }
      const masterTzid = tzidOf(master, 'dtstart');
      // Overrides may move an instance later than its recurrence id: walk far enough to see them.
      let maxShift = 0;
      for (const o of overrides) {
        const rid = ridTime(o);
        const s = startOf(o);
        if (rid && s) maxShift = Math.max(maxShift, edgeMs(s.edge) - toInstant(rid.time, rid.tzid));
      }
      const stopAt = window.to + maxShift + DAY;
      const it = event.iterator();
      for (let n = 0; n < MAX_OCCURRENCES; n++) {
        const occurrence = it.next();
        if (!occurrence) break;
        if (toInstant(occurrence, masterTzid) >= stopAt) break;
        const details = event.getOccurrenceDetails(occurrence);
        const item: IcalComponent = details.item?.component ?? master;
        const overridden = item !== master;
        const startTzid = overridden ? tzidOf(item, 'dtstart') : masterTzid;
        const endTzid = overridden ? (tzidOf(item, 'dtend') ?? startTzid) : masterTzid;
        keep(
          instanceOf(
            uid,
            item,
            master,
            { time: occurrence, tzid: masterTzid },
            { edge: edgeOf(details.startDate, startTzid) },
            { edge: edgeOf(details.endDate, endTzid) },
          ),
        );
      }
    } catch {
      // A broken series is skipped rather than failing the whole listing.
    }
  }
  return out;
}

function instanceOf(
  uid: string,
  item: IcalComponent,
  master: IcalComponent | undefined,
  rid: { time: IcalTime; tzid: string | undefined } | undefined,
  start: { edge: EventTime } | undefined,
  end: { edge: EventTime } | undefined,
): ExternalEvent | undefined {
  if (!start || !end) return undefined;
  const bookingId = propText(item, 'x-slotflow-booking-id') ?? (master ? propText(master, 'x-slotflow-booking-id') : undefined);
  return {
    id: rid ? `${uid}/${ridKey(rid.time, rid.tzid)}` : uid,
    status: statusOf(propText(item, 'status')),
    transparent: (propText(item, 'transp') ?? '').toUpperCase() === 'TRANSPARENT',
    start: start.edge,
    end: end.edge,
    ...(bookingId ? { slotflowBookingId: bookingId } : {}),
  };
}

function statusOf(s: string | undefined): ExternalEvent['status'] {
  switch ((s ?? '').toUpperCase()) {
    case 'CANCELLED':
      return 'cancelled';
    case 'TENTATIVE':
      return 'tentative';
    default:
      return 'confirmed';
  }
}

function propText(c: IcalComponent, name: string): string | undefined {
  const v = c.getFirstPropertyValue(name);
  return v === null || v === undefined ? undefined : String(v);
}

function tzidOf(c: IcalComponent, prop: 'dtstart' | 'dtend' | 'recurrence-id'): string | undefined {
  const p = c.getFirstProperty(prop);
  const tzid = p?.getParameter('tzid');
  return typeof tzid === 'string' ? tzid : undefined;
}

function ridTime(c: IcalComponent): { time: IcalTime; tzid: string | undefined } | undefined {
  const t = c.getFirstPropertyValue('recurrence-id');
  return t instanceof ICAL.Time ? { time: t, tzid: tzidOf(c, 'recurrence-id') } : undefined;
}

function startOf(c: IcalComponent): { edge: EventTime } | undefined {
  const t = c.getFirstPropertyValue('dtstart');
  return t instanceof ICAL.Time ? { edge: edgeOf(t, tzidOf(c, 'dtstart')) } : undefined;
}

/** DTEND (exclusive), else DTSTART + DURATION, else one day for a date and zero length for a date-time. */
function endOf(c: IcalComponent): { edge: EventTime } | undefined {
  const dtend = c.getFirstPropertyValue('dtend');
  if (dtend instanceof ICAL.Time) return { edge: edgeOf(dtend, tzidOf(c, 'dtend')) };
  const start = c.getFirstPropertyValue('dtstart');
  if (!(start instanceof ICAL.Time)) return undefined;
  const end = start.clone();
  const duration = c.getFirstPropertyValue('duration');
  if (duration instanceof ICAL.Duration) end.addDuration(duration);
  else if (end.isDate) end.day += 1;
  return { edge: edgeOf(end, tzidOf(c, 'dtstart')) };
}

function edgeOf(t: IcalTime, tzid: string | undefined): EventTime {
  if (t.isDate) return { date: `${pad(t.year, 4)}-${pad(t.month, 2)}-${pad(t.day, 2)}` };
  return { instant: toInstant(t, tzid) };
}

/**
 * Epoch ms of a date-time: through its ical.js zone (UTC, or the object's VTIMEZONE); a TZID that
 * resolved to nothing (no VTIMEZONE) but names an IANA zone goes through Intl; floating → UTC.
 */
function toInstant(t: IcalTime, tzid: string | undefined): number {
  const floating = !t.zone || t.zone.tzid === 'floating' || t.zone === ICAL.Timezone.localTimezone;
  if (t.isDate) return Date.UTC(t.year, t.month - 1, t.day);
  if (!floating) return t.toUnixTime() * 1000;
  if (tzid && isValidTimeZone(tzid)) return wallClockToInstant(`${pad(t.year, 4)}-${pad(t.month, 2)}-${pad(t.day, 2)}`, t.hour, t.minute, t.second, 0, tzid);
  return Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute, t.second);
}

function ridKey(t: IcalTime, tzid: string | undefined): string {
  if (t.isDate) return `${pad(t.year, 4)}${pad(t.month, 2)}${pad(t.day, 2)}`;
  return icalUtc(toInstant(t, tzid));
}

function overlaps(e: ExternalEvent, window: { from: number; to: number }): boolean {
  const s = 'instant' in e.start ? e.start.instant : Date.parse(`${e.start.date}T00:00:00Z`) - DATE_SLACK;
  const end = 'instant' in e.end ? e.end.instant : Date.parse(`${e.end.date}T00:00:00Z`) + DATE_SLACK;
  if (end <= s) return s >= window.from && s < window.to;
  return s < window.to && end > window.from;
}

export function edgeMs(t: EventTime): number {
  return 'instant' in t ? t.instant : Date.parse(`${t.date}T00:00:00Z`);
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

/** iCalendar UTC date-time, e.g. `20300318T080000Z`. */
export function icalUtc(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19).replace(/[-:]/g, '')}Z`;
}

// ─── EventDraft → iCalendar ──────────────────────────────────────────────────────────────────────────

function utcTime(ms: number): IcalTime {
  return ICAL.Time.fromJSDate(new Date(ms), true);
}

export function buildEventIcs(draft: EventDraft, sequence: number): string {
  const cal = new ICAL.Component('vcalendar');
  cal.updatePropertyWithValue('prodid', PRODID);
  cal.updatePropertyWithValue('version', '2.0');
  cal.updatePropertyWithValue('calscale', 'GREGORIAN');
  const ev = new ICAL.Component('vevent');
  ev.updatePropertyWithValue('uid', draft.eventKey);
  ev.updatePropertyWithValue('dtstamp', utcTime(Date.now()));
  ev.updatePropertyWithValue('dtstart', utcTime(draft.start));
  ev.updatePropertyWithValue('dtend', utcTime(draft.end));
  ev.updatePropertyWithValue('summary', draft.title);
  if (draft.description) ev.updatePropertyWithValue('description', draft.description);
  if (draft.location) ev.updatePropertyWithValue('location', draft.location);
  ev.updatePropertyWithValue('status', 'CONFIRMED');
  ev.updatePropertyWithValue('transp', 'OPAQUE');
  ev.updatePropertyWithValue('sequence', sequence);
  ev.updatePropertyWithValue('x-slotflow-booking-id', draft.bookingId);
  cal.addSubcomponent(ev);
  return cal.toString();
}

/** UID, booking id and SEQUENCE of the event slotflow wrote (the first VEVENT without RECURRENCE-ID). */
export function parseOwnEvent(ics: string): { uid: string; bookingId: string | undefined; sequence: number } | undefined {
  try {
    const root = new ICAL.Component(ICAL.parse(ics) as unknown[]);
    const ev = root.getAllSubcomponents('vevent').find((v) => !v.hasProperty('recurrence-id'));
    if (!ev) return undefined;
    const seq = Number(ev.getFirstPropertyValue('sequence') ?? 0);
    return {
      uid: String(ev.getFirstPropertyValue('uid') ?? ''),
      bookingId: propText(ev, 'x-slotflow-booking-id'),
      sequence: Number.isFinite(seq) ? seq : 0,
    };
  } catch {
    return undefined;
  }
}
