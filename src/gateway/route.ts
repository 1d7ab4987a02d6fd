/**
 * Route definitions: one object per endpoint holding its zod schemas, auth and handler. The same objects
 * register the Fastify routes (validation through `parseInput`) and generate the OpenAPI document, so the
 * docs cannot drift from what the code accepts.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { RouteAccess } from '../domain/access/api-key-scope.ts';
import type { ErrorCode } from '../errors.ts';

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

export type RouteDef<B extends z.ZodType = z.ZodType, Q extends z.ZodType = z.ZodType, P extends z.ZodType = z.ZodType> = {
  method: HttpMethod;
  /** Fastify syntax (`/v1/bookings/:id`); OpenAPI gets `{id}`. */
  url: string;
  summary: string;
  tags: string[];
  /** Who may call it (src/domain/access/api-key-scope.ts): anyone, an agent or admin key, an admin key. */
  auth: RouteAccess;
  body?: B;
  /**
   * `form`: application/x-www-form-urlencoded (provider webhooks such as Twilio's); `raw-json`: JSON whose
   * exact bytes a signature covers (Retell), kept as `req.rawBody`; `multipart`: multipart/form-data fields
   * as strings, files drained and dropped (inbound-parse webhooks); default JSON only.
   */
  bodyType?: 'json' | 'form' | 'raw-json' | 'multipart';
  query?: Q;
  params?: P;
  /** Success responses by status, for the docs; `example` is a typical body. */
  responses: Record<number, { description: string; schema?: z.ZodType; contentType?: string; example?: unknown }>;
  /**
   * The problem codes its handler (and what it calls) can answer beyond those every route of its kind can
   * (`invalid_request` with input, `malformed_request` / `payload_too_large` / `unsupported_media_type`
   * with a body, `unauthorized` / `forbidden` with auth, `rate_limited`, `service_unavailable`, added by
   * openapi.ts). The document lists them per status; test/gateway/openapi.test.ts checks every
   * `new AppError('…')` of a route file and of the use cases it calls is declared by one of its routes.
   */
  errors?: ErrorCode[];
  /** Request headers it honours, for the docs. */
  headers?: Record<string, { description: string; schema: z.ZodType; required?: boolean }>;
  /** A typical request body, for the docs. */
  bodyExample?: unknown;
  /** Hidden from OpenAPI (e.g. the docs page itself). */
  hidden?: boolean;
  /**
   * Its own budget per client and minute instead of the global RATE_LIMIT_PER_MINUTE (still rate limited):
   * /healthz, which a load balancer probes every second or two from one address.
   */
  rateLimitPerMinute?: number;
  handler: (input: { body: z.output<B>; query: z.output<Q>; params: z.output<P> }, req: FastifyRequest, reply: FastifyReply) => Promise<unknown>;
};

/** Identity helper that keeps the schema types flowing into the handler's input. */
export function defineRoute<B extends z.ZodType, Q extends z.ZodType, P extends z.ZodType>(def: RouteDef<B, Q, P>): RouteDef<B, Q, P> {
  return def;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyRoute = RouteDef<any, any, any>;
