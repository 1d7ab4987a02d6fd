/**
 * Services and their providers: every SQL statement on `services` and `provider_services` (and the
 * reads of a service's settings that bookings, messages and calendar events need).
 *
 * A service's provider list is written with the service, in one transaction: the given provider ids are
 * checked to exist inside it (unknown ones are 422 `invalid_request` naming `body.providerIds.<i>`; a
 * provider deleted concurrently trips the foreign key and gets the same answer). An update first updates
 * the service row, which locks it, so two concurrent updates of one service replace its provider list
 * one after the other instead of interleaving their deletes and inserts.
 */
import { sql, type Insertable, type Kysely, type Selectable, type Transaction, type Updateable } from 'kysely';
import type { CustomerFields } from '../domain/catalog/customer-fields.ts';
import type { ServiceChanges, ServiceInput } from '../domain/catalog/types.ts';
import { AppError } from '../errors.ts';
import { columnsOf } from './columns.ts';
import { sqlState, SQLSTATE } from './pg-errors.ts';
import type { ServiceTiming } from './booking.repository.ts';
import type { DB, ServicesTable } from './schema.ts';
import { dbNow } from './sql-values.ts';

export type ServiceRow = Selectable<ServicesTable>;
export type ServiceWithProviders = { service: ServiceRow; providerIds: string[] };
export type PublicService = { service: ServiceRow; providers: { id: string; name: string }[] };

const SERVICE_COLUMNS = {
  name: 'name',
  description: 'description',
  durationMinutes: 'duration_minutes',
  bufferBeforeMinutes: 'buffer_before',
  bufferAfterMinutes: 'buffer_after',
  slotIntervalMinutes: 'slot_interval_minutes',
  slotAlignment: 'slot_alignment',
  minimumNoticeMinutes: 'minimum_notice_minutes',
  maximumAdvanceDays: 'maximum_advance_days',
  maxBookingsPerDay: 'max_bookings_per_day',
  maxBookingsPerWeek: 'max_bookings_per_week',
  requiresApproval: 'requires_approval',
  requiredResources: 'required_resources',
  seats: 'seats',
  intakeFields: 'intake_fields',
  reminderOffsetsMinutes: 'reminder_offsets_minutes',
  reminderChannels: 'reminder_channels',
  cancelNoticeMinutes: 'cancel_notice_minutes',
  rescheduleNoticeMinutes: 'reschedule_notice_minutes',
  noShowPolicy: 'no_show_policy',
  active: 'active',
} as const satisfies Record<Exclude<keyof ServiceInput, 'providerIds' | 'location' | 'customerFields'>, keyof ServicesTable>;

/**
 * `location` ({kind, value} | null) is two columns, set or cleared together; absent leaves both.
 * `customerFields` is four columns, written whole (the API sends both fields).
 */
const columns = (input: ServiceChanges) => ({
  ...columnsOf(input, SERVICE_COLUMNS, ['intake_fields', 'required_resources']),
  ...(input.location === undefined ? {} : { location_kind: input.location?.kind ?? null, location_value: input.location?.value ?? null }),
  ...(input.customerFields === undefined
    ? {}
    : {
        email_required: input.customerFields.email.required,
        email_label: input.customerFields.email.label,
        phone_required: input.customerFields.phone.required,
        phone_label: input.customerFields.phone.label,
      }),
});

/** The four contact-field columns → `CustomerFields`. */
export function customerFieldsOf(s: Pick<ServiceRow, 'email_required' | 'email_label' | 'phone_required' | 'phone_label'>): CustomerFields {
  return { email: { required: s.email_required, label: s.email_label }, phone: { required: s.phone_required, label: s.phone_label } };
}

export async function createService(db: Kysely<DB>, input: ServiceInput): Promise<ServiceWithProviders> {
  return withProviderCheck(input.providerIds, () =>
    db.transaction().execute(async (trx) => {
      await assertProvidersExist(trx, input.providerIds);
      const service = await trx
        .insertInto('services')
        .values(columns(input) as Insertable<ServicesTable>)
        .returningAll()
        .executeTakeFirstOrThrow();
      await replaceProviders(trx, service.id, input.providerIds);
      return { service, providerIds: [...input.providerIds].sort() };
    }),
  );
}

