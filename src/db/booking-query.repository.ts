/**
 * Read side of bookings: the admin API's filtered lists and counts, the abuse limits' counts, the SMS-reply lookup
 * by phone.
 */
import { sql, type ExpressionBuilder, type Kysely, type RawBuilder } from 'kysely';
import type { CustomerSearch } from '../domain/bookings/customer-search.ts';
import { LIVE_BOOKING_STATUSES } from '../domain/bookings/booking-status.ts';
import type { BookingRow } from './booking.repository.ts';
import type { Channel } from '../domain/bookings/channels.ts';
import type { BookingStatus, DB } from './schema.ts';

export type BookingFilter = {
  from?: Date | undefined;
  to?: Date | undefined;
  status?: BookingStatus[] | undefined;
  providerId?: string | undefined;
  serviceId?: string | undefined;
  /** Where the bookings came from (bookings.channel); empty or absent = every channel. */
  channel?: Channel[] | undefined;
  /** A customer search (src/domain/bookings/customer-search.ts): name, e-mail or phone digits contain it. */
  search?: CustomerSearch | undefined;
  /** Keyset paging: only bookings after this one in the list's order (start, id). */
  after?: { start: Date; id: string } | undefined;
  limit: number;
};

/** Bookings starting in [from, to), soonest first (then by id: a total order, so keyset pages are exact). */
export async function listBookings(db: Kysely<DB>, f: BookingFilter): Promise<BookingRow[]> {
  let q = db.selectFrom('bookings').selectAll().orderBy('start_time').orderBy('id').limit(f.limit);
  if (f.after) {
    const a = f.after;
    q = q.where((eb) => eb.or([eb('start_time', '>', a.start), eb.and([eb('start_time', '=', a.start), eb('id', '>', a.id)])]));
  }
  if (f.search) q = q.where(customerMatches(f.search));
  if (f.from) q = q.where('start_time', '>=', f.from);
  if (f.to) q = q.where('start_time', '<', f.to);
  if (f.status?.length) q = q.where('status', 'in', f.status);
  if (f.providerId) q = q.where('provider_id', '=', f.providerId);
  if (f.serviceId) q = q.where('service_id', '=', f.serviceId);
  if (f.channel?.length) q = q.where('channel', 'in', f.channel);
  return q.execute();
}

/**
 * Case-insensitive substring of the name or e-mail (strpos, not LIKE: the text is a value, never a
 * pattern — % and _ match only themselves), or of the phone's digits when the search has phone digits.
 */
function customerMatches(search: CustomerSearch) {
  return (eb: ExpressionBuilder<DB, 'bookings'>) => {
    const contains = (haystack: RawBuilder<string>, needle: RawBuilder<string>) => eb(sql<number>`strpos(${haystack}, ${needle})`, '>', 0);
    const text = sql<string>`lower(${search.text})`;
    return eb.or([
      contains(sql`lower(customer_name)`, text),
      contains(sql`lower(coalesce(customer_email, ''))`, text),
      ...(search.phoneDigits ? [contains(sql`regexp_replace(coalesce(customer_phone, ''), '[^0-9]', '', 'g')`, sql`${search.phoneDigits}`)] : []),
    ]);
  };
}

/** Bookings per status (all time): the source of the bookings-by-outcome and no-show-rate metrics. */
export async function countBookingsByStatus(db: Kysely<DB>): Promise<Partial<Record<BookingStatus, number>>> {
  const rows = await db
    .selectFrom('bookings')
    .select(['status', db.fn.countAll<number>().as('n')])
    .groupBy('status')
    .execute();
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
}

/** Bookings per channel (all time): the source of `slotflow_bookings_by_channel{channel}`. */
export async function countBookingsByChannel(db: Kysely<DB>): Promise<Partial<Record<Channel, number>>> {
  const rows = await db
    .selectFrom('bookings')
    .select(['channel', db.fn.countAll<number>().as('n')])
    .groupBy('channel')
    .execute();
  return Object.fromEntries(rows.map((r) => [r.channel, Number(r.n)]));
}

