/**
 * Signed manage links (DESIGN.md §4): GET shows the booking, POST acts (mail scanners follow GETs, so
 * only POST changes anything). Tampered → 401 `link_invalid`; expired → 410 `link_expired`; a booking
 * changed since the link was sent → 410 `link_superseded`; inside the notice window → 403
 * `policy_window`; the new time taken → 409 `slot_unavailable`.
 */
import { z } from 'zod';
import { cancelBooking } from '../../use-cases/cancel-booking.ts';
import { confirmBooking } from '../../use-cases/confirm-booking.ts';
import { rescheduleBooking, rescheduleOptions } from '../../use-cases/reschedule-booking.ts';
import { getBookingOrFail, findBooking, type BookingRow } from '../../db/booking.repository.ts';
import { getProviderOrFail } from '../../db/provider.repository.ts';
import { getServiceOrFail } from '../../db/service.repository.ts';
import { changeDeadline } from '../../domain/policies/change-policy.ts';
import { decodeLinkToken, scopeAllows, verifyLinkToken, type LinkAction } from '../../domain/links/link-token.ts';
import { presentSlots, resolveRange } from '../../domain/availability/query.ts';
import { formatInZone, isValidTimeZone } from '../../domain/time/zones.ts';
import { AppError } from '../../errors.ts';
import type { GatewayDeps } from '../deps.ts';
import { emailsOn } from '../delivery.ts';
import { defineRoute, type AnyRoute } from '../route.ts';

const ZToken = z.object({ token: z.string().min(10).max(512) }).strict();

export function manageRoutes(deps: GatewayDeps): AnyRoute[] {
  const links = deps.links;
  if (!links) return [];

  /** The booking behind a valid, current link that allows `action`. */
  async function open(token: string, action: LinkAction): Promise<{ row: BookingRow; version: number }> {
    const claimed = decodeLinkToken(token, links!.secret);
    const row = await findBooking(deps.db, claimed.bookingId);
    if (!row) throw new AppError('link_invalid', 'This link is not valid.');
    const payload = verifyLinkToken(token, links!.secret, { now: deps.clock().getTime(), currentVersion: row.version });
    if (!scopeAllows(payload.scope, action)) throw new AppError('forbidden', 'This link cannot do that.');
    return { row, version: payload.version };
  }

  async function present(row: BookingRow) {
    const [{ service: svc }, provider] = await Promise.all([getServiceOrFail(deps.db, row.service_id), getProviderOrFail(deps.db, row.provider_id)]);
    const zone = row.customer_time_zone ?? provider.time_zone;
    const start = row.start_time.getTime();
    return {
      id: row.id,
      status: row.status,
      service: { id: row.service_id, name: svc.name },
      provider: { id: row.provider_id, name: provider.name },
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
      method: 'GET',
      url: '/v1/manage/:token',
      summary: 'The booking behind a signed manage link (read-only)',
      tags: ['public'],
      auth: 'public',
      params: ZToken,
      responses: { 200: { description: 'The booking as the customer may see it' } },
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
      params: ZToken,
      query: z
        .object({
          from: z.string().min(10).max(40).describe('YYYY-MM-DD (in timeZone) or ISO-8601 date-time with offset'),
          to: z.string().min(10).max(40).describe('YYYY-MM-DD (inclusive, in timeZone) or ISO-8601 date-time with offset'),
          timeZone: z.string().refine(isValidTimeZone, 'must be an IANA time zone, e.g. Europe/Berlin'),
        })
        .strict(),
      responses: { 200: { description: '{ timeZone, serviceId, slots } as GET /v1/availability' } },
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
      summary: 'Move the booking to another available start; answers it with its new manage link',
      tags: ['public'],
      auth: 'public',
      params: ZToken,
      body: z.object({ start: z.iso.datetime({ offset: true }) }).strict(),
      responses: { 200: { description: 'The moved booking' } },
      async handler({ params, body }) {
        const { row, version } = await open(params.token, 'reschedule');
        await rescheduleBooking(
          { db: deps.db, client: deps.temporal.client, now: deps.clock().getTime() },
          { booking: row, start: Date.parse(body.start), by: { actor: 'customer', expectedVersion: version } },
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
      params: ZToken,
      responses: { 200: { description: 'The confirmed booking' } },
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
      params: ZToken,
      body: z.object({ reason: z.string().max(500).optional() }).strict(),
      responses: { 200: { description: 'The cancelled booking' } },
      async handler({ params, body }) {
        const { row, version } = await open(params.token, 'cancel');
        await cancelBooking({ client: deps.temporal.client }, { bookingId: row.id, actor: 'customer', reason: body.reason, expectedVersion: version });
        return present(await getBookingOrFail(deps.db, row.id));
      },
    }),
  ];
}