/** Applies the given fields (absent = unchanged); `providerIds`, when given, replaces the whole list. */
export async function updateService(db: Kysely<DB>, id: string, changes: ServiceChanges): Promise<ServiceWithProviders> {
  const providerIds = changes.providerIds;
  return withProviderCheck(providerIds ?? [], () =>
    db.transaction().execute(async (trx) => {
      const service = await trx
        .updateTable('services')
        .set({ ...(columns(changes) as Updateable<ServicesTable>), updated_at: dbNow })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirst();
      if (!service) throw notFound(id);
      if (providerIds) {
        await assertProvidersExist(trx, providerIds);
        await trx.deleteFrom('provider_services').where('service_id', '=', id).execute();
        await replaceProviders(trx, id, providerIds);
      }
      return { service, providerIds: await providerIdsOf(trx, id) };
    }),
  );
}

export async function getServiceOrFail(db: Kysely<DB>, id: string): Promise<ServiceWithProviders> {
  const service = await db.selectFrom('services').selectAll().where('id', '=', id).executeTakeFirst();
  if (!service) throw notFound(id);
  return { service, providerIds: await providerIdsOf(db, id) };
}

/** All services, by name, with their provider ids (active or not). */
export async function listServices(db: Kysely<DB>): Promise<ServiceWithProviders[]> {
  const services = await db.selectFrom('services').selectAll().orderBy('name').orderBy('id').execute();
  const links = await db.selectFrom('provider_services').select(['service_id', 'provider_id']).orderBy('provider_id').execute();
  const byService = groupBy(links, (l) => l.service_id);
  return services.map((service) => ({ service, providerIds: (byService.get(service.id) ?? []).map((l) => l.provider_id) }));
}

/**
 * What customers may book: active services with their active providers (by name). A service without an
 * active provider cannot be booked and is left out.
 */
export async function listPublicServices(db: Kysely<DB>): Promise<PublicService[]> {
  const services = await db.selectFrom('services').selectAll().where('active', '=', true).orderBy('name').orderBy('id').execute();
  const links = await db
    .selectFrom('provider_services as ps')
    .innerJoin('providers as p', 'p.id', 'ps.provider_id')
    .innerJoin('services as s', 's.id', 'ps.service_id')
    .select(['ps.service_id', 'p.id', 'p.name'])
    .where('p.active', '=', true)
    .where('s.active', '=', true)
    .orderBy('p.name')
    .orderBy('p.id')
    .execute();
  const byService = groupBy(links, (l) => l.service_id);
  return services
    .map((service) => ({ service, providers: (byService.get(service.id) ?? []).map(({ id, name }) => ({ id, name })) }))
    .filter((s) => s.providers.length > 0);
}

export type BookingFacts = {
  serviceName: string;
  intake_fields: unknown[];
  location_kind: 'address' | 'video' | null;
  location_value: string | null;
  providerName: string;
  time_zone: string;
};

/**
 * The facts of a booking's service and provider that messages and calendar events show, in one
 * statement. Throws Kysely's NoResultError when either does not exist (a booking holds both).
 */
export async function bookingNames(db: Kysely<DB>, serviceId: string, providerId: string): Promise<BookingFacts> {
  return db
    .selectFrom(['services', 'providers'])
    .select([
      'services.name as serviceName',
      'services.intake_fields',
      'services.location_kind',
      'services.location_value',
      'providers.name as providerName',
      'providers.time_zone',
    ])
    .where('services.id', '=', serviceId)
    .where('providers.id', '=', providerId)
    .executeTakeFirstOrThrow();
}

/** The channels the service sends reminders on. Throws NoResultError for an unknown service. */
export async function serviceReminderChannels(db: Kysely<DB>, serviceId: string): Promise<string[]> {
  return (await db.selectFrom('services').select('reminder_channels').where('id', '=', serviceId).executeTakeFirstOrThrow()).reminder_channels;
}

/**
 * The service's reminder and notice policy (a booking snapshot carries it). Throws NoResultError for an unknown
 * service.
 */
