/**
 * The day / week time grid: one column per local day in the admin's zone, bookings placed by layout.ts
 * (wall-clock position, overlaps side by side), coloured by status, a "now" line in today's column.
 * Each booking is a link to its detail, so Tab walks through them in time order per day; a day's
 * heading links to that day's view. Wide weeks scroll horizontally inside `.bk-grid-scroll`, which
 * starts scrolled to today's column when today is in view. A group class's session (sessions.ts) is one box,
 * "Yoga · 9/12 seats", a button opening a popover that lists its attendees, each a link to its detail.
 */
import { useEffect, useRef, type CSSProperties } from 'react';
import { Link } from '../../shared/link.tsx';
import { unitNames } from '../catalog/resource-form.ts';
import type { Catalog } from './use-catalog.ts';
import { formatDay, formatTime } from './format.ts';
import { hourRange, layoutDay, type Placed } from './layout.ts';
import { calendarItems, holdsSeat, seatsTakenText, type CalendarItem, type Session } from './sessions.ts';
import { statusLabel } from './status.ts';
import type { Booking } from './types.ts';
import { clockLabel, wallClock } from './zone.ts';

/** Pixels per hour of the grid. */
const HOUR_PX = 60;
/** Boxes shorter than this show time and name on one line. */
const COMPACT_PX = 40;

type Props = {
  days: string[];
  zone: string;
  bookings: Booking[];
  catalog: Catalog | undefined;
  now: number;
  /** Href of a day's own view (the day headings link there). */
  dayHref: (date: string) => string;
};

export function CalendarGrid({ days, zone, bookings, catalog, now, dayHref }: Props) {
  const items = calendarItems(bookings, (id) => catalog?.services.get(id)?.seats);
  const columns = days.map((date) => ({ date, placed: layoutDay(items, date, zone) }));
  const nowWall = wallClock(now, zone);
  const todayInView = days.includes(nowWall.date);
  const [fromHour, toHour] = hourRange(
    columns.flatMap((c) => c.placed),
    todayInView ? nowWall.minutes : null,
  );
  const height = (toHour - fromHour) * HOUR_PX;
  const y = (minutes: number) => ((minutes - fromHour * 60) / 60) * HOUR_PX;
  const hours = Array.from({ length: toHour - fromHour }, (_, i) => fromHour + i);
  const scroller = useRef<HTMLDivElement>(null);
  const daysKey = days.join();
  useEffect(() => {
    const box = scroller.current;
    const today = box?.querySelector<HTMLElement>('.bk-today');
    const hoursCol = box?.querySelector<HTMLElement>('.bk-grid-corner');
    if (box && today && box.scrollWidth > box.clientWidth) box.scrollLeft = today.offsetLeft - (hoursCol?.offsetWidth ?? 0);
  }, [daysKey, zone]);

  return (
    <div className="bk-grid-scroll" role="region" aria-label="Bookings calendar" tabIndex={0} ref={scroller}>
      <div className={`bk-grid ${days.length === 1 ? 'bk-grid-day' : 'bk-grid-week'}`} style={{ '--bk-days': days.length } as CSSProperties}>
        <div className="bk-grid-corner" aria-hidden="true" />
        {days.map((date) => (
          <div key={date} className={`bk-grid-dayhead${date === nowWall.date ? ' bk-today' : ''}`}>
            <Link href={dayHref(date)} aria-current={date === nowWall.date ? 'date' : undefined}>
              {formatDay(date)}
            </Link>
          </div>
        ))}
        <div className="bk-grid-hours" style={{ height }} aria-hidden="true">
          {hours.map((h) => (
            <div key={h} className="bk-grid-hour" style={{ top: y(h * 60) }}>
              {clockLabel(h * 60)}
            </div>
          ))}
        </div>
        {columns.map(({ date, placed }) => (
          <section
            key={date}
            className="bk-grid-col"
            style={{ height, backgroundSize: `100% ${HOUR_PX}px` }}
            aria-label={`${formatDay(date, true)}: ${countLabel(placed.map((p) => p.item))}`}
          >
            {placed.map((p) => {
              const top = y(p.top);
              const h = Math.max(((p.bottom - p.top) / 60) * HOUR_PX, 18);
              const it = p.item;
              return it.kind === 'booking' ? (
                <BookingBox key={it.id} p={{ ...p, item: it.booking }} zone={zone} catalog={catalog} top={top} height={h} />
              ) : (
                <SessionBox key={it.id} p={p} s={it.session} zone={zone} catalog={catalog} top={top} height={h} />
              );
            })}
            {date === nowWall.date && (
              <div className="bk-now" style={{ top: y(nowWall.minutes) }} title={`Now, ${formatTime(now, zone)}`}>
                <span className="visually-hidden">Now, {formatTime(now, zone)}</span>
              </div>
            )}
          </section>
        ))}
      </div>
    </div>
  );
}

