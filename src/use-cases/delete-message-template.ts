/**
 * Removing a service's override of one message template (kind and locale): the defaults apply again. A
 * kind or locale without templates, an unknown service, or a service without that override is
 * `not_found` (in that order).
 */
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { getServiceOrFail } from '../db/service.repository.ts';
import { deleteTemplateOverride } from '../db/template.repository.ts';
import { templateOf } from '../domain/messages/template-overrides.ts';
import { AppError } from '../errors.ts';

export async function deleteMessageTemplate(deps: { db: Kysely<DB> }, input: { serviceId: string; kind: string; locale: string }): Promise<void> {
  const { kind, locale } = templateOf(input.kind, input.locale);
  await getServiceOrFail(deps.db, input.serviceId);
  if (!(await deleteTemplateOverride(deps.db, input.serviceId, kind, locale))) {
    throw new AppError('not_found', `Service ${input.serviceId} has no ${kind} override for locale ${locale}`);
  }
}
