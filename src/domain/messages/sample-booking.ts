/**
 * The sample booking a template preview is rendered for (src/use-cases/preview-message-template.ts), so
 * that an admin sees what delivery would send without a real booking. Pure: the caller loads the service
 * and its first provider and passes the clock's reading.
 *
 * - Customer "Ada Lovelace", next Monday 09:00 in the provider's zone (Europe/Berlin when the service has
 *   no provider), the service's duration, and its intake questions with sample answers of their type.
 * - A cancel reason for the kinds that show one (cancelled, declined).
 * - Manage links of the real length where the kind carries one, also without a link signer: the SMS
 *   segment count depends on them.
 */
import type { IntakeField } from '../catalog/types.ts';
import { addDays, isoWeekday, localDate, localToInstant } from '../time/zones.ts';
import { KINDS_WITHOUT_MANAGE_LINK, type BookingMessageKind, type MessageContext, type MessageLocale } from './message-context.ts';

const SAMPLE_BOOKING_ID = '00000000-0000-4000-8000-000000000000';
const SAMPLE_SHORT_CODE = 'Ab3dE7kQ9x';
const SAMPLE_BASE_URL = 'https://book.example.com';
const SAMPLE_ZONE = 'Europe/Berlin';
const SAMPLE_WORDS: Record<MessageLocale, { provider: string; answer: string; reason: string }> = {
  en: { provider: 'Sample Provider', answer: 'Sample answer', reason: 'Sample reason given by the business' },
  de: { provider: 'Beispiel-Anbieter', answer: 'Beispielantwort', reason: 'Beispielgrund des Unternehmens' },
};

/** The booking facts a message context is built from (the columns `bookingMessageContext` reads). */
export type SampleBooking = {
  id: string;
  version: number;
  locale: MessageLocale;
  customer_name: string;
  customer_time_zone: null;
  start_time: Date;
  end_time: Date;
  intake: Record<string, string>;
  cancel_reason: string | null;
};

/** The service's and provider's names the context shows. */
export type SampleNames = { serviceName: string; intake_fields: IntakeField[]; providerName: string; time_zone: string };

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

/** 09:00 on the first Monday after today (in `zone`, by the caller's clock). */
function nextMondayNine(now: Date, zone: string): number {
  const today = localDate(now.getTime(), zone);
  const days = (8 - isoWeekday(today)) % 7 || 7;
  return localToInstant(addDays(today, days), 9 * 60, zone, 'next')!;
}

/** A sample booking of `service` with its first provider (`undefined`: none), for a `kind` message in `locale`. */
export function sampleBooking(
  service: { name: string; duration_minutes: number; intake_fields: unknown[] | null },
  provider: { name: string; time_zone: string } | undefined,
  opts: { kind: BookingMessageKind; locale: MessageLocale; now: Date },
): { booking: SampleBooking; names: SampleNames } {
  const { kind, locale } = opts;
  const timeZone = provider?.time_zone ?? SAMPLE_ZONE;
  const start = nextMondayNine(opts.now, timeZone);
  const end = start + service.duration_minutes * 60_000;
  const fields = (service.intake_fields ?? []) as IntakeField[];
  const booking: SampleBooking = {
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
  return { booking, names };
}

/**
 * The sample's context with manage links of the real length where the kind carries one: the signed link
 * when there is a link signer (`ctx.manageUrl`), else a stand-in; the short link through `shortUrl` (the
 * signer's), else a stand-in.
 */
export function withSampleLinks(ctx: MessageContext, shortUrl: ((code: string) => string) | undefined): MessageContext {
  const withLinks = !KINDS_WITHOUT_MANAGE_LINK.includes(ctx.kind);
  return {
    ...ctx,
    manageUrl: withLinks ? (ctx.manageUrl ?? `${SAMPLE_BASE_URL}/manage/sample-token`) : undefined,
    shortManageUrl: withLinks ? (shortUrl ? shortUrl(SAMPLE_SHORT_CODE) : `${SAMPLE_BASE_URL}/s/${SAMPLE_SHORT_CODE}`) : undefined,
  };
}