/** "3 bookings", "2 bookings, 1 group session", "1 group session"; "0 bookings" for an empty day. */
function countLabel(items: CalendarItem<Booking>[]): string {
  const sessions = items.filter((i) => i.kind === 'session').length;
  const single = items.length - sessions;
  const parts = single > 0 || sessions === 0 ? [`${single} booking${single === 1 ? '' : 's'}`] : [];
  if (sessions > 0) parts.push(`${sessions} group session${sessions === 1 ? '' : 's'}`);
  return parts.join(', ');
}

function boxStyle(p: { column: number; columns: number }, top: number, height: number): CSSProperties {
  return { top, height, left: `calc(${(p.column / p.columns) * 100}% + 2px)`, width: `calc(${100 / p.columns}% - 4px)` };
}

function SessionBox({
  p,
  s,
  zone,
  catalog,
  top,
  height,
}: {
  p: Placed<unknown>;
  s: Session<Booking>;
  zone: string;
  catalog: Catalog | undefined;
  top: number;
  height: number;
}) {
  const time = `${formatTime(Date.parse(s.start), zone)}–${formatTime(Date.parse(s.end), zone)}`;
  const service = catalog?.services.get(s.serviceId)?.name ?? 'Service';
  const provider = catalog?.providers.get(s.providerId)?.name;
  const seats = seatsTakenText(s);
  const who = s.attendees.filter(holdsSeat).map((b) => b.customer.name);
  const label = `${time} ${service} group session, ${seats}${provider ? `, with ${provider}` : ''}: ${who.join(', ') || 'no attendees'}`;
  const popId = `bk-session-${s.key.replace(/[^a-zA-Z0-9-]/g, '-')}`;
  return (
    <>
      <button
        type="button"
        className={`bk-event bk-session bk-s-${s.status}${height < COMPACT_PX ? ' bk-event-compact' : ''}`}
        style={boxStyle(p, top, height)}
        aria-label={label}
        title={label}
        popoverTarget={popId}
        data-session-key={s.key}
      >
        <span className="bk-event-time">
          {p.continuesBefore ? '… ' : ''}
          {time}
          {p.continuesAfter ? ' …' : ''}
        </span>
        <span className="bk-event-who">
          <span className="bk-session-name">{service}</span>
          <span className="bk-seats">{` · ${seats}`}</span>
        </span>
        <span className="bk-event-what">{who.join(', ')}</span>
      </button>
      <div id={popId} popover="auto" className="bk-session-pop" role="dialog" aria-label={`${service}, ${time}: attendees`}>
        <h3>
          {service} · {time}
        </h3>
        <p className="muted bk-small">
          {provider ? `${provider} · ` : ''}
          {s.taken} of {s.seats} seats taken
        </p>
        <ol>
          {s.attendees.map((b) => (
            <li key={b.id} data-booking-id={b.id}>
              <Link href={`/admin/bookings/${b.id}`}>{b.customer.name}</Link>{' '}
              {b.status !== 'confirmed' && <span className={`badge ${b.status}`}>{statusLabel(b.status)}</span>}
            </li>
          ))}
        </ol>
      </div>
    </>
  );
}

function BookingBox({ p, zone, catalog, top, height }: { p: Placed<Booking>; zone: string; catalog: Catalog | undefined; top: number; height: number }) {
  const b = p.item;
  const time = `${formatTime(Date.parse(b.start), zone)}–${formatTime(Date.parse(b.end), zone)}`;
  const service = catalog?.services.get(b.serviceId)?.name ?? 'Service';
  const provider = catalog?.providers.get(b.providerId)?.name;
  const units = unitNames(b.resources);
  const label = `${time} ${b.customer.name}, ${service}${provider ? ` with ${provider}` : ''}${units ? `, ${units}` : ''}, ${statusLabel(b.status)}`;
  const style = boxStyle(p, top, height);
  return (
    <Link
      href={`/admin/bookings/${b.id}`}
      className={`bk-event bk-s-${b.status}${height < COMPACT_PX ? ' bk-event-compact' : ''}`}
      style={style}
      aria-label={label}
      title={label}
      data-booking-id={b.id}
    >
      <span className="bk-event-time">
        {p.continuesBefore ? '… ' : ''}
        {time}
        {p.continuesAfter ? ' …' : ''}
      </span>
      <span className="bk-event-who">{b.customer.name}</span>
      <span className="bk-event-what">
        {service}
        {units ? ` · ${units}` : ''}
      </span>
    </Link>
  );
}
