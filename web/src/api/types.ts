/**
 * The gateway's JSON shapes as the pages use them (source of truth: src/gateway/presenters and the
 * OpenAPI document at /docs/openapi.json). Instants are ISO-8601 strings with an offset.
 */
// The catalog's own types (type-only: nothing of src/ is bundled for them).
import type { IntakeField, NoShowPolicy } from '../../../src/domain/catalog/types.ts';

export type { IntakeField, IntakeFieldType, NoShowPolicy } from '../../../src/domain/catalog/types.ts';
export type { CustomerFields } from '../../../src/domain/catalog/customer-fields.ts';
import type { CustomerFields } from '../../../src/domain/catalog/customer-fields.ts';

/** Where a service takes place (#20): a street address, or a video link. */
export type ServiceLocation = { kind: 'address' | 'video'; value: string };

/** GET /v1/branding: what the pages show of the business (settings; the name defaults to BUSINESS_NAME). */
export type Branding = {
  businessName: string;
  logoUrl: string | null;
  accentColor: string | null;
  address: string | null;
  phone: string | null;
  email: string | null;
  defaultLocale: 'en' | 'de' | null;
  defaultTimeZone: string | null;
};

/** GET/PATCH /v1/admin/settings. */
export type Settings = Omit<Branding, never> & { businessNameSet: boolean; updatedAt: string | null };

export type PublicService = {
  id: string;
  name: string;
  description: string | null;
  durationMinutes: number;
  /** Where it takes place; null (or absent from older gateways) when none. A video link is not public (no value). */
  location?: { kind: 'address' | 'video'; value?: string } | null;
  /** The built-in e-mail and phone fields' settings (absent from older gateways: the defaults). */
  customerFields?: CustomerFields;
  intakeFields: IntakeField[];
  providers: { id: string; name: string }[];
  /** Attendees per session: > 1 for a group class (its slots carry `seatsLeft`). */
  seats: number;
};

/** `seatsLeft`: a group session's free seats (services with seats > 1 only). */
export type Slot = { start: string; end: string; providerId: string; seatsLeft?: number };
export type Availability = { timeZone: string; serviceId: string; slots: Slot[] };

/** As stored (src/db/schema.ts); an admin's decline is `rejected`. */
export type { BookingStatus } from '../../../src/domain/bookings/booking-status.ts';
import type { BookingStatus } from '../../../src/domain/bookings/booking-status.ts';

/** Answer of POST /v1/bookings and of the manage actions. */
export type BookingCreated = {
  id: string;
  status: BookingStatus;
  serviceId: string;
  providerId: string;
  start: string;
  end: string;
  version: number;
  holdExpiresAt?: string;
  manageUrl?: string;
  /** The UID the e-mailed invitation carries (present with manageUrl). */
  calendarUid?: string;
  /** Whether the customer gets e-mail about it (false: no e-mail transport configured, or no address). */
  customerEmailed: boolean;
  /** The rooms and equipment the booking holds (when its service requires some). */
  resources?: BookingResource[];
};

/** A room or device a booking holds: one unit of a pool ("Room 2" in "treatment-room"). */
export type BookingResource = { id: string; name: string; pool: string };

/** GET /v1/manage/{token}. */
export type ManagedBooking = {
  id: string;
  status: BookingStatus;
  /** Sent back with an action: a booking changed since answers 409 booking_changed (with the current one). */
  version: number;
  service: { id: string; name: string };
  provider: { id: string; name: string };
  /** Where it takes place (the service's); null or absent when none. */
  location?: ServiceLocation | null;
  timeZone: string;
  start: string;
  end: string;
  customer: { name: string };
  cancelDeadline: string;
  rescheduleDeadline: string;
  manageUrl: string;
  /** Whether changes are e-mailed to the customer (false: no e-mail transport configured, or no address). */
  customerEmailed: boolean;
  /** The rooms and equipment it holds; empty (or absent from older gateways) when none. */
  resources?: BookingResource[];
};

export type WeeklyHours = Record<'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun', [string, string][]>;

export type Provider = {
  id: string;
  name: string;
  email: string;
  phone: string | null;
  timeZone: string;
  weeklyHours: WeeklyHours;
  active: boolean;
  createdAt: string;
  updatedAt: string;
};

export type Override =
  | { id: string; providerId: string; kind: 'hours'; date: string; hours: [string, string][]; reason: string | null; createdAt: string }
  | { id: string; providerId: string; kind: 'block' | 'open'; start: string; end: string; reason: string | null; createdAt: string };

/** 'restart': the grid of start times restarts after busy time; 'fixed': one grid per working window. */
export type SlotAlignment = 'restart' | 'fixed';

export type Service = {
  id: string;
  name: string;
  description: string | null;
  durationMinutes: number;
  bufferBeforeMinutes: number;
  bufferAfterMinutes: number;
  slotIntervalMinutes: number | null;
  slotAlignment: SlotAlignment;
  minimumNoticeMinutes: number;
  maximumAdvanceDays: number;
  maxBookingsPerDay: number | null;
  maxBookingsPerWeek: number | null;
  requiresApproval: boolean;
  /** Where it takes place: an address or a video link; null when not said. */
  location: ServiceLocation | null;
  /** The booking's e-mail and phone fields: required by POST /v1/bookings or not, and their labels. */
  customerFields: CustomerFields;
  providerIds: string[];
  /** Rooms and equipment every booking needs besides its provider: `count` free units of `pool`. */
  requiredResources: ResourceRequirement[];
  intakeFields: IntakeField[];
  reminderOffsetsMinutes: number[];
  reminderChannels: ('email' | 'sms')[];
  cancelNoticeMinutes: number;
  rescheduleNoticeMinutes: number;
  /** Unmarked appointments after the attendance grace: completed (assume_attended) or no_show (require_check_in). */
  noShowPolicy: NoShowPolicy;
  /** Attendees per session (1: one-to-one; > 1: a group class whose attendees share provider and start). */
  seats: number;
  active: boolean;
  createdAt: string;
  updatedAt: string;
};

/** GET /v1/admin/bookings items (UTC instants). */
export type AdminBooking = {
  id: string;
  status: BookingStatus;
  serviceId: string;
  providerId: string;
  start: string;
  end: string;
  version: number;
  customer: { name: string; email: string | null; phone: string | null; timeZone: string | null };
  intake: Record<string, string | boolean>;
  channel: string;
  attendance: string | null;
  holdExpiresAt: string | null;
  cancelReason: string | null;
  /** The rooms and equipment it holds (or held); empty when its service requires none. */
  resources?: BookingResource[];
  createdAt: string;
  updatedAt: string;
};

export type ResourceRequirement = { pool: string; count: number };

/** GET /v1/admin/resources/{id}: one unit (a room, a device) in a pool. */
export type Resource = { id: string; name: string; pool: string; active: boolean; createdAt: string; updatedAt: string };

/** A pool of GET /v1/admin/resources: its active units and the services that require it. */
export type ResourcePool = { pool: string; activeUnits: number; requiredBy: { id: string; name: string }[] };

export type ResourceList = { resources: Resource[]; pools: ResourcePool[] };

export type ResourceBlock = { id: string; resourceId: string; start: string; end: string; reason: string | null };

/** GET /v1/admin/resources/{id}/day: the bookings holding the unit on a local day (times with that zone's offset). */
export type ResourceDay = {
  resource: Resource;
  bookings: {
    id: string;
    status: BookingStatus;
    start: string;
    end: string;
    serviceName: string;
    providerName: string;
    customerName: string;
    live: boolean;
  }[];
  blocks: ResourceBlock[];
};
