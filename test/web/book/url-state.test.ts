import { describe, expect, it } from 'vitest';
import { instantParam, parseRoute, routeUrl, type WidgetRoute } from '../../../web/src/book/url-state.ts';

const SVC = '8c1b5f2e-0000-4000-8000-000000000000';
const PRV = '1d2e3f40-0000-4000-8000-000000000001';

describe('widget step URLs', () => {
  it('round-trips every step, the page parameters kept', () => {
    const routes: WidgetRoute[] = [
      {},
      { zone: 'America/New_York' },
      { serviceId: SVC },
      { serviceId: SVC, provider: '' },
      { serviceId: SVC, provider: PRV, date: '2027-03-01', zone: 'Europe/Berlin' },
      { serviceId: SVC, provider: PRV, date: '2027-03-01', time: '2027-03-01T09:00:00Z' },
      { serviceId: SVC, date: '2027-03-01', done: true },
    ];
    for (const route of routes) {
      const url = routeUrl(route, { embed: true, locale: 'de' });
      const [path, search = ''] = url.split('?');
      expect(parseRoute(path!, search)).toEqual({ route, page: { embed: true, locale: 'de' } });
    }
  });

  it('writes readable URLs', () => {
    expect(routeUrl({ serviceId: SVC, provider: '', date: '2027-03-01', time: '2027-03-01T09:00:00Z', zone: 'America/New_York' })).toBe(
      `/book/${SVC}?provider=any&date=2027-03-01&time=2027-03-01T09:00:00Z&tz=America/New_York`,
    );
    expect(routeUrl({})).toBe('/book');
    expect(routeUrl({}, { embed: true })).toBe('/book?embed=1');
  });

  it('reads the links that existed before: /book/{service}?provider=&tz=&locale=&embed=1', () => {
    expect(parseRoute(`/book/${SVC}`, `?provider=${PRV}&tz=Europe%2FBerlin&locale=de&embed=1`)).toEqual({
      route: { serviceId: SVC, provider: PRV, zone: 'Europe/Berlin' },
      page: { embed: true, locale: 'de' },
    });
    expect(parseRoute('/book/', '')).toEqual({ route: {}, page: {} });
    expect(parseRoute(`/book/${SVC}/`, '').route).toEqual({ serviceId: SVC });
  });

  it('a time is kept as the instant, in UTC, whatever offset it came with', () => {
    expect(parseRoute(`/book/${SVC}`, 'time=2027-03-01T10:00:00%2B01:00').route.time).toBe('2027-03-01T09:00:00Z');
    expect(parseRoute(`/book/${SVC}`, 'time=2027-03-01T09:00Z').route.time).toBe('2027-03-01T09:00:00Z');
    expect(instantParam(Date.UTC(2027, 2, 1, 9, 0, 0, 500))).toBe('2027-03-01T09:00:00.500Z');
  });

  it('ignores bad values, and whatever needs a service when there is none', () => {
    const bad = parseRoute(`/book/${SVC}`, 'provider=a%20b&date=2027-02-31&time=2027-03-01T09:00:00&done=yes&embed=true&locale=%3Cscript%3E');
    expect(bad).toEqual({ route: { serviceId: SVC }, page: {} });
    expect(parseRoute(`/book/${SVC}`, 'date=tomorrow&time=soon').route).toEqual({ serviceId: SVC });
    expect(parseRoute('/book', `provider=${PRV}&date=2027-03-01&time=2027-03-01T09:00:00Z&done=1`).route).toEqual({});
    expect(parseRoute('/book/a%2', '').route).toEqual({}); // a broken escape
    expect(parseRoute('/book/not%20an%20id', '').route).toEqual({});
    expect(parseRoute('/book/a/b', 'date=2027-03-01').route).toEqual({});
  });

  it('a time wins over done (a details URL is never a confirmation)', () => {
    expect(parseRoute(`/book/${SVC}`, 'time=2027-03-01T09:00:00Z&done=1').route).toEqual({ serviceId: SVC, time: '2027-03-01T09:00:00Z' });
    expect(routeUrl({ serviceId: SVC, time: '2027-03-01T09:00:00Z', done: true })).toBe(`/book/${SVC}?time=2027-03-01T09:00:00Z`);
  });
});
