/**
 * Property tests (fast-check) for busyBlocksFromEvents. The all-day oracle reads wall-clock fields with
 * `localParts`/`localDate` (Intl), not `localToInstant`, so a wrong day edge shows up here.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { EventTime, ExternalEvent } from '../../../src/calendar-connectors/connector.ts';
import { busyBlocksFromEvents } from '../../../src/domain/calendar-events/busy-from-events.ts';
import { addDays, localDate, localParts } from '../../../src/domain/time/zones.ts';

// Zones whose transitions never skip midnight, so every local day starts at 00:00 (the oracle relies on it).
const ZONES = ['UTC', 'Europe/Berlin', 'Asia/Tokyo', 'America/Los_Angeles', 'Australia/Sydney', 'Asia/Kolkata', 'America/St_Johns'];
const DAY = 86_400_000;
const BASE = Date.parse('2026-03-20T00:00:00Z'); // windows around both hemispheres' March/April and Oct/Nov transitions
const BASE_DATE = '2026-03-20';
const SPAN_DAYS = 240;

const instant = fc.integer({ min: -3 * DAY, max: (SPAN_DAYS + 3) * DAY }).map((ms) => BASE + Math.round(ms / 60_000) * 60_000);
const date = fc.integer({ min: -3, max: SPAN_DAYS + 3 }).map((d) => addDays(BASE_DATE, d));

const timedEdges = fc
  .tuple(instant, fc.integer({ min: -2 * 3_600_000, max: 3 * DAY }))
  .map(([s, len]): [EventTime, EventTime] => [{ instant: s }, { instant: s + len }]);
const dateEdges = fc.tuple(date, fc.integer({ min: -1, max: 5 })).map(([d, n]): [EventTime, EventTime] => [{ date: d }, { date: addDays(d, n) }]);

const event: fc.Arbitrary<ExternalEvent> = fc
  .record({
    id: fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'),
    status: fc.constantFrom('confirmed', 'tentative', 'cancelled'),
    transparent: fc.boolean(),
    edges: fc.oneof(timedEdges, dateEdges),
    ours: fc.option(fc.uuid(), { nil: undefined, freq: 4 }),
  })
  .map(({ id, status, transparent, edges, ours }) => ({ id, status, transparent, start: edges[0], end: edges[1], slotflowBookingId: ours }));

const windowArb = fc
  .tuple(fc.integer({ min: 0, max: SPAN_DAYS * 24 }), fc.integer({ min: 1, max: 30 * 24 }))
  .map(([h, len]) => ({ from: BASE + h * 3_600_000, to: BASE + (h + len) * 3_600_000 }));

const input = fc.record({ events: fc.array(event, { maxLength: 25 }), timeZone: fc.constantFrom(...ZONES), window: windowArb });

const lastById = (events: ExternalEvent[]) => new Map(events.map((e) => [e.id, e]));
const blocking = (e: ExternalEvent) => e.status !== 'cancelled' && !e.transparent && !e.slotflowBookingId;

describe('busyBlocksFromEvents (properties)', () => {
  it('outputs are non-empty, inside the window, sorted by start, one per id', () => {
    fc.assert(
      fc.property(input, ({ events, timeZone, window }) => {
        const out = busyBlocksFromEvents(events, { timeZone, window });
        for (const b of out) {
          expect(b.start).toBeGreaterThanOrEqual(window.from);
          expect(b.end).toBeLessThanOrEqual(window.to);
          expect(b.end).toBeGreaterThan(b.start);
        }
        for (let i = 1; i < out.length; i++) expect(out[i]!.start).toBeGreaterThanOrEqual(out[i - 1]!.start);
        expect(new Set(out.map((b) => b.externalId)).size).toBe(out.length);
      }),
      { numRuns: 300 },
    );
  });

  it('every output comes from a non-cancelled, non-transparent event slotflow did not write (its last version)', () => {
    fc.assert(
      fc.property(input, ({ events, timeZone, window }) => {
        const last = lastById(events);
        for (const b of busyBlocksFromEvents(events, { timeZone, window })) {
          const source = last.get(b.externalId);
          expect(source).toBeDefined();
          expect(source!.status).not.toBe('cancelled');
          expect(source!.transparent).toBe(false);
          expect(source!.slotflowBookingId).toBeUndefined();
        }
      }),
      { numRuns: 300 },
    );
  });

  it('timed events: the output is exactly the event clipped to the window (and nothing is lost)', () => {
    fc.assert(
      fc.property(input, ({ events, timeZone, window }) => {
        const out = new Map(busyBlocksFromEvents(events, { timeZone, window }).map((b) => [b.externalId, b]));
        for (const e of lastById(events).values()) {
          if (!('instant' in e.start) || !('instant' in e.end)) continue;
          const s = Math.max(e.start.instant, window.from);
          const t = Math.min(e.end.instant, window.to);
          if (blocking(e) && t > s) expect(out.get(e.id)).toEqual({ externalId: e.id, start: s, end: t });
          else expect(out.has(e.id)).toBe(false);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('all-day events: unclipped edges are local midnights of the start date and the (exclusive) end date', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ZONES),
        dateEdges.filter(([s, e]) => 'date' in s && 'date' in e && s.date < e.date),
        (timeZone, [start, end]) => {
          const e: ExternalEvent = { id: 'x', status: 'confirmed', transparent: false, start, end };
          const [b] = busyBlocksFromEvents([e], { timeZone, window: { from: BASE - 30 * DAY, to: BASE + (SPAN_DAYS + 30) * DAY } });
          expect(b).toBeDefined();
          for (const [edge, t] of [
            [start, b!.start],
            [end, b!.end],
          ] as const) {
            const p = localParts(t, timeZone);
            expect([p.hour, p.minute, p.second]).toEqual([0, 0, 0]);
            expect(localDate(t, timeZone)).toBe((edge as { date: string }).date);
            // …and it is the first instant of that local day: a minute earlier is the previous day.
            expect(localDate(t - 60_000, timeZone)).toBe(addDays((edge as { date: string }).date, -1));
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
