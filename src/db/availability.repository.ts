/**
 * Reads everything the availability engine needs for one query, as engine types (no SQL leaves src/db).
 *
 * Contract: `loadAvailabilityInputs` answers not_found for an unknown or inactive service, or a
 * providerId that does not offer it (or is inactive). Bookings are the live ones (held, pending,
 * confirmed) of the chosen providers around `range` (`bookingFetchWindow`: whole local weeks when the
 * service has caps, so day/week caps count every booking).
 */
import { sql, type Kysely } from 'kysely';
import type {
  AvailabilityOverride,
  AvailabilityProvider,
  AvailabilityService,
  BusyBlock,
  ExistingBooking,
  HourRange,
  Interval,
  OpenSession,
  ProviderDayLoad,
} from '../domain/availability/types.ts';
import { bookingFetchWindow } from '../domain/availability/get-slots.ts';
import { requiredPools, type ResourceInputs, type ResourceRequirement } from '../domain/availability/resources.ts';
import { loadResourceInputs } from './resource-inputs.repository.ts';
import { epochMs, epochText, NO_BOOKING, parseEpochText } from './epoch-text.ts';
import { unionOfRanges } from '../domain/availability/intervals.ts';
import { loadsByLocalDay } from '../domain/availability/day-loads.ts';
import { LIVE_BOOKING_STATUSES } from '../domain/bookings/booking-status.ts';
import type { IntakeField } from '../domain/catalog/types.ts';
import { AppError } from '../errors.ts';
import type { DB, WeeklyHours } from './schema.ts';
import type { CustomerFields } from '../domain/catalog/customer-fields.ts';
import { customerFieldsOf } from './service.repository.ts';
import { timeCacheOf } from './time-cache.ts';

/** What booking the service needs besides its slots (read with it: POST /v1/bookings needs no second query). */
export type ServiceBookingPolicy = {
  /** The service's name (the booking's summary in the Temporal UI). */
  name: string;
  requiresApproval: boolean;
  intakeFields: IntakeField[];
  noShowPolicy: 'assume_attended' | 'require_check_in';
  /** Which of the customer's contact fields a booking must carry (migration 0025). */
  customerFields: CustomerFields;
};

export type AvailabilityInputs = {
  service: AvailabilityService;
  policy: ServiceBookingPolicy;
  providers: AvailabilityProvider[];
  bookings: ExistingBooking[];
  busy: BusyBlock[];
  overrides: AvailabilityOverride[];
  /** Units of the service's required pools and their busy time; absent when it requires none. */
  resources?: ResourceInputs | undefined;
  /** The service's sessions with attendees (a service with seats > 1); absent otherwise. */
  sessions?: OpenSession[] | undefined;
  /** Live bookings per provider and local day, when `bookings` are not loaded one by one (several providers). */
  loads?: ProviderDayLoad[] | undefined;
};

const DAY = 86_400_000;

