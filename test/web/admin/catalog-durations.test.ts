import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration } from '../../../web/src/admin/catalog/durations.ts';

describe('reminder offsets / notice durations', () => {
  it('parses friendly durations into minutes', () => {
    const cases: [string, number][] = [
      ['24 h', 1440],
      ['2h', 120],
      ['30 min', 30],
      ['90m', 90],
      ['1 h 30 min', 90],
      ['1h30m', 90],
      ['1.5 h', 90],
      ['1,5 h', 90],
      ['2 d', 2880],
      ['1 day', 1440],
      ['1 week', 10080],
      ['3 Hours', 180],
      ['0', 0],
    ];
    for (const [text, minutes] of cases) expect(parseDuration(text), text).toEqual({ ok: true, minutes });
  });

  it('refuses bare numbers, unknown units, garbage, fractions of a minute and out-of-range values', () => {
    expect(parseDuration('30')).toEqual({ ok: false, message: 'add a unit, e.g. "30 min" or "2 h"' });
    expect(parseDuration('')).toEqual({ ok: false, message: 'enter a duration, e.g. 2 h' });
    expect(parseDuration('2 fortnights')).toEqual({ ok: false, message: 'unknown unit "fortnights"; use min, h, d or w' });
    expect(parseDuration('two hours').ok).toBe(false);
    expect(parseDuration('2 h and')).toMatchObject({ ok: false });
    expect(parseDuration('0.5 min')).toEqual({ ok: false, message: 'must come to whole minutes' });
    expect(parseDuration('0', { min: 1 })).toEqual({ ok: false, message: 'must be at least 1 min' });
    expect(parseDuration('31 d', { min: 1, max: 43_200 })).toEqual({ ok: false, message: 'must be at most 30 d' });
  });

  it('formats minutes the way admins think of reminders, and parses its own output back', () => {
    const cases: [number, string][] = [
      [0, '0'],
      [30, '30 min'],
      [60, '1 h'],
      [90, '1 h 30 min'],
      [1440, '24 h'],
      [2880, '48 h'],
      [4320, '3 d'],
      [10080, '7 d'],
      [1500, '25 h'],
    ];
    for (const [minutes, text] of cases) {
      expect(formatDuration(minutes)).toBe(text);
      expect(parseDuration(text)).toEqual({ ok: true, minutes });
    }
  });
});
