/**
 * Request schemas of the catalog admin API (providers, date overrides, services). Field names are the
 * public camelCase contract; every rule that can fail reports the path of the value at fault, so a 422
 * names it (`body.weeklyHours.mon.1`, `body.intakeFields.2.key`, `params.id`).
 *
 * Decisions:
 * - Create schemas carry the defaults; update (PATCH) schemas are the same fields, all optional and
 *   without defaults, so an absent field is left as it is. `null` clears an optional field.
 * - Ids in paths and bodies must be UUIDs: a malformed one is 422 `invalid_request` naming the field
 *   (`params.id`), never a database error; a well-formed id that does not exist is 404 `not_found`.
 * - Integer bounds mirror the CHECK constraints of migrations/0001 and keep every value inside int4.
 * - Dates and instants are bounded to years 1970..9999, which both PostgreSQL and JS represent exactly.
 */
import { z } from 'zod';
import { zInstant } from './common.schemas.ts';
import { SLOT_ALIGNMENTS, type HourRange, type Weekday } from '../../domain/availability/types.ts';
import { checkHourRanges, checkWeeklyHours, CLOCK_PATTERN, type Checked, type HoursProblem } from '../../domain/catalog/hours.ts';
import { INTAKE_FIELD_TYPES, NO_SHOW_POLICIES } from '../../domain/catalog/types.ts';
import { isValidTimeZone, parseLocalDate } from '../../domain/time/zones.ts';

/** Adds `checker`'s problems as zod issues (paths relative to the value) and keeps its normalised value. */
function checkedWith<S extends z.ZodType>(schema: S, checker: (value: z.output<S>) => Checked<z.output<S>>) {
  return schema
    .check((ctx) => {
      const res = checker(ctx.value);
      if (!res.ok) pushProblems(ctx, res.problems);
    })
    .overwrite((value) => {
      const res = checker(value);
      return res.ok ? res.value : value;
    });
}

type CheckContext = { value: unknown; issues: z.core.$ZodRawIssue[] };

function pushProblems(ctx: CheckContext, problems: HoursProblem[]): void {
  for (const p of problems) ctx.issues.push({ code: 'custom', message: p.message, path: p.path, input: ctx.value });
}

/** Problems for repeated values (the second and later occurrences), at `[index, ...suffix]`. */
function repeats<T>(items: readonly T[], keyOf: (item: T) => unknown, what: string, suffix: string[] = []): HoursProblem[] {
  const first = new Map<unknown, number>();
  const problems: HoursProblem[] = [];
  items.forEach((item, i) => {
    const key = keyOf(item);
    const at = first.get(key);
    if (at === undefined) first.set(key, i);
    else problems.push({ path: [i, ...suffix], message: `duplicate ${what} ${JSON.stringify(key)} (also at index ${at})` });
  });
  return problems;
}

function unique<S extends z.ZodArray>(schema: S, keyOf: (item: z.output<S>[number]) => unknown, what: string, suffix: string[] = []) {
  return schema.check((ctx) => pushProblems(ctx, repeats(ctx.value as z.output<S>[number][], keyOf, what, suffix)));
}

const int = (min: number, max: number) => z.number().int().min(min).max(max);
/** A year of minutes: the upper bound of notice windows. */
const MAX_NOTICE_MINUTES = 525_600;
const MIN_YEAR = 1970;

/** Lower-cased, as PostgreSQL prints uuids, so ids compare equal to stored ones. */
export const ZId = z.uuid().toLowerCase();
export const ZIdParams = z.object({ id: ZId }).strict();
export const ZOverrideParams = z.object({ id: ZId, overrideId: ZId }).strict();

const ZName = z.string().trim().min(1).max(200);
/** A resource pool's name ("treatment-room"): as migrations/0015_resources.sql checks it. */
export const ZPool = z
  .string()
  .trim()
  .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'a pool name is 1–63 lower-case letters, digits and dashes, e.g. treatment-room');

export const ZTimeZone = z
  .string()
  .max(64)
  .meta({ description: 'IANA time zone', examples: ['Europe/Berlin'] })
  .check((ctx) => {
    if (!isValidTimeZone(ctx.value)) {
      ctx.issues.push({
        code: 'custom',
        message: `unknown time zone ${JSON.stringify(ctx.value)}; use an IANA name such as "Europe/Berlin"`,
        input: ctx.value,
      });
    }
  });

/** 'YYYY-MM-DD', a real calendar date. */
export const ZLocalDate = z
  .string()
  .meta({ format: 'date', examples: ['2030-01-07'] })
  .check((ctx) => {
    try {
      if (parseLocalDate(ctx.value)[0] >= MIN_YEAR) return;
    } catch {
      // reported below
    }
    ctx.issues.push({ code: 'custom', message: `not a calendar date YYYY-MM-DD from ${MIN_YEAR}: ${JSON.stringify(ctx.value)}`, input: ctx.value });
  });

