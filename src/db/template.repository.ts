/** Per-service message template overrides (`message_templates`): what the admin's template editor saves. */
import type { Kysely, Selectable } from 'kysely';
import type { StoredTemplateParts } from '../domain/messages/template-overrides.ts';
import type { DB, MessageTemplatesTable } from './schema.ts';

export type TemplateRow = Selectable<MessageTemplatesTable>;

/** A stored override's parts by their domain names (null = the default): the one row → parts mapping. */
export function storedTemplateParts(t: TemplateRow): StoredTemplateParts {
  return { subject: t.subject, text: t.body_text, html: t.body_html, sms: t.sms };
}

export async function findTemplateOverride(db: Kysely<DB>, serviceId: string, kind: string, locale: 'en' | 'de'): Promise<TemplateRow | undefined> {
  return db
    .selectFrom('message_templates')
    .selectAll()
    .where('service_id', '=', serviceId)
    .where('kind', '=', kind)
    .where('locale', '=', locale)
    .executeTakeFirst();
}

export async function listTemplateOverrides(db: Kysely<DB>, serviceId: string): Promise<TemplateRow[]> {
  return db.selectFrom('message_templates').selectAll().where('service_id', '=', serviceId).orderBy('kind').orderBy('locale').execute();
}

export async function upsertTemplateOverride(
  db: Kysely<DB>,
  t: { serviceId: string; kind: string; locale: 'en' | 'de'; subject: string | null; bodyText: string | null; bodyHtml: string | null; sms: string | null },
): Promise<TemplateRow> {
  const values = { subject: t.subject, body_text: t.bodyText, body_html: t.bodyHtml, sms: t.sms };
  return db
    .insertInto('message_templates')
    .values({ service_id: t.serviceId, kind: t.kind, locale: t.locale, ...values })
    .onConflict((oc) => oc.columns(['service_id', 'kind', 'locale']).doUpdateSet({ ...values, updated_at: new Date() }))
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function deleteTemplateOverride(db: Kysely<DB>, serviceId: string, kind: string, locale: 'en' | 'de'): Promise<boolean> {
  const r = await db
    .deleteFrom('message_templates')
    .where('service_id', '=', serviceId)
    .where('kind', '=', kind)
    .where('locale', '=', locale)
    .executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}
