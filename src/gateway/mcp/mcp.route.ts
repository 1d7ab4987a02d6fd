/**
 * `/mcp`: the MCP endpoint (Streamable HTTP, stateless; the 2026-07-28 revision and 2025-era clients through
 * the SDK's stateless fallback), and its protected-resource metadata (RFC 9728).
 *
 * - Auth: `Authorization: Bearer <API key>` with scope `agent` (or `admin`). Without a valid key: 401 with
 *   `WWW-Authenticate: Bearer resource_metadata="<base>/.well-known/oauth-protected-resource/mcp"`.
 * - Origin: a browser's `Origin` must be the public base URL's host, a localhost one, or listed in
 *   MCP_ALLOWED_ORIGINS (403 otherwise; DNS-rebinding protection). Clients outside a browser send none.
 * - GET and DELETE (2025 session operations) answer 405: nothing is kept between requests.
 * - Rate limited like every route: per API key (src/gateway/auth.ts).
 */
import { toNodeHandler } from '@modelcontextprotocol/node';
import { createMcpHandler, type AuthInfo } from '@modelcontextprotocol/server';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AgentCaller, AgentToolDeps } from '../../agent-tools/agent-context.ts';
import { problemOf, sendProblem } from '../problem.ts';
import { buildMcpServer } from './mcp-server.ts';

export const MCP_PATH = '/mcp';
export const MCP_METADATA_PATH = '/.well-known/oauth-protected-resource/mcp';

export type McpOptions = {
  deps: Omit<AgentToolDeps, 'log'>;
  version: string;
  /** PUBLIC_BASE_URL: the resource's identifier and where its metadata lives (default: the request's own origin). */
  publicBaseUrl?: string | undefined;
  /** Extra hostnames a browser-based client may call from (MCP_ALLOWED_ORIGINS). */
  allowedOrigins: readonly string[];
};

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

function baseUrlOf(req: FastifyRequest, configured: string | undefined): string {
  return (configured ?? `${req.protocol}://${req.host}`).replace(/\/+$/, '');
}

/** True when the request carries no Origin, or one whose hostname is ours, local, or allowed. */
export function originAllowed(origin: string | undefined, allowed: ReadonlySet<string>): boolean {
  if (origin === undefined) return true;
  try {
    const host = new URL(origin).hostname.toLowerCase();
    return LOCAL_HOSTS.has(host) || allowed.has(host);
  } catch {
    return false;
  }
}

export async function registerMcp(app: FastifyInstance, opts: McpOptions): Promise<void> {
  const allowed = new Set(opts.allowedOrigins.map((o) => o.toLowerCase()));
  if (opts.publicBaseUrl) allowed.add(new URL(opts.publicBaseUrl).hostname.toLowerCase());

  const handler = createMcpHandler((ctx) => {
    const caller = ctx.authInfo?.extra?.['caller'] as AgentCaller;
    return buildMcpServer({ ...opts.deps, log: (err, tool) => app.log.error({ err, tool }, 'agent tool failed') }, caller, opts.version);
  });
  const node = toNodeHandler(handler);

  app.get(MCP_METADATA_PATH, async (req) => {
    const base = baseUrlOf(req, opts.publicBaseUrl);
    return {
      resource: `${base}${MCP_PATH}`,
      // API keys are issued by the business's admin (POST /v1/admin/api-keys): no OAuth server to list.
      authorization_servers: [],
      bearer_methods_supported: ['header'],
      scopes_supported: ['agent'],
      resource_name: 'slotflow bookings',
      resource_documentation: `${base}/docs`,
    };
  });

  app.route({
    method: ['GET', 'POST', 'DELETE'],
    url: MCP_PATH,
    async handler(req: FastifyRequest, reply: FastifyReply) {
      if (!originAllowed(req.headers.origin, allowed)) {
        return sendProblem(reply, problemOf('forbidden', 'This Origin may not call the MCP endpoint.'));
      }
      const caller = req.caller;
      if (caller?.kind !== 'key') {
        reply.header('www-authenticate', `Bearer resource_metadata="${baseUrlOf(req, opts.publicBaseUrl)}${MCP_METADATA_PATH}"`);
        return sendProblem(
          reply,
          problemOf(
            'unauthorized',
            caller?.kind === 'invalid' ? 'The API key is not valid (unknown or revoked).' : 'Send an agent API key as `Authorization: Bearer <key>`.',
          ),
        );
      }
      const agent: AgentCaller = { channel: 'agent', id: `agent:${caller.keyId}` };
      const auth: AuthInfo = { token: 'api-key', clientId: caller.keyId, scopes: [caller.scope], extra: { caller: agent } };
      reply.hijack();
      await node(Object.assign(req.raw, { auth }), reply.raw, req.body);
    },
  });
}
