/**
 * The Fastify gateway: routes from `routes/*.route.ts`, zod validation, rate limiting on every endpoint,
 * Bearer auth on admin routes, problem+json errors, Prometheus metrics, structured pino logs.
 *
 * Accepted request bodies are JSON only (any other content type is 415); bodies over `bodyLimitBytes`
 * are 413. The app does not listen; the caller does (`listen`) and closes it for a graceful shutdown.
 */
import formbody from '@fastify/formbody';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import type { RateLimitStore } from './rate-limit-store.ts';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { AppError } from '../errors.ts';
import { isDatabaseUnavailable } from '../db/pg-errors.ts';
import { createCallerAuth } from './auth.ts';
import type { GatewayDeps } from './deps.ts';
import { registerPublicCors } from './cors.ts';
import { buildOpenApi } from './openapi.ts';
import { problemOf, sendProblem, toProblem } from './problem.ts';
import type { AnyRoute } from './route.ts';
import { adminOverrideRoutes } from './routes/admin-overrides.route.ts';
import { adminResourceRoutes } from './routes/admin-resources.route.ts';
import { adminProviderRoutes } from './routes/admin-providers.route.ts';
import { adminServiceRoutes } from './routes/admin-services.route.ts';
import { availabilityRoutes } from './routes/availability.route.ts';
import { bookingRoutes } from './routes/bookings.route.ts';
import { adminBookingRoutes } from './routes/admin-bookings.route.ts';
import { adminFrontDeskRoutes } from './routes/admin-front-desk.route.ts';
import { adminMessageRoutes } from './routes/admin-messages.route.ts';
import { adminDeliveryRoutes } from './routes/admin-delivery.route.ts';
import { adminTemplateRoutes } from './routes/admin-templates.route.ts';
import { adminConnectionRoutes } from './routes/admin-connections.route.ts';
import { adminStatsRoutes } from './routes/admin-stats.route.ts';
import { adminApiKeyRoutes } from './routes/admin-api-keys.route.ts';
import { shortLinkRoutes } from './routes/short-links.route.ts';
import { webhookRoutes } from './routes/webhooks.route.ts';
import { manageRoutes } from './routes/manage.route.ts';
import { opsRoutes } from './routes/ops.route.ts';
import { selftestRoutes } from './routes/selftest.route.ts';
import { serviceRoutes } from './routes/services.route.ts';
import { settingsRoutes } from './routes/settings.route.ts';
import { parseInput } from './validation.ts';
import { registerWebRoutes } from './routes/web.route.ts';
import { agentToolDeps } from './agent-tool-deps.ts';
import { registerMcp } from './mcp/mcp.route.ts';
import { retellRoutes } from './voice/retell.route.ts';
import { vapiRoutes } from './voice/vapi.route.ts';
import { emailInboundRoutes } from './routes/email-inbound.route.ts';
import { emailChoiceRoutes } from './routes/email-choice.route.ts';
import { adminEmailRoutes } from './routes/admin-email.route.ts';

export type GatewayOptions = {
  logger: Logger;
  rateLimitPerMinute: number;
  /** Counters in Redis, shared by every gateway (REDIS_URL); absent: in this process's memory. */
  rateLimitStore?: RateLimitStore | undefined;
  bodyLimitBytes: number;
  publicBaseUrl?: string | undefined;
  /** Origins allowed to call the public booking API from a browser (gateway/cors.ts); default '*'. */
  corsOrigins?: '*' | string[] | undefined;
  /** Which X-Forwarded-For hops to believe (config TRUST_PROXY); default false: the socket's address. */
  trustProxy?: false | number | string[] | undefined;
  /** Only for tests that need to observe 500 handling; not reachable in production. */
  extraRoutes?: AnyRoute[];
};

