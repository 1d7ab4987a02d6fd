/**
 * `/v1/admin/services/{serviceId}/templates`: per-service overrides of the booking-message templates
 * (mustache), per kind and locale, and a preview that renders them with a sample booking. The route
 * parses, calls one use case (list / get / save / delete / preview-message-template.ts in src/use-cases)
 * and presents; the rules are in src/domain/messages/template-overrides.ts and sample-booking.ts.
 *
 * Decisions:
 * - An override is any subset of the four parts (subject, text, html, sms); a part that is null or absent
 *   uses the default (render-message.ts). PUT replaces the whole override of that kind and locale
 *   (absent part = null), so it is idempotent; at least one part must be a template. Blank parts are
 *   stored as null (the renderer would use the default for them anyway).
 * - Every part is checked with `validateTemplate` before anything is stored: a syntax error, a partial,
 *   or an unknown variable is 422 `invalid_request` naming the part (`body.text`) with the validator's
 *   message. Length limits: subject 300, sms 1600, text and html 100 000 characters. The request schema
 *   checks this (so every problem is reported with its field path, and the limits appear in OpenAPI)
 *   before the use case is called, which checks it again for its other callers.
 * - A kind or locale that does not exist (`/templates/birthday/fr`) is 404 `not_found`: the templates
 *   are a fixed set of resources, and that one is not among them. A malformed service id is 422
 *   (`params.serviceId`), a well-formed one that does not exist 404, as elsewhere in the admin API.
 * - Preview renders exactly what delivery would (same renderer, same merge rules), for a sample booking:
 *   customer "Ada Lovelace", next Monday 09:00 in the zone of the service's first provider (active ones
 *   first, by name; Europe/Berlin when it has none), the service's duration and intake questions with
 *   sample answers, and manage links of the real length (the SMS segment count depends on them). Draft
 *   parts in the body go over the stored override: a string replaces that part, null means "the
 *   default", absent keeps the stored part. Drafts are validated like PUT bodies, because the renderer
 *   silently falls back to the default for a broken template.
 */
import { z } from 'zod';
import { storedTemplateParts, type TemplateRow } from '../../db/template.repository.ts';
import { MESSAGE_KINDS } from '../../domain/messages/message-context.ts';
import {
  emptyOverrideProblem,
  TEMPLATE_LOCALES,
  TEMPLATE_PART_LIMITS,
  templatePartProblem,
  type TemplatePart,
} from '../../domain/messages/template-overrides.ts';
import { deleteMessageTemplate } from '../../use-cases/delete-message-template.ts';
import { getMessageTemplate } from '../../use-cases/get-message-template.ts';
import { listMessageTemplates } from '../../use-cases/list-message-templates.ts';
import { previewMessageTemplate } from '../../use-cases/preview-message-template.ts';
import { saveMessageTemplate } from '../../use-cases/save-message-template.ts';
import type { GatewayDeps } from '../deps.ts';
import { defineRoute, type AnyRoute } from '../route.ts';
import { ZId } from '../schemas/catalog.schemas.ts';

const tags = ['admin', 'templates'];

// ---- request schemas --------------------------------------------------------------------------------

/** A mustache template of at most `max` characters that `validateTemplate` accepts; null = the default. */
function templatePart(part: TemplatePart) {
  const max = TEMPLATE_PART_LIMITS[part];
  return z
    .string()
    .max(max, `at most ${max} characters`)
    .check((ctx) => {
      if (ctx.value.length > max) return; // reported once, by max()
      const problem = templatePartProblem(part, ctx.value);
      if (problem) ctx.issues.push({ code: 'custom', message: problem, input: ctx.value });
    })
    .nullable()
    .optional()
    .meta({ description: `Mustache template for the ${part} (at most ${max} characters); null or absent = the default` });
}

const ZTemplateParts = z
  .object({ subject: templatePart('subject'), text: templatePart('text'), html: templatePart('html'), sms: templatePart('sms') })
  .strict();

const ZPutTemplate = ZTemplateParts.check((ctx) => {
  if (ctx.issues.length > 0) return; // e.g. an unknown key: that is the problem to report
  const problem = emptyOverrideProblem(ctx.value);
  if (problem) ctx.issues.push({ code: 'custom', message: problem, input: ctx.value });
});

const ZPreviewBody = ZTemplateParts.optional().transform((v) => v ?? {});

const ZServiceParams = z.object({ serviceId: ZId }).strict();
const ZTemplateParams = z
  .object({
    serviceId: ZId,
    kind: z
      .string()
      .max(64)
      .meta({ description: 'Message kind; another value is 404', enum: [...MESSAGE_KINDS] }),
    locale: z
      .string()
      .max(16)
      .meta({ description: 'Locale; another value is 404', enum: [...TEMPLATE_LOCALES] }),
  })
  .strict();

