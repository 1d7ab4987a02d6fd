/**
 * Rooms and equipment (`/v1/admin/resources`): one unit per resource, grouped in pools; blocks take a unit
 * out of use for a range (maintenance). Requests and answers.
 */
import { z } from 'zod';
import { ZId, ZInstant, ZLocalDate, ZPool, ZReason, ZTimeZone } from './catalog.schemas.ts';

const resourceFields = {
  name: z.string().trim().min(1).max(200),
  pool: ZPool,
  active: z.boolean(),
};
export const ZCreateResource = z.object({ ...resourceFields, active: resourceFields.active.default(true) }).strict();
export type TCreateResource = z.output<typeof ZCreateResource>;
export const ZUpdateResource = z.object(resourceFields).partial().strict();
export type TUpdateResource = z.output<typeof ZUpdateResource>;

export const ZCreateResourceBlock = z
  .object({ start: ZInstant, end: ZInstant, reason: ZReason.optional() })
  .strict()
  .check((ctx) => {
    if (ctx.issues.some((i) => i.path?.[0] === 'start' || i.path?.[0] === 'end')) return;
    if (Date.parse(ctx.value.end) <= Date.parse(ctx.value.start)) {
      ctx.issues.push({ code: 'custom', message: 'end must be after start', path: ['end'], input: ctx.value });
    }
  });
export type TCreateResourceBlock = z.output<typeof ZCreateResourceBlock>;

export const ZResourceBlockParams = z.object({ id: ZId, blockId: ZId }).strict();

/** One local day (`date`, read in `timeZone`, default UTC). */
export const ZResourceDayQuery = z.object({ date: ZLocalDate, timeZone: ZTimeZone.default('UTC') }).strict();
export type TResourceDayQuery = z.output<typeof ZResourceDayQuery>;

export const ZResource = z.object({
  id: z.uuid(),
  name: z.string(),
  pool: z.string(),
  active: z.boolean(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type TResource = z.output<typeof ZResource>;
export const ZResourceList = z.object({
  resources: z.array(ZResource),
  /** Each pool with its active units and the services that require it. */
  pools: z.array(z.object({ pool: z.string(), activeUnits: z.number().int(), requiredBy: z.array(z.object({ id: z.uuid(), name: z.string() })) })),
});

export const ZResourceBlock = z.object({
  id: z.uuid(),
  resourceId: z.uuid(),
  start: z.iso.datetime(),
  end: z.iso.datetime(),
  reason: z.string().nullable(),
});
export const ZResourceBlockList = z.object({ blocks: z.array(ZResourceBlock) });

/** The bookings holding a unit on a day (live and ended), by start. */
export const ZResourceDay = z.object({
  resource: ZResource,
  bookings: z.array(
    z.object({
      id: z.uuid(),
      status: z.string(),
      start: z.iso.datetime({ offset: true }),
      end: z.iso.datetime({ offset: true }),
      serviceName: z.string(),
      providerName: z.string(),
      customerName: z.string(),
      live: z.boolean(),
    }),
  ),
  blocks: z.array(ZResourceBlock),
});

/** The units a booking holds (booking answers). */
export const ZBookingResource = z.object({ id: z.uuid(), name: z.string(), pool: z.string() });
