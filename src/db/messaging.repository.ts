/**
 * Small tables the message delivery needs beside `messages`: per-service template overrides, SMS
 * opt-outs (STOP) and short links for SMS bodies.
 */
import { randomBytes } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import type { DB, MessageTemplatesTable } from './schema.ts';

export type TemplateRow = Selectable<MessageTemplatesTable>;

export async function findTemplateOverride(db: Kysely<DB>, serviceId: string, kind: string, locale: 'en' | 'de'): Promise<TemplateRow | undefined> {
  return db.selectFrom('message_templates').selectAll().where('service_id', '=', serviceId).where('kind', '=', kind).where('locale', '=', locale).executeTakeFirst();
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
  const r = await db.deleteFrom('message_templates').where('service_id', '=', serviceId).where('kind', '=', kind).where('locale', '=', locale).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

export async function isOptedOut(db: Kysely<DB>, phone: string): Promise<boolean> {
  return (await db.selectFrom('sms_opt_outs').select('phone').where('phone', '=', phone).executeTakeFirst()) !== undefined;
}

export async function setOptOut(db: Kysely<DB>, phone: string, optedOut: boolean): Promise<void> {
  if (optedOut) await db.insertInto('sms_opt_outs').values({ phone }).onConflict((oc) => oc.column('phone').doNothing()).execute();
  else await db.deleteFrom('sms_opt_outs').where('phone', '=', phone).execute();
}

const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';
/**
 * 10 characters of a 57-letter alphabet without look-alikes: ~58 bits, unguessable behind rate limits.
 * Bytes ≥ 228 (= 4 × 57) are skipped, so every letter is equally likely.
 */
function newCode(): string {
  let code = '';
  while (code.length < 10) {
    for (const b of randomBytes(16)) if (b < 228 && code.length < 10) code += ALPHABET[b % ALPHABET.length];
  }
  return code;
}

/** The short code standing for `token` (one per token: a retried send reuses it). */
export async function shortCodeFor(db: Kysely<DB>, bookingId: string, token: string): Promise<string> {
  const existing = await db.selectFrom('short_links').select('code').where('token', '=', token).executeTakeFirst();
  if (existing) return existing.code;
  await db.insertInto('short_links').values({ code: newCode(), token, booking_id: bookingId }).onConflict((oc) => oc.column('token').doNothing()).execute();
  return (await db.selectFrom('short_links').select('code').where('token', '=', token).executeTakeFirstOrThrow()).code;
}

export async function tokenForShortCode(db: Kysely<DB>, code: string): Promise<string | undefined> {
  return (await db.selectFrom('short_links').select('token').where('code', '=', code).executeTakeFirst())?.token;
}
