/**
 * OpenAPI 3.1 from the route definitions. zod 4 emits JSON Schema 2020-12, which is OpenAPI 3.1's
 * dialect, so schemas are embedded as they are. Every operation documents the problem+json errors it can
 * answer.
 */
import { z } from 'zod';
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

const problemRef = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
});

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
      responses[status] = {
        description: res.description,
        ...(res.schema ? { content: { [res.contentType ?? 'application/json']: { schema: jsonSchema(res.schema, 'output') } } } : {}),
      };
    }
    if (r.body || r.query || r.params) responses['422'] = problemRef('Invalid input (`invalid_request`)');
    if (r.body) {
      responses['400'] = problemRef('Body is not valid JSON (`malformed_request`)');
      responses['413'] = problemRef('Body too large (`payload_too_large`)');
      responses['415'] = problemRef('Body is not JSON (`unsupported_media_type`)');
    }
    if (r.auth !== 'public') {
      responses['401'] = problemRef('Missing, unknown or revoked API key (`unauthorized`)');
      if (r.auth === 'admin') responses['403'] = problemRef('An agent-scoped key on an admin route (`forbidden`)');
    }
    responses['429'] = problemRef('Rate limited (`rate_limited`), see Retry-After');
    paths[p] ??= {};
    paths[p][r.method.toLowerCase()] = {
      summary: r.summary,
      tags: r.tags,
      ...(r.auth === 'public' ? {} : { security: [{ [r.auth === 'admin' ? 'adminKey' : 'agentKey']: [] }] }),
      parameters: [...parameters(r.params, 'path'), ...parameters(r.query, 'query')],
      ...(r.body
        ? {
            requestBody: {
              required: true,
              content: { [MEDIA_TYPES[r.bodyType ?? 'json']]: { schema: jsonSchema(r.body, 'input') } },
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
      securitySchemes: {
        adminKey: { type: 'http', scheme: 'bearer', description: 'ADMIN_API_KEY or an API key with scope `admin`' },
        agentKey: { type: 'http', scheme: 'bearer', description: 'An API key with scope `agent` (or `admin`)' },
      },
    },
  };
}
