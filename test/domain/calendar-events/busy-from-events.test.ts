import { describe, expect, it } from 'vitest';
import type { EventTime, ExternalEvent } from '../../../src/calendar-connectors/connector.ts';
import { blocksTime, busyBlocksFromEvents } from '../../../src/domain/calendar-events/busy-from-events.ts';

const at = (iso: string) => Date.parse(iso);
const H = 3_600_000;
const WIDE = { from: at('2026-01-01T00:00:00Z'), to: at('2027-01-01T00:00:00Z') };

function ev(id: string, start: EventTime, end: EventTime, extra: Partial<ExternalEvent> = {}): ExternalEvent {
  return { id, status: 'confirmed', transparent: false, start, end, ...extra };
}
const timed = (id: string, s: string, e: string, extra: Partial<ExternalEvent> = {}) => ev(id, { instant: at(s) }, { instant: at(e) }, extra);
const allDay = (id: string, s: string, e: string, extra: Partial<ExternalEvent> = {}) => ev(id, { date: s }, { date: e }, extra);
const iso = (b: { externalId: string; start: number; end: number }) => ({
  externalId: b.externalId,
  start: new Date(b.start).toISOString(),
  end: new Date(b.end).toISOString(),
});

describe('busyBlocksFromEvents: which events block', () => {
  it('confirmed and tentative block; cancelled, transparent and slotflow-written events do not', () => {
    const events = [
      timed('confirmed', '2026-05-04T09:00:00Z', '2026-05-04T10:00:00Z'),
      timed('tentative', '2026-05-04T11:00:00Z', '2026-05-04T12:00:00Z', { status: 'tentative' }),
      timed('cancelled', '2026-05-04T13:00:00Z', '2026-05-04T14:00:00Z', { status: 'cancelled' }),
      timed('free', '2026-05-04T15:00:00Z', '2026-05-04T16:00:00Z', { transparent: true }),
      timed('free-tentative', '2026-05-04T15:00:00Z', '2026-05-04T16:00:00Z', { status: 'tentative', transparent: true }),
      timed('ours', '2026-05-04T17:00:00Z', '2026-05-04T18:00:00Z', { slotflowBookingId: '0f8fad5b-d9cb-469f-a165-70867728950e' }),
    ];
    expect(busyBlocksFromEvents(events, { timeZone: 'Europe/Berlin', window: WIDE }).map(iso)).toEqual([
      { externalId: 'confirmed', start: '2026-05-04T09:00:00.000Z', end: '2026-05-04T10:00:00.000Z' },
      { externalId: 'tentative', start: '2026-05-04T11:00:00.000Z', end: '2026-05-04T12:00:00.000Z' },
    ]);
    expect(events.map(blocksTime)).toEqual([true, true, false, false, false, false]);
  });

  it('an empty slotflowBookingId does not mark an event as ours', () => {
    const e = timed('x', '2026-05-04T09:00:00Z', '2026-05-04T10:00:00Z', { slotflowBookingId: '' });
    expect(busyBlocksFromEvents([e], { timeZone: 'UTC', window: WIDE })).toHaveLength(1);
  });
});

