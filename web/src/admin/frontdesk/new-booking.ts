/**
 * The front desk's new booking, pure parts: the chosen time (a free slot, or a typed "override" time
 * that is none of them), and the body of POST /v1/admin/bookings. Times are local to the admin's zone.
 */
import type { IntakeField } from '../../../../src/domain/catalog/types.ts';
import { zonedInstant } from '../bookings/zone.ts';

export type Slot = { start: string; end: string; providerId: string };

/** A free slot from GET /v1/availability, or a typed local time ("HH:MM") that is no slot. */
export type Choice = { kind: 'slot'; slot: Slot } | { kind: 'override'; time: string };

export type CustomerDraft = { name: string; email: string; phone: string };

/** Minutes after midnight of "HH:MM", or null. */
export function parseTime(time: string): number | null {
  const m = /^(\d{2}):(\d{2})$/.exec(time);
  if (!m) return null;
  const [h, min] = [Number(m[1]), Number(m[2])];
  return h < 24 && min < 60 ? h * 60 + min : null;
}

/**
 * The instant a choice starts at (the typed time read on `date` in `zone`), or null when the typed time
 * is not a time. A typed time that equals a free slot of the chosen provider is that slot, not an override.
 */
export function choiceStart(choice: Choice, date: string, zone: string): number | null {
  if (choice.kind === 'slot') return Date.parse(choice.slot.start);
  const minutes = parseTime(choice.time);
  return minutes === null ? null : zonedInstant(date, minutes, zone);
}

/** The free slot a typed time lands on (for `providerId`, or any provider when absent), if any. */
export function slotAtTime(slots: Slot[], start: number, providerId: string | undefined): Slot | undefined {
  return slots.find((s) => Date.parse(s.start) === start && (!providerId || s.providerId === providerId));
}

/** Intake answers as the API takes them: empty texts left out, checkboxes as booleans. */
export function intakeAnswers(fields: IntakeField[], raw: Record<string, string | boolean>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of fields) {
    const v = raw[f.key];
    if (f.type === 'checkbox') {
      if (v === true) out[f.key] = true;
    } else if (typeof v === 'string' && v.trim()) out[f.key] = v.trim();
  }
  return out;
}

/** The body of POST /v1/admin/bookings. */
export function newBookingBody(p: {
  serviceId: string;
  providerId: string | undefined;
  start: number;
  override: boolean;
  customer: CustomerDraft;
  intake: Record<string, unknown>;
}) {
  const c = p.customer;
  return {
    serviceId: p.serviceId,
    ...(p.providerId ? { providerId: p.providerId } : {}),
    start: new Date(p.start).toISOString(),
    customer: { name: c.name.trim(), ...(c.email.trim() ? { email: c.email.trim() } : {}), ...(c.phone.trim() ? { phone: c.phone.trim() } : {}) },
    intake: p.intake,
    ...(p.override ? { override: true } : {}),
  };
}
