/** Where bookings go in the time grid: wall-clock position, DST days, overlap columns, hour range. */
import { describe, expect, it } from 'vitest';
import { hourRange, layoutDay } from '../../../web/src/admin/bookings/layout.ts';

const b = (id: string, start: string, end: string) => ({ id, start, end });
const byId = <T extends { item: { id: string } }>(xs: T[]) => Object.fromEntries(xs.map((x) => [x.item.id, x]));

describe('layoutDay', () => {
  it('positions by wall-clock minutes in the zone and leaves out other days', () => {
    const placed = layoutDay(
      [b('a', '2026-03-02T08:00:00Z', '2026-03-02T08:45:00Z'), b('other-day', '2026-03-03T08:00:00Z', '2026-03-03T09:00:00Z')],
      '2026-03-02',
      'Europe/Berlin',
    );
    expect(placed).toHaveLength(1);
    expect(placed[0]).toMatchObject({ top: 9 * 60, bottom: 9 * 60 + 45, column: 0, columns: 1, continuesBefore: false, continuesAfter: false });
    // The same instants in New York are 03:00–03:45.
    expect(layoutDay([b('a', '2026-03-02T08:00:00Z', '2026-03-02T08:45:00Z')], '2026-03-02', 'America/New_York')[0]).toMatchObject({ top: 180, bottom: 225 });
  });

  it('draws a booking across the spring-forward gap over the missing hour', () => {
    // 01:30 CET → 04:00 CEST on 29 Mar 2026: 1.5 real hours, 2.5 wall hours.
    const [p] = layoutDay([b('x', '2026-03-29T00:30:00Z', '2026-03-29T02:00:00Z')], '2026-03-29', 'Europe/Berlin');
    expect(p).toMatchObject({ top: 90, bottom: 240 });
    // The last hour of that 23-hour day still belongs to it; midnight after is the next day.
    const late = layoutDay([b('late', '2026-03-29T21:00:00Z', '2026-03-29T22:00:00Z')], '2026-03-29', 'Europe/Berlin');
    expect(late[0]).toMatchObject({ top: 23 * 60, bottom: 1440, continuesAfter: false });
  });

  it('puts the two occurrences of the repeated fall-back hour side by side', () => {
    const placed = byId(
      layoutDay(
        [b('cest', '2026-10-25T00:15:00Z', '2026-10-25T00:45:00Z'), b('cet', '2026-10-25T01:15:00Z', '2026-10-25T01:45:00Z')],
        '2026-10-25',
        'Europe/Berlin',
      ),
    );
    expect(placed.cest).toMatchObject({ top: 135, bottom: 165, columns: 2 });
    expect(placed.cet).toMatchObject({ top: 135, bottom: 165, columns: 2 });
    expect(new Set([placed.cest!.column, placed.cet!.column])).toEqual(new Set([0, 1]));
  });

  it('gives overlapping bookings columns and reuses a column once it is free', () => {
    const placed = byId(
      layoutDay(
        [
          b('a', '2026-03-02T09:00:00Z', '2026-03-02T10:00:00Z'),
          b('b', '2026-03-02T09:30:00Z', '2026-03-02T10:30:00Z'),
          b('c', '2026-03-02T10:00:00Z', '2026-03-02T11:00:00Z'),
          b('d', '2026-03-02T11:00:00Z', '2026-03-02T12:00:00Z'),
        ],
        '2026-03-02',
        'UTC',
      ),
    );
    expect(placed.a).toMatchObject({ column: 0, columns: 2 });
    expect(placed.b).toMatchObject({ column: 1, columns: 2 });
    expect(placed.c).toMatchObject({ column: 0, columns: 2 });
    // Touching is not overlapping: d starts when c ends and is a cluster of its own.
    expect(placed.d).toMatchObject({ column: 0, columns: 1 });
  });

  it('gives short bookings a minimum height and treats them as overlapping when the boxes would', () => {
    const placed = byId(
      layoutDay([b('a', '2026-03-02T09:00:00Z', '2026-03-02T09:01:00Z'), b('b', '2026-03-02T09:05:00Z', '2026-03-02T09:06:00Z')], '2026-03-02', 'UTC'),
    );
    expect(placed.a).toMatchObject({ top: 540, bottom: 555, columns: 2 });
    expect(placed.b!.column).not.toBe(placed.a!.column);
  });

  it('clips a booking across midnight to each day and says so', () => {
    const overnight = [b('n', '2026-03-02T22:00:00Z', '2026-03-03T02:00:00Z')];
    expect(layoutDay(overnight, '2026-03-02', 'UTC')[0]).toMatchObject({ top: 1320, bottom: 1440, continuesAfter: true, continuesBefore: false });
    expect(layoutDay(overnight, '2026-03-03', 'UTC')[0]).toMatchObject({ top: 0, bottom: 120, continuesBefore: true, continuesAfter: false });
  });
});

describe('hourRange', () => {
  it('keeps the default hours and widens them to bookings and the now line', () => {
    expect(hourRange([], null)).toEqual([7, 19]);
    expect(hourRange([{ top: 330, bottom: 400 }], null)).toEqual([5, 19]);
    expect(hourRange([{ top: 1200, bottom: 1290 }], null)).toEqual([7, 22]);
    expect(hourRange([], 23 * 60 + 10)).toEqual([7, 24]);
    expect(hourRange([{ top: 0, bottom: 1440 }], 30)).toEqual([0, 24]);
  });
});
