/**
 * Previewing one message template of a service: renders exactly what delivery would (the same context
 * builder, booking-message-context.ts, the same renderer and merge rules) for a sample booking of the
 * service (src/domain/messages/sample-booking.ts), with optional draft parts over the stored override —
 * a string replaces that part, null means "the default", absent keeps the stored part.
 *
 * Refusals, in this order: draft parts that would not render or are over their limit are
 * `invalid_request` (the renderer would silently fall back to the default for them; the admin route's
 * request schema checks the same first); a kind or locale without templates, or an unknown service, is
 * `not_found`. Nothing is written.
 */
import { businessContact, businessSettings } from './business-settings.ts';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { firstProviderOfService, getServiceOrFail } from '../db/service.repository.ts';
import { findTemplateOverride, storedTemplateParts } from '../db/template.repository.ts';
import { renderEmail, renderSms } from '../domain/messages/render-message.ts';
import { sampleBooking, withSampleLinks } from '../domain/messages/sample-booking.ts';
import { assertTemplateParts, draftOverStored, templateOf, type TemplatePartsInput } from '../domain/messages/template-overrides.ts';
import { bookingMessageContext } from './booking-message-context.ts';
import type { LinkSigner } from './manage-links.ts';

export type PreviewTemplateDeps = {
  db: Kysely<DB>;
  /** Places the sample booking (next Monday). */
  clock: () => Date;
  /** BUSINESS_NAME, as in sent messages (default 'slotflow'). */
  businessName?: string | undefined;
  /** Signs the sample's manage link (absent: a stand-in link of the real length). */
  links?: LinkSigner | undefined;
};

export type TemplatePreview = ReturnType<typeof renderEmail> & { sms: ReturnType<typeof renderSms> };

export async function previewMessageTemplate(
  deps: PreviewTemplateDeps,
  input: { serviceId: string; kind: string; locale: string; draft: TemplatePartsInput },
): Promise<TemplatePreview> {
  assertTemplateParts(input.draft, { requireOne: false });
  const { kind, locale } = templateOf(input.kind, input.locale);
  const { service } = await getServiceOrFail(deps.db, input.serviceId);
  const provider = await firstProviderOfService(deps.db, input.serviceId);
  const { booking, names } = sampleBooking(service, provider, { kind, locale, now: deps.clock() });
  const { links } = deps;
  // The business's settings as delivery reads them, so the preview shows what would be sent.
  const settings = await businessSettings(deps.db, deps.businessName ?? 'slotflow');
  const ctx = withSampleLinks(
    bookingMessageContext(
      booking,
      { ...names, location_value: service.location_value },
      { kind, businessName: settings.businessName, businessContact: businessContact(settings), links },
    ),
    links ? (code) => links.shortUrl(code) : undefined,
  );
  const stored = await findTemplateOverride(deps.db, input.serviceId, kind, locale);
  const override = draftOverStored(stored && storedTemplateParts(stored), input.draft);
  return { ...renderEmail(ctx, override), sms: renderSms(ctx, override) };
}
