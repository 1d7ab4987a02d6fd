/**
 * The day / week time grid: one column per local day in the admin's zone, bookings placed by layout.ts
 * (wall-clock position, overlaps side by side), coloured by status, a "now" line in today's column.
 * Each booking is a link to its detail, so Tab walks through them in time order per day; a day's
 * heading links to that day's view. Wide weeks scroll horizontally inside `.bk-grid-scroll`, which
 * starts scrolled to today's column when today is in view. A group class's session (sessions.ts) is one box,
 * "Yoga · 9/12 seats", a button opening a popover that lists its attendees, each a link to its detail.
 *
 * Behind the bookings, each provider's working hours are shaded in the provider's colour and its blocks
 * hatched, each provider in its own lane of the column (working-hours.ts computes them in the provider's
 * zone; they are placed here in the admin's zone like bookings). Each booking carries its provider's
 * colour as the left stripe; a legend names the colours. Short boxes (under COMPACT_PX, e.g. 30 minutes)
 * show the start time and the customer on one line, the name cut with an ellipsis; the full text is in
 * the title and the accessible name.
 */
import { useEffect, useRef, type CSSProperties } from 'react';
import { Link } from '../../shared/link.tsx';
import { unitNames } from '../catalog/resource-form.ts';
import type { Catalog } from './use-catalog.ts';
import { formatDay, formatTime } from './format.ts';
import { hourRange, layoutDay, type Placed } from './layout.ts';
import { hueOf, solidColour, tintColour } from './provider-colour.ts';
import { calendarItems, holdsSeat, seatsTakenText, type CalendarItem, type Session } from './sessions.ts';
import { statusLabel } from './status.ts';
import type { Booking } from './types.ts';
import type { Interval } from './working-hours.ts';
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
  /** The shown providers' working time and blocks over the view (none: nothing shaded). */
  schedules?: ProviderSchedule[];
};

export type ProviderSchedule = { id: string; name: string; working: Interval[]; blocks: (Interval & { reason: string | null })[] };

export function CalendarGrid({ days, zone, bookings, catalog, now, dayHref, schedules = [] }: Props) {
  const items = calendarItems(bookings, (id) => catalog?.services.get(id)?.seats);
  const columns = days.map((date) => ({
    date,
    placed: layoutDay(items, date, zone),
    working: schedules.flatMap((s, lane) => layoutDay(s.working, date, zone, 0).map((p) => ({ ...p, provider: s, lane }))),
    blocks: schedules.flatMap((s, lane) => layoutDay(s.blocks, date, zone, 0).map((p) => ({ ...p, provider: s, lane }))),
  }));
  const nowWall = wallClock(now, zone);
  const todayInView = days.includes(nowWall.date);
  const [fromHour, toHour] = hourRange(
    columns.flatMap((c) => [...c.placed, ...c.working, ...c.blocks]),
    todayInView ? nowWall.minutes : null,
  );
  // Each provider's hours and blocks take a lane of the column (1/n wide, in legend order), so several
  // providers' shading does not mix; bookings are drawn across the whole column above them.
  const lane = (i: number): CSSProperties => ({ left: `${(i / schedules.length) * 100}%`, width: `${100 / schedules.length}%` });
  const wall = (iso: string) => formatTime(Date.parse(iso), zone);
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
    <>
      {schedules.length > 0 && (
        <ul className="bk-legend" aria-label="Providers">
          {schedules.map((s) => (
            <li key={s.id}>
              <span className="bk-swatch" style={{ background: solidColour(hueOf(catalog?.hues, s.id)) }} aria-hidden="true" />
              {s.name}
            </li>
          ))}
          <li>
            <span className="bk-swatch bk-swatch-hours" aria-hidden="true" />
            Working hours
          </li>
          <li>
            <span className="bk-swatch bk-swatch-block" aria-hidden="true" />
            Blocked
          </li>
        </ul>
      )}
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
          {columns.map(({ date, placed, working, blocks }) => (
            <section
              key={date}
              className="bk-grid-col"
              style={{ height, backgroundSize: `100% ${HOUR_PX}px` }}
              aria-label={`${formatDay(date, true)}: ${countLabel(placed.map((p) => p.item))}`}
            >
              {working.map((w, i) => (
                <div
                  key={`w${i}`}
                  className="bk-hours"
                  data-provider-id={w.provider.id}
                  style={{
                    ...lane(w.lane),
                    top: y(w.top),
                    height: ((w.bottom - w.top) / 60) * HOUR_PX,
                    background: tintColour(hueOf(catalog?.hues, w.provider.id)),
                  }}
                  title={`${w.provider.name} works ${wall(w.item.start)}–${wall(w.item.end)}`}
                />
              ))}
              {blocks.map((b, i) => (
                <div
                  key={`b${i}`}
                  className="bk-block"
                  role="note"
                  data-provider-id={b.provider.id}
                  style={{
                    ...lane(b.lane),
                    top: y(b.top),
                    height: ((b.bottom - b.top) / 60) * HOUR_PX,
                    color: solidColour(hueOf(catalog?.hues, b.provider.id)),
                  }}
                  aria-label={`${b.provider.name} blocked ${wall(b.item.start)}–${wall(b.item.end)}${b.item.reason ? `: ${b.item.reason}` : ''}`}
                  title={`${b.provider.name} blocked ${wall(b.item.start)}–${wall(b.item.end)}${b.item.reason ? `: ${b.item.reason}` : ''}`}
                >
                  <span className="bk-block-label">{b.item.reason ?? 'Blocked'}</span>
                </div>
              ))}
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
    </>
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

/** A box's place in its column, with its provider's colour as the left stripe. */
function boxStyle(p: { column: number; columns: number }, top: number, height: number, stripe: string): CSSProperties {
  return { borderLeftColor: stripe, top, height, left: `calc(${(p.column / p.columns) * 100}% + 2px)`, width: `calc(${100 / p.columns}% - 4px)` };
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
        style={boxStyle(p, top, height, solidColour(hueOf(catalog?.hues, s.providerId)))}
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
  const compact = height < COMPACT_PX;
  const style = boxStyle(p, top, height, solidColour(hueOf(catalog?.hues, b.providerId)));
  return (
    <Link
      href={`/admin/bookings/${b.id}`}
      className={`bk-event bk-s-${b.status}${compact ? ' bk-event-compact' : ''}`}
      style={style}
      aria-label={label}
      title={label}
      data-booking-id={b.id}
    >
      <span className="bk-event-time">
        {p.continuesBefore ? '… ' : ''}
        {compact ? formatTime(Date.parse(b.start), zone) : time}
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
