/**
 * Kysely table types, mirroring `migrations/*.sql`. Generated<T> marks columns with a database default.
 * Timestamps are `Date` and `date` columns are 'YYYY-MM-DD' strings on both drivers; int8 is `number`
 * on both (see `database.ts`).
 */
import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type Json<T> = ColumnType<T, string, string>;
type GeneratedTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type GeneratedJson<T> = ColumnType<T, string | undefined, string>;

export type WeeklyHours = Partial<Record<'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun', [string, string][]>>;

import type { BookingStatus } from '../domain/bookings/booking-status.ts';
import type { ApiKeyScope } from '../domain/access/api-key-scope.ts';
import type { Channel } from '../domain/bookings/channels.ts';

export type { BookingStatus };

export interface ProvidersTable {
  id: Generated<string>;
  name: string;
  email: string | null;
  phone: string | null;
  time_zone: string;
  weekly_hours: Json<WeeklyHours>;
  active: Generated<boolean>;
  created_at: GeneratedTimestamp;
  updated_at: GeneratedTimestamp;
}

export interface ProviderOverridesTable {
  id: Generated<string>;
  provider_id: string;
  kind: 'hours' | 'block' | 'open';
  date: string | null;
  hours: Json<[string, string][]> | null;
  start_time: Timestamp | null;
  end_time: Timestamp | null;
  reason: string | null;
  created_at: GeneratedTimestamp;
}

export interface ServicesTable {
  id: Generated<string>;
  name: string;
  description: string | null;
  duration_minutes: number;
  buffer_before: Generated<number>;
  buffer_after: Generated<number>;
  slot_interval_minutes: number | null;
  /** 'restart' | 'fixed' (migration 0014). */
  slot_alignment: Generated<'restart' | 'fixed'>;
  minimum_notice_minutes: Generated<number>;
  maximum_advance_days: Generated<number>;
  max_bookings_per_day: number | null;
  max_bookings_per_week: number | null;
  requires_approval: Generated<boolean>;
  reminder_offsets_minutes: Generated<number[]>;
  reminder_channels: Generated<string[]>;
  cancel_notice_minutes: Generated<number>;
  reschedule_notice_minutes: Generated<number>;
  no_show_policy: Generated<'assume_attended' | 'require_check_in'>;
  intake_fields: GeneratedJson<unknown[]>;
  /** [{pool, count}] (migration 0015). */
  required_resources: GeneratedJson<{ pool: string; count: number }[]>;
  /** Attendees per session; 1 = one-to-one (migration 0016). */
  seats: Generated<number>;
  /** Where it takes place (migration 0024): both set or both null. */
  location_kind: 'address' | 'video' | null;
  location_value: string | null;
  /** The customer's built-in contact fields (migration 0025): required flags and labels (null: default). */
  email_required: Generated<boolean>;
  email_label: string | null;
  phone_required: Generated<boolean>;
  phone_label: string | null;
  active: Generated<boolean>;
  created_at: GeneratedTimestamp;
  updated_at: GeneratedTimestamp;
}

/** One unit of a resource pool: "Room 1" in "treatment-room" (migration 0015). */
export interface ResourcesTable {
  id: Generated<string>;
  name: string;
  pool: string;
  active: Generated<boolean>;
  created_at: GeneratedTimestamp;
  updated_at: GeneratedTimestamp;
}

export interface ResourceBlocksTable {
  id: Generated<string>;
  resource_id: string;
  start_time: Timestamp;
  end_time: Timestamp;
  reason: string | null;
  created_at: GeneratedTimestamp;
}

