/** The clock sweep's instants are the hard ones the issue names, and all lie after the reference. */
import { describe, expect, it } from 'vitest';
import { isoWeekday, localDate, localParts, offsetMinutes } from '../../src/domain/time/zones.ts';
import { createTestClock, pinnedNowFromEnv } from '../support/clock.ts';
import { offsetChanges, sweepInstants } from './instants.ts';

const REF = Date.parse('2026-12-04T20:50:00Z'); // a Friday evening, after 19:13

describe('clock sweep instants', () => {
  const all = sweepInstants(REF);
  const at = (name: string) => Date.parse(all.find((i) => i.name.startsWith(name))!.iso);

  it('are all after the reference and distinct', () => {
    expect(all.length).toBe(26);
    for (const i of all) expect(Date.parse(i.iso)).toBeGreaterThan(REF);
    expect(new Set(all.map((i) => i.iso)).size).toBe(all.length);
  });

  it('name the wall clock they are at', () => {
    expect(new Date(at('Friday 19:13 UTC')).toISOString()).toBe('2026-12-11T19:13:00.000Z'); // 19:13 today has passed
    expect(new Date(at('Saturday 23:30 UTC')).toISOString()).toBe('2026-12-05T23:30:00.000Z');
    const kiri = at('Sunday 00:30 Pacific/Kiritimati');
    expect(isoWeekday(localDate(kiri, 'Pacific/Kiritimati'))).toBe(7);
    expect(localParts(kiri, 'Pacific/Kiritimati')).toMatchObject({ hour: 0, minute: 30 });
    expect(new Date(kiri).toISOString()).toBe('2026-12-05T10:30:00.000Z'); // still Saturday in UTC
    const pago = at('Sunday 23:59 Pacific/Pago_Pago');
    expect(new Date(pago).toISOString()).toBe('2026-12-07T10:59:00.000Z'); // already Monday in UTC
    expect(new Date(at('31 December')).toISOString()).toBe('2026-12-31T23:30:00.000Z');
    expect(new Date(at('29 February')).toISOString()).toBe('2028-02-29T12:00:00.000Z');
  });

  it("finds each zone's two DST changes of the next year, to the minute", () => {
    expect(offsetChanges('Europe/Berlin', 2027).map((t) => new Date(t).toISOString())).toEqual(['2027-03-28T01:00:00.000Z', '2027-10-31T01:00:00.000Z']);
    expect(offsetChanges('America/New_York', 2027).map((t) => new Date(t).toISOString())).toEqual(['2027-03-14T07:00:00.000Z', '2027-11-07T06:00:00.000Z']);
    expect(offsetChanges('Australia/Sydney', 2027).map((t) => new Date(t).toISOString())).toEqual(['2027-04-03T16:00:00.000Z', '2027-10-02T16:00:00.000Z']);
    expect(offsetChanges('UTC', 2027)).toEqual([]);
    const berlinEnds = at('Europe/Berlin DST ends 2027-10-31, 30 min after');
    // 02:30 CET, the second pass through the repeated hour.
    expect(localParts(berlinEnds, 'Europe/Berlin')).toMatchObject({ hour: 2, minute: 30 });
    expect(offsetMinutes(berlinEnds, 'Europe/Berlin')).toBe(60);
  });
});

describe('the pinned test clock', () => {
  it('reads SLOTFLOW_TEST_NOW only as an instant with an offset', () => {
    expect(pinnedNowFromEnv({})).toBeUndefined();
    expect(pinnedNowFromEnv({ SLOTFLOW_TEST_NOW: '2027-03-28T01:30:00Z' })).toBe(Date.parse('2027-03-28T01:30:00Z'));
    expect(pinnedNowFromEnv({ SLOTFLOW_TEST_NOW: '2027-03-28T03:30:00+02:00' })).toBe(Date.parse('2027-03-28T01:30:00Z'));
    expect(() => pinnedNowFromEnv({ SLOTFLOW_TEST_NOW: '2027-03-28T01:30:00' })).toThrow(/offset/);
    expect(() => pinnedNowFromEnv({ SLOTFLOW_TEST_NOW: 'friday' })).toThrow();
  });

  it('answers the pinned instant until switched to real time', () => {
    const clock = createTestClock(1_000);
    expect(clock().getTime()).toBe(1_000);
    clock.pin(2_000);
    expect(clock.now()).toBe(2_000);
    clock.useRealTime();
    expect(Math.abs(clock.now() - Date.now())).toBeLessThan(1_000);
  });
});
