/**
 * Creating a booking: re-check the one requested slot with the availability engine (same rules as
 * GET /v1/availability), then update-with-start the booking workflow, whose `reserve` step inserts the
 * row under the exclusion constraint. One round trip answers the booking or `slot_unavailable`.
 *
 * Idempotency: with an Idempotency-Key, the booking id (and so the workflow id `booking-<id>`) is derived
 * from the key (keyed with the server's secret, scoped to the caller: `bookingIdForKey`), and the start
 * uses conflict policy USE_EXISTING — a repeated or concurrent request reaches the same workflow, whose
 * reserve step returns the one booking.
 */
import { createHash, createHmac, randomUUID } from 'node:crypto';
import { WithStartWorkflowOperation, type Client } from '@temporalio/client';
import type { Kysely } from 'kysely';
import { loadAvailabilityInputs, type AvailabilityInputs } from '../db/availability.repository.ts';
import { findBooking, type BookingRow } from '../db/booking.repository.ts';
import { countForAbuseLimits } from '../db/booking-query.repository.ts';
import { abuseRefusal, type AbuseLimits } from '../domain/bookings/abuse-limits.ts';
import type { CalendarSettings } from '../calendar-connectors/connection-connector.ts';
import { checkSlotLive } from './check-live-slot.ts';
import { bookingSnapshot } from './booking-snapshot.ts';
import type { DB } from '../db/schema.ts';
import { slotAt, whyNoSlot } from '../domain/availability/get-slots.ts';
import { bookingSummary, type BookingDisplay } from '../domain/bookings/temporal-ui-texts.ts';
import { validateIntake } from '../domain/bookings/intake.ts';
import { AppError } from '../errors.ts';
import { viaWorkflow } from '../temporal/workflow-errors.ts';
import { AppointmentStartKey, BookingChannelKey, BookingStatusKey, BookingSummaryKey, ProviderIdKey, ServiceIdKey } from '../temporal/search-attributes.ts';
import { bookingWorkflowId } from '../temporal/workflow-ids.ts';
import { bookingWorkflowHandle } from './booking-workflow.ts';
import type { Channel, ReserveRequest, BookingSnapshot } from '../../workflows/booking.types.ts';
import { bookingWorkflowV2, reserveUpdate, stateQuery as stateQueryRef } from '../../workflows/booking.workflow.ts';
import { missingContactFields } from '../domain/catalog/customer-fields.ts';
import { readSettings } from '../db/settings.repository.ts';

export type CreateBookingInput = {
  serviceId: string;
  providerId?: string | undefined;
  start: number;
  customer: { name: string; email?: string | undefined; phone?: string | undefined; timeZone?: string | undefined };
  intake: Record<string, unknown>;
  channel: Channel;
  hold: boolean;
  /** Language tag for the customer's messages. */
  locale?: string | undefined;
  idempotencyKey?: string | undefined;
  /** Whose Idempotency-Key namespace: 'public' for the public API (default), an API key's id for agents. */
  idempotencyScope?: string | undefined;
  /** Keyed hash of the client's address (gateway/client-key.ts), for the per-client hold limit. */
  clientKey?: string | undefined;
  /** bookings.created_by (absent: 'customer'); agent tools name the caller (ReserveRequest.createdBy). */
  createdBy?: string | undefined;
  /** A hold's lifetime when it differs from the deployment's (agents: AGENT_HOLD_TTL_SECONDS). */
  holdTtlMs?: number | undefined;
  /**
   * The front desk's override (admin only): a start that is no slot is booked anyway with the given
   * provider and the service's duration — the slot rules (grid, working hours, notice, advance window, busy
   * time) are skipped, the reserve step's are not: the exclusion constraints (an overlapping live booking
   * is still 409 `slot_unavailable`), caps and seats. Recorded in the booking's `reserved` event.
   */
  override?: boolean | undefined;
};

export type BookingDeps = {
  db: Kysely<DB>;
  client: Client;
  taskQueue: string;
  now: number;
  holdTtlMs: number;
  attendanceGraceMs: number;
  /** Calendar connections: the requested slot is re-checked live in the provider's calendar. */
  calendar?: CalendarSettings | undefined;
  /** Keys Idempotency-Key booking ids (the link-signing secret). */
  idempotencySecret: string;
  /** Abuse limits on public booking (absent: none, e.g. trusted API callers and tests). */
  abuseLimits?: AbuseLimits | undefined;
};