// ---- response schemas -------------------------------------------------------------------------------

const ZParts = z.object({ subject: z.string(), text: z.string(), html: z.string(), sms: z.string() });
const ZStoredOverride = z.object({
  subject: z.string().nullable(),
  text: z.string().nullable(),
  html: z.string().nullable(),
  sms: z.string().nullable(),
  updatedAt: z.iso.datetime(),
});
const ZOverrideOut = z.object({ kind: z.string(), locale: z.enum(TEMPLATE_LOCALES), ...ZStoredOverride.shape });
const ZTemplateIndex = z.object({
  variables: z.array(z.string()),
  lists: z.record(z.string(), z.array(z.string())),
  kinds: z.array(z.enum(MESSAGE_KINDS)),
  locales: z.array(z.enum(TEMPLATE_LOCALES)),
  overrides: z.array(ZOverrideOut),
});
const ZEffectiveTemplate = z.object({ kind: z.enum(MESSAGE_KINDS), locale: z.enum(TEMPLATE_LOCALES), default: ZParts, override: ZStoredOverride.nullable() });
const ZPreview = z.object({
  subject: z.string(),
  text: z.string(),
  html: z.string(),
  sms: z.object({ body: z.string(), encoding: z.enum(['GSM-7', 'UCS-2']), segments: z.number().int() }),
});

// ---- presenters -------------------------------------------------------------------------------------

function storedParts(t: TemplateRow) {
  return { ...storedTemplateParts(t), updatedAt: t.updated_at.toISOString() };
}

function presentOverride(t: TemplateRow): z.output<typeof ZOverrideOut> {
  return { kind: t.kind, locale: t.locale, ...storedParts(t) };
}

// ---- routes -----------------------------------------------------------------------------------------

export function adminTemplateRoutes(deps: GatewayDeps): AnyRoute[] {
  const base = '/v1/admin/services/:serviceId/templates';
  return [
    defineRoute({
      method: 'GET',
      url: base,
      summary: "A service's template overrides, with the variables, kinds and locales templates can use",
      tags,
      auth: 'admin',
      errors: ['not_found'],
      params: ZServiceParams,
      responses: { 200: { description: '{ variables, lists, kinds, locales, overrides }', schema: ZTemplateIndex } },
      async handler({ params }) {
        const index = await listMessageTemplates(deps, { serviceId: params.serviceId });
        return { ...index, overrides: index.overrides.map(presentOverride) };
      },
    }),
    defineRoute({
      method: 'GET',
      url: `${base}/:kind/:locale`,
      summary: 'The default template of a kind and locale and the service’s override of it (null: none)',
      tags,
      auth: 'admin',
      errors: ['not_found'],
      params: ZTemplateParams,
      responses: { 200: { description: '{ kind, locale, default, override }', schema: ZEffectiveTemplate } },
      async handler({ params }) {
        const t = await getMessageTemplate(deps, params);
        return { kind: t.kind, locale: t.locale, default: t.default, override: t.override ? storedParts(t.override) : null };
      },
    }),
    defineRoute({
      method: 'PUT',
      url: `${base}/:kind/:locale`,
      summary: 'Set the override of a kind and locale (replaces it; absent or null parts use the default)',
      tags,
      auth: 'admin',
      errors: ['not_found'],
      params: ZTemplateParams,
      body: ZPutTemplate,
      responses: { 200: { description: 'The stored override', schema: ZOverrideOut } },
      async handler({ params, body }) {
        return presentOverride(await saveMessageTemplate(deps, { ...params, parts: body }));
      },
    }),
    defineRoute({
      method: 'DELETE',
      url: `${base}/:kind/:locale`,
      summary: 'Remove the override of a kind and locale (the defaults apply again)',
      tags,
      auth: 'admin',
      errors: ['not_found'],
      params: ZTemplateParams,
      responses: { 204: { description: 'Removed' } },
      async handler({ params }, _req, reply) {
        await deleteMessageTemplate(deps, params);
        return reply.status(204).send();
      },
    }),
    defineRoute({
      method: 'POST',
      url: `${base}/:kind/:locale/preview`,
      summary: 'Render a kind and locale for a sample booking of the service, with optional draft parts over the stored override',
      tags,
      auth: 'admin',
      errors: ['not_found'],
      params: ZTemplateParams,
      body: ZPreviewBody,
      responses: { 200: { description: 'The rendered e-mail and SMS', schema: ZPreview } },
      async handler({ params, body }) {
        return previewMessageTemplate(deps, { ...params, draft: body });
      },
    }),
  ];
}
