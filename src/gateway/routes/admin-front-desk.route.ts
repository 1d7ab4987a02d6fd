/**
 * The front desk: staff book for a customer (POST /v1/admin/bookings) and export the bookings list as CSV
 * (GET /v1/admin/bookings.csv). A new booking goes through the same use case and workflow as the widget's
 * (`createBooking`: slot check, update-with-start, reserve under the exclusion constraints), with channel
 * `admin`; only the front desk may `override` the slot rules, never the constraints.
 */
import { Readable } from 'node:stream';
import { z } from 'zod';
import { listBookings } from '../../db/booking-query.repository.ts';
import { getBookingOrFail, type BookingRow } from '../../db/booking.repository.ts';
import { listProviders, providerTimeZone } from '../../db/provider.repository.ts';
import { resourcesOfBookings } from '../../db/resource-allocation.repository.ts';
import { listServices } from '../../db/service.repository.ts';
import { csvHeaderLine, csvRow } from '../../domain/bookings/bookings-csv.ts';
import { normalizePhone } from '../../domain/bookings/contact.ts';
import { EMAIL_PROBLEM, isEmailAddress, isPhoneNumber, PHONE_PROBLEM } from '../../domain/bookings/intake.ts';
import { isValidTimeZone, localDate } from '../../domain/time/zones.ts';
import { createBooking } from '../../use-cases/create-booking.ts';
import type { GatewayDeps } from '../deps.ts';
import { gatewayBookingDeps, idempotencyKeyOf, ZIdempotencyKey } from '../booking-request.ts';
import { bookingZone, presentBookingRow } from '../presenters/booking.presenter.ts';
import { bookingFilterOf, ZBookingFilterQuery } from '../schemas/admin-booking-filter.schemas.ts';
import { ZAdminBooking } from '../schemas/booking-responses.schemas.ts';
import { zInstant } from '../schemas/common.schemas.ts';
import { defineRoute, type AnyRoute } from '../route.ts';

const ZNewBooking = z
  .object({
    serviceId: z.uuid(),
    providerId: z.uuid().optional().describe('Absent: any provider with the slot free (an override needs one)'),
    start: zInstant().describe('ISO-8601 with offset: one of the availability slots, or any start with override'),
    timeZone: z.string().refine(isValidTimeZone, 'must be an IANA time zone').optional().describe("The customer's zone (absent: the provider's)"),
    customer: z
      .object({
        name: z.string().trim().min(1).max(200),
        email: z.string().trim().refine(isEmailAddress, EMAIL_PROBLEM).optional(),
        phone: z.string().max(40).refine(isPhoneNumber, PHONE_PROBLEM).optional(),
      })
      .strict(),
    intake: z.record(z.string().max(64), z.unknown()).optional().describe("Answers to the service's intake fields"),
    override: z
      .boolean()
      .default(false)
      .describe(
        "Book a start that is no slot (off the grid, outside working hours, within the notice, beyond the advance window, over busy time): recorded in the booking's history; an overlap with a live booking is still 409",
      ),
    locale: z
      .string()
      .regex(/^[A-Za-z]{2,3}([-_][A-Za-z0-9]{1,8})*$/, 'must be a language tag such as en or de-AT')
      .max(35)
      .optional(),
  })
  .strict();
/** Rows read per query while an export streams: memory stays bounded whatever the list's length. */
const EXPORT_PAGE = 500;

