/**
 * Inputs and outputs of the availability engine. Instants are epoch milliseconds (UTC); local dates are
 * 'YYYY-MM-DD' and local times 'HH:MM' in the provider's IANA zone. Intervals are half-open [start, end).
 */
import type { ResourceInputs, ResourceRequirement } from './resources.ts';

export type Weekday = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';
export const WEEKDAYS: readonly Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

export type Interval = { start: number; end: number };
export type HourRange = [string, string];
export type WeeklyHours = Partial<Record<Weekday, HourRange[]>>;

export type AvailabilityService = {
  id: string;
  durationMinutes: number;
  bufferBeforeMinutes: number;
  bufferAfterMinutes: number;
  /** null = duration + both buffers, so that consecutive offered slots can all be booked. */
  slotIntervalMinutes: number | null;
  /**
   * 'restart' (default): the grid of starts restarts where busy time ends inside a working window;
   * 'fixed': one grid per window from its start (appointments on the hour, say). See get-slots.ts rule 2.
   */
  slotAlignment: SlotAlignment;
  minimumNoticeMinutes: number;
  maximumAdvanceDays: number;
  maxBookingsPerDay: number | null;
  maxBookingsPerWeek: number | null;
  /** Units of resource pools each slot needs besides the provider (resources.ts); none when absent. */
  requiredResources?: readonly ResourceRequirement[] | undefined;
  /** Attendees per session (a group class); absent or 1: one-to-one. */
  seats?: number | undefined;
};

/**
 * A group session of the service that already has attendees: its provider, times, blocked range (which
 * also appears among `bookings` / `busy`, once per attendee), how many seats are taken and the resource
 * units it holds.
 */
export type OpenSession = {
  providerId: string;
  start: number;
  end: number;
  blockedStart: number;
  blockedEnd: number;
  taken: number;
  unitIds: string[];
};

export const SLOT_ALIGNMENTS = ['restart', 'fixed'] as const;
export type SlotAlignment = (typeof SLOT_ALIGNMENTS)[number];

export type AvailabilityProvider = { id: string; timeZone: string; weeklyHours: WeeklyHours };

/** A live booking (held, pending or confirmed). `blocked` already includes that booking's own buffers. */
export type ExistingBooking = {
  providerId: string;
  serviceId: string;
  start: number;
  end: number;
  blockedStart: number;
  blockedEnd: number;
};

/** Time the provider is busy elsewhere (synced calendars). */
export type BusyBlock = { providerId: string; start: number; end: number };

export type AvailabilityOverride =
  /** Replaces the weekly hours of one local date; `hours: []` = day off. */
  | { providerId: string; kind: 'hours'; date: string; hours: HourRange[] }
  /** Removes (`block`) or adds (`open`) an absolute range. */
  | { providerId: string; kind: 'block' | 'open'; start: number; end: number };

export type GetSlotsInput = {
  service: AvailabilityService;
  providers: AvailabilityProvider[];
  /**
   * Live bookings of these providers (every service). To honour weekly caps they must cover the full
   * local ISO weeks around `range`, see `capsWindow`.
   */
  bookings: ExistingBooking[];
  busy: BusyBlock[];
  overrides: AvailabilityOverride[];
  range: Interval;
  now: number;
  /** The units of the service's required pools and their busy time (only read when it requires some). */
  resources?: ResourceInputs | undefined;
  /** The service's sessions with attendees around the range (only read when it has seats > 1). */
  sessions?: OpenSession[] | undefined;
  /**
   * Live bookings (every service) per provider and provider-local day number (days since 1970-01-01 of the
   * local date), counted by the database: used to rank providers instead of counting `bookings`, when the
   * loader folded those into `busy` (several providers, no caps).
   */
  loads?: ProviderDayLoad[] | undefined;
};

export type ProviderDayLoad = { providerId: string; day: number; count: number };

/** `seatsLeft`: only for a service with seats > 1 — free seats of that session (all of them for a new one). */
export type Slot = { start: number; end: number; providerId: string; seatsLeft?: number };