/** 32 hex digits in the UUID v4 layout. */
function uuidOf(h: string): string {
  const variant = ((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/**
 * The booking id an Idempotency-Key names: the same key from the same caller always names the same
 * booking. Keyed with the server's secret (a guessable key does not give the id away) and scoped to the
 * caller (`public` for the public API; an API key's id for agents), so one caller's key neither blocks
 * nor reveals another's booking.
 */
export function bookingIdForKey(secret: string, scope: string, key: string): string {
  return uuidOf(createHmac('sha256', secret).update(`slotflow:idempotency:v2:${scope}:${key}`).digest('hex'));
}

/** The id keys named before ids were keyed (unkeyed SHA-256): still looked up, so a late retry finds its booking. */
export function legacyBookingIdForKey(key: string): string {
  return uuidOf(createHash('sha256').update(`slotflow:idempotency:${key}`).digest('hex'));
}

/** How long POST /v1/bookings waits for Temporal (start + reserve update) before answering 503. */
export const BOOKING_CALL_DEADLINE_MS = 10_000;

/**
 * What a request asks for, hashed: the same Idempotency-Key with a different fingerprint is a client bug
 * (the key was reused for another booking), answered 422 rather than with the first booking.
 */
export function requestFingerprint(input: CreateBookingInput): string {
  const c = input.customer;
  const canonical = JSON.stringify([
    input.serviceId,
    input.providerId ?? null,
    input.start,
    [c.name, c.email ?? null, c.phone ?? null, c.timeZone ?? null],
    Object.keys(input.intake)
      .sort()
      .map((k) => [k, input.intake[k]]),
    input.channel,
    input.hold,
    // Only overrides add an element: fingerprints stored before it existed stay equal.
    ...(input.override ? ['override'] : []),
  ]);
  return createHash('sha256').update(canonical).digest('hex');
}

function refuseMismatch(stored: string | null, fingerprint: string): void {
  // Rows from before 0003 have no fingerprint: nothing to compare, answer as before.
  if (stored !== null && stored !== fingerprint) {
    throw new AppError('idempotency_key_mismatch', 'This Idempotency-Key was already used for a different booking request.', {
      errors: [{ path: 'headers.idempotency-key', message: 'reused with a different request body' }],
    });
  }
}

export async function createBooking(deps: BookingDeps, input: CreateBookingInput): Promise<BookingSnapshot> {
  const fingerprint = input.idempotencyKey ? requestFingerprint(input) : undefined;
  // A retry of a request that already booked: answer that booking (its slot is now taken — by itself).
  const keyedId = input.idempotencyKey ? bookingIdForKey(deps.idempotencySecret, input.idempotencyScope ?? 'public', input.idempotencyKey) : undefined;
  if (input.idempotencyKey) {
    // A public key may name a booking made before ids were keyed (legacy id): that one is the answer too.
    const existing =
      (await findBooking(deps.db, keyedId!)) ??
      ((input.idempotencyScope ?? 'public') === 'public' ? await findBooking(deps.db, legacyBookingIdForKey(input.idempotencyKey)) : undefined);
    if (existing) {
      refuseMismatch(existing.idempotency_fingerprint, fingerprint!);
      return answerExisting(deps, existing);
    }
  }
  if (deps.abuseLimits) {
    const counts = await countForAbuseLimits(deps.db, {
      clientKey: input.clientKey,
      email: input.customer.email,
      phone: input.customer.phone,
      now: new Date(deps.now),
    });
    const refusal = abuseRefusal(deps.abuseLimits, counts, input.hold);
    if (refusal) throw new AppError(refusal.code, refusal.detail);
  }
  const inputs = await loadAvailabilityInputs(deps.db, {
    serviceId: input.serviceId,
    providerId: input.providerId,
    range: { start: input.start, end: input.start + 1 },
  });
  const offered = slotAt({ ...inputs, now: deps.now }, input.start);
  const overridden = offered ? undefined : whyNoSlot({ ...inputs, now: deps.now }, input.start);
  if (overridden && !input.override) throw noSlotError(overridden);
  const slot = offered ?? overrideSlot(inputs, input);
  // The service's required contact fields (before the live calendar check: a refusal costs no API call).
  const missing = missingContactFields(inputs.policy.customerFields, input.customer);
  if (missing.length > 0) {
    const names = missing.map((p) => (p.path.endsWith('phone') ? 'phone number' : 'e-mail address')).join(' and ');
    throw new AppError('invalid_request', `This service needs the customer's ${names}.`, { errors: missing });
  }

  if (deps.calendar && !overridden) {
    await checkSlotLive(deps.db, deps.calendar, {
      providerId: slot.providerId,
      start: slot.start,
      end: slot.end,
      bufferBeforeMinutes: inputs.service.bufferBeforeMinutes,
      bufferAfterMinutes: inputs.service.bufferAfterMinutes,
    });
  }
  const { policy } = inputs;
  const intake = validateIntake(policy.intakeFields, input.intake);
  const bookingId = keyedId ?? randomUUID();
  // The customer's language: as the request names it (the widget's page, Accept-Language), else the business's
  // default locale (settings, #20) — an API or agent booking that names none gets its messages in that language.
  const locale = input.locale ?? (await readSettings(deps.db)).default_locale ?? undefined;
  const request: ReserveRequest = {
    bookingId,
    serviceId: input.serviceId,
    providerId: slot.providerId,
    start: new Date(slot.start).toISOString(),
    end: new Date(slot.end).toISOString(),
    customer: input.customer,
    intake,
    channel: input.channel,
    hold: input.hold,
    requiresApproval: policy.requiresApproval,
    idempotencyKey: input.idempotencyKey,
    idempotencyFingerprint: fingerprint,
    ...(locale ? { locale } : {}),
    holdTtlMs: input.holdTtlMs ?? deps.holdTtlMs,
    ...(input.clientKey ? { clientKey: input.clientKey } : {}),
    ...(input.createdBy ? { createdBy: input.createdBy } : {}),
    ...(overridden ? { override: { skipped: overridden } } : {}),
  };
  const display: BookingDisplay = {
    serviceName: policy.name,
    customerName: input.customer.name,
    timeZone: inputs.providers.find((p) => p.id === slot.providerId)?.timeZone ?? 'UTC',
  };
  const startOp = new WithStartWorkflowOperation(bookingWorkflowV2, {
    workflowId: bookingWorkflowId(bookingId),
    taskQueue: deps.taskQueue,
    args: [{ bookingId, attendanceGraceMs: deps.attendanceGraceMs, requiresApproval: policy.requiresApproval, noShowPolicy: policy.noShowPolicy, display }],
    // The Temporal UI's workflow list shows this line (user metadata); the time as booked — the workflow's
    // current details follow reschedules.
    staticSummary: bookingSummary(display, slot.start),
    staticDetails: `Booking \`${bookingId}\` · channel ${input.channel} · provider \`${slot.providerId}\`${overridden ? ' · booked by override' : ''}`,
    workflowIdConflictPolicy: 'USE_EXISTING',
    typedSearchAttributes: [
      { key: BookingStatusKey, value: 'reserving' },
      { key: ServiceIdKey, value: input.serviceId },
      { key: ProviderIdKey, value: slot.providerId },
      { key: AppointmentStartKey, value: new Date(slot.start) },
      { key: BookingChannelKey, value: input.channel },
      { key: BookingSummaryKey, value: bookingSummary(display, slot.start) },
    ],
  });
  // A deadline on the whole call: the SDK retries UNAVAILABLE for ~25 s by default, too long for a
  // customer waiting on a button; past it the answer is 503 (a retry with the same key is safe).
  const booked = await viaWorkflow(
    deps.client.connection.withDeadline(Date.now() + BOOKING_CALL_DEADLINE_MS, () =>
      deps.client.workflow.executeUpdateWithStart(reserveUpdate, { args: [request], startWorkflowOperation: startOp }),
    ),
  );
  if (fingerprint) {
    // Two concurrent requests with one key share the reservation of whichever came first: the loser
    // of that race learns here whether it asked for the same thing.
    const row = await findBooking(deps.db, bookingId);
    if (row) refuseMismatch(row.idempotency_fingerprint, fingerprint);
  }
  return booked;
}

/** The booking a repeated Idempotency-Key names, as its workflow sees it (or its row, once ended). */
async function answerExisting(deps: BookingDeps, row: BookingRow): Promise<BookingSnapshot> {
  const fromWorkflow = await bookingWorkflowHandle(deps.client, row.id)
    .query(stateQueryRef)
    .then((s) => s.booking)
    .catch(() => null);
  return fromWorkflow ?? bookingSnapshot(deps.db, row);
}

/**
 * The slot an override books: the chosen provider (who must offer the service) from `start` for the
 * service's duration. An override names its provider: "anyone" picks from free slots only.
 */
function overrideSlot(inputs: AvailabilityInputs, input: CreateBookingInput): { providerId: string; start: number; end: number } {
  if (!input.providerId) {
    throw new AppError('invalid_request', 'A time outside the free slots needs a provider: choose one.', {
      errors: [{ path: 'body.providerId', message: 'required with override' }],
    });
  }
  const provider = inputs.providers.find((p) => p.id === input.providerId);
  if (!provider) throw new AppError('not_found', 'This provider does not offer this service.');
  return { providerId: provider.id, start: input.start, end: input.start + inputs.service.durationMinutes * 60_000 };
}

/** A start without a slot: taken (409) or never one (422), with a sentence for each. */
export function noSlotError(why: 'slot_unavailable' | 'not_a_slot'): AppError {
  return why === 'slot_unavailable'
    ? new AppError('slot_unavailable', 'That time is not available for this service.')
    : new AppError('not_a_slot', 'That time is not a bookable slot of this service: pick a start from GET /v1/availability.');
}
