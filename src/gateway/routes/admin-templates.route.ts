/**
 * `/v1/admin/services/{serviceId}/templates`: per-service overrides of the booking-message templates
 * (mustache), per kind and locale, and a preview that renders them with a sample booking.
 *
 * Decisions:
 * - An override is any subset of the four parts (subject, text, html, sms); a part that is null or absent
 *   uses the default (render-message.ts). PUT replaces the whole override of that kind and locale
 *   (absent part = null), so it is idempotent; at least one part must be a template. Blank parts are
 *   stored as null (the renderer would use the default for them anyway).
 * - Every part is checked with `validateTemplate` before anything is stored: a syntax error, a partial,
 *   or an unknown variable is 422 `invalid_request` naming the part (`body.text`) with the validator's
 *   message. Length limits: subject 300, sms 1600, text and html 100 000 characters.
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
import {
  deleteTemplateOverride,
  findTemplateOverride,
  listTemplateOverrides,
  upsertTemplateOverride,
  type TemplateRow,
} from '../../db/template.repository.ts';
import { sqlState, SQLSTATE } from '../../db/pg-errors.ts';
import { firstProviderOfService, getServiceOrFail } from '../../db/service.repository.ts';
import type { IntakeField } from '../../domain/catalog/types.ts';
import { KINDS_WITHOUT_MANAGE_LINK, MESSAGE_KINDS, type BookingMessageKind, type MessageContext, type MessageLocale } from '../../domain/messages/message-context.ts';
import {
  renderEmail,
  renderSms,
  TEMPLATE_LISTS,
  TEMPLATE_VARIABLES,
  validateTemplate,
  type TemplateOverride,
} from '../../domain/messages/render-message.ts';
import { defaultTemplate } from '../../domain/messages/templates.ts';
import { addDays, isoWeekday, localDate, localToInstant } from '../../domain/time/zones.ts';
import { AppError } from '../../errors.ts';
import { bookingMessageContext } from '../../use-cases/booking-message-context.ts';
import type { GatewayDeps } from '../deps.ts';
import { defineRoute, type AnyRoute } from '../route.ts';
import { ZId } from '../schemas/catalog.schemas.ts';

const tags = ['admin', 'templates'];
const LOCALES: readonly MessageLocale[] = Object.freeze(['en', 'de'] as const);

// ---- request schemas --------------------------------------------------------------------------------

const PART_LIMITS = { subject: 300, text: 100_000, html: 100_000, sms: 1600 } as const;
type Part = keyof typeof PART_LIMITS;
const PARTS = Object.keys(PART_LIMITS) as Part[];

/** A mustache template of at most `max` characters that `validateTemplate` accepts; null = the default. */
function templatePart(part: Part) {
  const max = PART_LIMITS[part];
  return z
    .string()
    .max(max, `at most ${max} characters`)
    .check((ctx) => {
      if (ctx.value.length > max) return; // reported once, by max()
      const problem = validateTemplate(ctx.value);
      if (problem) ctx.issues.push({ code: 'custom', message: problem, input: ctx.value });
    })
    .nullable()
    .optional()
    .meta({ description: `Mustache template for the ${part} (at most ${max} characters); null or absent = the default` });
}

const ZTemplateParts = z
  .object({ subject: templatePart('subject'), text: templatePart('text'), html: templatePart('html'), sms: templatePart('sms') })
  .strict();

const blankToNull = (s: string | null | undefined): string | null => (typeof s === 'string' && s.trim() !== '' ? s : null);

const ZPutTemplate = ZTemplateParts.check((ctx) => {
  if (ctx.issues.length > 0) return; // e.g. an unknown key: that is the problem to report
  if (!PARTS.some((p) => blankToNull(ctx.value[p]) !== null)) {
    ctx.issues.push({
      code: 'custom',
      message: `give at least one of ${PARTS.join(', ')} as a non-blank template (DELETE removes the override)`,
      input: ctx.value,
    });
  }
});

const ZPreviewBody = ZTemplateParts.optional().transform((v) => v ?? {});