export async function loadAvailabilityInputs(
  db: Kysely<DB>,
  q: { serviceId: string; providerId?: string | undefined; range: Interval; excludeBookingId?: string | undefined },
): Promise<AvailabilityInputs> {
  let pq = db
    .selectFrom('providers')
    .innerJoin('provider_services', 'provider_services.provider_id', 'providers.id')
    .select(['providers.id', 'providers.time_zone', 'providers.weekly_hours'])
    // Fail closed: a provider whose calendar connection refuses our credentials (and is set to fail
    // closed) is treated as busy for the whole window — never silently bookable (Cal.com's 29896).
    .select(({ exists, selectFrom }) =>
      exists(
        selectFrom('calendar_connections')
          .select(sql`1`.as('one'))
          .whereRef('calendar_connections.provider_id', '=', 'providers.id')
          .where('calendar_connections.status', '=', 'unhealthy')
          .where('calendar_connections.fail_closed', '=', true),
      ).as('calendar_blocked'),
    )
    // The version of the provider's time, read before the time itself (time-cache.ts); 0 = never changed.
    .select(sql<string>`coalesce((SELECT version FROM time_versions WHERE key = 'provider:' || providers.id), 0)::text`.as('time_version'))
    .where('provider_services.service_id', '=', q.serviceId)
    .where('providers.active', '=', true)
    .orderBy('providers.created_at')
    .orderBy('providers.id');
  if (q.providerId) pq = pq.where('providers.id', '=', q.providerId);
  // One round trip for both (on PostgreSQL they run on two pooled connections at once).
  const [svc, providerRows] = await Promise.all([
    db.selectFrom('services').selectAll().where('id', '=', q.serviceId).where('active', '=', true).executeTakeFirst(),
    pq.execute(),
  ]);
  if (!svc) throw new AppError('not_found', `Service ${q.serviceId} does not exist or is not active.`);
  if (q.providerId && providerRows.length === 0) {
    throw new AppError('not_found', `Provider ${q.providerId} does not offer service ${q.serviceId} (or is not active).`);
  }
  const providers = providerRows.map((p) => ({ id: p.id, timeZone: p.time_zone, weeklyHours: p.weekly_hours as WeeklyHours }));
  const versions = new Map(providerRows.map((p) => [p.id, p.time_version]));
  const ids = providers.map((p) => p.id);
  const service = toService(svc);
  const policy: ServiceBookingPolicy = {
    name: svc.name,
    requiresApproval: svc.requires_approval,
    intakeFields: svc.intake_fields as IntakeField[],
    noShowPolicy: svc.no_show_policy,
    customerFields: customerFieldsOf(svc),
  };
  if (ids.length === 0) return { service, policy, providers, bookings: [], busy: [], overrides: [] };

  const window = bookingFetchWindow(q.range, service);
  const loaded = { ids, providerRows, service, policy, providers, versions, window, excludeBookingId: q.excludeBookingId };
  const pools = requiredPools(service.requiredResources ?? []);
  const seats = (service.seats ?? 1) > 1;
  if (pools.length === 0 && !seats) return loadProviderTime(db, loaded);
  const [rest, resources, sessions] = await Promise.all([
    loadProviderTime(db, loaded),
    pools.length > 0 ? loadResourceInputs(db, pools, window, q.excludeBookingId, !seats) : undefined,
    seats ? loadOpenSessions(db, service.id, ids, window, q.excludeBookingId) : undefined,
  ]);
  return { ...rest, ...(resources ? { resources } : {}), ...(sessions ? { sessions } : {}) };
}

/**
 * The service's group sessions with live attendees starting in `window` (other than `excludeBookingId`, an
 * attendee being moved): provider, times, blocked range, seats taken and the units they hold.
 */
async function loadOpenSessions(db: Kysely<DB>, serviceId: string, ids: string[], window: Interval, excludeBookingId?: string): Promise<OpenSession[]> {
  const rows = await sql<{ p: string; a: number; b: number; c: number; d: number; n: number; u: string[] | null }>`
    SELECT b.provider_id AS p, ${epochMs('min(b.start_time)')} AS a, ${epochMs('min(b.end_time)')} AS b,
           ${epochMs('min(lower(b.blocked))')} AS c, ${epochMs('max(upper(b.blocked))')} AS d, count(*)::int AS n,
           (SELECT array_agg(DISTINCT br.resource_id::text) FROM booking_resources br
             WHERE br.seat_session = b.seat_session AND br.live) AS u
    FROM bookings b
    WHERE b.service_id = ${serviceId}::uuid AND b.seat_session IS NOT NULL AND b.provider_id = ANY(${ids}::uuid[])
      AND b.status = ANY(${LIVE_BOOKING_STATUSES as readonly string[]}::text[])
      AND b.id <> ${excludeBookingId ?? NO_BOOKING}::uuid
      AND b.start_time >= ${new Date(window.start)}::timestamptz AND b.start_time < ${new Date(window.end)}::timestamptz
    GROUP BY b.provider_id, b.seat_session`.execute(db);
  return rows.rows.map((r) => ({
    providerId: r.p,
    start: Number(r.a),
    end: Number(r.b),
    blockedStart: Number(r.c),
    blockedEnd: Number(r.d),
    taken: Number(r.n),
    unitIds: r.u ?? [],
  }));
}

