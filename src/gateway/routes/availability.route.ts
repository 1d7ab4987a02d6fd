/**
 * `GET /v1/availability`: bookable slots of a service, from the database with the pure engine — never
 * from Temporal (DESIGN.md §1).
 */
import { z } from 'zod';
import { presentSlots, resolveRange } from '../../domain/availability/query.ts';
import { isValidTimeZone } from '../../domain/time/zones.ts';
import { availableSlots } from '../../use-cases/available-slots.ts';
import type { GatewayDeps } from '../deps.ts';
import { defineRoute, type AnyRoute } from '../route.ts';

const ZAvailabilityQuery = z
  .object({
    serviceId: z.uuid(),
    from: z.string().min(10).max(40).describe('YYYY-MM-DD (in timeZone) or ISO-8601 date-time with offset'),
    to: z.string().min(10).max(40).describe('YYYY-MM-DD (inclusive, in timeZone) or ISO-8601 date-time with offset'),
    timeZone: z.string().refine(isValidTimeZone, 'must be an IANA time zone, e.g. Europe/Berlin').describe('IANA zone of the answer'),
    providerId: z.uuid().optional().describe('Only this provider; omit for "any provider"'),
  })
  .strict();

export const ZAvailability = z.object({
  timeZone: z.string(),
  serviceId: z.string(),
  slots: z.array(
    z.object({
      start: z.string(),
      end: z.string(),
      providerId: z.string(),
      seatsLeft: z.number().int().optional().describe('Group sessions (a service with seats > 1): the free seats of this session'),
    }),
  ),
});

export function availabilityRoutes(deps: GatewayDeps): AnyRoute[] {
  return [
    defineRoute({
      method: 'GET',
      url: '/v1/availability',
      summary: 'Bookable slots of a service in a range, in the requested time zone',
      tags: ['public'],
      auth: 'public',
      errors: ['not_found'],
      query: ZAvailabilityQuery,
      responses: {
        200: {
          description: 'Slots, sorted by start; ISO-8601 with offsets in timeZone',
          schema: ZAvailability,
          example: {
            timeZone: 'Europe/Berlin',
            serviceId: '3f0c2a1e-5b7d-4c9e-8a6f-1d2e3c4b5a69',
            slots: [{ start: '2026-12-08T10:00:00+01:00', end: '2026-12-08T10:30:00+01:00', providerId: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d' }],
          },
        },
      },
      async handler({ query }) {
        const range = resolveRange(query);
        const slots = await availableSlots(deps.db, { serviceId: query.serviceId, providerId: query.providerId, range }, deps.clock().getTime());
        return { timeZone: query.timeZone, serviceId: query.serviceId, slots: presentSlots(slots, query.timeZone, range) };
      },
    }),
  ];
}
