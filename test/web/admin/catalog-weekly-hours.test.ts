import { describe, expect, it } from 'vitest';
import {
  checkDay,
  copyMondayToWeekdays,
  draftFromWeekly,
  draftToWeekly,
  emptyDraft,
  mergeOverlaps,
  nextRange,
} from '../../../web/src/admin/catalog/weekly-hours.ts';

describe('weekly hours editor model', () => {
  it('turns stored hours into editor rows (missing days off, 24:00 shown as 00:00) and back unchanged', () => {
    const stored = {
      mon: [
        ['09:00', '12:00'],
        ['13:00', '17:00'],
      ],
      fri: [['18:00', '24:00']],
    } as never;
    const draft = draftFromWeekly(stored);
    expect(draft.mon).toEqual([
      { start: '09:00', end: '12:00' },
      { start: '13:00', end: '17:00' },
    ]);
    expect(draft.fri).toEqual([{ start: '18:00', end: '00:00' }]);
    expect(draft.sun).toEqual([]);
    const back = draftToWeekly(draft);
    expect(back).toEqual({
      ok: true,
      value: {
        mon: [
          ['09:00', '12:00'],
          ['13:00', '17:00'],
        ],
        tue: [],
        wed: [],
        thu: [],
        fri: [['18:00', '24:00']],
        sat: [],
        sun: [],
      },
    });
  });

  it('sorts a day and merges ranges that touch, keeping gaps', () => {
    const res = checkDay([
      { start: '14:00', end: '17:00' },
      { start: '12:00', end: '13:00' },
      { start: '09:00', end: '12:00' },
    ]);
    expect(res).toEqual({
      ok: true,
      ranges: [
        ['09:00', '13:00'],
        ['14:00', '17:00'],
      ],
    });
  });

  it('reads 00:00 as an end as midnight, so 00:00–00:00 is the whole day', () => {
    expect(checkDay([{ start: '00:00', end: '00:00' }])).toEqual({ ok: true, ranges: [['00:00', '24:00']] });
  });

  it('refuses inverted, overlapping and unfinished ranges at weeklyHours.<day>.<row>', () => {
    const draft = emptyDraft();
    draft.mon = [{ start: '17:00', end: '09:00' }];
    draft.tue = [
      { start: '13:00', end: '17:00' },
      { start: '09:00', end: '14:00' },
    ];
    draft.wed = [{ start: '09:00', end: '' }];
    draft.thu = [{ start: '09:00', end: '09:00' }];
    const res = draftToWeekly(draft);
    expect(res.ok).toBe(false);
    if (res.ok) return;
    expect(Object.keys(res.errors).sort()).toEqual(['weeklyHours.mon.0', 'weeklyHours.thu.0', 'weeklyHours.tue.0', 'weeklyHours.wed.0']);
    expect(res.errors['weeklyHours.mon.0']).toMatch(/before it starts/);
    // The later-starting row (13:00–17:00, row 0) is the one that overlaps the earlier 09:00–14:00.
    expect(res.errors['weeklyHours.tue.0']).toBe('overlaps 09:00–14:00');
    expect(res.errors['weeklyHours.wed.0']).toMatch(/end time/);
  });

  it('flags a range inside a longer earlier one, not just its direct predecessor', () => {
    const res = checkDay([
      { start: '08:00', end: '18:00' },
      { start: '09:00', end: '10:00' },
      { start: '11:00', end: '12:00' },
    ]);
    expect(res).toEqual({ ok: false, errors: { 1: 'overlaps 08:00–18:00', 2: 'overlaps 08:00–18:00' } });
  });

  it('merges overlaps into their union and keeps unfinished rows for the admin to fix', () => {
    expect(
      mergeOverlaps([
        { start: '10:00', end: '12:00' },
        { start: '09:00', end: '11:00' },
        { start: '14:00', end: '15:00' },
        { start: '', end: '16:00' },
        { start: '20:00', end: '00:00' },
        { start: '22:00', end: '23:00' },
      ]),
    ).toEqual([
      { start: '09:00', end: '12:00' },
      { start: '14:00', end: '15:00' },
      { start: '20:00', end: '00:00' },
      { start: '', end: '16:00' },
    ]);
  });

  it('copies Monday to Tuesday–Friday as independent rows and leaves the weekend', () => {
    const draft = emptyDraft();
    draft.mon = [{ start: '08:00', end: '12:00' }];
    draft.wed = [{ start: '10:00', end: '11:00' }];
    draft.sat = [{ start: '10:00', end: '14:00' }];
    const copied = copyMondayToWeekdays(draft);
    for (const d of ['tue', 'wed', 'thu', 'fri'] as const) expect(copied[d]).toEqual([{ start: '08:00', end: '12:00' }]);
    expect(copied.sat).toEqual([{ start: '10:00', end: '14:00' }]);
    expect(copied.sun).toEqual([]);
    copied.tue[0]!.end = '13:00';
    expect(copied.mon[0]!.end).toBe('12:00');
    expect(copied.wed[0]!.end).toBe('12:00');
  });

  it('suggests 09:00–17:00 on an empty day, else the hour after the last range (capped at midnight)', () => {
    expect(nextRange([])).toEqual({ start: '09:00', end: '17:00' });
    expect(nextRange([{ start: '09:00', end: '12:00' }])).toEqual({ start: '12:00', end: '13:00' });
    expect(nextRange([{ start: '20:00', end: '23:30' }])).toEqual({ start: '23:00', end: '00:00' });
  });
});