export function adminFrontDeskRoutes(deps: GatewayDeps): AnyRoute[] {
  return [
    defineRoute({
      method: 'POST',
      url: '/v1/admin/bookings',
      summary: 'Book for a customer at the front desk (channel admin): a free slot, or any start with override; 409 slot_unavailable on an overlap',
      tags: ['admin'],
      auth: 'admin',
      body: ZNewBooking,
      bodyExample: {
        serviceId: '3f0c2a1e-5b7d-4c9e-8a6f-1d2e3c4b5a69',
        providerId: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d',
        start: '2026-12-08T18:15:00+01:00',
        customer: { name: 'Ada Lovelace', phone: '+49 151 2345678' },
        override: true,
      },
      headers: {
        'Idempotency-Key': {
          description: 'Retrying with the same key answers the first booking again; the same key with another body is 422 idempotency_key_mismatch',
          schema: ZIdempotencyKey,
        },
      },
      errors: ['slot_unavailable', 'not_a_slot', 'not_found', 'idempotency_key_mismatch', 'calendar_busy', 'conflict'],
      responses: { 201: { description: 'The booking', schema: ZAdminBooking } },
      async handler({ body }, req, reply) {
        const idempotencyKey = idempotencyKeyOf(req.headers);
        const caller = req.caller?.kind === 'key' ? req.caller.keyId : 'unknown';
        const phone = body.customer.phone ? normalizePhone(body.customer.phone) : undefined;
        const snapshot = await createBooking(gatewayBookingDeps(deps), {
          serviceId: body.serviceId,
          providerId: body.providerId,
          start: Date.parse(body.start),
          customer: { ...body.customer, ...(phone ? { phone } : {}), ...(body.timeZone ? { timeZone: body.timeZone } : {}) },
          locale: body.locale,
          intake: body.intake ?? {},
          channel: 'admin',
          hold: false,
          override: body.override,
          idempotencyKey,
          // An admin key's own namespace: it neither meets nor reveals the widget's keys.
          idempotencyScope: `admin:${caller}`,
          createdBy: `admin:${caller}`,
        });
        const row = await getBookingOrFail(deps.db, snapshot.id);
        const units = await resourcesOfBookings(deps.db, [row.id]);
        reply.status(201);
        return presentBookingRow(row, bookingZone(row, await providerTimeZone(deps.db, row.provider_id)), units.get(row.id));
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/v1/admin/bookings.csv',
      summary:
        'The filtered bookings list as CSV (the filters of GET /v1/admin/bookings, every page): RFC 4180, a header row, UTC and local times with the zone',
      tags: ['admin'],
      auth: 'admin',
      query: ZBookingFilterQuery.strict(),
      responses: { 200: { description: 'text/csv attachment, one booking per row, soonest first', contentType: 'text/csv' } },
      async handler({ query }, _req, reply) {
        const filter = bookingFilterOf(query);
        const [services, providers] = await Promise.all([listServices(deps.db), listProviders(deps.db)]);
        const serviceNames = new Map(services.map(({ service: s }) => [s.id, s.name]));
        const providerById = new Map(providers.map((p) => [p.id, p]));
        const line = (r: BookingRow) => {
          const provider = providerById.get(r.provider_id);
          return csvRow({
            id: r.id,
            status: r.status,
            start: r.start_time.getTime(),
            end: r.end_time.getTime(),
            timeZone: bookingZone(r, provider?.time_zone ?? 'UTC'),
            serviceName: serviceNames.get(r.service_id) ?? '',
            providerName: provider?.name ?? '',
            customerName: r.customer_name,
            customerEmail: r.customer_email,
            customerPhone: r.customer_phone,
            channel: r.channel,
            attendance: r.attendance,
            cancelReason: r.cancel_reason,
            createdAt: r.created_at.getTime(),
          });
        };
        // Keyset pages (start, id): each query reads one page after the last row sent, so a long export
        // holds one page in memory and sees no row twice.
        async function* lines() {
          // A UTF-8 byte order mark first: Excel otherwise opens the file as Windows-1252 (ü → Ã¼).
          yield `\ufeff${csvHeaderLine()}`;
          let after: { start: Date; id: string } | undefined;
          for (;;) {
            const rows = await listBookings(deps.db, { ...filter, after, limit: EXPORT_PAGE });
            if (rows.length > 0) yield rows.map(line).join('');
            if (rows.length < EXPORT_PAGE) return;
            const last = rows[rows.length - 1]!;
            after = { start: last.start_time, id: last.id };
          }
        }
        const day = localDate(deps.clock().getTime(), query.timeZone);
        reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="bookings-${day}.csv"`).header('cache-control', 'no-store');
        return Readable.from(lines());
      },
    }),
  ];
}