/** ISO-8601 instant with an offset or Z, e.g. 2030-01-07T09:00:00+01:00. */
export const ZInstant = zInstant().check((ctx) => {
  if (Number(ctx.value.slice(0, 4)) < MIN_YEAR) ctx.issues.push({ code: 'custom', message: `must be in ${MIN_YEAR} or later`, input: ctx.value });
});

/** Validated by `checkHourRanges`/`checkWeeklyHours`, which name the exact range. */
const ZClock = z.string().meta({ description: 'Local time HH:MM; 24:00 only ends a range', pattern: CLOCK_PATTERN.source });
const ZHourRange = z.tuple([ZClock, ZClock]);
const ZDayRanges = z.array(ZHourRange).max(48);

/** One local day's ranges: sorted, end > start, no overlaps ([] = day off). */
export const ZDayHours = checkedWith(ZDayRanges, (ranges: HourRange[]) => checkHourRanges(ranges));

/** The seven weekday keys, each with `day`. */
export function weekShape<T extends z.ZodType>(day: T) {
  return { mon: day, tue: day, wed: day, thu: day, fri: day, sat: day, sun: day } satisfies Record<Weekday, T>;
}

/** `{ mon: [["09:00","12:00"]], ... }`; unknown days are 422, missing days are days off. */
export const ZWeeklyHours = checkedWith(z.object(weekShape(ZDayRanges.optional())).strict(), (hours) => checkWeeklyHours(hours));

// ---- providers ----

const providerFields = {
  name: ZName,
  email: z.email().max(254),
  phone: z
    .string()
    .trim()
    .regex(/^\+?[0-9 ()./-]{3,40}$/, 'expected a phone number, e.g. +49 30 1234567')
    .nullable(),
  timeZone: ZTimeZone,
  weeklyHours: ZWeeklyHours,
  active: z.boolean(),
};

export const ZCreateProvider = z.object({ ...providerFields, phone: providerFields.phone.optional(), active: providerFields.active.default(true) }).strict();
export type TCreateProvider = z.output<typeof ZCreateProvider>;

export const ZUpdateProvider = z.object(providerFields).partial().strict();
export type TUpdateProvider = z.output<typeof ZUpdateProvider>;

// ---- date overrides ----

export const ZReason = z.string().trim().max(500);

/** Replaces the weekly hours of one local date in the provider's zone; `hours: []` = day off. */
const ZHoursOverride = z.object({ kind: z.literal('hours').optional(), date: ZLocalDate, hours: ZDayHours, reason: ZReason.optional() }).strict();

/** Blocks or opens an absolute range of time. */
const ZRangeOverride = z
  .object({ kind: z.enum(['block', 'open']), start: ZInstant, end: ZInstant, reason: ZReason.optional() })
  .strict()
  .check((ctx) => {
    // Compared only once both instants are valid (their own issues come first).
    if (ctx.issues.some((i) => i.path?.[0] === 'start' || i.path?.[0] === 'end')) return;
    if (Date.parse(ctx.value.end) <= Date.parse(ctx.value.start)) {
      ctx.issues.push({ code: 'custom', message: 'end must be after start', path: ['end'], input: ctx.value });
    }
  });

export const ZCreateOverride = z.discriminatedUnion('kind', [ZHoursOverride, ZRangeOverride]);
export type TCreateOverride = z.output<typeof ZCreateOverride>;

/** Local dates in the provider's zone, both inclusive. */
export const ZOverrideQuery = z
  .object({ from: ZLocalDate.optional(), to: ZLocalDate.optional() })
  .strict()
  .check((ctx) => {
    const { from, to } = ctx.value;
    if (from && to && to < from) ctx.issues.push({ code: 'custom', message: 'to must not be before from', path: ['to'], input: ctx.value });
  });
export type TOverrideQuery = z.output<typeof ZOverrideQuery>;

// ---- services ----

export const ZIntakeField = z
  .object({
    key: z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,49}$/, 'expected a key of letters, digits and _, starting with a letter'),
    label: z.string().trim().min(1).max(200),
    type: z.enum(INTAKE_FIELD_TYPES),
    required: z.boolean().default(false),
    options: unique(z.array(z.string().trim().min(1).max(200)).min(1).max(100), (o) => o, 'option').optional(),
  })
  .strict()
  .check((ctx) => {
    const { type, options } = ctx.value;
    // continue: the list's duplicate-key check still runs, so one answer names every problem.
    const problem = (message: string) => ctx.issues.push({ code: 'custom', message, path: ['options'], input: ctx.value, continue: true });
    if (type === 'select' && !options) problem('a select field needs options');
    if (type !== 'select' && options) problem(`options are only for select fields, not ${type}`);
  });
export type TIntakeField = z.output<typeof ZIntakeField>;

export const ZServiceLocation = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('address'), value: z.string().trim().min(1).max(500) }).strict(),
  z.object({ kind: z.literal('video'), value: z.url({ protocol: /^https$/ }).max(500) }).strict(),
]);

