/**
 * `/v1/admin/resources`: rooms and equipment. Each resource is one unit in a pool ("Room 1" in
 * "treatment-room"); a service requires pools with a count (`requiredResources`), and bookings get concrete
 * units (src/db/resource-allocation.repository.ts). Blocks take a unit out of use for a range; the day view
 * lists the bookings that hold a unit on one local day.
 */
import {
  createResource,
  createResourceBlock,
  deleteResourceBlock,
  getResourceOrFail,
  listResourceBlocks,
  listResources,
  resourceBookings,
  updateResource,
} from '../../db/resource.repository.ts';
import { addDays, localToInstant } from '../../domain/time/zones.ts';
import type { GatewayDeps } from '../deps.ts';
import { presentResource, presentResourceBlock, presentResourceBooking } from '../presenters/resource.presenter.ts';
import { defineRoute, type AnyRoute } from '../route.ts';
import { ZIdParams } from '../schemas/catalog.schemas.ts';
import {
  ZCreateResource,
  ZCreateResourceBlock,
  ZResource,
  ZResourceBlock,
  ZResourceBlockList,
  ZResourceBlockParams,
  ZResourceDay,
  ZResourceDayQuery,
  ZResourceList,
  ZUpdateResource,
} from '../schemas/resources.schemas.ts';

const tags = ['admin', 'resources'];
const DAY = 86_400_000;

export function adminResourceRoutes(deps: GatewayDeps): AnyRoute[] {
  return [
    defineRoute({
      method: 'POST',
      url: '/v1/admin/resources',
      summary: 'Create a resource: one unit (a room, a device) in a pool',
      tags,
      auth: 'admin',
      errors: ['conflict'],
      body: ZCreateResource,
      responses: { 201: { description: 'The resource', schema: ZResource } },
      async handler({ body }, _req, reply) {
        reply.status(201);
        return presentResource(await createResource(deps.db, body));
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/v1/admin/resources',
      summary: 'List resources by pool and name, with each pool and the services that require it',
      tags,
      auth: 'admin',
      responses: { 200: { description: 'All resources and pools', schema: ZResourceList } },
      async handler() {
        const { resources, pools } = await listResources(deps.db);
        return { resources: resources.map(presentResource), pools };
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/v1/admin/resources/:id',
      summary: 'Read a resource',
      tags,
      auth: 'admin',
      errors: ['not_found'],
      params: ZIdParams,
      responses: { 200: { description: 'The resource', schema: ZResource } },
      async handler({ params }) {
        return presentResource(await getResourceOrFail(deps.db, params.id));
      },
    }),
    defineRoute({
      method: 'PATCH',
      url: '/v1/admin/resources/:id',
      summary: 'Rename, move to another pool, or (de)activate a resource; bookings keep the units they hold',
      tags,
      auth: 'admin',
      errors: ['not_found', 'conflict'],
      params: ZIdParams,
      body: ZUpdateResource,
      responses: { 200: { description: 'The changed resource', schema: ZResource } },
      async handler({ params, body }) {
        return presentResource(await updateResource(deps.db, params.id, body));
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/v1/admin/resources/:id/blocks',
      summary: 'Block a resource for a range (maintenance); it is offered to no booking then',
      tags,
      auth: 'admin',
      errors: ['not_found'],
      params: ZIdParams,
      body: ZCreateResourceBlock,
      responses: { 201: { description: 'The block', schema: ZResourceBlock } },
      async handler({ params, body }, _req, reply) {
        reply.status(201);
        return presentResourceBlock(await createResourceBlock(deps.db, params.id, body, deps.clock()));
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/v1/admin/resources/:id/blocks',
      summary: "A resource's blocks that have not ended, by start",
      tags,
      auth: 'admin',
      errors: ['not_found'],
      params: ZIdParams,
      responses: { 200: { description: 'Blocks', schema: ZResourceBlockList } },
      async handler({ params }) {
        await getResourceOrFail(deps.db, params.id);
        const blocks = await listResourceBlocks(deps.db, params.id, deps.clock());
        return { blocks: blocks.map(presentResourceBlock) };
      },
    }),
    defineRoute({
      method: 'DELETE',
      url: '/v1/admin/resources/:id/blocks/:blockId',
      summary: 'Remove a block',
      tags,
      auth: 'admin',
      errors: ['not_found'],
      params: ZResourceBlockParams,
      responses: { 204: { description: 'Removed' } },
      async handler({ params }, _req, reply) {
        await deleteResourceBlock(deps.db, params.id, params.blockId);
        return reply.status(204).send();
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/v1/admin/resources/:id/day',
      summary: 'Which bookings hold a resource on one local day (and its blocks that day)',
      tags,
      auth: 'admin',
      errors: ['not_found'],
      params: ZIdParams,
      query: ZResourceDayQuery,
      responses: { 200: { description: 'The day', schema: ZResourceDay } },
      async handler({ params, query }) {
        const resource = await getResourceOrFail(deps.db, params.id);
        const from = new Date(localToInstant(query.date, 0, query.timeZone, 'next')!);
        const to = new Date(localToInstant(addDays(query.date, 1), 0, query.timeZone, 'next') ?? from.getTime() + DAY);
        const [bookings, blocks] = await Promise.all([resourceBookings(deps.db, params.id, from, to), listResourceBlocks(deps.db, params.id, from, to)]);
        return {
          resource: presentResource(resource),
          bookings: bookings.map((b) => presentResourceBooking(b, query.timeZone)),
          blocks: blocks.map(presentResourceBlock),
        };
      },
    }),
  ];
}
