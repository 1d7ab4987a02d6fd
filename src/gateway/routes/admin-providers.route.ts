/** `/v1/admin/providers`: create, list, read and change providers (name, contact, zone, weekly hours). */
import { createProvider, getProviderOrFail, listProviders, updateProvider } from '../../db/provider.repository.ts';
import type { GatewayDeps } from '../deps.ts';
import { presentProvider } from '../presenters/catalog.presenter.ts';
import { defineRoute, type AnyRoute } from '../route.ts';
import { ZProvider, ZProviderList } from '../schemas/catalog-responses.schemas.ts';
import { ZCreateProvider, ZIdParams, ZUpdateProvider } from '../schemas/catalog.schemas.ts';

const tags = ['admin', 'providers'];

export function adminProviderRoutes(deps: GatewayDeps): AnyRoute[] {
  return [
    defineRoute({
      method: 'POST',
      url: '/v1/admin/providers',
      summary: 'Create a provider',
      tags,
      auth: 'admin',
      body: ZCreateProvider,
      responses: { 201: { description: 'The provider', schema: ZProvider } },
      async handler({ body }, _req, reply) {
        reply.status(201);
        return presentProvider(await createProvider(deps.db, body));
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/v1/admin/providers',
      summary: 'List providers, by name',
      tags,
      auth: 'admin',
      responses: { 200: { description: 'All providers', schema: ZProviderList } },
      async handler() {
        return { providers: (await listProviders(deps.db)).map(presentProvider) };
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/v1/admin/providers/:id',
      summary: 'Read a provider',
      tags,
      auth: 'admin',
      errors: ['not_found'],
      params: ZIdParams,
      responses: { 200: { description: 'The provider', schema: ZProvider } },
      async handler({ params }) {
        return presentProvider(await getProviderOrFail(deps.db, params.id));
      },
    }),
    defineRoute({
      method: 'PATCH',
      url: '/v1/admin/providers/:id',
      summary: 'Change a provider; absent fields stay, `weeklyHours` replaces the whole week',
      tags,
      auth: 'admin',
      errors: ['not_found'],
      params: ZIdParams,
      body: ZUpdateProvider,
      responses: { 200: { description: 'The changed provider', schema: ZProvider } },
      async handler({ params, body }) {
        return presentProvider(await updateProvider(deps.db, params.id, body));
      },
    }),
  ];
}
