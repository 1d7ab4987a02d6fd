/**
 * One tool call from a voice platform, run through the agent tools (src/agent-tools/) as the caller
 * `phone:<platform>`: the platform's caller id becomes the caller's phone claim, arguments may arrive as
 * an object or as a JSON string (OpenAI-style function calls), and the answer is one line of text.
 */
import type { AgentCaller, AgentToolDeps } from '../../agent-tools/agent-context.ts';
import { oneLine, runAgentTool, type ToolResult } from '../../agent-tools/agent-tool.ts';
import { agentTool } from '../../agent-tools/registry.ts';

export type VoicePlatform = 'vapi' | 'retell';

export function voiceCaller(platform: VoicePlatform, callerNumber: unknown): AgentCaller {
  const phone = typeof callerNumber === 'string' && callerNumber.trim() !== '' ? callerNumber.trim() : undefined;
  return { channel: 'phone', id: `phone:${platform}`, ...(phone ? { callerPhone: phone } : {}) };
}

function argumentsOf(raw: unknown): unknown {
  if (typeof raw !== 'string') return raw ?? {};
  try {
    return JSON.parse(raw);
  } catch {
    return raw; // not JSON: the tool's input validation refuses it
  }
}

export async function runVoiceToolCall(deps: AgentToolDeps, caller: AgentCaller, name: unknown, args: unknown): Promise<ToolResult<unknown>> {
  const tool = typeof name === 'string' ? agentTool(name) : undefined;
  if (!tool) return { ok: false, code: 'unknown_tool', message: `There is no tool named ${JSON.stringify(String(name)).slice(0, 60)}.` };
  const result = await runAgentTool(tool, deps, caller, argumentsOf(args));
  return result.ok ? { ...result, text: oneLine(result.text) } : { ...result, message: oneLine(result.message) };
}