describe('busyBlocksFromEvents: timed events and the window', () => {
  const window = { from: at('2026-05-04T00:00:00Z'), to: at('2026-05-11T00:00:00Z') };

  it('an event spanning midnight is one block', () => {
    const e = timed('night', '2026-05-05T22:00:00Z', '2026-05-06T02:00:00Z');
    expect(busyBlocksFromEvents([e], { timeZone: 'Europe/Berlin', window }).map(iso)).toEqual([
      { externalId: 'night', start: '2026-05-05T22:00:00.000Z', end: '2026-05-06T02:00:00.000Z' },
    ]);
  });

  it('clips events that start before or end after the window, drops events outside it', () => {
    const events = [
      timed('before-into', '2026-05-03T20:00:00Z', '2026-05-04T03:00:00Z'),
      timed('over-end', '2026-05-10T23:00:00Z', '2026-05-11T05:00:00Z'),
      timed('covers-all', '2026-04-01T00:00:00Z', '2026-06-01T00:00:00Z'),
      timed('ends-at-from', '2026-05-03T20:00:00Z', '2026-05-04T00:00:00Z'),
      timed('starts-at-to', '2026-05-11T00:00:00Z', '2026-05-11T01:00:00Z'),
      timed('far-away', '2026-07-01T10:00:00Z', '2026-07-01T11:00:00Z'),
    ];
    expect(busyBlocksFromEvents(events, { timeZone: 'UTC', window }).map(iso)).toEqual([
      { externalId: 'before-into', start: '2026-05-04T00:00:00.000Z', end: '2026-05-04T03:00:00.000Z' },
      { externalId: 'covers-all', start: '2026-05-04T00:00:00.000Z', end: '2026-05-11T00:00:00.000Z' },
      { externalId: 'over-end', start: '2026-05-10T23:00:00.000Z', end: '2026-05-11T00:00:00.000Z' },
    ]);
  });

  it('drops zero- and negative-length events', () => {
    const events = [
      timed('zero', '2026-05-05T09:00:00Z', '2026-05-05T09:00:00Z'),
      timed('negative', '2026-05-05T10:00:00Z', '2026-05-05T09:00:00Z'),
      allDay('zero-day', '2026-05-05', '2026-05-05'),
      allDay('negative-days', '2026-05-06', '2026-05-05'),
    ];
    expect(busyBlocksFromEvents(events, { timeZone: 'Europe/Berlin', window })).toEqual([]);
  });

  it('sorts by start (then end, then id), whatever the input order', () => {
    const events = [
      timed('c', '2026-05-06T09:00:00Z', '2026-05-06T10:00:00Z'),
      timed('b2', '2026-05-05T09:00:00Z', '2026-05-05T12:00:00Z'),
      timed('b1', '2026-05-05T09:00:00Z', '2026-05-05T11:00:00Z'),
      timed('a', '2026-05-04T09:00:00Z', '2026-05-04T10:00:00Z'),
      timed('b0', '2026-05-05T09:00:00Z', '2026-05-05T11:00:00Z'),
    ];
    expect(busyBlocksFromEvents(events, { timeZone: 'UTC', window }).map((b) => b.externalId)).toEqual(['a', 'b0', 'b1', 'b2', 'c']);
  });

  it('an empty or inverted window yields nothing', () => {
    const e = timed('x', '2026-05-05T09:00:00Z', '2026-05-05T10:00:00Z');
    expect(busyBlocksFromEvents([e], { timeZone: 'UTC', window: { from: window.from, to: window.from } })).toEqual([]);
    expect(busyBlocksFromEvents([e], { timeZone: 'UTC', window: { from: window.to, to: window.from } })).toEqual([]);
  });

  it('the same id twice: the later occurrence wins (one block per external id)', () => {
    const events = [
      timed('moved', '2026-05-05T09:00:00Z', '2026-05-05T10:00:00Z'),
      timed('moved', '2026-05-06T09:00:00Z', '2026-05-06T10:00:00Z'),
      timed('gone', '2026-05-05T09:00:00Z', '2026-05-05T10:00:00Z'),
      timed('gone', '2026-05-05T09:00:00Z', '2026-05-05T10:00:00Z', { status: 'cancelled' }),
    ];
    expect(busyBlocksFromEvents(events, { timeZone: 'UTC', window }).map(iso)).toEqual([
      { externalId: 'moved', start: '2026-05-06T09:00:00.000Z', end: '2026-05-06T10:00:00.000Z' },
    ]);
  });

  it('skips events with unreadable edges instead of failing the sync', () => {
    const events = [
      allDay('bad-date', '2026-02-30', '2026-03-01'),
      allDay('not-a-date', 'tomorrow', '2026-05-06'),
      ev('nan', { instant: Number.NaN }, { instant: at('2026-05-05T10:00:00Z') }),
      timed('ok', '2026-05-05T09:00:00Z', '2026-05-05T10:00:00Z'),
    ];
    expect(busyBlocksFromEvents(events, { timeZone: 'UTC', window }).map((b) => b.externalId)).toEqual(['ok']);
  });

  it('an unknown time zone is a configuration error', () => {
    expect(() => busyBlocksFromEvents([], { timeZone: 'Mars/Olympus_Mons', window })).toThrow(RangeError);
  });
});

