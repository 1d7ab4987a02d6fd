/**
 * Bookings: every SQL statement that writes the `bookings` table.
 *
 * Race contract (DESIGN.md §1): a booking is inserted inside a transaction that first takes
 * `pg_advisory_xact_lock` on the provider, then relies on the `bookings_no_overlap` exclusion constraint.
 * The lock serialises writers of one provider (PostgreSQL 15 otherwise deadlocks in a fraction of many-way
 * races for one slot); the constraint is the guarantee. A 23P01 becomes `AppError('slot_unavailable')`;
 * a deadlock or serialization failure that still happens is retried, never surfaced as a 500.
 */
import { NO_BOOKING } from './epoch-text.ts';
import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import { capWindows } from '../domain/availability/cap-window.ts';
import { LIVE_BOOKING_STATUSES } from '../domain/bookings/booking-status.ts';
import { AppError } from '../errors.ts';
import { appendBookingEvent } from './booking-event.repository.ts';
import { isRetryableTransactionError, sqlState, SQLSTATE } from './pg-errors.ts';
import { providerTimeZone } from './provider.repository.ts';
import { allocateResources } from './resource-allocation.repository.ts';
import type { ResourceUnit } from '../domain/availability/resources.ts';
import type { Channel } from '../domain/bookings/channels.ts';
import type { BookingsTable, BookingStatus, DB } from './schema.ts';
import { dbNow, plusOne } from './sql-values.ts';

export type BookingRow = Selectable<BookingsTable>;

export type NewBooking = {
  id?: string;
  serviceId: string;
  providerId: string;
  start: Date;
  end: Date;
  status: Extract<BookingStatus, 'held' | 'pending' | 'confirmed'>;
  customerName: string;
  customerEmail?: string | null;
  customerPhone?: string | null;
  customerTimeZone?: string | null;
  channel?: Channel;
  createdBy?: string;
  intake?: Record<string, unknown>;
  idempotencyKey?: string | null;
  idempotencyFingerprint?: string | null;
  /** Keyed hash of the client's address (abuse limits); absent for admin/API bookings. */
  clientKey?: string | null;
  /** Language tag for messages (default 'en'). */
  locale?: string;
  holdExpiresAt?: Date | null;
  /**
   * Daily / weekly caps of the service, re-checked under the provider lock (the exclusion constraint
   * cannot express them): live bookings of this service and provider starting in `day` / `week`.
   */
  caps?: { maxPerDay: number | null; maxPerWeek: number | null; day: { start: Date; end: Date }; week: { start: Date; end: Date } };
};

const MAX_ATTEMPTS = 4;

