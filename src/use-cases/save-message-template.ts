/**
 * Saving a service's override of one message template (kind and locale). The whole override is replaced:
 * an absent or null part goes back to the default, a blank part is stored as null, so saving the same
 * parts again changes nothing but `updated_at`.
 *
 * Refusals, in this order: parts that would not render or are over their limit, or no non-blank part at
 * all, are `invalid_request` naming the part (template-overrides.ts; the admin route's request schema
 * checks the same first, so HTTP callers get its field errors); a kind or locale without templates, or an
 * unknown service, is `not_found` — also when the service is deleted between the check and the write.
 */
import type { Kysely } from 'kysely';
import { sqlState, SQLSTATE } from '../db/pg-errors.ts';
import type { DB } from '../db/schema.ts';
import { getServiceOrFail } from '../db/service.repository.ts';
import { upsertTemplateOverride, type TemplateRow } from '../db/template.repository.ts';
import { assertTemplateParts, blankToNull, templateOf, type TemplatePartsInput } from '../domain/messages/template-overrides.ts';
import { AppError } from '../errors.ts';

export async function saveMessageTemplate(
  deps: { db: Kysely<DB> },
  input: { serviceId: string; kind: string; locale: string; parts: TemplatePartsInput },
): Promise<TemplateRow> {
  const { parts, serviceId } = input;
  assertTemplateParts(parts, { requireOne: true });
  const { kind, locale } = templateOf(input.kind, input.locale);
  await getServiceOrFail(deps.db, serviceId);
  try {
    return await upsertTemplateOverride(deps.db, {
      serviceId,
      kind,
      locale,
      subject: blankToNull(parts.subject),
      bodyText: blankToNull(parts.text),
      bodyHtml: blankToNull(parts.html),
      sms: blankToNull(parts.sms),
    });
  } catch (err) {
    // The service was deleted between the check and the insert.
    if (sqlState(err) === SQLSTATE.foreignKeyViolation) throw new AppError('not_found', `Service ${serviceId} does not exist`);
    throw err;
  }
}