/** The providers' bookings, busy time and overrides in `window` (what the engine needs of the providers). */
async function loadProviderTime(
  db: Kysely<DB>,
  a: {
    ids: string[];
    providerRows: { id: string; calendar_blocked: unknown }[];
    service: AvailabilityService;
    policy: ServiceBookingPolicy;
    providers: AvailabilityProvider[];
    versions: Map<string, string>;
    window: Interval;
    excludeBookingId: string | undefined;
  },
): Promise<AvailabilityInputs> {
  const { ids, providerRows, service, policy, providers, window } = a;
  const q = { excludeBookingId: a.excludeBookingId };
  const from = new Date(window.start);
  const to = new Date(window.end);
  const overrides = loadOverrides(db, ids, window);
  const failClosed = providerRows.filter((p) => p.calendar_blocked).map((p) => ({ providerId: p.id, start: window.start, end: window.end }));
  const noCaps = service.maxBookingsPerDay === null && service.maxBookingsPerWeek === null;
  const seats = (service.seats ?? 1) > 1;
  if (noCaps && !seats) {
    // Nothing needs individual bookings (no caps to count; providers are ranked by their bookings per local
    // day): bookings' blocked ranges and busy blocks are the same thing to the engine (both widened by this
    // service's buffers, and widening commutes with merging), so they arrive folded per provider into busy
    // ranges, and the day loads counted from the bookings' starts (foldedProviderTime).
    const [folded, ov] = await Promise.all([cachedProviderTime(db, providers, a.versions, window, q.excludeBookingId), overrides]);
    return {
      service,
      policy,
      providers,
      bookings: [],
      busy: failClosed.length > 0 ? [...folded.busy, ...failClosed] : folded.busy,
      overrides: ov,
      ...(ids.length > 1 ? { loads: folded.loads } : {}),
    };
  }
  if (ids.length === 1 && noCaps) {
    // A group session is found among busy ranges by its exact blocked range (get-slots.ts rule 7), so they
    // come back as they are, not merged.
    const [busy, ov] = await Promise.all([blockedRangesAsBusy(db, ids[0]!, from, to, q.excludeBookingId), overrides]);
    return { service, policy, providers, bookings: [], busy: failClosed.length > 0 ? [...busy, ...failClosed] : busy, overrides: ov };
  }
  // Instants come back as epoch-millisecond float8 (date_part), not timestamptz: both drivers parse a
  // float with parseFloat instead of building a Date per column and row. (Two statements, not one UNION:
  // on PostgreSQL they run on two pooled connections at once — the UNION was 5 % slower for 10 providers
  // with 20,000 bookings in bench/availability.bench.ts.)
  const [bookingRows, busyRows, overrideRows] = await Promise.all([
    sql<{ p: string; s: string; a: number; b: number; c: number; d: number }>`
      SELECT provider_id AS p, service_id AS s,
             ${epochMs('start_time')} AS a, ${epochMs('end_time')} AS b,
             ${epochMs('lower(blocked)')} AS c, ${epochMs('upper(blocked)')} AS d
      FROM bookings WHERE ${liveBookingsNear(ids, from, to, q.excludeBookingId)}`.execute(db),
    sql<{ p: string; a: number; b: number }>`
      SELECT provider_id AS p, ${epochMs('start_time')} AS a, ${epochMs('end_time')} AS b
      FROM busy_blocks WHERE ${busyNear(ids, from, to)}`.execute(db),
    overrides,
  ]);

  return {
    service,
    policy,
    providers,
    bookings: bookingRows.rows.map((r) => ({ providerId: r.p, serviceId: r.s, start: r.a, end: r.b, blockedStart: r.c, blockedEnd: r.d })),
    busy: [...busyRows.rows.map((r) => ({ providerId: r.p, start: r.a, end: r.b })), ...failClosed],
    overrides: overrideRows,
  };
}

function toService(s: {
  id: string;
  duration_minutes: number;
  buffer_before: number;
  buffer_after: number;
  slot_interval_minutes: number | null;
  slot_alignment: string;
  minimum_notice_minutes: number;
  maximum_advance_days: number;
  max_bookings_per_day: number | null;
  max_bookings_per_week: number | null;
  required_resources: ResourceRequirement[];
  seats: number;
}): AvailabilityService {
  return {
    id: s.id,
    durationMinutes: s.duration_minutes,
    bufferBeforeMinutes: s.buffer_before,
    bufferAfterMinutes: s.buffer_after,
    slotIntervalMinutes: s.slot_interval_minutes,
    slotAlignment: s.slot_alignment === 'fixed' ? 'fixed' : 'restart',
    minimumNoticeMinutes: s.minimum_notice_minutes,
    maximumAdvanceDays: s.maximum_advance_days,
    maxBookingsPerDay: s.max_bookings_per_day,
    maxBookingsPerWeek: s.max_bookings_per_week,
    requiredResources: s.required_resources,
    seats: s.seats,
  };
}

