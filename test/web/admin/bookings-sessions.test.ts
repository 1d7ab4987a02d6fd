/** Group sessions in the admin: one calendar item per session, seats taken, an attendee's seat. */
import { describe, expect, it } from 'vitest';
import { calendarItems, seatOf, seatText, seatsTakenText, type Session } from '../../../web/src/admin/bookings/sessions.ts';
import { layoutDay } from '../../../web/src/admin/bookings/layout.ts';

type B = { id: string; status: string; serviceId: string; providerId: string; start: string; end: string; createdAt: string };
const at9 = '2026-03-02T08:00:00Z';
const at10 = '2026-03-02T09:00:00Z';
let n = 0;
const bk = (id: string, over: Partial<B> = {}): B => ({
  id,
  status: 'confirmed',
  serviceId: 'yoga',
  providerId: 'ada',
  start: at9,
  end: at10,
  createdAt: `2026-02-01T00:00:${String(n++).padStart(2, '0')}Z`,
  ...over,
});
const SEATS: Record<string, number> = { yoga: 12, talk: 1 };
const seatsOf = (id: string) => SEATS[id];

describe('calendarItems', () => {
  it('draws the attendees of one session once, with seats taken and attendees in booking order', () => {
    const list = [
      bk('a'),
      bk('b'),
      bk('c', { status: 'cancelled' }),
      bk('d', { status: 'pending' }),
      bk('t', { serviceId: 'talk', start: at10, end: '2026-03-02T09:30:00Z' }),
    ];
    const items = calendarItems(list, seatsOf);
    expect(items.map((i) => i.kind)).toEqual(['session', 'booking']);
    const s = (items[0] as { session: Session<B> }).session;
    expect(s).toMatchObject({ serviceId: 'yoga', providerId: 'ada', seats: 12, taken: 3, status: 'confirmed', start: at9, end: at10 });
    // Seat holders first, the cancelled one last.
    expect(s.attendees.map((b) => b.id)).toEqual(['a', 'b', 'd', 'c']);
    expect(seatsTakenText(s)).toBe('3/12 seats');
    // One box in the day column, not four side by side.
    const placed = layoutDay(items, '2026-03-02', 'Europe/Berlin');
    expect(placed.map((p) => [p.item.id, p.columns])).toEqual([
      [items[0]!.id, 1],
      ['t', 1],
    ]);
  });

  it('keeps sessions apart by provider and by start (the same instant in other offsets is one session)', () => {
    const items = calendarItems(
      [bk('a'), bk('b', { start: '2026-03-02T09:00:00+01:00' }), bk('c', { providerId: 'grace' }), bk('d', { start: at10, end: '2026-03-02T10:00:00Z' })],
      seatsOf,
    );
    expect(items.map((i) => (i.kind === 'session' ? i.session.attendees.map((b) => b.id).join('+') : i.id))).toEqual(['a+b', 'c', 'd']);
  });

  it('leaves one-to-one services and services not known yet as single bookings', () => {
    const items = calendarItems(
      [bk('x', { serviceId: 'talk' }), bk('y', { serviceId: 'talk' }), bk('u', { serviceId: 'unknown' }), bk('v', { serviceId: 'unknown' })],
      seatsOf,
    );
    expect(items.map((i) => [i.kind, i.id])).toEqual([
      ['booking', 'x'],
      ['booking', 'y'],
      ['booking', 'u'],
      ['booking', 'v'],
    ]);
  });

  it('a session whose attendees all cancelled counts 0 seats and is drawn cancelled', () => {
    const [item] = calendarItems([bk('a', { status: 'cancelled' }), bk('b', { status: 'expired' })], seatsOf);
    expect(item).toMatchObject({ kind: 'session', session: { taken: 0, status: 'cancelled' } });
  });
});

describe('seatOf', () => {
  it("numbers an attendee's seat by booking order among seat holders and lists the others", () => {
    const session = [bk('a'), bk('gone', { status: 'cancelled' }), bk('b'), bk('c'), bk('other', { providerId: 'grace' })];
    const me = session[2]!; // b
    const place = seatOf(me, session, 12);
    expect(place).toMatchObject({ seat: 2, seats: 12, taken: 3 });
    expect(place.others.map((o) => o.id)).toEqual(['a', 'c', 'gone']); // not the other provider's
    expect(seatText(place, me.status)).toBe('Seat 2 of 12 in this session · 3 taken');
  });

  it('a cancelled attendee holds no seat', () => {
    const session = [bk('a'), bk('x', { status: 'rejected' })];
    const place = seatOf(session[1]!, session, 12);
    expect(place).toMatchObject({ seat: null, taken: 1 });
    expect(seatText(place, 'rejected')).toBe('No seat (declined) · 1 of 12 seats taken');
  });
});
