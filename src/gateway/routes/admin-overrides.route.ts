/**
 * `/v1/admin/providers/{id}/overrides`: date overrides in the provider's zone. `{ date, hours }` replaces
 * that local day's hours ([] = day off; a second one for the same date replaces the first);
 * `{ kind: "block"|"open", start, end }` removes or adds an absolute range. A day before today (provider's
 * zone) or a range that has ended by the gateway's clock is refused with 422 (body.date / body.end).
 */
import { createOverride, deleteOverride, listOverrides } from '../../db/override.repository.ts';
import type { GatewayDeps } from '../deps.ts';
import { presentOverride } from '../presenters/catalog.presenter.ts';
import { defineRoute, type AnyRoute } from '../route.ts';
import { ZOverride, ZOverrideList } from '../schemas/catalog-responses.schemas.ts';
import { ZCreateOverride, ZIdParams, ZOverrideParams, ZOverrideQuery } from '../schemas/catalog.schemas.ts';

const tags = ['admin', 'providers'];

export function adminOverrideRoutes(deps: GatewayDeps): AnyRoute[] {
  return [
    defineRoute({
      method: 'POST',
      url: '/v1/admin/providers/:id/overrides',
      summary: "Add a date override (replace one day's hours, or block / open a range)",
      tags,
      auth: 'admin',
      errors: ['not_found'],
      params: ZIdParams,
      body: ZCreateOverride,
      responses: { 201: { description: 'The override', schema: ZOverride } },
      async handler({ params, body }, _req, reply) {
        reply.status(201);
        return presentOverride(await createOverride(deps.db, params.id, body, deps.clock()));
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/v1/admin/providers/:id/overrides',
      summary: "List a provider's overrides touching local dates from..to (inclusive, provider's zone)",
      tags,
      auth: 'admin',
      errors: ['not_found'],
      params: ZIdParams,
      query: ZOverrideQuery,
      responses: { 200: { description: 'Overrides, by when they begin', schema: ZOverrideList } },
      async handler({ params, query }) {
        return { overrides: (await listOverrides(deps.db, params.id, query)).map(presentOverride) };
      },
    }),
    defineRoute({
      method: 'DELETE',
      url: '/v1/admin/providers/:id/overrides/:overrideId',
      summary: 'Remove an override',
      tags,
      auth: 'admin',
      errors: ['not_found'],
      params: ZOverrideParams,
      responses: { 204: { description: 'Removed' } },
      async handler({ params }, _req, reply) {
        await deleteOverride(deps.db, params.id, params.overrideId);
        return reply.status(204).send();
      },
    }),
  ];
}
