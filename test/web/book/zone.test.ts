import { describe, expect, it } from 'vitest';
import { chooseZone, zoneOptions } from '../../../web/src/book/zone.ts';

describe('time zone choice', () => {
  it('a valid override (tz parameter / prop) wins over the detected zone', () => {
    expect(chooseZone('America/New_York', 'Europe/Berlin')).toBe('America/New_York');
  });
  it('an unknown or empty override falls back to the detected zone, then to UTC', () => {
    expect(chooseZone('Mars/Olympus', 'Europe/Berlin')).toBe('Europe/Berlin');
    expect(chooseZone('', 'Asia/Tokyo')).toBe('Asia/Tokyo');
    expect(chooseZone(null, undefined)).toBe('UTC');
    expect(chooseZone(undefined, 'not a zone')).toBe('UTC');
  });
  it('the select always offers the chosen zone, even when the supported list lacks it (aliases like UTC)', () => {
    const list = ['America/New_York', 'Europe/Berlin'];
    expect(zoneOptions(list, 'Europe/Berlin')).toEqual(list);
    expect(zoneOptions(list, 'UTC')).toEqual(['America/New_York', 'Europe/Berlin', 'UTC']);
    expect(zoneOptions([], 'Asia/Calcutta')).toEqual(['Asia/Calcutta']);
  });
});
