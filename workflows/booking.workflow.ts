/**
 * `bookingWorkflow`: one booking's whole life (DESIGN.md §2). Deterministic: no I/O, all effects are
 * activities; `Date.now()` is the workflow clock.
 *
 *   reserve (update, via update-with-start) → held? wait confirm | TTL → expired
 *                                            → pending? wait approve | decline → rejected
 *   confirmed → calendar → confirmation → reminders (durable timers, recomputed on reschedule)
 * → attendance (update, once started: a no-show ends it at once) or grace after the end → completed | no_show
 *   cancel / reschedule (updates) at any live phase, under the change policy (src/domain/policies:
 *   customers within the notice window, nobody once the appointment has started).
 *
 * The rules themselves live in src/domain (change policy, attendance, reminder plan and catch-up, live
 * statuses): pure, deterministic modules this workflow imports, as the gateway and the pages do. A rule
 * that changed behaviour here went through `patched()` so running bookings replay (test/replay).
 *
 * Handlers are registered before the first await (an update delivered with the start must find them).
 * Handlers throw only ApplicationFailure (a plain Error would fail the workflow task, not the update).
 */
import {
  ActivityFailure,
  ApplicationFailure,
  allHandlersFinished,
  condition,
  defineQuery,
  defineUpdate,
  patched,
  proxyActivities,
  proxyLocalActivities,
  setCurrentDetails,
  setHandler,
  upsertSearchAttributes,
  type LocalActivityOptions,
} from '@temporalio/workflow';
import type { Activities } from '../activities/index.ts';
import { committedStatus, isLiveStatus } from '../src/domain/bookings/booking-status.ts';
import { appointmentOutcome, attendanceRefusal, changeRefusal, unmarkedOutcome, type ChangeAction } from '../src/domain/policies/change-policy.ts';
import { reminderSchedule, reminderStep } from '../src/domain/reminders/reminder-schedule.ts';
import { bookingDetails, bookingSummary, reminderSummary } from '../src/domain/bookings/temporal-ui-texts.ts';
import { AppointmentStartKey, BookingStatusKey, BookingSummaryKey, CustomerEmailKey, ProviderIdKey, ServiceIdKey } from '../src/temporal/search-attributes.ts';
import {
  FAILURE,
  type AttendanceRequest,
  type BookingSnapshot,
  type BookingState,
  type BookingWorkflowInput,
  type CancelRequest,
  type RescheduleRequest,
  type ReserveRequest,
} from './booking.types.ts';

export const reserveUpdate = defineUpdate<BookingSnapshot, [ReserveRequest]>('reserve');
export const confirmUpdate = defineUpdate<BookingSnapshot, []>('confirm');
export const approveUpdate = defineUpdate<BookingSnapshot, [{ approve: boolean; reason?: string }]>('approve');
export const cancelUpdate = defineUpdate<BookingSnapshot, [CancelRequest]>('cancel');
export const rescheduleUpdate = defineUpdate<BookingSnapshot, [RescheduleRequest]>('reschedule');
export const attendanceUpdate = defineUpdate<BookingSnapshot, [AttendanceRequest]>('attendance');
export const stateQuery = defineQuery<BookingState>('state');

const acts = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute', nonRetryableErrorTypes: Object.values(FAILURE) },
});

/**
 * The reserve step as a local activity (patch `reserve-local-activity`): it runs inside the workflow
 * task on the worker that holds it, saving two server round trips per booking (measured with
 * bench/booking.bench.ts, 1 client, dev server: POST /v1/bookings p50 150 ms → 53 ms on PostgreSQL,
 * against a 50 ms floor). Bookings started before the patch replay with the regular activity.
 */
const localActs = proxyLocalActivities<Activities>({
  summary: 'reserve the slot (exclusion constraint)',
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '200 milliseconds', maximumInterval: '10 seconds', nonRetryableErrorTypes: Object.values(FAILURE) },
});

/**
 * The steps after confirmation in one activity (patch `confirm-in-one-activity`): calendar write and
 * e-mail each take up to their own request timeouts, so the whole gets more than one step would; it
 * heartbeats between steps, so a dead worker is still noticed after 30 s.
 */
const stepActs = proxyActivities<Activities>({
  summary: 'calendar event, confirmation, reminder rows',
  startToCloseTimeout: '2 minutes',
  heartbeatTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute', nonRetryableErrorTypes: Object.values(FAILURE) },
});