const ZCustomerField = z
  .object({
    required: z.boolean(),
    label: z.string().trim().min(1).max(60).nullable().default(null).describe('e.g. "Mobile phone"; null: the default label'),
  })
  .strict();
/** The booking's built-in e-mail and phone fields: `{ email: {required, label}, phone: {required, label} }`. */
export const ZCustomerFields = z.object({ email: ZCustomerField, phone: ZCustomerField }).strict();

const serviceFields = {
  name: ZName,
  description: z.string().trim().max(2000).nullable(),
  durationMinutes: int(1, 1440),
  bufferBeforeMinutes: int(0, 1440),
  bufferAfterMinutes: int(0, 1440),
  /** null: the engine's default step. */
  slotIntervalMinutes: int(1, 1440).nullable(),
  /** 'restart': the grid restarts after busy time; 'fixed': one grid per working window. */
  slotAlignment: z.enum(SLOT_ALIGNMENTS),
  minimumNoticeMinutes: int(0, MAX_NOTICE_MINUTES),
  maximumAdvanceDays: int(1, 730),
  maxBookingsPerDay: int(1, 10_000).nullable(),
  maxBookingsPerWeek: int(1, 10_000).nullable(),
  requiresApproval: z.boolean(),
  /** Units of resource pools each booking needs besides the provider: [{pool: "treatment-room", count: 1}]. */
  /** Attendees per session (a group class); 1 = one-to-one. */
  seats: int(1, 1000),
  /** Where it takes place: `address` (free text) or `video` (an https link); null = not said. */
  location: ZServiceLocation.nullable(),
  /** The customer's e-mail and phone: required by POST /v1/bookings or not, and their labels. */
  customerFields: ZCustomerFields,
  requiredResources: unique(z.array(z.object({ pool: ZPool, count: int(1, 50) }).strict()).max(10), (r) => r.pool, 'pool', ['pool']),
  providerIds: unique(z.array(ZId).max(500), (id) => id, 'provider id'),
  intakeFields: unique(z.array(ZIntakeField).max(50), (f) => f.key, 'key', ['key']),
  /** Minutes before the start; stored largest first. */
  reminderOffsetsMinutes: unique(z.array(int(1, 43_200)).max(10), (m) => m, 'offset').overwrite((m) => [...m].sort((a, b) => b - a)),
  /** Where reminders go (each where the customer can be reached: e-mail address / phone + SMS configured). */
  reminderChannels: unique(
    z
      .array(z.enum(['email', 'sms']))
      .min(1)
      .max(2),
    (c) => c,
    'channel',
  ),
  cancelNoticeMinutes: int(0, MAX_NOTICE_MINUTES),
  rescheduleNoticeMinutes: int(0, MAX_NOTICE_MINUTES),
  /** Unmarked appointments after the attendance grace: `assume_attended` → completed, `require_check_in` → no_show. */
  noShowPolicy: z.enum(NO_SHOW_POLICIES),
  active: z.boolean(),
};

export const ZCreateService = z
  .object({
    ...serviceFields,
    description: serviceFields.description.optional(),
    bufferBeforeMinutes: serviceFields.bufferBeforeMinutes.default(0),
    bufferAfterMinutes: serviceFields.bufferAfterMinutes.default(0),
    slotIntervalMinutes: serviceFields.slotIntervalMinutes.optional(),
    slotAlignment: serviceFields.slotAlignment.default('restart'),
    minimumNoticeMinutes: serviceFields.minimumNoticeMinutes.default(0),
    maximumAdvanceDays: serviceFields.maximumAdvanceDays.default(60),
    maxBookingsPerDay: serviceFields.maxBookingsPerDay.optional(),
    maxBookingsPerWeek: serviceFields.maxBookingsPerWeek.optional(),
    requiresApproval: serviceFields.requiresApproval.default(false),
    requiredResources: serviceFields.requiredResources.default([]),
    seats: serviceFields.seats.default(1),
    location: serviceFields.location.optional(),
    customerFields: serviceFields.customerFields.optional(),
    intakeFields: serviceFields.intakeFields.default([]),
    reminderOffsetsMinutes: serviceFields.reminderOffsetsMinutes.default([1440, 60]),
    reminderChannels: serviceFields.reminderChannels.default(['email']),
    cancelNoticeMinutes: serviceFields.cancelNoticeMinutes.default(0),
    rescheduleNoticeMinutes: serviceFields.rescheduleNoticeMinutes.default(0),
    noShowPolicy: serviceFields.noShowPolicy.default('assume_attended'),
    active: serviceFields.active.default(true),
  })
  .strict();
export type TCreateService = z.output<typeof ZCreateService>;

export const ZUpdateService = z.object(serviceFields).partial().strict();
export type TUpdateService = z.output<typeof ZUpdateService>;
