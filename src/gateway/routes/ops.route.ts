/** Ops endpoints: liveness with dependency checks, Prometheus metrics, OpenAPI docs. */
import { z } from 'zod';
import { AppError } from '../../errors.ts';
import { createTokenCheck } from '../auth.ts';
import { defineRoute, type AnyRoute } from '../route.ts';
import { DOCS_ASSETS, docsAsset, docsPageCsp, renderDocsPage, type DocsAsset } from '../docs-page.ts';
import type { GatewayDeps } from '../deps.ts';

const ZHealth = z.object({
  status: z.enum(['ok']),
  checks: z.object({ database: z.literal('ok'), temporal: z.literal('ok') }),
  version: z.string(),
});

/** /healthz's own budget per client and minute (a load balancer's probes must not be refused). */
export const HEALTHZ_PER_MINUTE = 600;

export function opsRoutes(deps: GatewayDeps, openApi: () => object): AnyRoute[] {
  const metricsAuth = deps.metricsToken ? createTokenCheck(deps.metricsToken, 'metrics token (METRICS_TOKEN)') : undefined;
  return [
    defineRoute({
      method: 'GET',
      url: '/healthz',
      summary: 'Liveness: answers 200 when the database and Temporal both answer, else 503',
      tags: ['ops'],
      auth: 'public',
      // A load balancer probes every second from one address (HAProxy in `slotflow cluster`: 60 a minute).
      rateLimitPerMinute: HEALTHZ_PER_MINUTE,
      responses: { 200: { description: 'Healthy', schema: ZHealth } },
      async handler(_input, req) {
        // Which dependency failed, never its error text (addresses, SQL, stack details stay in the log).
        const failures: string[] = [];
        await Promise.all([
          deps.checks.database().catch((err: unknown) => {
            req.log.warn({ err }, 'health check: database unavailable');
            failures.push('database unavailable');
          }),
          deps.checks.temporal().catch((err: unknown) => {
            req.log.warn({ err }, 'health check: temporal unavailable');
            failures.push('temporal unavailable');
          }),
        ]);
        if (failures.length > 0) throw new AppError('service_unavailable', `${failures.join('; ')}.`);
        return { status: 'ok', checks: { database: 'ok', temporal: 'ok' }, version: deps.version };
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/metrics',
      summary: 'Prometheus metrics (text exposition format); `Authorization: Bearer <METRICS_TOKEN>` when that is set',
      tags: ['ops'],
      auth: 'public',
      errors: ['unauthorized'],
      responses: { 200: { description: 'Metrics', contentType: 'text/plain' } },
      async handler(_input, req, reply) {
        metricsAuth?.(req);
        reply.header('content-type', deps.metrics.registry.contentType);
        return deps.metrics.registry.metrics();
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/docs/openapi.json',
      summary: 'OpenAPI 3.1 document',
      tags: ['ops'],
      auth: 'public',
      hidden: true,
      responses: { 200: { description: 'OpenAPI document' } },
      async handler() {
        return openApi();
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/docs',
      summary: 'API documentation (HTML; JSON with Accept: application/json)',
      tags: ['ops'],
      auth: 'public',
      hidden: true,
      responses: { 200: { description: 'Docs' } },
      async handler(_input, req, reply) {
        if ((req.headers.accept ?? '').includes('application/json')) return openApi();
        const doc = openApi() as { info: { title: string; version: string }; servers?: { url: string }[] };
        reply.header('content-type', 'text/html; charset=utf-8').header('content-security-policy', docsPageCsp(doc.servers?.[0]?.url));
        return renderDocsPage(doc.info);
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/docs/assets/:file',
      summary: "The docs page's scripts and styles (Swagger UI from swagger-ui-dist, served locally)",
      tags: ['ops'],
      auth: 'public',
      hidden: true,
      params: z.object({ file: z.enum(Object.keys(DOCS_ASSETS) as [DocsAsset, ...DocsAsset[]]) }).strict(),
      responses: { 200: { description: 'The file' } },
      async handler({ params }, _req, reply) {
        reply.header('content-type', DOCS_ASSETS[params.file].type).header('cache-control', 'public, max-age=3600');
        return docsAsset(params.file);
      },
    }),
  ];
}