async function loadOverrides(db: Kysely<DB>, ids: string[], window: Interval): Promise<AvailabilityOverride[]> {
  const rows = await db
    .selectFrom('provider_overrides')
    .select(['provider_id', 'kind', 'date', 'hours', 'start_time', 'end_time'])
    .where('provider_id', 'in', ids)
    .where((eb) =>
      eb.or([
        eb.and([
          eb('kind', '=', 'hours'),
          // Local dates: widen by two days so every zone's dates in the window are included.
          eb('date', '>=', new Date(window.start - 2 * DAY).toISOString().slice(0, 10)),
          eb('date', '<=', new Date(window.end + 2 * DAY).toISOString().slice(0, 10)),
        ]),
        eb.and([eb('kind', 'in', ['block', 'open']), eb('start_time', '<', new Date(window.end)), eb('end_time', '>', new Date(window.start))]),
      ]),
    )
    .execute();
  return rows.map((o): AvailabilityOverride =>
    o.kind === 'hours'
      ? { providerId: o.provider_id, kind: 'hours', date: o.date!, hours: (o.hours ?? []) as HourRange[] }
      : { providerId: o.provider_id, kind: o.kind, start: o.start_time!.getTime(), end: o.end_time!.getTime() },
  );
}

/**
 * Live bookings of `ids` whose blocked range overlaps [from, to), except `excludeId` (a booking being
 * moved). Found through (provider_id, start_time): btree handles `= ANY`, the GiST exclusion index does
 * not, so `blocked &&` (which would tempt the planner into it) is written as lower/upper bounds. A blocked
 * range starts at most 3 days before its start (buffer, duration, buffer ≤ 1 day each), hence the
 * start_time bounds.
 */
function liveBookingsNear(ids: string[], from: Date, to: Date, excludeId: string | undefined) {
  return sql`provider_id = ANY(${ids}::uuid[]) AND status = ANY(${LIVE_BOOKING_STATUSES as readonly string[]}::text[])
    AND id <> ${excludeId ?? NO_BOOKING}::uuid
    AND start_time >= ${new Date(from.getTime() - 3 * DAY)}::timestamptz AND start_time < ${to}::timestamptz
    AND upper(blocked) > ${from}::timestamptz AND lower(blocked) < ${to}::timestamptz`;
}

/** Busy blocks of `ids` overlapping [from, to) (GiST on provider_id, tstzrange). */
function busyNear(ids: string[], from: Date, to: Date) {
  return sql`provider_id = ANY(${ids}::uuid[]) AND tstzrange(start_time, end_time) && tstzrange(${from}::timestamptz, ${to}::timestamptz)`;
}

type FoldedTime = { busy: BusyBlock[]; loads: ProviderDayLoad[] };

/**
 * foldedProviderTime through the gateway's time cache (time-cache.ts): a provider whose time has the version
 * the cache holds for this window is not read again; the others are read in one go. A move (a booking left
 * out) always reads. Keyed by provider, zone (the day loads are local days) and window.
 */
async function cachedProviderTime(
  db: Kysely<DB>,
  providers: AvailabilityProvider[],
  versions: Map<string, string>,
  window: Interval,
  excludeBookingId: string | undefined,
): Promise<FoldedTime> {
  const cache = excludeBookingId === undefined ? timeCacheOf<FoldedTime>(db, 'provider-time') : undefined;
  const keyOf = (p: AvailabilityProvider) => `${p.id}|${p.timeZone}|${window.start}|${window.end}`;
  const kept = new Map<string, FoldedTime>();
  const missing: AvailabilityProvider[] = [];
  for (const p of providers) {
    const hit = cache?.get(keyOf(p), versions.get(p.id)!);
    if (hit) kept.set(p.id, hit);
    else missing.push(p);
  }
  if (missing.length > 0) {
    const read = await foldedProviderTime(db, missing, window, excludeBookingId);
    for (const p of missing) {
      const own = read.get(p.id)!;
      cache?.set(keyOf(p), versions.get(p.id)!, own);
      kept.set(p.id, own);
    }
  }
  const busy: BusyBlock[] = [];
  const loads: ProviderDayLoad[] = [];
  for (const p of providers) {
    const t = kept.get(p.id)!;
    for (const b of t.busy) busy.push(b);
    for (const l of t.loads) loads.push(l);
  }
  return { busy, loads };
}