/** Takes the per-provider advisory lock for the rest of the transaction. */
export async function lockProvider(trx: Transaction<DB>, providerId: string): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(hashtextextended(${'provider:' + providerId}, 0))`.execute(trx);
}

/**
 * Inserts a live booking; its blocked range is widened by the service's buffers, read in the same
 * transaction, and it gets the rooms and equipment the service requires. Throws `slot_unavailable` when the
 * range overlaps a live booking of the provider or a required pool has no free unit.
 */
export async function insertBooking(db: Kysely<DB>, b: NewBooking): Promise<BookingRow> {
  return rangeTransaction(db, async (trx) => {
    await lockProvider(trx, b.providerId);
    const service = await trx
      .selectFrom('services')
      .select(['buffer_before', 'buffer_after', 'required_resources', 'seats'])
      .where('id', '=', b.serviceId)
      .executeTakeFirst();
    if (!service) throw new AppError('not_found', `Service ${b.serviceId} does not exist`);
    if (b.caps) await checkCaps(trx, b, b.caps);
    const session = seatSessionOf(service.seats, b.serviceId, b.providerId, b.start);
    if (session) await checkSeats(trx, session, service.seats, b.id);
    const row = await trx
      .insertInto('bookings')
      .values(bookingValues(b, service, session))
      .returningAll()
      .executeTakeFirstOrThrow();
    if (service.required_resources.length > 0) {
      await allocateResources(trx, { id: row.id, providerId: b.providerId, start: b.start, seatSession: session }, service.required_resources);
    }
    return row;
  });
}

/** The service's notice and reminder policy, as the booking snapshot carries it. */
export type ServiceTiming = {
  reminder_offsets_minutes: number[];
  cancel_notice_minutes: number;
  reschedule_notice_minutes: number;
  /** The pools the service requires: when there are some, a snapshot names the units its booking holds. */
  required_resources: { pool: string; count: number }[];
};

/**
 * The booking workflow's reserve step, in one transaction: provider lock, the service (buffers, caps,
 * required resources and its timing, read once), the caps counted in the provider-local day and week of the
 * start, the row inserted, its rooms and equipment allocated (resource-allocation.repository.ts), with its
 * `reserved` event. A row with this id already there (a retried step whose first
 * attempt committed) is returned as it is, `created: false`, with no second event: the id is the arbiter
 * (ON CONFLICT (id) DO NOTHING is decided before the exclusion constraint, which the row would otherwise
 * violate against itself), and the caps count leaves the booking itself out.
 */
export async function reserveBooking(
  db: Kysely<DB>,
  b: NewBooking & { id: string; caps?: never },
  event: { type: string; actor: string; data: Record<string, unknown> },
): Promise<{ row: BookingRow; created: boolean; service: ServiceTiming; units: ResourceUnit[] | undefined }> {
  return rangeTransaction(db, async (trx) => {
    await lockProvider(trx, b.providerId);
    const service = await trx
      .selectFrom('services')
      .select([
        'buffer_before',
        'buffer_after',
        'max_bookings_per_day',
        'max_bookings_per_week',
        'reminder_offsets_minutes',
        'cancel_notice_minutes',
        'reschedule_notice_minutes',
        'required_resources',
        'seats',
      ])
      .where('id', '=', b.serviceId)
      .executeTakeFirst();
    if (!service) throw new AppError('not_found', `Service ${b.serviceId} does not exist`);
    const caps = await capsAt(trx, service, b.providerId, b.start);
    if (caps) await checkCaps(trx, { ...b, excludeId: b.id }, caps);
    const session = seatSessionOf(service.seats, b.serviceId, b.providerId, b.start);
    if (session) await checkSeats(trx, session, service.seats, b.id);
    const inserted = await trx
      .insertInto('bookings')
      .values(bookingValues(b, service, session))
      .onConflict((oc) => oc.column('id').doNothing())
      .returningAll()
      .executeTakeFirst();
    const units =
      inserted && service.required_resources.length > 0
        ? await allocateResources(trx, { id: b.id, providerId: b.providerId, start: b.start, seatSession: session }, service.required_resources)
        : undefined;
    if (inserted) await appendBookingEvent(trx, { bookingId: b.id, ...event });
    const row = inserted ?? (await trx.selectFrom('bookings').selectAll().where('id', '=', b.id).executeTakeFirstOrThrow());
    return { row, created: inserted !== undefined, service, units };
  });
}

/**
 * The service's daily / weekly caps with the provider-local day and week of `start` they count in, or
 * undefined when the service has none (then the provider's zone is not read).
 */
export async function capsAt(
  db: Kysely<DB>,
  service: { max_bookings_per_day: number | null; max_bookings_per_week: number | null },
  providerId: string,
  start: Date,
): Promise<NewBooking['caps']> {
  if (service.max_bookings_per_day === null && service.max_bookings_per_week === null) return undefined;
  const w = capWindows(start.getTime(), await providerTimeZone(db, providerId));
  const toDates = (i: { start: number; end: number }) => ({ start: new Date(i.start), end: new Date(i.end) });
  return { maxPerDay: service.max_bookings_per_day, maxPerWeek: service.max_bookings_per_week, day: toDates(w.day), week: toDates(w.week) };
}

/** A new booking's column values; its blocked range is its time widened by the service's buffers. */
function bookingValues(b: NewBooking, service: { buffer_before: number; buffer_after: number }, seatSession: string | null) {
  return {
    seat_session: seatSession,
    ...(b.id ? { id: b.id } : {}),
    service_id: b.serviceId,
    provider_id: b.providerId,
    start_time: b.start,
    end_time: b.end,
    blocked: sql<string>`tstzrange(
      ${b.start}::timestamptz - make_interval(mins => ${service.buffer_before}::int),
      ${b.end}::timestamptz + make_interval(mins => ${service.buffer_after}::int), '[)')`,
    status: b.status,
    customer_name: b.customerName,
    customer_email: b.customerEmail ?? null,
    customer_phone: b.customerPhone ?? null,
    customer_time_zone: b.customerTimeZone ?? null,
    channel: b.channel ?? 'web',
    created_by: b.createdBy ?? 'customer',
    intake: JSON.stringify(b.intake ?? {}),
    idempotency_key: b.idempotencyKey ?? null,
    idempotency_fingerprint: b.idempotencyFingerprint ?? null,
    ...(b.clientKey ? { client_key: b.clientKey } : {}),
    ...(b.locale ? { locale: b.locale } : {}),
    hold_expires_at: b.holdExpiresAt ?? null,
  };
}

/**
 * Runs a transaction that writes a booking's range: a 23P01 (the exclusion constraint) becomes
 * `slot_unavailable`; a deadlock or serialization failure runs the whole transaction again.
 */
async function rangeTransaction<T>(db: Kysely<DB>, fn: (trx: Transaction<DB>) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction().execute(fn);
    } catch (err) {
      if (sqlState(err) === SQLSTATE.exclusionViolation) {
        throw new AppError('slot_unavailable', 'That time is no longer available.', { cause: err });
      }
      if (isRetryableTransactionError(err) && attempt < MAX_ATTEMPTS) continue;
      throw err;
    }
  }
}

/**
 * The key the seats of one group session share (service, provider, start instant), or null for a one-to-one
 * service. The exclusion constraint lets rows with one key overlap (migration 0016).
 */
export function seatSessionOf(seats: number, serviceId: string, providerId: string, start: Date): string | null {
  return seats > 1 ? `${serviceId}/${providerId}@${start.toISOString()}` : null;
}

/** Throws slot_unavailable when the session already has its `seats` live attendees (not counting `excludeId`). */
async function checkSeats(trx: Transaction<DB>, session: string, seats: number, excludeId: string | undefined): Promise<void> {
  const taken = await trx
    .selectFrom('bookings')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('seat_session', '=', session)
    .where('status', 'in', LIVE_BOOKING_STATUSES)
    .where('id', '!=', excludeId ?? NO_BOOKING)
    .executeTakeFirstOrThrow();
  if (Number(taken.n) >= seats) throw new AppError('slot_unavailable', 'This session is full.');
}

/**
 * Throws slot_unavailable when the day or week already has the cap (not counting `excludeId`, a booking being
 * moved).
 */
async function checkCaps(
  trx: Transaction<DB>,
  b: { providerId: string; serviceId: string; excludeId?: string },
  caps: NonNullable<NewBooking['caps']>,
): Promise<void> {
  const count = async (range: { start: Date; end: Date }) =>
    (
      await trx
        .selectFrom('bookings')
        .select(sql<number>`count(*)`.as('n'))
        .where('provider_id', '=', b.providerId)
        .where('service_id', '=', b.serviceId)
        .where('status', 'in', LIVE_BOOKING_STATUSES)
        .where('start_time', '>=', range.start)
        .where('start_time', '<', range.end)
        .where('id', '!=', b.excludeId ?? NO_BOOKING)
        .executeTakeFirstOrThrow()
    ).n;
  if (caps.maxPerDay !== null && (await count(caps.day)) >= caps.maxPerDay) {
    throw new AppError('slot_unavailable', 'This day is fully booked for this service.');
  }
  if (caps.maxPerWeek !== null && (await count(caps.week)) >= caps.maxPerWeek) {
    throw new AppError('slot_unavailable', 'This week is fully booked for this service.');
  }
}

/** Moves a booking to a status; leaving the live statuses frees its range for others at once. */
export async function setBookingStatus(db: Kysely<DB>, id: string, status: BookingStatus, extra: { cancelReason?: string } = {}): Promise<BookingRow> {
  const row = await db
    .updateTable('bookings')
    .set({
      status,
      cancel_reason: extra.cancelReason ?? null,
      version: plusOne('version'),
      updated_at: dbNow,
    })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
  if (!row) throw new AppError('not_found', `Booking ${id} does not exist`);
  return row;
}

export async function getBookingOrFail(db: Kysely<DB>, id: string): Promise<BookingRow> {
  const row = await db.selectFrom('bookings').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new AppError('not_found', `Booking ${id} does not exist`);
  return row;
}

/** The audit event a state change appends (booking_events), in the same transaction as the change. */
export type BookingEventInput = { type: string; actor: string; data?: Record<string, unknown> };

/**
 * Runs one guarded UPDATE and, when it changed the row, appends its event in the same transaction; when
 * the guard did not match (a retried step whose first attempt committed, or a booking already past
 * that state) the row is returned as it is and no second event is written. So the change and its audit
 * line commit together, exactly once.
 */
async function changeWithEvent(
  db: Kysely<DB>,
  id: string,
  update: (trx: Transaction<DB>) => Promise<BookingRow | undefined>,
  event: (row: BookingRow) => BookingEventInput,
): Promise<BookingRow> {
  return db.transaction().execute(async (trx) => {
    const changed = await update(trx);
    if (!changed) return getBookingOrFail(trx, id);
    await appendBookingEvent(trx, { bookingId: id, ...event(changed) });
    return changed;
  });
}

/**
 * Advances a held booking (to `pending` when the service needs approval, else `confirmed`) or a pending
 * one (approved → `confirmed`), with its event. Idempotent: a booking already past `from` is returned
 * as it is.
 */
export async function advanceBooking(
  db: Kysely<DB>,
  id: string,
  from: 'held' | 'pending',
  to: 'pending' | 'confirmed',
  event: BookingEventInput,
): Promise<BookingRow> {
  return changeWithEvent(
    db,
    id,
    (trx) =>
      trx
        .updateTable('bookings')
        .set({ status: to, hold_expires_at: null, version: plusOne('version'), updated_at: dbNow })
        .where('id', '=', id)
        .where('status', '=', from)
        .returningAll()
        .executeTakeFirst(),
    () => event,
  );
}

/**
 * Ends a live booking with `status` (cancelled, expired, rejected), freeing its range, with its event.
 * Idempotent: a booking that is no longer live is returned unchanged.
 */
export async function releaseBooking(
  db: Kysely<DB>,
  id: string,
  status: Extract<BookingStatus, 'cancelled' | 'expired' | 'rejected'>,
  reason: string | undefined,
  event: BookingEventInput,
): Promise<BookingRow> {
  return changeWithEvent(
    db,
    id,
    (trx) =>
      trx
        .updateTable('bookings')
        .set({ status, cancel_reason: reason ?? null, version: plusOne('version'), updated_at: dbNow })
        .where('id', '=', id)
        .where('status', 'in', LIVE_BOOKING_STATUSES)
        .returningAll()
        .executeTakeFirst(),
    () => event,
  );
}

/**
 * Moves a live booking to [start, end) in one UPDATE under the exclusion constraint (after the
 * provider lock): either it moves and its version is bumped, or it fails with `slot_unavailable`.
 * `expectedVersion` makes a retried move idempotent: a booking already past that version is returned.
 */
export async function moveBooking(
  db: Kysely<DB>,
  id: string,
  start: Date,
  end: Date,
  expectedVersion: number,
  caps?: NewBooking['caps'],
  actor?: string,
): Promise<BookingRow> {
  return rangeTransaction(db, async (trx) => {
    const current = await trx.selectFrom('bookings').selectAll().where('id', '=', id).executeTakeFirst();
    if (!current) throw new AppError('not_found', `Booking ${id} does not exist`);
    if (current.version !== expectedVersion) return current;
    await lockProvider(trx, current.provider_id);
    if (caps) await checkCaps(trx, { providerId: current.provider_id, serviceId: current.service_id, excludeId: id }, caps);
    const svc = await trx.selectFrom('services').select(['required_resources', 'seats']).where('id', '=', current.service_id).executeTakeFirstOrThrow();
    const session = seatSessionOf(svc.seats, current.service_id, current.provider_id, start);
    if (session) await checkSeats(trx, session, svc.seats, id);
    const moved = await trx
      .updateTable('bookings')
      .set({
        start_time: start,
        end_time: end,
        blocked: sql<string>`tstzrange(
          ${start}::timestamptz - make_interval(mins => (SELECT buffer_before FROM services WHERE id = bookings.service_id)),
          ${end}::timestamptz + make_interval(mins => (SELECT buffer_after FROM services WHERE id = bookings.service_id)), '[)')`,
        seat_session: session,
        version: plusOne('version'),
        updated_at: dbNow,
      })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    // Rooms and equipment follow the move: re-allocated for the new range (the same units when still free).
    await allocateResources(trx, { id, providerId: current.provider_id, start, seatSession: session }, svc.required_resources);
    // The `rescheduled` event commits with the move (an actor given: the workflow's step; the DB tests
    // of the constraint move rows without one).
    if (actor) {
      await appendBookingEvent(trx, {
        bookingId: id,
        type: 'rescheduled',
        actor,
        data: { from: current.start_time.toISOString(), to: moved.start_time.toISOString() },
      });
    }
    return moved;
  });
}

/**
 * A check-in recorded while the appointment runs: the attendance only (status stays `confirmed` until
 * the end makes it `completed`; no version bump, so the customer's link stays valid), with its event.
 * Idempotent: a booking already checked in (or no longer confirmed) is returned as it is, no second event.
 */
export async function recordCheckIn(db: Kysely<DB>, id: string, event: BookingEventInput): Promise<BookingRow> {
  return changeWithEvent(
    db,
    id,
    (trx) =>
      trx
        .updateTable('bookings')
        .set({ attendance: 'checked_in', updated_at: dbNow })
        .where('id', '=', id)
        .where('status', '=', 'confirmed')
        .where((eb) => eb.or([eb('attendance', 'is', null), eb('attendance', '!=', 'checked_in')]))
        .returningAll()
        .executeTakeFirst(),
    () => event,
  );
}

/** Records attendance and the final status of an appointment that took place (or not), with its event. */
export async function finishBooking(
  db: Kysely<DB>,
  id: string,
  status: Extract<BookingStatus, 'completed' | 'no_show'>,
  attendance: 'checked_in' | 'no_show' | null,
  event: BookingEventInput,
): Promise<BookingRow> {
  return changeWithEvent(
    db,
    id,
    (trx) =>
      trx
        .updateTable('bookings')
        .set({ status, attendance, version: plusOne('version'), updated_at: dbNow })
        .where('id', '=', id)
        .where('status', '=', 'confirmed')
        .returningAll()
        .executeTakeFirst(),
    () => event,
  );
}

export async function findBooking(db: Kysely<DB>, id: string): Promise<BookingRow | undefined> {
  return db.selectFrom('bookings').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The booking's event in the provider's calendar (`<connectionId>:<eventId>`), or null once it was removed. */
export async function setCalendarEventRef(db: Kysely<DB>, id: string, ref: string | null): Promise<void> {
  await db.updateTable('bookings').set({ calendar_event_ref: ref, updated_at: dbNow }).where('id', '=', id).execute();
}