/** Fastify's trustProxy from TRUST_PROXY: a hop count becomes proxy-addr's "trust the first n hops". */
function trustProxyOption(t: false | number | string[]): boolean | string[] | ((addr: string, hop: number) => boolean) {
  return typeof t === 'number' ? (_addr, hop) => hop < t : t;
}

export async function buildGateway(deps: GatewayDeps, opts: GatewayOptions): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: opts.logger as FastifyBaseLogger,
    bodyLimit: opts.bodyLimitBytes,
    // Not `true`: that makes req.ip the left-most X-Forwarded-For entry, which any client writes itself
    // (one fresh rate-limit bucket per made-up address).
    trustProxy: trustProxyOption(opts.trustProxy ?? false),
    return503OnClosing: true,
    routerOptions: { ignoreTrailingSlash: true },
  });
  // Bodies are JSON only: without a parser for text/plain, Fastify answers 415 for it.
  app.removeContentTypeParser('text/plain');

  app.setErrorHandler((raw, req, reply) => {
    // PostgreSQL restarting or cutting connections is a moment's unavailability, not a bug: 503 + Retry-After.
    const err = isDatabaseUnavailable(raw)
      ? new AppError('service_unavailable', 'The database is unavailable for a moment; retry shortly (reuse your Idempotency-Key).', {
          retryAfterSeconds: 2,
          cause: raw,
        })
      : raw;
    const problem = toProblem(err, req);
    if (problem.status >= 500) req.log.error({ err: raw }, 'request failed');
    if (err instanceof AppError && err.extra.retryAfterSeconds !== undefined) {
      reply.header('retry-after', String(err.extra.retryAfterSeconds));
    }
    return sendProblem(reply, problem);
  });
  // The caller (API key) is known before the rate limiter runs: a valid key is its own bucket.
  const auth = createCallerAuth({ adminApiKey: deps.adminApiKey, db: deps.db });
  app.addHook('onRequest', async (req) => {
    req.caller = await auth.resolveCaller(req);
  });
  await app.register(rateLimit, {
    global: true,
    max: opts.rateLimitPerMinute,
    timeWindow: '1 minute',
    keyGenerator: (req) => (req.caller?.kind === 'key' ? `key:${req.caller.keyId}` : req.ip),
    ...(opts.rateLimitStore ? { redis: opts.rateLimitStore.redis, nameSpace: opts.rateLimitStore.nameSpace, skipOnError: true } : {}),
    errorResponseBuilder: (_req, ctx) => new AppError('rate_limited', `Rate limit of ${ctx.max} requests per ${ctx.after} exceeded; retry later.`),
  });
  await registerPublicCors(app, opts.corsOrigins ?? '*');
  app.setNotFoundHandler({ preHandler: app.rateLimit() }, (req, reply) =>
    sendProblem(reply, problemOf('not_found', `No route ${req.method} ${req.url.split('?')[0]}`, { instance: req.url })),
  );

  // Unknown paths are rate limited too: scanning them costs the scanner its budget.
  app.addHook('onResponse', async (req, reply) => {
    const route = req.routeOptions.url ?? 'unmatched';
    deps.metrics.httpRequests.inc({ method: req.method, route, status: String(reply.statusCode) });
    deps.metrics.httpDuration.observe({ method: req.method, route }, reply.elapsedTime / 1000);
  });

  const guards = { admin: auth.requireAccess('admin'), agent: auth.requireAccess('agent') };
  let openApiDoc: object | undefined;
  const routes: AnyRoute[] = [
    ...opsRoutes(deps, () => (openApiDoc ??= buildOpenApi(routes, { version: deps.version, serverUrl: opts.publicBaseUrl }))),
    ...selftestRoutes(deps),
    ...availabilityRoutes(deps),
    ...bookingRoutes(deps),
    ...adminBookingRoutes(deps),
    ...adminFrontDeskRoutes(deps),
    ...adminMessageRoutes(deps),
    ...adminDeliveryRoutes(deps),
    ...adminTemplateRoutes(deps),
    ...adminConnectionRoutes(deps),
    ...adminStatsRoutes(deps),
    ...adminApiKeyRoutes(deps),
    ...webhookRoutes(deps),
    ...vapiRoutes(deps),
    ...emailInboundRoutes(deps),
    ...emailChoiceRoutes(deps),
    ...adminEmailRoutes(deps),
    ...retellRoutes(deps),
    ...shortLinkRoutes(deps),
    ...manageRoutes(deps),
    ...serviceRoutes(deps),
    ...adminProviderRoutes(deps),
    ...adminOverrideRoutes(deps),
    ...adminResourceRoutes(deps),
    ...adminServiceRoutes(deps),
    ...settingsRoutes(deps),
    ...(opts.extraRoutes ?? []),
  ];
  const register = (scope: FastifyInstance, r: AnyRoute, extra: { bodyLimit?: number } = {}) =>
    scope.route({
      ...extra,
      method: r.method,
      url: r.url,
      ...(r.rateLimitPerMinute ? { config: { rateLimit: { max: r.rateLimitPerMinute, timeWindow: '1 minute' } } } : {}),
      ...(r.auth === 'public' ? {} : { preHandler: guards[r.auth] }),
      handler: async (req, reply) => {
        const input = {
          body: r.body ? parseInput(r.body, req.body, 'body') : undefined,
          query: r.query ? parseInput(r.query, req.query, 'query') : undefined,
          params: r.params ? parseInput(r.params, req.params, 'params') : undefined,
        };
        return r.handler(input, req, reply);
      },
    });
  for (const r of routes.filter((x) => x.bodyType === undefined || x.bodyType === 'json')) register(app, r);
  // Form bodies only where a provider posts them (webhooks): an encapsulated scope with the parser.
  const formRoutes = routes.filter((x) => x.bodyType === 'form');
  if (formRoutes.length > 0) {
    await app.register(async (scope) => {
      await scope.register(formbody);
      for (const r of formRoutes) register(scope, r);
    });
  }
  // Signed JSON (voice-agent webhooks): the exact bytes are kept for the signature check.
  const rawJsonRoutes = routes.filter((x) => x.bodyType === 'raw-json');
  if (rawJsonRoutes.length > 0) {
    await app.register(async (scope) => {
      scope.removeContentTypeParser('application/json');
      scope.addContentTypeParser('application/json', { parseAs: 'string' }, (req, body, done) => {
        req.rawBody = body as string;
        try {
          done(null, JSON.parse(body as string));
        } catch {
          done(new AppError('malformed_request', 'The body is not valid JSON.'), undefined);
        }
      });
      for (const r of rawJsonRoutes) register(scope, r);
    });
  }
  // Multipart forms (SendGrid Inbound Parse): fields up to the inbound size limit; files are drained and
  // dropped (no attachment is kept), so they cost no memory.
  const multipartRoutes = routes.filter((x) => x.bodyType === 'multipart');
  if (multipartRoutes.length > 0) {
    const limit = deps.email?.maxBytes ?? 5_000_000;
    await app.register(async (scope) => {
      await scope.register(multipart, {
        attachFieldsToBody: 'keyValues',
        // One byte over the limit: a longer field arrives truncated to limit + 1, and the route refuses it (413).
        limits: { fieldSize: limit + 1, fileSize: limit, files: 50, fields: 60, parts: 120 },
        async onFile(part) {
          part.file.resume();
          (part as unknown as { value: string }).value = '';
        },
      });
      for (const r of multipartRoutes) register(scope, r, { bodyLimit: limit + 1_000_000 });
    });
  }
  await registerMcp(app, {
    deps: agentToolDeps(deps),
    version: deps.version,
    publicBaseUrl: opts.publicBaseUrl,
    allowedOrigins: deps.agents?.allowedOrigins ?? [],
  });
  if (deps.web) await registerWebRoutes(app, deps.web.distDir);
  return app;
}
