import { describe, expect, it } from 'vitest';
import { fold, searchZones, zoneCity, zoneEntry } from '../../../web/src/shared/zone-search.ts';

// Pinned instants: a zone's offset depends on the date, never on the machine's now.
const WINTER = Date.UTC(2027, 0, 15, 12);
const SUMMER = Date.UTC(2027, 6, 15, 12);
const ZONES = [
  'Europe/Berlin',
  'America/New_York',
  'America/Toronto',
  'Asia/Tokyo',
  'Africa/Lagos',
  'Europe/Kyiv',
  'UTC',
  'Pacific/Port_Moresby',
  'America/Sao_Paulo',
];
const entries = (at: number, locale = 'en') => ZONES.map((z) => zoneEntry(z, at, locale));
const search = (q: string, at = WINTER, pinned: string[] = []) => searchZones(entries(at), q, pinned).map((e) => e.zone);

describe('zone labels', () => {
  it('city — generic long name (GMT offset at the instant viewed)', () => {
    expect(zoneEntry('Europe/Berlin', WINTER, 'en').label).toBe('Berlin — Central European Time (GMT+01:00)');
    expect(zoneEntry('Europe/Berlin', SUMMER, 'en').label).toBe('Berlin — Central European Time (GMT+02:00)');
    expect(zoneEntry('America/New_York', WINTER, 'en').label).toBe('New York — Eastern Time (GMT-05:00)');
    expect(zoneEntry('America/New_York', SUMMER, 'en').offset).toBe('GMT-04:00');
    expect(zoneEntry('UTC', SUMMER, 'en').offset).toBe('GMT+00:00');
  });
  it('names follow the page language; the city comes from the zone id', () => {
    expect(zoneEntry('Europe/Berlin', WINTER, 'de').name).toBe('Mitteleuropäische Zeit');
    expect(zoneCity('America/Argentina/Buenos_Aires')).toBe('Buenos Aires');
    expect(fold('São_Paulo')).toBe('sao paulo');
  });
});

describe('zone search', () => {
  it('finds a zone by city, zone id, long name and GMT offset', () => {
    expect(search('new york')[0]).toBe('America/New_York');
    expect(search('New_York')[0]).toBe('America/New_York');
    expect(search('berlin')).toEqual(['Europe/Berlin']);
    expect(search('Central European')).toEqual(['Europe/Berlin']);
    expect(search('eastern')).toEqual(expect.arrayContaining(['America/New_York', 'America/Toronto', 'Europe/Kyiv']));
    expect(search('sao paulo')).toEqual(['America/Sao_Paulo']);
    expect(search('port mor')).toEqual(['Pacific/Port_Moresby']);
  });
  it('an offset matches the offset at the instant viewed, whole ("GMT+1" is not GMT+10)', () => {
    expect(search('GMT+1')).toEqual(['Europe/Berlin', 'Africa/Lagos']);
    expect(search('GMT+1', SUMMER)).toEqual(['Africa/Lagos']);
    expect(search('gmt+2', SUMMER)).toEqual(['Europe/Berlin']); // Kyiv is +03:00 in summer
    expect(search('utc-5')).toEqual(['America/New_York', 'America/Toronto']);
    expect(search('+10')).toEqual(['Pacific/Port_Moresby']);
  });
  it('ranks the city itself before zones that only mention the query', () => {
    // "Eastern" is New York's and Toronto's name and a word of Kyiv's ("Eastern European Time"): all rank 2, by city.
    expect(search('eastern')).toEqual(['Europe/Kyiv', 'America/New_York', 'America/Toronto']);
    expect(search('to')).toEqual(['Asia/Tokyo', 'America/Toronto']); // both cities start with it: alphabetical
  });
  it('without a query: the pinned zones (detected, business) first, then by city', () => {
    const all = search('', WINTER, ['Asia/Tokyo', 'Europe/Berlin']);
    expect(all.slice(0, 2)).toEqual(['Asia/Tokyo', 'Europe/Berlin']);
    expect(all.slice(2)).toEqual(['Europe/Kyiv', 'Africa/Lagos', 'America/New_York', 'Pacific/Port_Moresby', 'America/Sao_Paulo', 'America/Toronto', 'UTC']);
    // Among equal matches too.
    expect(search('eastern', WINTER, ['America/Toronto'])[0]).toBe('America/Toronto');
  });
  it('matches nothing for nonsense', () => {
    expect(search('atlantis')).toEqual([]);
  });
});
