/**
 * What the manage page offers for a booking, pure (the clock is passed in): which actions are open,
 * and why a closed one is closed — the service's notice window (cancelDeadline / rescheduleDeadline
 * from GET /v1/manage/{token}), a finished booking, or an appointment already begun. The server
 * decides in the end (403 policy_window); this only avoids offering what it would refuse.
 */
import type { BookingStatus, ManagedBooking } from '../api/types.ts';

export type ActionState = { open: true } | { open: false; reason: 'policy_window'; deadline: string } | { open: false; reason: 'not_applicable' };

export type ManageActions = { cancel: ActionState; reschedule: ActionState; confirm: boolean; final: FinalState | null };

/** Bookings that can no longer change, with what the page says about them. */
export type FinalState = { status: BookingStatus; title: string; message: string };

const LIVE: BookingStatus[] = ['held', 'pending', 'confirmed'];

const FINAL: Partial<Record<BookingStatus, [string, string]>> = {
  cancelled: ['This booking is cancelled', 'Nothing more to do. You can book a new appointment any time.'],
  expired: ['This booking has expired', 'It was not confirmed in time, so the time was released.'],
  rejected: ['This booking was declined', 'The request could not be accepted.'],
  completed: ['This appointment is over', 'Thank you for coming.'],
  no_show: ['This appointment is over', 'It was marked as missed.'],
};

export function manageActions(b: Pick<ManagedBooking, 'status' | 'start' | 'cancelDeadline' | 'rescheduleDeadline'>, now: number): ManageActions {
  const final = FINAL[b.status];
  if (final) return { cancel: { open: false, reason: 'not_applicable' }, reschedule: { open: false, reason: 'not_applicable' }, confirm: false, final: { status: b.status, title: final[0], message: final[1] } };
  const live = LIVE.includes(b.status) && now < Date.parse(b.start);
  const window = (deadline: string): ActionState =>
    !live ? { open: false, reason: 'not_applicable' } : now < Date.parse(deadline) ? { open: true } : { open: false, reason: 'policy_window', deadline };
  return { cancel: window(b.cancelDeadline), reschedule: window(b.rescheduleDeadline), confirm: live && b.status === 'held', final: null };
}

/** The token of a manage page URL path ('/manage/<token>'), or null. */
export function tokenFromPath(pathname: string): string | null {
  const m = /^\/manage\/([^/?#]+)\/?$/.exec(pathname);
  return m ? decodeURIComponent(m[1]!) : null;
}

/** The same-origin path of a manage link the API answered (its host may be the configured public URL). */
export function manageLinkPath(manageUrl: string): string | null {
  try {
    const path = new URL(manageUrl, 'http://x').pathname;
    return tokenFromPath(path) ? path : null;
  } catch {
    return null;
  }
}
