/**
 * Group sessions for the admin's calendar and booking detail, pure (node-only tests import it).
 *
 * A service with seats > 1 is a group class: its attendees book the same provider at the same start,
 * each with their own booking. The calendar shows such a session once ("Yoga · 9/12 seats") instead of
 * one box per attendee. Bookings are grouped by service + provider + start instant (what the server's
 * `seat_session` key is made of); a one-to-one service's bookings, and any booking whose service is not
 * known (catalog still loading), stay single. A seat is taken by every attendee that is not cancelled,
 * expired or declined; those still show in the attendee list, marked, but do not count.
 */
import type { BookingStatus } from '../../../../src/domain/bookings/booking-status.ts';

type SeatBooking = { id: string; status: BookingStatus | string; serviceId: string; providerId: string; start: string; end: string; createdAt: string };

/** Statuses that no longer hold a seat. */
const FREED: ReadonlySet<string> = new Set(['cancelled', 'expired', 'rejected']);
export const holdsSeat = (b: { status: string }): boolean => !FREED.has(b.status);

export type Session<B> = {
  /** serviceId|providerId|start (epoch ms): stable across reloads, one per session. */
  key: string;
  serviceId: string;
  providerId: string;
  start: string;
  end: string;
  seats: number;
  /** Attendees holding a seat. */
  taken: number;
  /** Every booking of the session, seat holders first, each group in booking order. */
  attendees: B[];
  /** The status the session is drawn with: its seat holders' most settled one, or the first freed one. */
  status: string;
};

export type CalendarItem<B> =
  { kind: 'booking'; id: string; start: string; end: string; booking: B } | { kind: 'session'; id: string; start: string; end: string; session: Session<B> };

export const sessionKey = (b: { serviceId: string; providerId: string; start: string }): string => `${b.serviceId}|${b.providerId}|${Date.parse(b.start)}`;

const STATUS_RANK = ['confirmed', 'completed', 'no_show', 'pending', 'held'];

/** Attendees in seat order: seat holders first (by when they booked), then the freed ones. */
export function seatOrder<B extends SeatBooking>(bookings: readonly B[]): B[] {
  const byTime = (a: B, b: B) => Date.parse(a.createdAt) - Date.parse(b.createdAt) || a.id.localeCompare(b.id);
  return [...bookings.filter(holdsSeat).sort(byTime), ...bookings.filter((b) => !holdsSeat(b)).sort(byTime)];
}

/**
 * The calendar's items: single bookings as they are, and one item per group session. `seatsOf` answers a
 * service's seats per session (undefined: unknown). Items keep the order of their first booking.
 */
export function calendarItems<B extends SeatBooking>(bookings: readonly B[], seatsOf: (serviceId: string) => number | undefined): CalendarItem<B>[] {
  const groups = new Map<string, B[]>();
  const order: (B | string)[] = [];
  for (const b of bookings) {
    const seats = seatsOf(b.serviceId);
    if (seats === undefined || seats <= 1) {
      order.push(b);
      continue;
    }
    const key = sessionKey(b);
    const list = groups.get(key);
    if (list) list.push(b);
    else {
      groups.set(key, [b]);
      order.push(key);
    }
  }
  return order.map((x): CalendarItem<B> => {
    if (typeof x !== 'string') return { kind: 'booking', id: x.id, start: x.start, end: x.end, booking: x };
    const members = groups.get(x)!;
    const session = toSession(members, seatsOf(members[0]!.serviceId)!);
    return { kind: 'session', id: `session:${x}`, start: session.start, end: session.end, session };
  });
}

function toSession<B extends SeatBooking>(members: B[], seats: number): Session<B> {
  const attendees = seatOrder(members);
  const holders = attendees.filter(holdsSeat);
  const status = STATUS_RANK.find((s) => holders.some((b) => b.status === s)) ?? holders[0]?.status ?? attendees[0]!.status;
  const end = members.reduce((max, b) => (Date.parse(b.end) > Date.parse(max) ? b.end : max), members[0]!.end);
  const first = members[0]!;
  return {
    key: sessionKey(first),
    serviceId: first.serviceId,
    providerId: first.providerId,
    start: first.start,
    end,
    seats,
    taken: holders.length,
    attendees,
    status,
  };
}

/** "9/12 seats" */
export const seatsTakenText = (s: { taken: number; seats: number }): string => `${s.taken}/${s.seats} seats`;

/**
 * Where one attendee sits in their session: `seat` is its 1-based place among the seat holders (null when
 * its booking no longer holds a seat), `others` the session's other bookings in seat order.
 */
export function seatOf<B extends SeatBooking>(
  booking: B,
  session: readonly B[],
  seats: number,
): { seat: number | null; seats: number; taken: number; others: B[] } {
  const key = sessionKey(booking);
  const members = session.filter((b) => sessionKey(b) === key && b.id !== booking.id);
  const ordered = seatOrder([booking, ...members]);
  const holders = ordered.filter(holdsSeat);
  const index = holders.findIndex((b) => b.id === booking.id);
  return { seat: index === -1 ? null : index + 1, seats, taken: holders.length, others: ordered.filter((b) => b.id !== booking.id) };
}

/** "Seat 3 of 12 in this session · 9 taken", or, for a freed booking, "No seat (cancelled) · 9 of 12 taken". */
export function seatText(s: { seat: number | null; seats: number; taken: number }, status: string): string {
  if (s.seat === null) return `No seat (${status === 'rejected' ? 'declined' : status}) · ${s.taken} of ${s.seats} seats taken`;
  return `Seat ${s.seat} of ${s.seats} in this session · ${s.taken} taken`;
}
