/**
 * The MCP server slotflow speaks at /mcp: one fresh McpServer per request (stateless — any gateway answers
 * any request; a hold travels as the `bookingId` tool argument), its tools the agent tools of
 * src/agent-tools/ in their fixed order. A tool's answer is its sentence as text plus its data as
 * `structuredContent`; a refusal is a tool result with `isError: true` whose `structuredContent` carries
 * the stable `code` — never a protocol error.
 */
import { McpServer, type CallToolResult } from '@modelcontextprotocol/server';
import type { AgentCaller, AgentToolDeps } from '../../agent-tools/agent-context.ts';
import { runAgentTool, type ToolResult } from '../../agent-tools/agent-tool.ts';
import { AGENT_TOOLS } from '../../agent-tools/registry.ts';

export const MCP_INSTRUCTIONS = [
  'slotflow books appointments for this business.',
  'To book: list_services (if you do not know the service), find_slots, offer two or three labels, hold_slot the one the caller picks,',
  "read it back, then confirm_booking. Never invent a time or the caller's details.",
  'To move or cancel: find_bookings with the phone or e-mail the caller booked with, then reschedule_booking or cancel_booking.',
  'When a tool refuses, tell the caller its sentence; do not retry the same call unchanged.',
].join(' ');

export function toCallToolResult(result: ToolResult<unknown>): CallToolResult {
  if (result.ok) return { content: [{ type: 'text', text: result.text }], structuredContent: result.data as Record<string, unknown> };
  return {
    content: [{ type: 'text', text: result.message }],
    structuredContent: { code: result.code, message: result.message, ...result.data },
    isError: true,
  };
}

export function buildMcpServer(deps: AgentToolDeps, caller: AgentCaller, version: string): McpServer {
  const server = new McpServer({ name: 'slotflow', title: 'slotflow bookings', version }, { instructions: MCP_INSTRUCTIONS });
  for (const tool of AGENT_TOOLS) {
    server.registerTool(
      tool.name,
      { title: tool.title, description: tool.description, inputSchema: tool.input, outputSchema: tool.output, annotations: tool.annotations },
      async (args: unknown) => toCallToolResult(await runAgentTool(tool, deps, caller, args)),
    );
  }
  return server;
}
