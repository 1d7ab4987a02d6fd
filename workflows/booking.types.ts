/**
 * Types shared by the booking workflow, its activities and the gateway. Types only: safe in the
 * workflow bundle. Instants travel as ISO-8601 UTC strings (payloads are JSON).
 */
import type { BookingStatus } from '../src/db/schema.ts';
import type { Channel } from '../src/domain/bookings/channels.ts';
import type { BookingDisplay } from '../src/domain/bookings/temporal-ui-texts.ts';

export type { Channel };

export type Actor = 'customer' | 'admin' | 'system';

export type ReserveRequest = {
  bookingId: string;
  serviceId: string;
  providerId: string;
  start: string;
  end: string;
  customer: { name: string; email?: string | undefined; phone?: string | undefined; timeZone?: string | undefined };
  intake: Record<string, unknown>;
  channel: Channel;
  hold: boolean;
  requiresApproval: boolean;
  idempotencyKey?: string | undefined;
  /** SHA-256 of the request the key came with; stored so a reuse with another body is refused. */
  idempotencyFingerprint?: string | undefined;
  /** Language tag for the customer's messages (absent: English). */
  locale?: string | undefined;
  holdTtlMs: number;
  /** Keyed hash of the client's address, stored for the per-client hold limit (absent: not counted). */
  clientKey?: string | undefined;
  /**
   * Who made it (bookings.created_by; absent: 'customer'): an agent tool records `agent:<api key id>` or
   * `phone:<platform>`, and only that caller may confirm the hold by its id.
   */
  createdBy?: string | undefined;
  /**
   * Booked by the front desk's override at a start that was no slot (`skipped`: why it was none, as
   * `whyNoSlot` said); recorded in the `reserved` event. The reserve step's rules still hold.
   */
  override?: { skipped: 'not_a_slot' | 'slot_unavailable' } | undefined;
};

/** What the workflow and the API know about a booking at one moment. */
export type BookingSnapshot = {
  id: string;
  status: BookingStatus;
  serviceId: string;
  providerId: string;
  start: string;
  end: string;
  version: number;
  holdExpiresAt: string | null;
  customerEmail: string | null;
  reminderOffsetsMinutes: number[];
  cancelNoticeMinutes: number;
  rescheduleNoticeMinutes: number;
  /** bookings.external_ref (ICS UID, calendar event key); absent in snapshots recorded before migration 0008. */
  externalRef?: string | null | undefined;
  /** The rooms and equipment the booking holds (or held), when its service requires some (migration 0015). */
  resources?: { id: string; name: string; pool: string }[] | undefined;
};

export type CancelRequest = { actor: Actor; reason?: string | undefined; expectedVersion?: number | undefined };
export type RescheduleRequest = { actor: Actor; start: string; end: string; expectedVersion?: number | undefined };
export type AttendanceRequest = { attendance: 'checked_in' | 'no_show' };

export type BookingWorkflowInput = {
  bookingId: string;
  /** How long after the end the workflow waits for attendance before completing. */
  attendanceGraceMs: number;
  /** From the service at booking time: a confirmed hold goes to `pending` first. */
  requiresApproval: boolean;
  /**
   * From the service at booking time: an unmarked appointment ends as `completed` (assume_attended) or
   * `no_show` (require_check_in). Absent in bookings started before it existed: assume_attended.
   */
  noShowPolicy?: 'assume_attended' | 'require_check_in' | undefined;
  /**
   * Service and customer names and the provider's zone, for the booking's current details in the Temporal
   * UI (src/domain/bookings/temporal-ui-texts.ts). Absent in bookings started before it: times in UTC.
   */
  display?: BookingDisplay | undefined;
};

export type BookingState = {
  /** The workflow's result leads with how the booking ended ('cancelled', 'completed', 'expired', …). */
  outcome?: BookingStatus | 'not_reserved' | undefined;
  booking: BookingSnapshot | null;
  phase: 'reserving' | 'held' | 'pending' | 'confirmed' | 'ended';
  remindersSent: number;
  rejectedReason: string | null;
};

/**
 * A business refusal from an activity keeps its problem code across the activity → workflow → client
 * boundary: the failure's type is `Refused:<code>` (e.g. `Refused:not_found`), re-raised unchanged by
 * the workflow's update handlers and turned back into that code by the gateway (src/gateway/workflow-errors.ts).
 */
export const REFUSAL_TYPE_PREFIX = 'Refused:';

export function refusalType(code: string): string {
  return `${REFUSAL_TYPE_PREFIX}${code}`;
}

/** ApplicationFailure types the workflow raises; the gateway maps them to problem codes. */
export const FAILURE = {
  slotUnavailable: 'SlotUnavailable',
  notAllowed: 'NotAllowed',
  policyWindow: 'PolicyWindow',
  staleVersion: 'StaleVersion',
} as const;