/** A due reminder's send as a local activity (patch `reminder-local-activity`), retried like `acts`. */
const REMINDER_LOCAL_ACTIVITY: LocalActivityOptions = {
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute', nonRetryableErrorTypes: Object.values(FAILURE) },
};

type ScheduledReminder = { id: string; when: string; channel: 'email' | 'sms' };

const MINUTE = 60_000;
/** A hold's "please confirm" nudge goes out this long before it lapses (or half-way, for short holds). */
const HOLD_WARNING_MS = 5 * MINUTE;

/** Re-raises an activity's business refusal as the update's failure (same type), others unchanged. */
function refusal(err: unknown): never {
  if (err instanceof ActivityFailure && err.cause instanceof ApplicationFailure && err.cause.type) {
    throw ApplicationFailure.nonRetryable(err.cause.message, err.cause.type);
  }
  throw err;
}

function notAllowed(message: string): never {
  throw ApplicationFailure.nonRetryable(message, FAILURE.notAllowed);
}

/**
 * The patches `bookingWorkflowV2` starts with (their new branches are simply its code). Each `patched()`
 * a new booking workflow passes costs a marker and an upsert of `TemporalChangeVersion` — three of each
 * per booking by now, every upsert a write to the visibility store — and Temporal's advice for a workflow
 * whose patches pile up is a new workflow type. New bookings start as `bookingWorkflowV2`; bookings started
 * as `bookingWorkflow` keep that type and replay through `patched()` as before (test/replay). A patch added
 * later is asked of both, through `patched()`.
 */
const BAKED_INTO_V2: ReadonlySet<string> = new Set([
  'reserve-local-activity',
  'change-policy-in-domain',
  'calendar-on-cancel',
  'attendance-at-once',
  'hold-expiry-messages',
  'confirm-in-one-activity',
  'reminder-catch-up',
]);

/** A booking started before bookingWorkflowV2 (every patch decided by its history). */
export async function bookingWorkflow(input: BookingWorkflowInput): Promise<BookingState> {
  return runBooking(input, patched);
}

/** Every booking started since: BAKED_INTO_V2 is its code (no markers); later patches through `patched()`. */
export async function bookingWorkflowV2(input: BookingWorkflowInput): Promise<BookingState> {
  return runBooking(input, (id) => BAKED_INTO_V2.has(id) || patched(id));
}

