/**
 * Signed manage links (DESIGN.md §4): GET shows the booking, POST acts (mail scanners follow GETs, so
 * only POST changes anything). A link names the booking (#20): every link sent for it opens its current
 * state, however often it changed since, until `linkExpiresAt` of its current end. Acting carries the
 * version the page saw (`version` in the body; without it, the link's own): a booking changed since →
 * 409 `booking_changed` with the booking as it is now (`booking`), so the page can show it. Tampered →
 * 401 `link_invalid`; expired → 410 `link_expired`; inside the notice window → 403 `policy_window`; the
 * new time taken → 409 `slot_unavailable`.
 */
import { locationOf } from '../presenters/catalog.presenter.ts';
import { z } from 'zod';
import { zInstant } from '../schemas/common.schemas.ts';
import { ZManagedBooking } from '../schemas/booking-responses.schemas.ts';
import { ZAvailability } from './availability.route.ts';
import { cancelBooking } from '../../use-cases/cancel-booking.ts';
import { confirmBooking } from '../../use-cases/confirm-booking.ts';
import { rescheduleBooking, rescheduleOptions } from '../../use-cases/reschedule-booking.ts';
import { requestManageLinks } from '../../use-cases/send-manage-links.ts';
import { getBookingOrFail, findBooking, type BookingRow } from '../../db/booking.repository.ts';
import { getProviderOrFail } from '../../db/provider.repository.ts';
import { getServiceOrFail } from '../../db/service.repository.ts';
import { resourcesOfBookings } from '../../db/resource-allocation.repository.ts';
import { changeDeadline } from '../../domain/policies/change-policy.ts';
import { decodeLinkToken, scopeAllows, verifyLinkToken, type LinkAction } from '../../domain/links/link-token.ts';
import { presentSlots, resolveRange } from '../../domain/availability/query.ts';
import { formatInZone, isValidTimeZone } from '../../domain/time/zones.ts';
import { EMAIL_PROBLEM, isEmailAddress } from '../../domain/bookings/intake.ts';
import { AppError } from '../../errors.ts';
import { viaWorkflow } from '../../temporal/workflow-errors.ts';
import type { GatewayDeps } from '../deps.ts';
import { emailsOn } from '../delivery.ts';
import { defineRoute, type AnyRoute } from '../route.ts';

/** POST /v1/manage-links per client and minute. */
export const MANAGE_LINK_REQUESTS_PER_MINUTE = 5;

const ZToken = z.object({ token: z.string().min(10).max(512) }).strict();
const ZVersion = z
  .number()
  .int()
  .min(0)
  .max(0xffff_ffff)
  .optional()
  .describe("The booking's version as GET showed it; a booking changed since answers 409 booking_changed (default: the link's own)");

