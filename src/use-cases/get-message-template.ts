/**
 * Reading one message template of a service: the default of its kind and locale and the service's
 * override of it (undefined: none, the default applies). A kind or locale without templates, or an
 * unknown service, is `not_found` (in that order).
 */
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { getServiceOrFail } from '../db/service.repository.ts';
import { findTemplateOverride, type TemplateRow } from '../db/template.repository.ts';
import type { BookingMessageKind, MessageLocale } from '../domain/messages/message-context.ts';
import { templateOf } from '../domain/messages/template-overrides.ts';
import { defaultTemplate, type MessageTemplate } from '../domain/messages/templates.ts';

export type EffectiveMessageTemplate = {
  kind: BookingMessageKind;
  locale: MessageLocale;
  default: MessageTemplate;
  override: TemplateRow | undefined;
};

export async function getMessageTemplate(
  deps: { db: Kysely<DB> },
  input: { serviceId: string; kind: string; locale: string },
): Promise<EffectiveMessageTemplate> {
  const { kind, locale } = templateOf(input.kind, input.locale);
  await getServiceOrFail(deps.db, input.serviceId);
  const override = await findTemplateOverride(deps.db, input.serviceId, kind, locale);
  return { kind, locale, default: { ...defaultTemplate(kind, locale) }, override };
}
