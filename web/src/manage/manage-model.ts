/**
 * What the manage page offers for a booking, pure (the clock is passed in): which actions are open,
 * and why a closed one is closed — the service's notice window (cancelDeadline / rescheduleDeadline
 * from GET /v1/manage/{token}), a finished booking, or an appointment already begun. The server
 * decides in the end (403 policy_window); this only avoids offering what it would refuse — with the
 * server's own rule (src/domain/policies/change-policy.ts), so a change exactly at the deadline is
 * offered, as the server allows it.
 */
import type { BookingStatus, ManagedBooking } from '../api/types.ts';
import { isLiveStatus } from '../../../src/domain/bookings/booking-status.ts';
import { changeRefusal, type ChangeAction } from '../../../src/domain/policies/change-policy.ts';
import { t } from '../shared/i18n/en-manage.ts';

export type ActionState = { open: true } | { open: false; reason: 'policy_window'; deadline: string } | { open: false; reason: 'not_applicable' };

export type ManageActions = { cancel: ActionState; reschedule: ActionState; confirm: boolean; final: FinalState | null };

/** Bookings that can no longer change, with what the page says about them. */
export type FinalState = { status: BookingStatus; title: string; message: string };

/** The finished statuses; each has a title and a text in the page's catalogue (`cancelled`, `cancelledText`…). */
const FINAL = ['cancelled', 'expired', 'rejected', 'completed', 'no_show'] as const;
type Final = (typeof FINAL)[number];
const isFinal = (s: BookingStatus): s is Final => (FINAL as readonly string[]).includes(s);

export function manageActions(b: Pick<ManagedBooking, 'status' | 'start' | 'cancelDeadline' | 'rescheduleDeadline'>, now: number): ManageActions {
  if (isFinal(b.status))
    return {
      cancel: { open: false, reason: 'not_applicable' },
      reschedule: { open: false, reason: 'not_applicable' },
      confirm: false,
      final: { status: b.status, title: t(b.status), message: t(`${b.status}Text`) },
    };
  const start = Date.parse(b.start);
  const state = (action: ChangeAction, deadline: string): ActionState => {
    const refusal = changeRefusal({ action, actor: 'customer', status: b.status, start, now, noticeMinutes: (start - Date.parse(deadline)) / 60_000 });
    if (!refusal) return { open: true };
    return refusal.code === 'policy_window' ? { open: false, reason: 'policy_window', deadline } : { open: false, reason: 'not_applicable' };
  };
  return {
    cancel: state('cancel', b.cancelDeadline),
    reschedule: state('reschedule', b.rescheduleDeadline),
    confirm: isLiveStatus(b.status) && now < start && b.status === 'held',
    final: null,
  };
}

/**
 * Where "Book again" leads from a finished booking: the booking page of its service, in the zone the page
 * showed it in (`/book/{serviceId}?tz=`; the widget offers the service's providers and times).
 */
export function bookAgainPath(b: Pick<ManagedBooking, 'service' | 'timeZone'>): string {
  return `/book/${encodeURIComponent(b.service.id)}?tz=${encodeURIComponent(b.timeZone)}`;
}

/** The token of a manage page URL path ('/manage/<token>'), or null. */
export function tokenFromPath(pathname: string): string | null {
  const m = /^\/manage\/([^/?#]+)\/?$/.exec(pathname);
  return m ? decodeURIComponent(m[1]!) : null;
}

/**
 * The rooms and equipment the booking holds, as the page names them ("Room 2, Laser A"), or null when it
 * holds none. The label matches the confirmation e-mail's ("Room & equipment").
 */
export function resourcesLine(b: Pick<ManagedBooking, 'resources'>): string | null {
  const names = (b.resources ?? []).map((r) => r.name);
  return names.length > 0 ? names.join(', ') : null;
}
