/**
 * What agent tools run with: the engine's parts (database, Temporal, clock, settings) and the caller.
 */
import type { Client } from '@temporalio/client';
import type { Kysely } from 'kysely';
import type { CalendarSettings } from '../calendar-connectors/connection-connector.ts';
import type { DB } from '../db/schema.ts';
import type { SmsPolicy } from '../domain/messages/sms-policy.ts';

export type AgentToolDeps = {
  db: Kysely<DB>;
  client: Client;
  taskQueue: string;
  clock: () => Date;
  /** How long an agent's hold lasts before it lapses (AGENT_HOLD_TTL_SECONDS, default 300 s). */
  agentHoldTtlMs: number;
  attendanceGraceMs: number;
  calendar?: CalendarSettings | undefined;
  smsPolicy?: SmsPolicy | undefined;
  /** Keys Idempotency-Key booking ids (the link-signing secret). */
  idempotencySecret: string;
  /** Which transports are configured (absent: none, the outbox only): tools promise a message only when one goes. */
  delivery?: { email: boolean; sms: boolean } | undefined;
  /** Where unexpected failures are reported (the request logger). */
  log?: ((err: unknown, tool: string) => void) | undefined;
};

/**
 * Who calls: an MCP client with an API key (`agent`, `agent:<key id>`), or a voice platform (`phone`,
 * `phone:vapi` / `phone:retell`) that may pass the caller's number. `id` is stored as the booking's
 * `created_by`; only the same caller may confirm a hold by its id.
 */
export type AgentCaller = {
  channel: 'agent' | 'phone';
  id: string;
  /** The caller's number from the voice platform's call object (spoofable: a phone claim only). */
  callerPhone?: string | undefined;
  /** Language of spoken labels and sentences (default 'en'). */
  locale?: string | undefined;
};

/** Whether a customer with this contact gets messages at all (an e-mail or SMS transport that reaches them). */
export function customerReached(deps: Pick<AgentToolDeps, 'delivery'>, contact: { email: string | null; phone: string | null }): boolean {
  return Boolean((contact.email && deps.delivery?.email) || (contact.phone && deps.delivery?.sms));
}