/** The units a booking holds; `blocked` is a tstzrange literal, `live` follows the booking's status (trigger). */
export interface BookingResourcesTable {
  booking_id: string;
  resource_id: string;
  blocked: string;
  live: Generated<boolean>;
  /** The group session whose attendees share these units (migration 0016); null for a one-to-one booking. */
  seat_session: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface ProviderServicesTable {
  provider_id: string;
  service_id: string;
}

export interface BookingsTable {
  id: Generated<string>;
  customer_name: string;
  customer_email: string | null;
  customer_phone: string | null;
  customer_time_zone: string | null;
  locale: Generated<string>;
  service_id: string;
  provider_id: string;
  start_time: Timestamp;
  end_time: Timestamp;
  /** tstzrange literal, e.g. `[2026-01-01T09:55:00Z,2026-01-01T10:35:00Z)`. */
  blocked: string;
  /** The key the seats of one group session share, `<service>/<provider>@<start ISO>` (0016); null: one-to-one. */
  seat_session: ColumnType<string | null, string | null | undefined, string | null>;
  status: BookingStatus;
  attendance: 'checked_in' | 'no_show' | null;
  created_by: Generated<string>;
  channel: Generated<Channel>;
  intake: GeneratedJson<Record<string, unknown>>;
  idempotency_key: string | null;
  /** SHA-256 of the request an Idempotency-Key was first used with (0003). */
  idempotency_fingerprint: string | null;
  /** Keyed hash of the creating client's address (abuse limits, migration 0007); null for admin/API rows. */
  client_key: Generated<string | null>;
  hold_expires_at: Timestamp | null;
  version: Generated<number>;
  calendar_event_ref: string | null;
  /**
   * The booking's name outside slotflow (ICS UID, calendar event key): 32 random hex digits set by the
   * database (0008); null for bookings made before, which keep their id-derived names.
   */
  external_ref: Generated<string | null>;
  cancel_reason: string | null;
  created_at: GeneratedTimestamp;
  updated_at: GeneratedTimestamp;
}

/** Spent proof-of-work challenges (0009): the signed nonce, kept until the challenge expires. */
export interface UsedChallengesTable {
  nonce: string;
  expires_at: Timestamp;
}

export interface RemindersTable {
  id: Generated<string>;
  booking_id: string;
  when: Timestamp;
  channel: 'email' | 'sms';
  /** `captured`: done, but every message of it was captured in the outbox (no transport): nobody got it. */
  status: Generated<'scheduled' | 'sent' | 'skipped' | 'failed' | 'cancelled' | 'captured'>;
  sent_at: Timestamp | null;
  attempts: Generated<number>;
  last_error: string | null;
  created_at: GeneratedTimestamp;
}

export interface MessagesTable {
  id: Generated<string>;
  booking_id: string | null;
  provider_id: string | null;
  kind: string;
  channel: 'email' | 'sms';
  transport: Generated<string>;
  recipient: string;
  subject: string | null;
  body_text: string;
  body_html: string | null;
  idempotency_key: string;
  status: Generated<MessageStatus>;
  provider_message_id: string | null;
  error: string | null;
  /** TransportError kind of a failed message (0004). */
  failure_kind: string | null;
  /** The message this one replaces (SMS → e-mail fallback, 0004). */
  fallback_of: string | null;
  /** The e-mail thread this message answers in (0012). */
  thread_id: Generated<string | null>;
  /** The calendar invitation a captured e-mail would have carried (outbox only). */
  ics: Generated<string | null>;
  attempts: Generated<number>;
  created_at: GeneratedTimestamp;
  sent_at: Timestamp | null;
  delivered_at: Timestamp | null;
  updated_at: GeneratedTimestamp;
}

/** `captured`: recorded in the outbox with no transport configured — nothing left slotflow (never `sent`). */
export type MessageStatus = 'queued' | 'sending' | 'sent' | 'delivered' | 'failed' | 'skipped' | 'captured';

export interface MessageTemplatesTable {
  service_id: string;
  kind: string;
  locale: 'en' | 'de';
  subject: string | null;
  body_text: string | null;
  body_html: string | null;
  sms: string | null;
  updated_at: GeneratedTimestamp;
}

export interface SmsOptOutsTable {
  phone: string;
  created_at: GeneratedTimestamp;
}

/** Migration 0026: the version of a provider's ('provider:<uuid>') or pool's ('unit-pool:<name>') time. */
export interface TimeVersionsTable {
  key: string;
  /** bigint from time_version_seq; read it as text. */
  version: string;
}

export interface ShortLinksTable {
  code: string;
  token: string;
  booking_id: string;
  created_at: GeneratedTimestamp;
}

export interface BookingEventsTable {
  id: Generated<number>;
  booking_id: string;
  type: string;
  actor: string;
  data: GeneratedJson<Record<string, unknown>>;
  created_at: GeneratedTimestamp;
}

export interface ApiKeysTable {
  id: Generated<string>;
  name: string;
  key_prefix: string;
  key_hash: string;
  /** 0010: what the key may call (src/domain/access/api-key-scope.ts). */
  scope: ColumnType<ApiKeyScope, ApiKeyScope | undefined, ApiKeyScope>;
  created_at: GeneratedTimestamp;
  last_used_at: Timestamp | null;
  revoked_at: Timestamp | null;
}

export interface BusyBlocksTable {
  id: Generated<string>;
  provider_id: string;
  /** The calendar connection this block was synced from (0005); null for manual blocks. */
  connection_id: string | null;
  start_time: Timestamp;
  end_time: Timestamp;
  source: Generated<string>;
  external_id: string | null;
  created_at: GeneratedTimestamp;
  updated_at: GeneratedTimestamp;
}

export interface CalendarConnectionsTable {
  id: Generated<string>;
  provider_id: string;
  kind: 'google' | 'microsoft' | 'caldav';
  status: Generated<'pending' | 'healthy' | 'unhealthy'>;
  display_name: string;
  calendar_id: string | null;
  /** Sealed JSON (src/calendar-connectors/credential-seal.ts). */
  credentials: string | null;
  oauth_state: string | null;
  sync_cursor: string | null;
  last_sync_at: Timestamp | null;
  last_error: string | null;
  last_error_kind: string | null;
  fail_closed: Generated<boolean>;
  created_at: GeneratedTimestamp;
  updated_at: GeneratedTimestamp;
}

export interface HealthProbesTable {
  id: string;
  worker: string;
  counter: number;
  created_at: GeneratedTimestamp;
}

export interface SchemaMigrationsTable {
  version: string;
  name: string;
  checksum: string;
  applied_at: GeneratedTimestamp;
}

/** One e-mail conversation with one customer address (0012). */
export interface EmailThreadsTable {
  id: string;
  customer_email: string;
  customer_name: string | null;
  locale: Generated<'en' | 'de'>;
  subject: Generated<string>;
  service_id: string | null;
  booking_id: string | null;
  /** The References chain, oldest first. */
  message_ids: Generated<string[]>;
  /** The last wish understood in the thread (domain/email/wish.ts `Wish`). */
  wish: ColumnType<unknown, string | null | undefined, string | null>;
  created_at: GeneratedTimestamp;
  updated_at: GeneratedTimestamp;
}

/** Every message received by e-mail and what became of it (0012). */
export interface InboundMessagesTable {
  id: Generated<string>;
  message_id: string | null;
  via: 'smtp' | 'webhook';
  from_address: Generated<string>;
  from_name: string | null;
  subject: Generated<string>;
  size_bytes: number;
  dmarc: Generated<string>;
  thread_id: string | null;
  booking_id: string | null;
  body_text: Generated<string>;
  outcome: string;
  detail: string | null;
  /** The message's Date header (what "tomorrow" is relative to), when it had a sane one. */
  sent_at: Timestamp | null;
  /** What the thread workflow's step handed back (migration 0013), so a retried step hands back the same. */
  step_result: unknown;
  received_at: GeneratedTimestamp;
  updated_at: GeneratedTimestamp;
}

/** The business's settings (migration 0024): one row, id 1; null = not set (the config's default applies). */
export interface SettingsTable {
  id: Generated<number>;
  business_name: string | null;
  address: string | null;
  phone: string | null;
  email: string | null;
  logo_url: string | null;
  accent_color: string | null;
  default_locale: 'en' | 'de' | null;
  default_time_zone: string | null;
  updated_at: GeneratedTimestamp;
}

export interface DB {
  settings: SettingsTable;
  email_threads: EmailThreadsTable;
  inbound_messages: InboundMessagesTable;
  providers: ProvidersTable;
  provider_overrides: ProviderOverridesTable;
  services: ServicesTable;
  provider_services: ProviderServicesTable;
  resources: ResourcesTable;
  resource_blocks: ResourceBlocksTable;
  booking_resources: BookingResourcesTable;
  bookings: BookingsTable;
  reminders: RemindersTable;
  messages: MessagesTable;
  message_templates: MessageTemplatesTable;
  sms_opt_outs: SmsOptOutsTable;
  time_versions: TimeVersionsTable;
  short_links: ShortLinksTable;
  booking_events: BookingEventsTable;
  used_challenges: UsedChallengesTable;
  api_keys: ApiKeysTable;
  busy_blocks: BusyBlocksTable;
  calendar_connections: CalendarConnectionsTable;
  health_probes: HealthProbesTable;
  schema_migrations: SchemaMigrationsTable;
}
