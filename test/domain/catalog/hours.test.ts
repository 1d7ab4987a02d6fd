import { describe, expect, it } from 'vitest';
import type { HourRange } from '../../../src/domain/availability/types.ts';
import { checkHourRanges, checkWeeklyHours, fullWeek, parseClock } from '../../../src/domain/catalog/hours.ts';

describe('parseClock', () => {
  it.each([
    ['00:00', 0],
    ['09:05', 545],
    ['12:30', 750],
    ['23:59', 1439],
    ['24:00', 1440],
  ])('%s → %i minutes', (text, minutes) => {
    expect(parseClock(text)).toBe(minutes);
  });

  it.each(['24:01', '24:30', '25:00', '9:00', '09:0', '09:60', '0900', '09:00:00', ' 09:00', '', 'ab:cd', '-1:00'])('rejects %j', (text) => {
    expect(parseClock(text)).toBeNull();
  });
});

describe('checkHourRanges', () => {
  const ok: [string, HourRange[], HourRange[]][] = [
    ['empty day (day off)', [], []],
    ['one range', [['09:00', '17:00']], [['09:00', '17:00']]],
    [
      'sorted output',
      [
        ['13:00', '17:00'],
        ['09:00', '12:00'],
      ],
      [
        ['09:00', '12:00'],
        ['13:00', '17:00'],
      ],
    ],
    [
      'touching ranges stay apart',
      [
        ['12:00', '13:00'],
        ['09:00', '12:00'],
      ],
      [
        ['09:00', '12:00'],
        ['12:00', '13:00'],
      ],
    ],
    ['whole day', [['00:00', '24:00']], [['00:00', '24:00']]],
    [
      'late evening to midnight',
      [
        ['18:00', '24:00'],
        ['00:00', '02:00'],
      ],
      [
        ['00:00', '02:00'],
        ['18:00', '24:00'],
      ],
    ],
  ];
  it.each(ok)('accepts %s', (_name, input, sorted) => {
    expect(checkHourRanges(input)).toEqual({ ok: true, value: sorted });
  });

  const bad: [string, HourRange[], (string | number)[][], RegExp][] = [
    ['end == start', [['09:00', '09:00']], [[0]], /end 09:00 must be after start 09:00/],
    [
      'end < start',
      [
        ['08:00', '09:00'],
        ['17:00', '09:00'],
      ],
      [[1]],
      /end 09:00 must be after start 17:00/,
    ],
    [
      'overlap (reported on the later range)',
      [
        ['09:00', '12:00'],
        ['11:00', '13:00'],
      ],
      [[1]],
      /11:00–13:00 overlaps 09:00–12:00/,
    ],
    [
      'overlap given in reverse order',
      [
        ['11:00', '13:00'],
        ['09:00', '12:00'],
      ],
      [[0]],
      /overlaps 09:00–12:00/,
    ],
    [
      'range inside another',
      [
        ['09:00', '17:00'],
        ['10:00', '11:00'],
      ],
      [[1]],
      /overlaps/,
    ],
    [
      'overlap with a range two back',
      [
        ['09:00', '17:00'],
        ['10:00', '11:00'],
        ['16:00', '18:00'],
      ],
      [[1], [2]],
      /overlaps/,
    ],
    [
      'identical ranges',
      [
        ['09:00', '10:00'],
        ['09:00', '10:00'],
      ],
      [[1]],
      /overlaps/,
    ],
    ['24:00 as a start', [['24:00', '24:00']], [[0, 0]], /24:00 can only end a range/],
    ['malformed start', [['9:00', '12:00']], [[0, 0]], /start "9:00" is not a time HH:MM/],
    ['end past midnight', [['22:00', '24:30']], [[0, 1]], /end "24:30" is not a time/],
  ];
  it.each(bad)('rejects %s', (_name, input, paths, message) => {
    const res = checkHourRanges(input);
    expect(res.ok).toBe(false);
    if (res.ok) return;
    expect(res.problems.map((p) => p.path)).toEqual(paths);
    expect(res.problems[0]!.message).toMatch(message);
  });
});

describe('checkWeeklyHours', () => {
  it('fills all seven days and sorts each', () => {
    const res = checkWeeklyHours({
      mon: [
        ['13:00', '17:00'],
        ['09:00', '12:00'],
      ],
      sat: [['10:00', '14:00']],
    });
    expect(res).toEqual({
      ok: true,
      value: {
        mon: [
          ['09:00', '12:00'],
          ['13:00', '17:00'],
        ],
        tue: [],
        wed: [],
        thu: [],
        fri: [],
        sat: [['10:00', '14:00']],
        sun: [],
      },
    });
  });

  it.each([
    ['unknown weekday', { mun: [['09:00', '10:00']] }, [['mun']], /unknown weekday "mun"/],
    [
      'overlap on one day',
      {
        tue: [
          ['09:00', '12:00'],
          ['11:00', '13:00'],
        ],
      },
      [['tue', 1]],
      /^tue: range 11:00–13:00 overlaps/,
    ],
    [
      'end <= start on two days',
      { wed: [['10:00', '09:00']], fri: [['12:00', '12:00']] },
      [
        ['wed', 0],
        ['fri', 0],
      ],
      /^wed: end 09:00/,
    ],
    ['bad time', { sun: [['10:00', '10:75']] }, [['sun', 0, 1]], /^sun: end "10:75"/],
  ] as const)('rejects %s', (_name, input, paths, message) => {
    const res = checkWeeklyHours(input as unknown as Record<string, HourRange[]>);
    expect(res.ok).toBe(false);
    if (res.ok) return;
    expect(res.problems.map((p) => p.path)).toEqual(paths);
    expect(res.problems[0]!.message).toMatch(message);
  });

  it('fullWeek fills missing days of stored hours', () => {
    expect(fullWeek({ thu: [['08:00', '09:00']] })).toMatchObject({ mon: [], thu: [['08:00', '09:00']], sun: [] });
  });
});
