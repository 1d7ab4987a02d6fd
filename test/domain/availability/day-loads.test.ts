/**
 * `loadsByLocalDay`: bookings per provider-local day, the load the fair "any provider" pick spreads.
 * Instants are pinned; the zone's calendar decides the day, not UTC and not the machine's zone.
 */
import { describe, expect, it } from 'vitest';
import { loadsByLocalDay } from '../../../src/domain/availability/day-loads.ts';

const day = (date: string) => Date.parse(`${date}T00:00:00Z`) / 86_400_000;
const at = (iso: string) => Date.parse(iso);

describe('loadsByLocalDay', () => {
  it('counts starts per local day of the zone, across the fall-back night', () => {
    // Europe/Berlin 2031-10-26: 03:00 CEST → 02:00 CET. 22:30Z on the 25th is 00:30 local on the 26th.
    const starts = [at('2031-10-25T21:30:00Z'), at('2031-10-25T22:30:00Z'), at('2031-10-26T00:30:00Z'), at('2031-10-26T01:30:00Z'), at('2031-10-26T23:30:00Z')];
    const loads = loadsByLocalDay('p', 'Europe/Berlin', starts, 1, { start: at('2031-10-25T00:00:00Z'), end: at('2031-10-28T00:00:00Z') });
    expect(loads.sort((a, b) => a.day - b.day)).toEqual([
      { providerId: 'p', day: day('2031-10-25'), count: 1 },
      { providerId: 'p', day: day('2031-10-26'), count: 3 },
      { providerId: 'p', day: day('2031-10-27'), count: 1 },
    ]);
  });

  it('reads every stride-th value and answers nothing for no starts', () => {
    // Records of (start, blocked start, blocked end): only the starts count. Asia/Kolkata is +05:30.
    const records = [at('2031-03-01T18:29:00Z'), 0, 0, at('2031-03-01T18:30:00Z'), 0, 0];
    const loads = loadsByLocalDay('p', 'Asia/Kolkata', records, 3, { start: at('2031-03-01T00:00:00Z'), end: at('2031-03-03T00:00:00Z') });
    expect(loads.sort((a, b) => a.day - b.day)).toEqual([
      { providerId: 'p', day: day('2031-03-01'), count: 1 },
      { providerId: 'p', day: day('2031-03-02'), count: 1 },
    ]);
    expect(loadsByLocalDay('p', 'Europe/Berlin', [], 3, { start: 0, end: 1 })).toEqual([]);
  });
});
