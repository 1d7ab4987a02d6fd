/** The agent tools, in the fixed order every adapter lists them (MCP tools/list, the README's tool JSON). */
import type { AgentTool } from './agent-tool.ts';
import { cancelBookingTool } from './tools/cancel-booking.tool.ts';
import { confirmBookingTool } from './tools/confirm-booking.tool.ts';
import { findBookingsTool } from './tools/find-bookings.tool.ts';
import { findSlotsTool } from './tools/find-slots.tool.ts';
import { holdSlotTool } from './tools/hold-slot.tool.ts';
import { listServicesTool } from './tools/list-services.tool.ts';
import { rescheduleBookingTool } from './tools/reschedule-booking.tool.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const AGENT_TOOLS: readonly AgentTool<any, any>[] = [
  listServicesTool,
  findSlotsTool,
  holdSlotTool,
  confirmBookingTool,
  findBookingsTool,
  rescheduleBookingTool,
  cancelBookingTool,
];

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function agentTool(name: string): AgentTool<any, any> | undefined {
  return AGENT_TOOLS.find((t) => t.name === name);
}