/** One booking's life; `isPatched` decides each patch (the SDK's `patched` or bookingWorkflowV2's baseline). */
async function runBooking(input: BookingWorkflowInput, isPatched: (patchId: string) => boolean): Promise<BookingState> {
  // Typed through `as`: handlers assign it, so flow narrowing from the initializer would be wrong.
  let booking = null as BookingSnapshot | null;
  let reserving: Promise<BookingSnapshot> | undefined;
  let rejectedReason = null as string | null;
  let remindersSent = 0;
  let ended = false;
  let attendance: AttendanceRequest['attendance'] | null = null;
  let busy: Promise<unknown> = Promise.resolve(); // serialises state-changing handlers

  const phase = (): BookingState['phase'] =>
    ended || (booking && !isLiveStatus(booking.status)) ? 'ended' : !booking ? 'reserving' : (booking.status as 'held' | 'pending' | 'confirmed');
  /** The Temporal UI's "current details" (no command: replay-safe, set again on every change). */
  const showDetails = () => {
    if (booking) setCurrentDetails(bookingDetails({ ...booking, start: Date.parse(booking.start), remindersSent }, input.display));
  };
  const publish = (b: BookingSnapshot) => {
    booking = b;
    showDetails();
    upsertSearchAttributes([
      { key: BookingStatusKey, value: b.status },
      { key: ServiceIdKey, value: b.serviceId },
      { key: ProviderIdKey, value: b.providerId },
      { key: AppointmentStartKey, value: new Date(b.start) },
      ...(b.customerEmail ? [{ key: CustomerEmailKey, value: b.customerEmail }] : []),
      // The same command with one attribute more: replay compares the command, not its attributes.
      ...(input.display ? [{ key: BookingSummaryKey, value: bookingSummary(input.display, Date.parse(b.start)) }] : []),
    ]);
    return b;
  };
  /** Runs state changes one at a time, in arrival order. */
  const exclusive = <T>(fn: () => Promise<T>): Promise<T> => {
    const run = busy.then(fn, fn);
    busy = run.catch(() => undefined);
    return run;
  };
  const live = (): BookingSnapshot => {
    if (!booking || !isLiveStatus(booking.status)) notAllowed(`The booking is ${booking?.status ?? 'not reserved'}.`);
    return booking;
  };
  const checkVersion = (expected: number | undefined) => {
    if (expected !== undefined && booking && booking.version !== expected) {
      throw ApplicationFailure.nonRetryable('The booking changed since this link was issued.', FAILURE.staleVersion);
    }
  };
  const checkNotice = (actor: string, noticeMinutes: number) => {
    if (actor !== 'admin' && Date.now() > Date.parse(live().start) - noticeMinutes * MINUTE) {
      throw ApplicationFailure.nonRetryable(`Changes need ${noticeMinutes} minutes' notice.`, FAILURE.policyWindow);
    }
  };
  /**
   * May `actor` `action` the booking now? Since patch `change-policy-in-domain` the domain's change
   * policy decides (an admin too cannot change a booking whose appointment has started; the held/notice
   * rules are unchanged). Updates handled before the patch replay the inline checks they ran.
   */
  const checkChange = (action: ChangeAction, req: CancelRequest | RescheduleRequest, b: BookingSnapshot) => {
    if (isPatched('change-policy-in-domain')) {
      checkVersion(req.expectedVersion);
      const refusal = changeRefusal({
        action,
        actor: req.actor,
        status: b.status,
        start: Date.parse(b.start),
        now: Date.now(),
        noticeMinutes: action === 'cancel' ? b.cancelNoticeMinutes : b.rescheduleNoticeMinutes,
      });
      if (refusal) throw ApplicationFailure.nonRetryable(refusal.message, refusal.code === 'policy_window' ? FAILURE.policyWindow : FAILURE.notAllowed);
      return;
    }
    if (action === 'reschedule' && b.status === 'held') notAllowed('Confirm the hold before moving it.');
    checkVersion(req.expectedVersion);
    checkNotice(req.actor, action === 'cancel' ? b.cancelNoticeMinutes : b.rescheduleNoticeMinutes);
  };

  setHandler(reserveUpdate, async (req) => {
    // Concurrent or repeated reserve calls (same Idempotency-Key) share the one reservation.
    reserving ??= (isPatched('reserve-local-activity') ? localActs.reserveSlot(req) : acts.reserveSlot(req)).then(publish);
    try {
      return await reserving;
    } catch (err) {
      rejectedReason = err instanceof Error ? ((err.cause as Error | undefined)?.message ?? err.message) : String(err);
      return refusal(err);
    }
  });
  setHandler(stateQuery, () => ({ booking, phase: phase(), remindersSent, rejectedReason }));
  setHandler(confirmUpdate, () =>
    exclusive(async () => {
      const b = live();
      if (b.status !== 'held') return b; // idempotent: already confirmed (or pending approval)
      return publish(await acts.advanceBooking(b.id, 'held', committedStatus(input.requiresApproval), 'customer'));
    }),
  );
  setHandler(approveUpdate, ({ approve, reason }) =>
    exclusive(async () => {
      const b = live();
      if (b.status !== 'pending') notAllowed(`Only a pending booking can be approved or declined (it is ${b.status}).`);
      return publish(approve ? await acts.advanceBooking(b.id, 'pending', 'confirmed', 'admin') : await acts.releaseSlot(b.id, 'rejected', 'admin', reason));
    }),
  );
  setHandler(cancelUpdate, (req) =>
    exclusive(async () => {
      const b = live();
      checkChange('cancel', req, b);
      const after = publish(await acts.releaseSlot(b.id, 'cancelled', req.actor, req.reason));
      if (b.status === 'confirmed') {
        // Patch `calendar-on-cancel`: the provider's calendar event goes away with the booking.
        if (isPatched('calendar-on-cancel')) await acts.writeCalendarEvent(b.id, after.version);
        await acts.sendBookingMessage(b.id, 'cancelled', after.version);
      }
      return after;
    }),
  );
  setHandler(rescheduleUpdate, (req) =>
    exclusive(async () => {
      const b = live();
      checkChange('reschedule', req, b);
      const moved = publish(await acts.moveSlot(b.id, req.start, req.end, b.version, req.actor).catch(refusal));
      if (moved.status === 'confirmed') {
        await acts.writeCalendarEvent(moved.id, moved.version);
        await acts.sendBookingMessage(moved.id, 'rescheduled', moved.version);
      }
      return moved;
    }),
  );
  setHandler(attendanceUpdate, (req) =>
    exclusive(async () => {
      const b = live();
      const refused = attendanceRefusal({ status: b.status, start: Date.parse(b.start) }, Date.now());
      if (refused) notAllowed(refused);
      attendance = req.attendance;
      // Since `attendance-at-once`: stored when marked (a no-show also ends the booking: the main flow
      // sees the new status and version and finishes); before it, only at the end.
      if (isPatched('attendance-at-once')) return publish(await acts.recordAttendance(b.id, req.attendance, 'admin'));
      return b;
    }),
  );

  // 1. Reservation (the update that came with the start).
  await condition(() => booking !== null || rejectedReason !== null, '10 minutes', { summary: 'waiting for the reservation' });
  if (!booking) return finish();

  // 2. Hold → confirm, or expire.
  if (booking.status === 'held') {
    const expiresAt = Date.parse(booking.holdExpiresAt ?? booking.start);
    const stillHeld = () => booking!.status !== 'held';
    // Patch `hold-expiry-messages`: a nudge before the hold lapses and a notice when it has. Holds
    // started before the patch replay the single wait.
    const notify = isPatched('hold-expiry-messages');
    let settled: boolean;
    if (notify) {
      const remaining = Math.max(0, expiresAt - Date.now());
      settled = await condition(stillHeld, remaining - Math.min(HOLD_WARNING_MS, remaining / 2), { summary: 'hold: "please confirm" reminder' });
      if (!settled) {
        await acts.sendBookingMessage(booking.id, 'hold_expiring', booking.version);
        settled = await condition(stillHeld, Math.max(0, expiresAt - Date.now()), { summary: 'hold expires' });
      }
    } else {
      settled = await condition(stillHeld, Math.max(0, expiresAt - Date.now()), { summary: 'hold expires' });
    }
    if (!settled)
      await exclusive(async () => {
        if (booking!.status !== 'held') return;
        publish(await acts.releaseSlot(booking!.id, 'expired', 'system'));
        if (notify) await acts.sendBookingMessage(booking!.id, 'hold_expired', booking!.version);
      });
  }
  // 3. Approval.
  if (booking.status === 'pending') {
    await acts.sendBookingMessage(booking.id, 'approval_pending', booking.version);
    await condition(() => booking!.status !== 'pending');
    const decided = booking as BookingSnapshot; // changed by the approve / cancel handlers meanwhile
    if (decided.status === 'confirmed') await acts.sendBookingMessage(decided.id, 'approved', decided.version);
    if (decided.status === 'rejected') await acts.sendBookingMessage(decided.id, 'declined', decided.version);
  }
  if (booking.status !== 'confirmed') return finish();

  // 4. Confirmed: calendar, confirmation, reminders until the appointment ends.
  /** Reminder rows the one-activity confirmation step already wrote, for the version it saw. */
  const prepared: { version: number; reminders: ScheduledReminder[] } | { version: null } = { version: null };
  if (isPatched('confirm-in-one-activity')) {
    await exclusive(async () => {
      const b = booking!;
      if (b.status !== 'confirmed') return;
      Object.assign(prepared, { version: b.version, reminders: await stepActs.confirmBookingSteps(b.id, b.version, reminderPlan(b)) });
    });
  } else if (isPatched('confirm-exclusive')) {
    // Serialised with the handlers: a reschedule arriving meanwhile waits, so the confirmation never
    // names a time the booking already left (it names the current one; "rescheduled" follows).
    await exclusive(async () => {
      const b = booking!;
      if (b.status !== 'confirmed') return;
      await acts.writeCalendarEvent(b.id, b.version);
      await acts.sendBookingMessage(b.id, 'confirmation', b.version);
    });
  } else {
    await acts.writeCalendarEvent(booking.id, booking.version);
    await acts.sendBookingMessage(booking.id, 'confirmation', booking.version);
  }
  await remindUntilEnd();
  if (booking.status !== 'confirmed') return finish();

  // 5. Attendance until the grace period ends.
  await condition(() => attendance !== null || booking!.status !== 'confirmed', Math.max(0, input.attendanceGraceMs), {
    summary: 'attendance: grace period after the end',
  });
  if (booking.status === 'confirmed') {
    await exclusive(async () => {
      // A mark decides; unmarked, the service's no-show policy (only the activity's argument differs: replay-safe).
      publish(await acts.finishAppointment(booking!.id, appointmentOutcome(attendance, unmarkedOutcome(input.noShowPolicy)), attendance));
    });
  }
  return finish();

  /** Sleeps towards each reminder; a reschedule (new version) recomputes them, a cancel ends the loop. */
  async function remindUntilEnd(): Promise<void> {
    for (;;) {
      const b = booking!;
      if (b.status !== 'confirmed') return;
      const version = b.version;
      const reminders =
        prepared.version === version ? (prepared as { reminders: ScheduledReminder[] }).reminders : await acts.scheduleReminders(b.id, reminderPlan(b));
      prepared.version = null;
      // Decided once per schedule: a booking asleep in the old loop when this was deployed keeps it
      // until its schedule is made again (a reschedule), so its history replays command for command.
      const catchUp = isPatched('reminder-catch-up');
      const changed = catchUp ? await remindCatchingUp(b, version, reminders) : await remindEach(b, version, reminders);
      if (changed) continue;
      if (!(await condition(() => booking!.version !== version, Math.max(0, Date.parse(b.end) - Date.now()), { summary: 'until the appointment ends' })))
        return;
    }
  }

  /**
   * Since patch `reminder-catch-up`: the domain's reminder step decides — after an outage only the latest
   * due reminder per channel goes out, the older ones (and all once the appointment has started) are
   * marked `skipped` with the reason. Returns true when the booking changed meanwhile.
   */
  async function remindCatchingUp(b: BookingSnapshot, version: number, reminders: ScheduledReminder[]): Promise<boolean> {
    const start = Date.parse(b.start);
    let unsent = reminders.map((r) => ({ ...r, when: Date.parse(r.when) }));
    for (;;) {
      const step = reminderStep(unsent, start, Date.now());
      if (step.skip.length > 0) {
        await acts.skipReminders(
          b.id,
          step.skip.map((r) => r.id),
          step.reason ?? 'skipped',
        );
        unsent = unsent.filter((r) => !step.skip.includes(r));
      }
      const next = step.next;
      if (!next) return false;
      const wait = next.when - Date.now();
      if (wait > 0) {
        if (await condition(() => booking!.version !== version, wait, { summary: reminderSummary(start - next.when) })) return true;
        continue; // woke at (or after) its time: ask again — others may be due too after an outage
      }
      const sent = await sendReminder(b.id, next.id, reminderSummary(start - next.when));
      if (sent.sent) remindersSent++;
      showDetails();
      unsent = unsent.filter((r) => r !== next);
    }
  }

  /**
   * Since patch `reminder-local-activity`: a due reminder is sent by a local activity, inside the workflow
   * task its timer woke — no activity task through the server's matching and no second workflow task, so a
   * reminder costs the server about half (bench:scale's burst of 1,000 reminders due in one minute). The
   * send is idempotent (the reminder row's status, the transport's idempotency key), so a retried workflow
   * task that runs it again sends nothing twice. Decided at each send: a booking asleep when this was
   * deployed takes it for its next reminder (its history has no command for that one yet).
   */
  function sendReminder(bookingId: string, reminderId: string, summary: string) {
    if (!isPatched('reminder-local-activity')) return acts.sendReminder(bookingId, reminderId);
    return proxyLocalActivities<Activities>({ ...REMINDER_LOCAL_ACTIVITY, summary: `send ${summary}` }).sendReminder(bookingId, reminderId);
  }

  /** Before `reminder-catch-up`: each reminder in turn, late ones all sent. Returns true when the booking changed. */
  async function remindEach(b: BookingSnapshot, version: number, reminders: ScheduledReminder[]): Promise<boolean> {
    for (const r of reminders) {
      const wait = Date.parse(r.when) - Date.now();
      if (wait > 0 && (await condition(() => booking!.version !== version, wait))) return true;
      const sent = await acts.sendReminder(b.id, r.id);
      if (sent.sent) remindersSent++;
    }
    return false;
  }

  /** Reminder times still ahead for the booking's current start (src/domain/reminders; the activity picks channels). */
  function reminderPlan(b: BookingSnapshot): { when: string; channel: 'email' }[] {
    const offsetsMinutes = b.reminderOffsetsMinutes.filter((m) => Number.isFinite(m) && m > 0); // never throw in workflow code
    return reminderSchedule({ start: Date.parse(b.start), offsetsMinutes, channels: ['email'], now: Date.now() }).map((r) => ({
      when: new Date(r.when).toISOString(),
      channel: 'email' as const,
    }));
  }

  async function finish(): Promise<BookingState> {
    ended = true;
    await condition(allHandlersFinished);
    showDetails();
    // The UI shows a finished workflow as "Completed" whatever became of the booking: the result says it first.
    return { outcome: booking?.status ?? 'not_reserved', booking, phase: 'ended', remindersSent, rejectedReason };
  }
}
