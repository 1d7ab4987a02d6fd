/**
 * The widget's step as a URL, pure: `/book[/{serviceId}]?provider={id|any}&date=YYYY-MM-DD&time={start}&done=1`
 * plus the page's own parameters (`tz`, `locale`, `embed`), which every step keeps. The step follows from what
 * is set: no service → services; no provider (and more than one) → providers; `time` → details; `done` →
 * confirmation (which never holds the booking itself: after a reload it falls back to the day). A value
 * that is not well formed is dropped, and so is what depends on it (no date or time without a service).
 */
export type WidgetRoute = {
  serviceId?: string | undefined;
  /** A provider id, or '' for "anyone". */
  provider?: string | undefined;
  /** The shown local day, YYYY-MM-DD. */
  date?: string | undefined;
  /** The picked slot's start instant, e.g. 2027-03-01T09:00:00Z. */
  time?: string | undefined;
  done?: boolean | undefined;
  /** The zone times are shown in (`tz`, as before). */
  zone?: string | undefined;
};

/** Parameters of the page that every step carries unchanged. */
export type PageParams = { embed?: boolean; locale?: string | undefined };

const ID = /^[\w-]{1,100}$/;
const ANY = 'any';

/** An instant as ISO in UTC, milliseconds only when not zero: 2027-03-01T09:00:00Z. */
export function instantParam(at: string | number): string {
  return new Date(at).toISOString().replace('.000Z', 'Z');
}

/** `value` when it is a real calendar date (YYYY-MM-DD). */
const validDate = (value: string | null) =>
  value && /^\d{4}-\d\d-\d\d$/.test(value) && new Date(Date.parse(value) || 0).toISOString().startsWith(value) ? value : undefined;

export function parseRoute(pathname: string, search: string): { route: WidgetRoute; page: PageParams } {
  const q = new URLSearchParams(search);
  const get = (k: string) => q.get(k) ?? undefined;
  const seg = /^\/book\/([^/]+)\/?$/.exec(pathname)?.[1];
  let serviceId: string | undefined;
  try {
    serviceId = seg && decodeURIComponent(seg);
  } catch {
    /* a broken %-escape: no service */
  }
  const route: WidgetRoute = {};
  if (get('tz')) route.zone = get('tz');
  if (serviceId && ID.test(serviceId)) {
    route.serviceId = serviceId;
    const provider = get('provider');
    if (provider === ANY) route.provider = '';
    else if (provider && ID.test(provider)) route.provider = provider;
    if (validDate(q.get('date'))) route.date = get('date');
    const time = get('time');
    // With its offset (Z or ±hh:mm): a time without one would be read in the machine's zone.
    if (time && /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:\d\d)$/.test(time) && Date.parse(time)) route.time = instantParam(time);
    else if (get('done') === '1') route.done = true;
  }
  const page: PageParams = {};
  if (get('embed') === '1') page.embed = true;
  if (/^[a-z]{2,3}(-\w{2,8})*$/i.test(get('locale') ?? '')) page.locale = get('locale');
  return { route, page };
}

/** The URL of a step: path and query, readable (`:` and `/` stay as they are). */
export function routeUrl(route: WidgetRoute, page: PageParams = {}): string {
  const q = new URLSearchParams();
  const put = (k: string, v: string | false | undefined) => v && q.set(k, v);
  put('provider', route.provider === '' ? ANY : route.provider);
  put('date', route.date);
  put('time', route.time);
  put('done', !route.time && route.done && '1');
  put('tz', route.zone);
  put('locale', page.locale);
  put('embed', page.embed && '1');
  const query = q.toString().replace(/%3A/g, ':').replace(/%2F/g, '/');
  return `/book${route.serviceId ? `/${encodeURIComponent(route.serviceId)}` : ''}${query ? `?${query}` : ''}`;
}
