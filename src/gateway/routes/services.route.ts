/** `GET /v1/services` (public): what a customer can book — active services with their active providers. */
import { listPublicServices } from '../../db/service.repository.ts';
import type { GatewayDeps } from '../deps.ts';
import { presentPublicService } from '../presenters/catalog.presenter.ts';
import { defineRoute, type AnyRoute } from '../route.ts';
import { ZPublicServiceList } from '../schemas/catalog-responses.schemas.ts';

export function serviceRoutes(deps: GatewayDeps): AnyRoute[] {
  return [
    defineRoute({
      method: 'GET',
      url: '/v1/services',
      summary: 'Active services that at least one active provider offers, by name',
      tags: ['public'],
      auth: 'public',
      responses: { 200: { description: 'Bookable services', schema: ZPublicServiceList } },
      async handler() {
        return { services: (await listPublicServices(deps.db)).map(presentPublicService) };
      },
    }),
  ];
}
