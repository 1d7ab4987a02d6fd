/**
 * Words for what the detail screen shows: intake answers under their field labels, and one line per
 * audit event (booking_events) and message kind. Pure, so the wording is tested without a browser.
 */
import { statusLabel } from './status.ts';

export type IntakeFieldLike = { key: string; label: string; type: string };

/**
 * Answers in the service's field order, labelled; answers to fields the service no longer has follow,
 * under their key. Checkboxes read Yes / No; empty answers are left out.
 */
export function intakeRows(intake: Record<string, unknown>, fields: readonly IntakeFieldLike[]): { key: string; label: string; value: string }[] {
  const show = (v: unknown) => (typeof v === 'boolean' ? (v ? 'Yes' : 'No') : String(v));
  const rows: { key: string; label: string; value: string }[] = [];
  const known = new Set<string>();
  for (const f of fields) {
    known.add(f.key);
    const v = intake[f.key];
    if (v === undefined || v === null || v === '') continue;
    rows.push({ key: f.key, label: f.label, value: show(v) });
  }
  for (const [key, v] of Object.entries(intake)) {
    if (known.has(key) || v === undefined || v === null || v === '') continue;
    rows.push({ key, label: key, value: show(v) });
  }
  return rows;
}

const EVENT_TITLES: Record<string, string> = {
  reserved: 'Reserved',
  confirmed: 'Confirmed',
  awaiting_approval: 'Awaiting approval',
  cancelled: 'Cancelled',
  expired: 'Hold expired',
  rejected: 'Declined',
  rescheduled: 'Rescheduled',
  completed: 'Completed',
  no_show: 'No-show',
  calendar_skipped: 'Calendar step skipped',
  calendar_written: 'Written to the calendar',
  calendar_removed: 'Removed from the calendar',
  calendar_failed: 'Calendar write failed',
};

/** Title of an audit event type; unknown types are shown with underscores as spaces. */
export function eventTitle(type: string): string {
  return EVENT_TITLES[type] ?? type.replace(/_/g, ' ');
}

/**
 * The detail of an event's `data` worth a line, or null. `formatInstant` renders instants (the
 * `rescheduled` event's `from` / `to`).
 */
export function eventDetail(type: string, data: unknown, formatInstant: (iso: string) => string): string | null {
  const d = (data && typeof data === 'object' ? data : {}) as Record<string, unknown>;
  const str = (k: string) => (typeof d[k] === 'string' && d[k] !== '' ? (d[k] as string) : null);
  if (type === 'rescheduled' && str('from') && str('to')) return `${formatInstant(str('from')!)} → ${formatInstant(str('to')!)}`;
  if (type === 'reserved' && str('status')) {
    // The front desk's override (POST /v1/admin/bookings): said plainly, so nobody mistakes it for a free slot.
    const override = d.override && typeof d.override === 'object' ? ' — booked by override: not a free slot' : '';
    return `as ${statusLabel(str('status')!).toLowerCase()}${str('channel') ? ` via ${str('channel')}` : ''}${override}`;
  }
  if (type === 'calendar_failed' && str('error')) return str('error');
  if (type === 'calendar_skipped' && str('reason')) return str('reason');
  if ((type === 'completed' || type === 'no_show') && str('attendance')) return `attendance: ${str('attendance')!.replace('_', ' ')}`;
  if (str('reason')) return `Reason: ${str('reason')}`;
  return null;
}

const MESSAGE_KINDS: Record<string, string> = {
  confirmation: 'Confirmation',
  reminder: 'Reminder',
  rescheduled: 'Rescheduled notice',
  cancelled: 'Cancellation notice',
  hold_expiring: 'Hold expiring',
  hold_expired: 'Hold expired',
  approval_pending: 'Awaiting approval',
  approved: 'Approved',
  declined: 'Declined',
  manage_link: 'Link sent on request',
};

export function messageKindLabel(kind: string): string {
  return MESSAGE_KINDS[kind] ?? kind.replace(/_/g, ' ');
}