/**
 * Live bookings' blocked ranges and busy blocks of `providers` overlapping `window`, merged per provider into
 * busy ranges, and those bookings counted per provider-local day of their start (the fair pick's load).
 * The database sends each provider's instants as one text (epoch-text.ts) and they are folded here. (It was
 * `range_agg` in SQL plus a count grouped by `start AT TIME ZONE`: ~80 ms of CPU on PGlite for 10 providers
 * with 20,000 bookings and 20,000 busy blocks, against ~40 ms for these two queries; sorting inside
 * `string_agg` added ~35 ms on PGlite, more than sorting in JavaScript.)
 */
async function foldedProviderTime(
  db: Kysely<DB>,
  providers: AvailabilityProvider[],
  window: Interval,
  excludeBookingId: string | undefined,
): Promise<Map<string, FoldedTime>> {
  const ids = providers.map((p) => p.id);
  const from = new Date(window.start);
  const to = new Date(window.end);
  const [bookingRows, busyRows] = await Promise.all([
    sql<{ p: string; t: string }>`
      SELECT provider_id AS p, string_agg(${epochText('start_time', 'lower(blocked)', 'upper(blocked)')}, ';') AS t
      FROM bookings WHERE ${liveBookingsNear(ids, from, to, excludeBookingId)} GROUP BY provider_id`.execute(db),
    sql<{ p: string; t: string }>`
      SELECT provider_id AS p, string_agg(${epochText('start_time', 'end_time')}, ';') AS t
      FROM busy_blocks WHERE ${busyNear(ids, from, to)} GROUP BY provider_id`.execute(db),
  ]);
  const bookingText = new Map(bookingRows.rows.map((r) => [r.p, r.t]));
  const busyText = new Map(busyRows.rows.map((r) => [r.p, r.t]));
  const out = new Map<string, FoldedTime>();
  for (const provider of providers) {
    const busy: BusyBlock[] = [];
    const booked = parseEpochText(bookingText.get(provider.id), 3); // start, blocked start, blocked end
    const other = parseEpochText(busyText.get(provider.id), 2); // start, end
    const starts = new Float64Array(booked.length / 3 + other.length / 2);
    const ends = new Float64Array(starts.length);
    let n = 0;
    const add = (start: number, end: number) => {
      if (end <= start) return;
      starts[n] = start;
      ends[n] = end;
      n++;
    };
    for (let i = 0; i < booked.length; i += 3) add(booked[i + 1]!, booked[i + 2]!);
    for (let i = 0; i < other.length; i += 2) add(other[i]!, other[i + 1]!);
    for (const r of unionOfRanges(starts.subarray(0, n), ends.subarray(0, n))) busy.push({ providerId: provider.id, start: r.start, end: r.end });
    out.set(provider.id, { busy, loads: loadsByLocalDay(provider.id, provider.timeZone, booked, 3, window) });
  }
  return out;
}

/** Live bookings' blocked ranges and busy blocks of one provider overlapping [from, to), as busy ranges, unmerged. */
async function blockedRangesAsBusy(db: Kysely<DB>, providerId: string, from: Date, to: Date, excludeBookingId?: string): Promise<BusyBlock[]> {
  const res = await sql<{ t: string | null }>`
    SELECT string_agg(r, ';') AS t FROM (
      SELECT ${epochText('lower(blocked)', 'upper(blocked)')} AS r FROM bookings WHERE ${liveBookingsNear([providerId], from, to, excludeBookingId)}
      UNION ALL
      SELECT ${epochText('start_time', 'end_time')} FROM busy_blocks WHERE ${busyNear([providerId], from, to)}
    ) q`.execute(db);
  const ranges = parseEpochText(res.rows[0]?.t, 2);
  const out: BusyBlock[] = [];
  for (let i = 0; i < ranges.length; i += 2) out.push({ providerId, start: ranges[i]!, end: ranges[i + 1]! });
  return out;
}