const ZServiceParams = z.object({ serviceId: ZId }).strict();
const ZTemplateParams = z
  .object({
    serviceId: ZId,
    kind: z.string().max(64).meta({ description: 'Message kind; another value is 404', enum: [...MESSAGE_KINDS] }),
    locale: z.string().max(16).meta({ description: 'Locale; another value is 404', enum: [...LOCALES] }),
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
const ZOverrideOut = z.object({ kind: z.string(), locale: z.enum(LOCALES), ...ZStoredOverride.shape });
const ZTemplateIndex = z.object({
  variables: z.array(z.string()),
  lists: z.record(z.string(), z.array(z.string())),
  kinds: z.array(z.enum(MESSAGE_KINDS)),
  locales: z.array(z.enum(LOCALES)),
  overrides: z.array(ZOverrideOut),
});
const ZEffectiveTemplate = z.object({ kind: z.enum(MESSAGE_KINDS), locale: z.enum(LOCALES), default: ZParts, override: ZStoredOverride.nullable() });
const ZPreview = z.object({
  subject: z.string(),
  text: z.string(),
  html: z.string(),
  sms: z.object({ body: z.string(), encoding: z.enum(['GSM-7', 'UCS-2']), segments: z.number().int() }),
});

// ---- helpers ----------------------------------------------------------------------------------------

function storedParts(t: TemplateRow) {
  return { subject: t.subject, text: t.body_text, html: t.body_html, sms: t.sms, updatedAt: t.updated_at.toISOString() };
}

function presentOverride(t: TemplateRow): z.output<typeof ZOverrideOut> {
  return { kind: t.kind, locale: t.locale, ...storedParts(t) };
}

function templateOf(params: { kind: string; locale: string }): { kind: BookingMessageKind; locale: MessageLocale } {
  if (!(MESSAGE_KINDS as readonly string[]).includes(params.kind)) {
    throw new AppError('not_found', `No message kind ${JSON.stringify(params.kind)}; kinds: ${MESSAGE_KINDS.join(', ')}`);
  }
  if (!(LOCALES as readonly string[]).includes(params.locale)) {
    throw new AppError('not_found', `No templates for locale ${JSON.stringify(params.locale)}; locales: ${LOCALES.join(', ')}`);
  }
  return { kind: params.kind as BookingMessageKind, locale: params.locale as MessageLocale };
}

const serviceNotFound = (id: string) => new AppError('not_found', `Service ${id} does not exist`);

// ---- preview ----------------------------------------------------------------------------------------

const SAMPLE_BOOKING_ID = '00000000-0000-4000-8000-000000000000';
const SAMPLE_SHORT_CODE = 'Ab3dE7kQ9x';
const SAMPLE_BASE_URL = 'https://book.example.com';
const SAMPLE_ZONE = 'Europe/Berlin';
const SAMPLE_WORDS: Record<MessageLocale, { provider: string; answer: string; reason: string }> = {
  en: { provider: 'Sample Provider', answer: 'Sample answer', reason: 'Sample reason given by the business' },
  de: { provider: 'Beispiel-Anbieter', answer: 'Beispielantwort', reason: 'Beispielgrund des Unternehmens' },
};

function sampleAnswer(f: IntakeField, locale: MessageLocale): string {
  switch (f.type) {
    case 'email':
      return 'ada@example.com';
    case 'phone':
      return '+44 20 7946 0000';
    case 'select':
      return f.options?.[0] ?? SAMPLE_WORDS[locale].answer;
    case 'checkbox':
      return '✓';
    default:
      return SAMPLE_WORDS[locale].answer;
  }
}

/** 09:00 on the first Monday after today (in `zone`, by the gateway's clock). */
function nextMondayNine(now: Date, zone: string): number {
  const today = localDate(now.getTime(), zone);
  const days = (8 - isoWeekday(today)) % 7 || 7;
  return localToInstant(addDays(today, days), 9 * 60, zone, 'next')!;
}

/** The context delivery would build (booking-message-context.ts) for a sample booking of the service. */
async function sampleContext(deps: GatewayDeps, serviceId: string, kind: BookingMessageKind, locale: MessageLocale): Promise<MessageContext> {
  const { service } = await getServiceOrFail(deps.db, serviceId);
  const provider = await firstProviderOfService(deps.db, serviceId);
  const timeZone = provider?.time_zone ?? SAMPLE_ZONE;
  const start = nextMondayNine(deps.clock(), timeZone);
  const end = start + service.duration_minutes * 60_000;
  const fields = (service.intake_fields ?? []) as IntakeField[];
  const booking = {
    id: SAMPLE_BOOKING_ID,
    version: 1,
    locale,
    customer_name: 'Ada Lovelace',
    customer_time_zone: null,
    start_time: new Date(start),
    end_time: new Date(end),
    intake: Object.fromEntries(fields.map((f) => [f.key, sampleAnswer(f, locale)])),
    cancel_reason: kind === 'cancelled' || kind === 'declined' ? SAMPLE_WORDS[locale].reason : null,
  };
  const names = { serviceName: service.name, intake_fields: fields, providerName: provider?.name ?? SAMPLE_WORDS[locale].provider, time_zone: timeZone };
  const ctx = bookingMessageContext(booking, names, { kind, businessName: deps.businessName ?? 'slotflow', links: deps.links });
  // Without a link signer (no PUBLIC_BASE_URL) the preview still shows links of the real length.
  const withLinks = !KINDS_WITHOUT_MANAGE_LINK.includes(kind);
  return {
    ...ctx,
    manageUrl: withLinks ? (ctx.manageUrl ?? `${SAMPLE_BASE_URL}/manage/sample-token`) : undefined,
    shortManageUrl: withLinks ? (deps.links ? deps.links.shortUrl(SAMPLE_SHORT_CODE) : `${SAMPLE_BASE_URL}/s/${SAMPLE_SHORT_CODE}`) : undefined,
  };
}

/** Draft parts over the stored ones: string = this template, null = the default, absent = stored. */
function draftOverStored(stored: TemplateRow | undefined, draft: z.output<typeof ZTemplateParts>): TemplateOverride {
  const base = stored ? { subject: stored.subject, text: stored.body_text, html: stored.body_html, sms: stored.sms } : {};
  const out: TemplateOverride = {};
  for (const p of PARTS) {
    const v = draft[p] !== undefined ? draft[p] : (base as Partial<Record<Part, string | null>>)[p];
    if (typeof v === 'string') out[p] = v;
  }
  return out;
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
      params: ZServiceParams,
      responses: { 200: { description: '{ variables, lists, kinds, locales, overrides }', schema: ZTemplateIndex } },
      async handler({ params }) {
        await getServiceOrFail(deps.db, params.serviceId);
        const rows = await listTemplateOverrides(deps.db, params.serviceId);
        return {
          variables: [...TEMPLATE_VARIABLES],
          lists: Object.fromEntries(Object.entries(TEMPLATE_LISTS).map(([k, v]) => [k, [...v]])),
          kinds: [...MESSAGE_KINDS],
          locales: [...LOCALES],
          overrides: rows.map(presentOverride),
        };
      },
    }),
    defineRoute({
      method: 'GET',
      url: `${base}/:kind/:locale`,
      summary: 'The default template of a kind and locale and the service’s override of it (null: none)',
      tags,
      auth: 'admin',
      params: ZTemplateParams,
      responses: { 200: { description: '{ kind, locale, default, override }', schema: ZEffectiveTemplate } },
      async handler({ params }) {
        const { kind, locale } = templateOf(params);
        await getServiceOrFail(deps.db, params.serviceId);
        const row = await findTemplateOverride(deps.db, params.serviceId, kind, locale);
        return { kind, locale, default: { ...defaultTemplate(kind, locale) }, override: row ? storedParts(row) : null };
      },
    }),
    defineRoute({
      method: 'PUT',
      url: `${base}/:kind/:locale`,
      summary: 'Set the override of a kind and locale (replaces it; absent or null parts use the default)',
      tags,
      auth: 'admin',
      params: ZTemplateParams,
      body: ZPutTemplate,
      responses: { 200: { description: 'The stored override', schema: ZOverrideOut } },
      async handler({ params, body }) {
        const { kind, locale } = templateOf(params);
        await getServiceOrFail(deps.db, params.serviceId);
        try {
          const row = await upsertTemplateOverride(deps.db, {
            serviceId: params.serviceId,
            kind,
            locale,
            subject: blankToNull(body.subject),
            bodyText: blankToNull(body.text),
            bodyHtml: blankToNull(body.html),
            sms: blankToNull(body.sms),
          });
          return presentOverride(row);
        } catch (err) {
          // The service was deleted between the check and the insert.
          if (sqlState(err) === SQLSTATE.foreignKeyViolation) throw serviceNotFound(params.serviceId);
          throw err;
        }
      },
    }),
    defineRoute({
      method: 'DELETE',
      url: `${base}/:kind/:locale`,
      summary: 'Remove the override of a kind and locale (the defaults apply again)',
      tags,
      auth: 'admin',
      params: ZTemplateParams,
      responses: { 204: { description: 'Removed' } },
      async handler({ params }, _req, reply) {
        const { kind, locale } = templateOf(params);
        await getServiceOrFail(deps.db, params.serviceId);
        if (!(await deleteTemplateOverride(deps.db, params.serviceId, kind, locale))) {
          throw new AppError('not_found', `Service ${params.serviceId} has no ${kind} override for locale ${locale}`);
        }
        return reply.status(204).send();
      },
    }),
    defineRoute({
      method: 'POST',
      url: `${base}/:kind/:locale/preview`,
      summary: 'Render a kind and locale for a sample booking of the service, with optional draft parts over the stored override',
      tags,
      auth: 'admin',
      params: ZTemplateParams,
      body: ZPreviewBody,
      responses: { 200: { description: 'The rendered e-mail and SMS', schema: ZPreview } },
      async handler({ params, body }) {
        const { kind, locale } = templateOf(params);
        const ctx = await sampleContext(deps, params.serviceId, kind, locale);
        const stored = await findTemplateOverride(deps.db, params.serviceId, kind, locale);
        const override = draftOverStored(stored, body);
        return { ...renderEmail(ctx, override), sms: renderSms(ctx, override) };
      },
    }),
  ];
}