/**
 * What the abuse limits count (src/domain/bookings/abuse-limits.ts): live holds of a client, live holds
 * of a contact, and live bookings of a contact that start after `now`. A contact is an e-mail address
 * (case-insensitive) or a phone number (E.164); with both, the larger count of the two.
 */
export async function countForAbuseLimits(
  db: Kysely<DB>,
  q: { clientKey: string | undefined; email: string | undefined; phone: string | undefined; now: Date },
): Promise<{ holdsByClient: number; holdsByContact: number; futureByContact: number }> {
  const holdsByClient = q.clientKey
    ? Number(
        (
          await db
            .selectFrom('bookings')
            .select((eb) => eb.fn.countAll().as('n'))
            .where('status', '=', 'held')
            .where('client_key', '=', q.clientKey)
            .executeTakeFirstOrThrow()
        ).n,
      )
    : 0;
  const byContact = async (column: 'email' | 'phone', value: string) => {
    const row = await db
      .selectFrom('bookings')
      .select((eb) => [eb.fn.countAll().filterWhere('status', '=', 'held').as('holds'), eb.fn.countAll().filterWhere('start_time', '>', q.now).as('future')])
      .where('status', 'in', LIVE_BOOKING_STATUSES)
      .where(column === 'email' ? sql`lower(customer_email)` : sql`customer_phone`, '=', column === 'email' ? value.toLowerCase() : value)
      .executeTakeFirstOrThrow();
    return { holds: Number(row.holds), future: Number(row.future) };
  };
  const counts = await Promise.all([
    q.email ? byContact('email', q.email) : { holds: 0, future: 0 },
    q.phone ? byContact('phone', q.phone) : { holds: 0, future: 0 },
  ]);
  return {
    holdsByClient,
    holdsByContact: Math.max(...counts.map((c) => c.holds)),
    futureByContact: Math.max(...counts.map((c) => c.future)),
  };
}

/**
 * The customer's next booking in `statuses` that starts after `now`, found by phone (E.164, as stored),
 * with what an SMS reply shows: the service's name and the provider's zone.
 */
export async function nextBookingByPhone(db: Kysely<DB>, phone: string, statuses: readonly ('held' | 'pending' | 'confirmed')[], now: Date) {
  return db
    .selectFrom('bookings')
    .innerJoin('services', 'services.id', 'bookings.service_id')
    .innerJoin('providers', 'providers.id', 'bookings.provider_id')
    .select([
      'bookings.id',
      'bookings.start_time',
      'bookings.end_time',
      'bookings.locale',
      'bookings.customer_time_zone',
      'services.name as service_name',
      'providers.time_zone',
    ])
    .where('bookings.customer_phone', '=', phone)
    .where('bookings.status', 'in', statuses)
    .where('bookings.start_time', '>', now)
    .orderBy('bookings.start_time')
    .limit(1)
    .executeTakeFirst();
}

/**
 * A customer's upcoming bookings (pending or confirmed, starting after `now`), found by phone (E.164,
 * as stored) or e-mail (case-insensitive), soonest first, with the service's name and provider's zone.
 */
export async function upcomingBookingsByContact(db: Kysely<DB>, contact: { phone?: string | undefined; email?: string | undefined }, now: Date, limit: number) {
  if (!contact.phone && !contact.email) return [];
  return db
    .selectFrom('bookings')
    .innerJoin('services', 'services.id', 'bookings.service_id')
    .innerJoin('providers', 'providers.id', 'bookings.provider_id')
    .selectAll('bookings')
    .select(['services.name as service_name', 'providers.time_zone as provider_time_zone'])
    .where((eb) =>
      eb.or([
        ...(contact.phone ? [eb('bookings.customer_phone', '=', contact.phone)] : []),
        ...(contact.email ? [eb(eb.fn('lower', ['bookings.customer_email']), '=', contact.email.toLowerCase())] : []),
      ]),
    )
    .where('bookings.status', 'in', ['pending', 'confirmed'])
    .where('bookings.start_time', '>', now)
    .orderBy('bookings.start_time')
    .orderBy('bookings.id')
    .limit(limit)
    .execute();
}
