/**
 * The bookings page's state, kept in the URL query string so reload, back / forward and shared links
 * show the same screen:
 *
 *   view=day|week|list  date=YYYY-MM-DD (calendar anchor)  tz=<IANA zone>
 *   from=YYYY-MM-DD  to=YYYY-MM-DD (list range, local dates in tz, both inclusive)
 *   status=pending,confirmed  provider=<uuid>  service=<uuid>  channel=agent  q=<customer search>
 *
 * Absent values mean the defaults (the page's default view — week, or day on phones —, today, the
 * admin's preferred zone, today … +30 days, all statuses), which are resolved where "today" is known,
 * so `parse` and `format` (with the same default view) are exact inverses: format(parse(q)) is the
 * canonical form of q, and parse(format(s)) = s for every valid state. Values
 * that do not parse (bad dates, unknown zones or statuses, malformed ids) are dropped, not fatal.
 */
import { BOOKING_CHANNELS, type Channel } from '../../../../src/domain/bookings/channels.ts';
import { STATUSES, type StatusName } from './status.ts';
import { addDays, daysBetween, isDate, isValidZone, zonedInstant } from './zone.ts';

export type PageView = 'day' | 'week' | 'list';

export type BookingsState = {
  view: PageView;
  date?: string;
  zone?: string;
  from?: string;
  to?: string;
  /** In STATUSES order, no repeats; empty = every status. */
  statuses: StatusName[];
  providerId?: string;
  serviceId?: string;
  /** Where the bookings came from (web, phone, agent, …); absent = every channel. */
  channel?: Channel;
  /** Customer search (name, e-mail, phone), as GET /v1/admin/bookings `q` takes it; absent = none. */
  q?: string;
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Days the list shows when no range is chosen: today and the 30 after it. */
export const DEFAULT_LIST_DAYS = 30;

/** `defaultView`: the view an absent `view=` means (the page passes 'day' on phones). */
export function parseBookingsQuery(search: string, defaultView: PageView = 'week'): BookingsState {
  const q = new URLSearchParams(search.startsWith('?') ? search.slice(1) : search);
  const v = q.get('view');
  const state: BookingsState = { view: v === 'day' || v === 'list' || v === 'week' ? v : defaultView, statuses: [] };
  const date = q.get('date');
  if (date && isDate(date)) state.date = date;
  const zone = q.get('tz');
  if (zone && isValidZone(zone)) state.zone = zone;
  let from = q.get('from');
  let to = q.get('to');
  if (from && !isDate(from)) from = null;
  if (to && !isDate(to)) to = null;
  if (from && to && to < from) [from, to] = [to, from];
  if (from) state.from = from;
  if (to) state.to = to;
  const wanted = new Set((q.get('status') ?? '').split(','));
  state.statuses = STATUSES.filter((s) => wanted.has(s));
  const provider = q.get('provider');
  if (provider && UUID.test(provider)) state.providerId = provider.toLowerCase();
  const service = q.get('service');
  if (service && UUID.test(service)) state.serviceId = service.toLowerCase();
  const channel = BOOKING_CHANNELS.find((c) => c === q.get('channel'));
  if (channel) state.channel = channel;
  const text = q.get('q')?.trim();
  if (text) state.q = text.slice(0, 100);
  return state;
}

/** The canonical query string of `state` ('' when everything is default, else starting with '?'). */
export function formatBookingsQuery(state: BookingsState, defaultView: PageView = 'week'): string {
  const q = new URLSearchParams();
  if (state.view !== defaultView) q.set('view', state.view);
  if (state.date) q.set('date', state.date);
  if (state.zone) q.set('tz', state.zone);
  if (state.from) q.set('from', state.from);
  if (state.to) q.set('to', state.to);
  const statuses = STATUSES.filter((s) => state.statuses.includes(s));
  if (statuses.length) q.set('status', statuses.join(','));
  if (state.providerId) q.set('provider', state.providerId);
  if (state.serviceId) q.set('service', state.serviceId);
  if (state.channel) q.set('channel', state.channel);
  if (state.q) q.set('q', state.q);
  // Commas in the status list stay readable; URLSearchParams would write %2C.
  const s = q.toString().replace(/%2C/g, ',');
  return s ? `?${s}` : '';
}

/** The list's local date range with defaults filled in: [from, to], both inclusive. */
export function listRange(state: BookingsState, today: string): [string, string] {
  const from = state.from ?? (state.to && daysBetween(today, state.to) < 0 ? addDays(state.to, -DEFAULT_LIST_DAYS) : today);
  const to = state.to ?? addDays(from, DEFAULT_LIST_DAYS);
  return [from, to];
}

/**
 * Query string of GET /v1/admin/bookings for an instant range and the state's filters; without `limit`,
 * that of its CSV export (GET /v1/admin/bookings.csv: every booking the filters select).
 */
export function adminListQuery(state: BookingsState, range: [number, number], limit: number | null = 500): string {
  const q = new URLSearchParams();
  q.set('from', new Date(range[0]).toISOString());
  q.set('to', new Date(range[1]).toISOString());
  if (state.statuses.length) q.set('status', state.statuses.join(','));
  if (state.providerId) q.set('providerId', state.providerId);
  if (state.serviceId) q.set('serviceId', state.serviceId);
  if (state.channel) q.set('channel', state.channel);
  if (state.q) q.set('q', state.q);
  if (limit !== null) q.set('limit', String(limit));
  return `?${q.toString()}`;
}

/** The instants of a local date range [from, to] (inclusive) in `zone`: [from's midnight, the midnight after to). */
export function dateRangeInstants(from: string, to: string, zone: string): [number, number] {
  return [zonedInstant(from, 0, zone), zonedInstant(addDays(to, 1), 0, zone)];
}