describe('busyBlocksFromEvents: all-day events are whole local days of the provider', () => {
  // [zone, start date, end date (exclusive), expected start, expected end, hours]
  const rows: [string, string, string, string, string, number][] = [
    // Berlin spring forward (02:00 → 03:00): the day has 23 hours.
    ['Europe/Berlin', '2026-03-29', '2026-03-30', '2026-03-28T23:00:00.000Z', '2026-03-29T22:00:00.000Z', 23],
    // Berlin fall back (03:00 → 02:00): the day has 25 hours.
    ['Europe/Berlin', '2026-10-25', '2026-10-26', '2026-10-24T22:00:00.000Z', '2026-10-25T23:00:00.000Z', 25],
    ['Europe/Berlin', '2026-03-28', '2026-03-29', '2026-03-27T23:00:00.000Z', '2026-03-28T23:00:00.000Z', 24],
    ['Europe/Berlin', '2026-03-30', '2026-03-31', '2026-03-29T22:00:00.000Z', '2026-03-30T22:00:00.000Z', 24],
    // Multi-day across each transition: 3 days = 71 h and 73 h.
    ['Europe/Berlin', '2026-03-28', '2026-03-31', '2026-03-27T23:00:00.000Z', '2026-03-30T22:00:00.000Z', 71],
    ['Europe/Berlin', '2026-10-24', '2026-10-27', '2026-10-23T22:00:00.000Z', '2026-10-26T23:00:00.000Z', 73],
    // East of UTC: a Tokyo day starts the previous UTC afternoon (no DST).
    ['Asia/Tokyo', '2026-03-29', '2026-03-30', '2026-03-28T15:00:00.000Z', '2026-03-29T15:00:00.000Z', 24],
    ['Asia/Tokyo', '2026-10-25', '2026-10-27', '2026-10-24T15:00:00.000Z', '2026-10-26T15:00:00.000Z', 48],
    // West of UTC: Los Angeles, and its own DST days (2026-03-08, 2026-11-01).
    ['America/Los_Angeles', '2026-03-29', '2026-03-30', '2026-03-29T07:00:00.000Z', '2026-03-30T07:00:00.000Z', 24],
    ['America/Los_Angeles', '2026-10-25', '2026-10-26', '2026-10-25T07:00:00.000Z', '2026-10-26T07:00:00.000Z', 24],
    ['America/Los_Angeles', '2026-03-08', '2026-03-09', '2026-03-08T08:00:00.000Z', '2026-03-09T07:00:00.000Z', 23],
    ['America/Los_Angeles', '2026-11-01', '2026-11-02', '2026-11-01T07:00:00.000Z', '2026-11-02T08:00:00.000Z', 25],
    ['America/Los_Angeles', '2026-12-31', '2027-01-02', '2026-12-31T08:00:00.000Z', '2027-01-02T08:00:00.000Z', 48],
    // Santiago springs forward at midnight (24:00 → 01:00): 2026-09-06 starts at 01:00 local.
    ['America/Santiago', '2026-09-06', '2026-09-07', '2026-09-06T04:00:00.000Z', '2026-09-07T03:00:00.000Z', 23],
    ['UTC', '2026-03-29', '2026-03-30', '2026-03-29T00:00:00.000Z', '2026-03-30T00:00:00.000Z', 24],
  ];

  it.each(rows)('%s %s → %s', (zone, from, to, start, end, hours) => {
    const window = { from: at('2026-01-01T00:00:00Z'), to: at('2027-12-31T00:00:00Z') };
    const blocks = busyBlocksFromEvents([allDay('d', from, to)], { timeZone: zone, window });
    expect(blocks.map(iso)).toEqual([{ externalId: 'd', start, end }]);
    expect((blocks[0]!.end - blocks[0]!.start) / H).toBe(hours);
  });

  it('the same all-day event lands on different instants in different zones', () => {
    const e = [allDay('holiday', '2026-10-25', '2026-10-26')];
    const starts = ['Asia/Tokyo', 'Europe/Berlin', 'America/Los_Angeles'].map((timeZone) =>
      new Date(busyBlocksFromEvents(e, { timeZone, window: WIDE })[0]!.start).toISOString(),
    );
    expect(starts).toEqual(['2026-10-24T15:00:00.000Z', '2026-10-24T22:00:00.000Z', '2026-10-25T07:00:00.000Z']);
  });

  it('is clipped to the window like any other block', () => {
    const window = { from: at('2026-03-29T06:00:00Z'), to: at('2026-03-29T12:00:00Z') };
    const blocks = busyBlocksFromEvents([allDay('d', '2026-03-28', '2026-03-31')], { timeZone: 'Europe/Berlin', window });
    expect(blocks.map(iso)).toEqual([{ externalId: 'd', start: '2026-03-29T06:00:00.000Z', end: '2026-03-29T12:00:00.000Z' }]);
  });

  it('an all-day event ending before the window (exclusive end date) is dropped', () => {
    // Blocks 2026-05-04 00:00–2026-05-05 00:00 Berlin = 2026-05-03T22:00Z–2026-05-04T22:00Z.
    const window = { from: at('2026-05-04T22:00:00Z'), to: at('2026-05-06T00:00:00Z') };
    expect(busyBlocksFromEvents([allDay('d', '2026-05-04', '2026-05-05')], { timeZone: 'Europe/Berlin', window })).toEqual([]);
  });

  it('mixed edges (a date and an instant) are each converted on their own', () => {
    const e = ev('mixed', { date: '2026-05-04' }, { instant: at('2026-05-04T10:00:00Z') });
    expect(busyBlocksFromEvents([e], { timeZone: 'Europe/Berlin', window: WIDE }).map(iso)).toEqual([
      { externalId: 'mixed', start: '2026-05-03T22:00:00.000Z', end: '2026-05-04T10:00:00.000Z' },
    ]);
  });
});
