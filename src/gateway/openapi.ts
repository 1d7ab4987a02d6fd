/**
 * OpenAPI 3.1 from the route definitions. zod 4 emits JSON Schema 2020-12, which is OpenAPI 3.1's
 * dialect, so schemas are embedded as they are. Every operation documents the problem+json errors it can
 * answer: per status one response whose `code` is an enum of the codes (those of its kind and the route's
 * declared `errors`), with an example each; Retry-After on 429/503, the rate-limit headers on every answer.
 */
import { z } from 'zod';
import { ERROR_CODES, type ErrorCode } from '../errors.ts';
import { problemOf, TITLES } from './problem.ts';
import type { AnyRoute } from './route.ts';

type JsonSchema = Record<string, unknown>;

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonSchema;
  return rest;
}

function parameters(schema: z.ZodType | undefined, where: 'query' | 'path'): JsonSchema[] {
  if (!schema) return [];
  const js = jsonSchema(schema, 'input') as { properties?: Record<string, JsonSchema>; required?: string[] };
  return Object.entries(js.properties ?? {}).map(([name, s]) => ({
    name,
    in: where,
    required: where === 'path' || (js.required ?? []).includes(name),
    schema: s,
    ...(typeof s.description === 'string' ? { description: s.description } : {}),
  }));
}

const PROBLEM_SCHEMA: JsonSchema = {
  type: 'object',
  required: ['type', 'title', 'status', 'code', 'detail'],
  properties: {
    type: { type: 'string' },
    title: { type: 'string' },
    status: { type: 'integer' },
    code: { type: 'string', description: 'Stable machine-readable error code' },
    detail: { type: 'string' },
    instance: { type: 'string' },
    errors: {
      type: 'array',
      items: { type: 'object', properties: { path: { type: 'string' }, message: { type: 'string' } } },
    },
  },
};

/** Example `detail` texts (what the code answers); other codes show their title. */
const EXAMPLE_DETAILS: Partial<Record<ErrorCode, string>> = {
  invalid_request: 'body.start: needs a UTC offset, e.g. 2026-12-08T10:00:00+01:00',
  slot_unavailable: 'That time is not available for this service.',
  not_a_slot: 'That time is not a bookable slot of this service: pick a start from GET /v1/availability.',
  not_found: 'No booking 7d1f0c7e-6a5b-4f3e-9c2d-1b0a9e8d7c6b.',
  rate_limited: 'Rate limit of 60 requests per 1 minute exceeded; retry later.',
  service_unavailable: 'The booking engine is unavailable; retry shortly (reuse your Idempotency-Key).',
  idempotency_key_mismatch: 'This Idempotency-Key was already used for a different booking request.',
  link_expired: 'This link has expired.',
  policy_window: 'This booking can be cancelled online until 24 hours before the appointment. Please contact us.',
};

/** Codes every route of its kind can answer (route.ts `errors` adds the route's own). */
function genericCodes(r: AnyRoute): ErrorCode[] {
  const codes: ErrorCode[] = [];
  if (r.body || r.query || r.params || r.headers) codes.push('invalid_request');
  if (r.body) codes.push('malformed_request', 'payload_too_large', 'unsupported_media_type');
  if (r.auth !== 'public') codes.push('unauthorized');
  if (r.auth === 'admin') codes.push('forbidden');
  // Rate limits everywhere; 503 when the database (any route) or Temporal is away, or the gateway closes.
  codes.push('rate_limited', 'internal_error', 'service_unavailable');
  return codes;
}

const RATE_LIMIT_HEADERS = {
  'x-ratelimit-limit': { $ref: '#/components/headers/RateLimitLimit' },
  'x-ratelimit-remaining': { $ref: '#/components/headers/RateLimitRemaining' },
  'x-ratelimit-reset': { $ref: '#/components/headers/RateLimitReset' },
};

