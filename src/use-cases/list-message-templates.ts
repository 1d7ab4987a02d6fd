/**
 * Listing a service's message templates for the admin's template editor: the service's overrides (by kind,
 * then locale) with what templates can use — the variables and lists of render-message.ts, the message
 * kinds and the locales. An unknown service is `not_found`.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { getServiceOrFail } from '../db/service.repository.ts';
import { listTemplateOverrides, type TemplateRow } from '../db/template.repository.ts';
import { MESSAGE_KINDS, type BookingMessageKind, type MessageLocale } from '../domain/messages/message-context.ts';
import { TEMPLATE_LISTS, TEMPLATE_VARIABLES } from '../domain/messages/render-message.ts';
import { TEMPLATE_LOCALES } from '../domain/messages/template-overrides.ts';

export type MessageTemplateIndex = {
  variables: string[];
  lists: Record<string, string[]>;
  kinds: BookingMessageKind[];
  locales: MessageLocale[];
  overrides: TemplateRow[];
};

export async function listMessageTemplates(deps: { db: Kysely<DB> }, input: { serviceId: string }): Promise<MessageTemplateIndex> {
  await getServiceOrFail(deps.db, input.serviceId);
  const overrides = await listTemplateOverrides(deps.db, input.serviceId);
  return {
    variables: [...TEMPLATE_VARIABLES],
    lists: Object.fromEntries(Object.entries(TEMPLATE_LISTS).map(([k, v]) => [k, [...v]])),
    kinds: [...MESSAGE_KINDS],
    locales: [...TEMPLATE_LOCALES],
    overrides,
  };
}
