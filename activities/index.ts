/**
 * `createActivities(deps)`: every activity the worker registers, built from injected dependencies so
 * tests swap the database (PGlite) rather than the code. Activities are thin adapters over `src/`.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../src/db/schema.ts';
import type { LinkSigner } from '../src/use-cases/manage-links.ts';
import type { MessagingOptions } from '../src/use-cases/deliver-booking-message.ts';
import { createBookingActivities } from './booking.activities.ts';
import { createCalendarActivities } from './calendar.activities.ts';
import type { CalendarSettings } from '../src/calendar-connectors/connection-connector.ts';
import { createHealthcheckActivities } from './healthcheck.activities.ts';
import { createEmailActivities, type EmailChannelSettings } from './email.activities.ts';

export type ActivityDeps = {
  db: Kysely<DB>;
  workerId: string;
  /** Signs customers' manage links for messages (none: messages carry no link). */
  links?: LinkSigner | undefined;
  /** Message transports and sender identity (none: outbox only). */
  messaging?: MessagingOptions | undefined;
  /** Calendar connections (key for stored credentials, SSRF policy); none: calendar syncs fail. */
  calendar?: CalendarSettings | undefined;
  /** Booking by e-mail (a Temporal client for the booking use cases, limits, the proposals' lifetime). */
  email?: EmailChannelSettings | undefined;
};

export function createActivities(deps: ActivityDeps) {
  return {
    ...createHealthcheckActivities(deps),
    ...createBookingActivities(deps),
    ...createCalendarActivities(deps),
    ...createEmailActivities(deps),
  };
}

export type Activities = ReturnType<typeof createActivities>;