/** One response per status: its codes as an enum (a generated client narrows on them) and an example each. */
function problemResponses(codes: ErrorCode[], instance: string): Record<string, unknown> {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const c of new Set(codes)) byStatus.set(ERROR_CODES[c], [...(byStatus.get(ERROR_CODES[c]) ?? []), c]);
  const out: Record<string, unknown> = {};
  for (const [status, list] of [...byStatus].sort(([a], [b]) => a - b)) {
    out[String(status)] = {
      description: list.map((c) => `\`${c}\`: ${TITLES[c]}`).join('; '),
      headers: { ...(status === 429 || status === 503 ? { 'Retry-After': { $ref: '#/components/headers/RetryAfter' } } : {}), ...RATE_LIMIT_HEADERS },
      content: {
        'application/problem+json': {
          schema: {
            allOf: [
              { $ref: '#/components/schemas/Problem' },
              { type: 'object', properties: { status: { type: 'integer', const: status }, code: { type: 'string', enum: list } } },
            ],
          },
          examples: Object.fromEntries(list.map((c) => [c, { summary: TITLES[c], value: problemOf(c, EXAMPLE_DETAILS[c] ?? `${TITLES[c]}.`, { instance }) }])),
        },
      },
    };
  }
  return out;
}

function headerParameters(r: AnyRoute): JsonSchema[] {
  return Object.entries(r.headers ?? {}).map(([name, h]) => ({
    name,
    in: 'header',
    required: h.required ?? false,
    description: h.description,
    schema: jsonSchema(h.schema, 'input'),
  }));
}

/** The request media type of each body kind (route.ts `bodyType`). */
const MEDIA_TYPES = {
  json: 'application/json',
  'raw-json': 'application/json',
  form: 'application/x-www-form-urlencoded',
  multipart: 'multipart/form-data',
} as const;

export function buildOpenApi(routes: AnyRoute[], info: { version: string; serverUrl?: string | undefined }) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of routes) {
    if (r.hidden) continue;
    const p = r.url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
    const responses: Record<string, unknown> = {};
    for (const [status, res] of Object.entries(r.responses)) {
      const media =
        res.schema || res.example !== undefined
          ? { ...(res.schema ? { schema: jsonSchema(res.schema, 'output') } : {}), ...(res.example !== undefined ? { example: res.example } : {}) }
          : undefined;
      responses[status] = {
        description: res.description,
        headers: RATE_LIMIT_HEADERS,
        ...(media ? { content: { [res.contentType ?? 'application/json']: media } } : {}),
      };
    }
    // A status the route answers itself (an HTML page of the e-mail links) keeps its own description.
    for (const [status, res] of Object.entries(
      problemResponses([...genericCodes(r), ...(r.errors ?? [])], p.replace(/\{id\}/g, '7d1f0c7e-6a5b-4f3e-9c2d-1b0a9e8d7c6b')),
    )) {
      responses[status] ??= res;
    }
    paths[p] ??= {};
    paths[p][r.method.toLowerCase()] = {
      summary: r.summary,
      tags: r.tags,
      ...(r.auth === 'public' ? {} : { security: [{ [r.auth === 'admin' ? 'adminKey' : 'agentKey']: [] }] }),
      parameters: [...parameters(r.params, 'path'), ...parameters(r.query, 'query'), ...headerParameters(r)],
      ...(r.body
        ? {
            requestBody: {
              required: true,
              content: {
                [MEDIA_TYPES[r.bodyType ?? 'json']]: {
                  schema: jsonSchema(r.body, 'input'),
                  ...(r.bodyExample !== undefined ? { example: r.bodyExample } : {}),
                },
              },
            },
          }
        : {}),
      responses,
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'slotflow API',
      version: info.version,
      description: 'Appointment & booking automation. Errors are application/problem+json with a stable `code`.',
    },
    ...(info.serverUrl ? { servers: [{ url: info.serverUrl }] } : {}),
    paths,
    components: {
      schemas: { Problem: PROBLEM_SCHEMA },
      headers: {
        RetryAfter: { description: 'Seconds to wait before retrying', schema: { type: 'integer', minimum: 0 } },
        RateLimitLimit: { description: 'Requests allowed per window (a minute) for this client', schema: { type: 'integer' } },
        RateLimitRemaining: { description: 'Requests left in the current window', schema: { type: 'integer' } },
        RateLimitReset: { description: 'Seconds until the window resets', schema: { type: 'integer' } },
      },
      securitySchemes: {
        adminKey: { type: 'http', scheme: 'bearer', description: 'ADMIN_API_KEY or an API key with scope `admin`' },
        agentKey: { type: 'http', scheme: 'bearer', description: 'An API key with scope `agent` (or `admin`)' },
      },
    },
  };
}
