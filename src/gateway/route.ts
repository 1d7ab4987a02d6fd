/**
 * Route definitions: one object per endpoint holding its zod schemas, auth and handler. The same objects
 * register the Fastify routes (validation through `parseInput`) and generate the OpenAPI document, so the
 * docs cannot drift from what the code accepts.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { RouteAccess } from '../domain/access/api-key-scope.ts';

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
  /** Success responses by status, for the docs. */
  responses: Record<number, { description: string; schema?: z.ZodType; contentType?: string }>;
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