export async function serviceTiming(db: Kysely<DB>, serviceId: string): Promise<ServiceTiming> {
  return db
    .selectFrom('services')
    .select(['reminder_offsets_minutes', 'cancel_notice_minutes', 'reschedule_notice_minutes', 'required_resources'])
    .where('id', '=', serviceId)
    .executeTakeFirstOrThrow();
}

/** The service's daily and weekly booking caps (null: none). Throws NoResultError for an unknown service. */
export async function serviceCaps(db: Kysely<DB>, serviceId: string): Promise<{ max_bookings_per_day: number | null; max_bookings_per_week: number | null }> {
  return db.selectFrom('services').select(['max_bookings_per_day', 'max_bookings_per_week']).where('id', '=', serviceId).executeTakeFirstOrThrow();
}

/** The service's first provider (active ones first, then by name and id), or undefined when it has none. */
export async function firstProviderOfService(db: Kysely<DB>, serviceId: string): Promise<{ name: string; time_zone: string } | undefined> {
  return db
    .selectFrom('provider_services as ps')
    .innerJoin('providers as p', 'p.id', 'ps.provider_id')
    .select(['p.name', 'p.time_zone'])
    .where('ps.service_id', '=', serviceId)
    .orderBy('p.active', 'desc')
    .orderBy('p.name')
    .orderBy('p.id')
    .executeTakeFirst();
}

async function providerIdsOf(db: Kysely<DB>, serviceId: string): Promise<string[]> {
  const rows = await db.selectFrom('provider_services').select('provider_id').where('service_id', '=', serviceId).orderBy('provider_id').execute();
  return rows.map((r) => r.provider_id);
}

async function replaceProviders(trx: Transaction<DB>, serviceId: string, providerIds: string[]): Promise<void> {
  if (providerIds.length === 0) return;
  await trx
    .insertInto('provider_services')
    .values(providerIds.map((provider_id) => ({ provider_id, service_id: serviceId })))
    .execute();
}

async function assertProvidersExist(trx: Transaction<DB>, providerIds: string[]): Promise<void> {
  if (providerIds.length === 0) return;
  const found = await trx.selectFrom('providers').select('id').where('id', 'in', providerIds).execute();
  const known = new Set(found.map((r) => r.id));
  const missing = providerIds.flatMap((id, i) => (known.has(id) ? [] : [i]));
  if (missing.length > 0) throw unknownProviders(providerIds, missing);
}

/** Runs `fn`; a foreign-key failure (provider deleted meanwhile) becomes the same 422 as an unknown id. */
async function withProviderCheck<T>(providerIds: string[], fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (sqlState(err) === SQLSTATE.foreignKeyViolation) {
      throw unknownProviders(
        providerIds,
        providerIds.map((_, i) => i),
      );
    }
    throw err;
  }
}

function unknownProviders(providerIds: string[], indexes: number[]): AppError {
  const errors = indexes.map((i) => ({ path: `body.providerIds.${i}`, message: `provider ${providerIds[i]} does not exist` }));
  return new AppError('invalid_request', errors.map((e) => `${e.path}: ${e.message}`).join('; '), { errors });
}

function notFound(id: string): AppError {
  return new AppError('not_found', `Service ${id} does not exist`);
}

function groupBy<T, K>(items: readonly T[], keyOf: (item: T) => K): Map<K, T[]> {
  const map = new Map<K, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const list = map.get(key);
    if (list) list.push(item);
    else map.set(key, [item]);
  }
  return map;
}

/** A service's name ('' when it no longer exists). */
export async function serviceName(db: Kysely<DB>, serviceId: string): Promise<string> {
  return (await db.selectFrom('services').select('name').where('id', '=', serviceId).executeTakeFirst())?.name ?? '';
}

/** Whether some active service sends its reminders by SMS (the admin's delivery screen warns without Twilio). */
export async function someServiceRemindsBySms(db: Kysely<DB>): Promise<boolean> {
  const row = await db
    .selectFrom('services')
    .select('id')
    .where('active', '=', true)
    .where(sql<boolean>`'sms' = ANY(reminder_channels)`)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}
