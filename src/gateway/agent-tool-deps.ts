/** The agent tools' dependencies from the gateway's (one place for MCP and the voice webhooks). */
import type { AgentToolDeps } from '../agent-tools/agent-context.ts';
import type { GatewayDeps } from './deps.ts';
import { serverSecretOf } from './booking-request.ts';

/** AGENT_HOLD_TTL_SECONDS' default. */
export const DEFAULT_AGENT_HOLD_TTL_MS = 300_000;

export function agentToolDeps(deps: GatewayDeps): Omit<AgentToolDeps, 'log'> {
  return {
    db: deps.db,
    // Read when a tool runs, not when the gateway is built: read-only setups (the availability bench)
    // have no Temporal.
    get client() {
      return deps.temporal.client;
    },
    taskQueue: deps.taskQueue,
    clock: deps.clock,
    agentHoldTtlMs: deps.agents?.holdTtlMs ?? DEFAULT_AGENT_HOLD_TTL_MS,
    attendanceGraceMs: deps.bookings.attendanceGraceMs,
    calendar: deps.calendar,
    smsPolicy: deps.smsPolicy,
    // Keys idempotency ids the same way the booking route does (the link-signing secret).
    idempotencySecret: serverSecretOf(deps),
    delivery: { email: Boolean(deps.messaging?.transports.email), sms: Boolean(deps.messaging?.transports.sms) },
  };
}
