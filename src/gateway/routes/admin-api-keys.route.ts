/**
 * `/v1/admin/api-keys`: issue, list and revoke scoped API keys (issue #15). The key itself is in the
 * issue answer only; lists show its prefix. Revocation works at once on every gateway (each request
 * reads the table; src/gateway/auth.ts).
 */
import { listApiKeys, revokeApiKey, type ApiKeyRow } from '../../db/api-key.repository.ts';
import { issueApiKey } from '../../use-cases/issue-api-key.ts';
import type { GatewayDeps } from '../deps.ts';
import { defineRoute, type AnyRoute } from '../route.ts';
import { ZApiKey, ZApiKeyList, ZCreateApiKey, ZIssuedApiKey } from '../schemas/api-keys.schemas.ts';
import { ZIdParams } from '../schemas/catalog.schemas.ts';

const tags = ['admin', 'api-keys'];

function presentApiKey(row: ApiKeyRow) {
  return {
    id: row.id,
    name: row.name,
    scope: row.scope,
    prefix: row.key_prefix,
    createdAt: row.created_at.toISOString(),
    lastUsedAt: row.last_used_at?.toISOString() ?? null,
    revokedAt: row.revoked_at?.toISOString() ?? null,
  };
}

export function adminApiKeyRoutes(deps: GatewayDeps): AnyRoute[] {
  return [
    defineRoute({
      method: 'POST',
      url: '/v1/admin/api-keys',
      summary: 'Issue an API key (scope `agent` for MCP clients and phone agents, `admin` for the admin API); the key is shown once',
      tags,
      auth: 'admin',
      body: ZCreateApiKey,
      responses: { 201: { description: 'The new key, with `key` (shown only here)', schema: ZIssuedApiKey } },
      async handler({ body }, _req, reply) {
        const { key, row } = await issueApiKey(deps.db, body);
        reply.status(201).header('cache-control', 'no-store');
        return { ...presentApiKey(row), key };
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/v1/admin/api-keys',
      summary: 'List API keys, newest first (revoked ones with `revokedAt`)',
      tags,
      auth: 'admin',
      responses: { 200: { description: 'The keys, without the keys themselves', schema: ZApiKeyList } },
      async handler() {
        return { apiKeys: (await listApiKeys(deps.db)).map(presentApiKey) };
      },
    }),
    defineRoute({
      method: 'DELETE',
      url: '/v1/admin/api-keys/:id',
      summary: 'Revoke an API key (at once, on every gateway); revoking twice keeps the first time',
      tags,
      auth: 'admin',
      errors: ['not_found'],
      params: ZIdParams,
      responses: { 200: { description: 'The revoked key', schema: ZApiKey } },
      async handler({ params }) {
        return presentApiKey(await revokeApiKey(deps.db, params.id));
      },
    }),
  ];
}
