/** The bookings page's URL query string ↔ state, and the API query it leads to. */
import { describe, expect, it } from 'vitest';
import {
  adminListQuery,
  dateRangeInstants,
  formatBookingsQuery,
  listRange,
  parseBookingsQuery,
  type BookingsState,
} from '../../../web/src/admin/bookings/query-state.ts';

const P = '6f1c2b7e-1a2b-4c3d-8e9f-0123456789ab';
const S = '0a1b2c3d-4e5f-4a6b-8c7d-8e9f0a1b2c3d';

describe('bookings query state', () => {
  it('round-trips a full state through the query string', () => {
    const state: BookingsState = {
      view: 'list',
      date: '2026-03-04',
      zone: 'America/New_York',
      from: '2026-03-01',
      to: '2026-03-31',
      statuses: ['pending', 'confirmed', 'no_show'],
      providerId: P,
      serviceId: S,
    };
    const q = formatBookingsQuery(state);
    expect(q).toBe(
      `?view=list&date=2026-03-04&tz=America%2FNew_York&from=2026-03-01&to=2026-03-31&status=pending,confirmed,no_show&provider=${P}&service=${S}`,
    );
    expect(parseBookingsQuery(q)).toEqual(state);
  });

  it('leaves defaults out of the URL and reads an empty query as the defaults', () => {
    expect(formatBookingsQuery({ view: 'week', statuses: [] })).toBe('');
    expect(parseBookingsQuery('')).toEqual({ view: 'week', statuses: [] });
    expect(parseBookingsQuery('?view=day')).toEqual({ view: 'day', statuses: [] });
  });

  it("phones default to the day view: an absent view means the page's default, an explicit week stays week", () => {
    expect(parseBookingsQuery('', 'day')).toEqual({ view: 'day', statuses: [] });
    expect(parseBookingsQuery('?view=week', 'day')).toEqual({ view: 'week', statuses: [] });
    expect(formatBookingsQuery({ view: 'day', statuses: [] }, 'day')).toBe('');
    expect(formatBookingsQuery({ view: 'week', statuses: [] }, 'day')).toBe('?view=week');
    expect(parseBookingsQuery(formatBookingsQuery({ view: 'week', statuses: [] }, 'day'), 'day')).toEqual({ view: 'week', statuses: [] });
    expect(parseBookingsQuery('?view=week')).toEqual({ view: 'week', statuses: [] });
  });

  it('canonicalises: status order and repeats, swapped ranges, upper-case ids', () => {
    const s = parseBookingsQuery(`?status=no_show,pending,pending&from=2026-03-31&to=2026-03-01&provider=${P.toUpperCase()}`);
    expect(s.statuses).toEqual(['pending', 'no_show']);
    expect([s.from, s.to]).toEqual(['2026-03-01', '2026-03-31']);
    expect(s.providerId).toBe(P);
    expect(formatBookingsQuery(parseBookingsQuery(formatBookingsQuery(s)))).toBe(formatBookingsQuery(s));
  });

  it('drops values that do not parse instead of failing', () => {
    expect(parseBookingsQuery('?view=month&date=2026-02-30&tz=Mars/Olympus&status=nope,held&provider=42&service=x&from=soon')).toEqual({
      view: 'week',
      statuses: ['held'],
    });
  });

  it('fills the list range with today … +30 days, or ends it at a chosen past "to"', () => {
    expect(listRange({ view: 'list', statuses: [] }, '2026-03-04')).toEqual(['2026-03-04', '2026-04-03']);
    expect(listRange({ view: 'list', statuses: [], from: '2026-05-01' }, '2026-03-04')).toEqual(['2026-05-01', '2026-05-31']);
    expect(listRange({ view: 'list', statuses: [], to: '2026-01-31' }, '2026-03-04')).toEqual(['2026-01-01', '2026-01-31']);
    expect(listRange({ view: 'list', statuses: [], to: '2026-03-10' }, '2026-03-04')).toEqual(['2026-03-04', '2026-03-10']);
  });

  it('asks the API for the local date range as instants with the filters', () => {
    const range = dateRangeInstants('2026-03-01', '2026-03-31', 'Europe/Berlin');
    expect(range).toEqual([Date.parse('2026-02-28T23:00:00Z'), Date.parse('2026-03-31T22:00:00Z')]);
    const q = new URLSearchParams(adminListQuery({ view: 'list', statuses: ['pending', 'confirmed'], providerId: P }, range).slice(1));
    expect(Object.fromEntries(q)).toEqual({
      from: '2026-02-28T23:00:00.000Z',
      to: '2026-03-31T22:00:00.000Z',
      status: 'pending,confirmed',
      providerId: P,
      limit: '500',
    });
  });
  it('filters by channel: in the URL, back, and in the API query; an unknown channel is dropped', () => {
    const state = parseBookingsQuery('?channel=agent&view=list');
    expect(state.channel).toBe('agent');
    expect(formatBookingsQuery(state)).toBe('?view=list&channel=agent');
    expect(adminListQuery(state, [0, 86_400_000])).toContain('channel=agent');
    expect(parseBookingsQuery('?channel=fax').channel).toBeUndefined();
  });

  it('keeps the customer search in the URL and passes it to the list and the CSV export', () => {
    const state = parseBookingsQuery('?view=list&q=%2B49%20151%2023');
    expect(state.q).toBe('+49 151 23');
    expect(parseBookingsQuery(formatBookingsQuery(state))).toEqual(state);
    expect(new URLSearchParams(adminListQuery(state, [0, 86_400_000]).slice(1)).get('q')).toBe('+49 151 23');
    // The export asks for every booking: no limit.
    expect(adminListQuery(state, [0, 86_400_000], null)).not.toContain('limit=');
    expect(parseBookingsQuery('?q=%20%20').q).toBeUndefined();
  });
});
