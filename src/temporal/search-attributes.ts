/**
 * Custom search attributes of booking workflows (DESIGN.md §2), so ops can filter bookings in the
 * Temporal UI (`BookingStatus = 'confirmed' AND ProviderId = '…'`).
 *
 * Safe to import from workflow code: `@temporalio/common` is deterministic and bundle-safe.
 * The SQLite dev server holds at most 10 Keyword and 3 Datetime custom attributes per namespace.
 */
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

export const BookingStatusKey = defineSearchAttributeKey('BookingStatus', SearchAttributeType.KEYWORD);
export const ServiceIdKey = defineSearchAttributeKey('ServiceId', SearchAttributeType.KEYWORD);
export const ProviderIdKey = defineSearchAttributeKey('ProviderId', SearchAttributeType.KEYWORD);
export const AppointmentStartKey = defineSearchAttributeKey('AppointmentStart', SearchAttributeType.DATETIME);
export const CustomerEmailKey = defineSearchAttributeKey('CustomerEmail', SearchAttributeType.KEYWORD);
/** Where the booking came from (src/domain/bookings/channels.ts); set when the workflow starts. */
export const BookingChannelKey = defineSearchAttributeKey('BookingChannel', SearchAttributeType.KEYWORD);

/**
 * The booking in one line ('Haircut · Ada Lovelace · Tue 2026-12-08 10:00 Europe/Berlin'), kept current on
 * every change. The Temporal UI's workflow list (2.42 of the dev server, and every later version to date)
 * has no column for the workflow's user-metadata summary, but offers any custom search attribute as a
 * column: this one is the readable line there.
 */
export const BookingSummaryKey = defineSearchAttributeKey('BookingSummary', SearchAttributeType.KEYWORD);

export const SEARCH_ATTRIBUTES = [
  BookingStatusKey,
  ServiceIdKey,
  ProviderIdKey,
  AppointmentStartKey,
  CustomerEmailKey,
  BookingChannelKey,
  BookingSummaryKey,
] as const;

/** `Name=Type` pairs as `temporal server start-dev --search-attribute` expects them. */
export function searchAttributeFlags(): string[] {
  const cliType: Record<string, string> = {
    [SearchAttributeType.KEYWORD]: 'Keyword',
    [SearchAttributeType.DATETIME]: 'Datetime',
  };
  return SEARCH_ATTRIBUTES.flatMap((k) => ['--search-attribute', `${k.name}=${cliType[k.type]}`]);
}