export function manageRoutes(deps: GatewayDeps): AnyRoute[] {
  const links = deps.links;
  if (!links) return [];

  /** The booking behind a valid link that allows `action`, and the link's own version. */
  async function open(token: string, action: LinkAction): Promise<{ row: BookingRow; version: number }> {
    const claimed = decodeLinkToken(token, links!.secret);
    const row = await findBooking(deps.db, claimed.bookingId);
    if (!row) throw new AppError('link_invalid', 'This link is not valid.');
    const payload = verifyLinkToken(token, links!.secret, {
      now: deps.clock().getTime(),
      currentVersion: row.version,
      bookingEnd: row.end_time.getTime(),
    });
    if (!scopeAllows(payload.scope, action)) throw new AppError('forbidden', 'This link cannot do that.');
    return { row, version: payload.version };
  }

  /** 409 `booking_changed`, carrying the booking as it is now (read again: the refusal may follow a change). */
  async function changed(id: string, cause?: unknown): Promise<AppError> {
    const now = await present(await getBookingOrFail(deps.db, id));
    return new AppError('booking_changed', 'This booking changed since this page was loaded; here is how it stands now.', {
      members: { booking: now },
      ...(cause ? { cause } : {}),
    });
  }

  /**
   * Runs `act` on the booking at the version the caller saw (`seen`, else the link's): a booking at another
   * version, or one the workflow finds changed meanwhile (a race), answers `changed`.
   */
  async function atVersion<T>(row: BookingRow, seen: number, act: () => Promise<T>): Promise<T> {
    if (seen !== row.version) throw await changed(row.id);
    try {
      return await act();
    } catch (err) {
      if (err instanceof AppError && err.code === 'booking_changed') throw await changed(row.id, err);
      throw err;
    }
  }

  async function present(row: BookingRow): Promise<z.output<typeof ZManagedBooking>> {
    const [{ service: svc }, provider, units] = await Promise.all([
      getServiceOrFail(deps.db, row.service_id),
      getProviderOrFail(deps.db, row.provider_id),
      resourcesOfBookings(deps.db, [row.id]),
    ]);
    const zone = row.customer_time_zone ?? provider.time_zone;
    const start = row.start_time.getTime();
    return {
      id: row.id,
      status: row.status,
      /** What an action sends back as `version`: the booking as this answer shows it. */
      version: row.version,
      service: { id: row.service_id, name: svc.name },
      provider: { id: row.provider_id, name: provider.name },
      location: locationOf(svc),
      // The rooms and equipment it holds (or held), by name.
      resources: (units.get(row.id) ?? []).map((u) => ({ id: u.id, name: u.name, pool: u.pool })),
      timeZone: zone,
      start: formatInZone(start, zone),
      end: formatInZone(row.end_time.getTime(), zone),
      customer: { name: row.customer_name },
      // The last instants a customer may still act (inclusive): the change policy's own deadline.
      cancelDeadline: formatInZone(changeDeadline(start, svc.cancel_notice_minutes), zone),
      rescheduleDeadline: formatInZone(changeDeadline(start, svc.reschedule_notice_minutes), zone),
      manageUrl: links!.manageUrl({ id: row.id, version: row.version, end: row.end_time }),
      // Whether changes are e-mailed to the customer (else the outbox captures them): the page promises nothing else.
      customerEmailed: emailsOn(deps) && Boolean(row.customer_email),
    };
  }

  return [
    defineRoute({
      method: 'POST',
      url: '/v1/manage-links',
      summary: '"E-mail me my link": sends the current manage link of each upcoming booking of this address to it',
      tags: ['public'],
      auth: 'public',
      // Each request may send e-mail to someone: a budget of its own, far below the global one.
      rateLimitPerMinute: MANAGE_LINK_REQUESTS_PER_MINUTE,
      body: z.object({ email: z.string().trim().max(254).refine(isEmailAddress, EMAIL_PROBLEM) }).strict(),
      responses: { 202: { description: 'Accepted — the same answer whether or not the address has bookings' } },
      async handler({ body }, _req, reply) {
        await viaWorkflow(requestManageLinks({ client: deps.temporal.client, taskQueue: deps.taskQueue, now: deps.clock().getTime() }, body.email));
        reply.status(202);
        return { status: 'accepted', message: 'If this address has an upcoming booking with us, we have sent its link there. It may take a few minutes.' };
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/v1/manage/:token',
      summary: 'The booking behind a signed manage link (read-only)',
      tags: ['public'],
      auth: 'public',
      errors: ['link_invalid', 'link_expired', 'forbidden', 'not_found'],
      params: ZToken,
      responses: { 200: { description: 'The booking as the customer may see it', schema: ZManagedBooking } },
      async handler({ params }) {
        return present((await open(params.token, 'view')).row);
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/v1/manage/:token/availability',
      summary: "Times this booking could move to: the service and provider's slots, not counting the booking itself",
      tags: ['public'],
      auth: 'public',
      errors: ['link_invalid', 'link_expired', 'forbidden', 'not_found'],
      params: ZToken,
      query: z
        .object({
          from: z.string().min(10).max(40).describe('YYYY-MM-DD (in timeZone) or ISO-8601 date-time with offset'),
          to: z.string().min(10).max(40).describe('YYYY-MM-DD (inclusive, in timeZone) or ISO-8601 date-time with offset'),
          timeZone: z.string().refine(isValidTimeZone, 'must be an IANA time zone, e.g. Europe/Berlin'),
        })
        .strict(),
      responses: { 200: { description: '{ timeZone, serviceId, slots } as GET /v1/availability', schema: ZAvailability } },
      async handler({ params, query }) {
        // The same check the reschedule below makes, over a range (the booking's own time is free for it).
        const { row } = await open(params.token, 'reschedule');
        const range = resolveRange(query);
        const slots = await rescheduleOptions(deps.db, row, range, deps.clock().getTime());
        return { timeZone: query.timeZone, serviceId: row.service_id, slots: presentSlots(slots, query.timeZone, range) };
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/v1/manage/:token/reschedule',
      summary: 'Move the booking to another available start (at the version the page saw)',
      tags: ['public'],
      auth: 'public',
      errors: [
        'link_invalid',
        'link_expired',
        'forbidden',
        'not_found',
        'policy_window',
        'conflict',
        'booking_changed',
        'slot_unavailable',
        'not_a_slot',
        'calendar_busy',
      ],
      params: ZToken,
      body: z.object({ start: zInstant(), version: ZVersion }).strict(),
      responses: { 200: { description: 'The moved booking', schema: ZManagedBooking } },
      async handler({ params, body }) {
        const { row, version } = await open(params.token, 'reschedule');
        const seen = body.version ?? version;
        await atVersion(row, seen, () =>
          rescheduleBooking(
            { db: deps.db, client: deps.temporal.client, now: deps.clock().getTime() },
            { booking: row, start: Date.parse(body.start), by: { actor: 'customer', expectedVersion: seen } },
          ),
        );
        return present(await getBookingOrFail(deps.db, row.id));
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/v1/manage/:token/confirm',
      summary: 'Confirm a held booking (the "please confirm" message links here); answers it with its new manage link',
      tags: ['public'],
      auth: 'public',
      errors: ['link_invalid', 'link_expired', 'forbidden', 'not_found', 'conflict', 'slot_unavailable'],
      params: ZToken,
      responses: { 200: { description: 'The confirmed booking', schema: ZManagedBooking } },
      async handler({ params }) {
        const { row } = await open(params.token, 'confirm');
        await confirmBooking({ db: deps.db, client: deps.temporal.client }, row.id);
        return present(await getBookingOrFail(deps.db, row.id));
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/v1/manage/:token/cancel',
      summary: 'Cancel the booking',
      tags: ['public'],
      auth: 'public',
      errors: ['link_invalid', 'link_expired', 'forbidden', 'not_found', 'policy_window', 'conflict', 'booking_changed'],
      params: ZToken,
      body: z.object({ reason: z.string().max(500).optional(), version: ZVersion }).strict(),
      responses: { 200: { description: 'The cancelled booking', schema: ZManagedBooking } },
      async handler({ params, body }) {
        const { row, version } = await open(params.token, 'cancel');
        const seen = body.version ?? version;
        await atVersion(row, seen, () =>
          cancelBooking({ client: deps.temporal.client }, { bookingId: row.id, actor: 'customer', reason: body.reason, expectedVersion: seen }),
        );
        return present(await getBookingOrFail(deps.db, row.id));
      },
    }),
  ];
}
