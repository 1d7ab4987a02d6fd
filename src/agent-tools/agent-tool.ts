/**
 * The tools an AI agent calls to book, move and cancel (issue #15), independent of how it calls them: the
 * MCP server (src/gateway/mcp/) and the voice platforms' webhooks (Vapi, Retell) are thin adapters over
 * these same definitions.
 *
 * Contract of a tool:
 * - `input` / `output` are zod schemas; adapters advertise them as JSON Schema and validate with them.
 * - `run` answers `{ ok: true, data, text }` — `data` matches `output`, `text` is one or two sentences
 *   the agent can say — or a refusal `{ ok: false, code, message, data? }` whose `code` is stable and whose
 *   `message` is one sentence a caller can hear. `runAgentTool` never throws: bad arguments, business
 *   refusals (AppError) and unexpected failures all come back as refusals (never a protocol error or a 500).
 */
import type { z } from 'zod';
import { AppError } from '../errors.ts';
import type { AgentCaller, AgentToolDeps } from './agent-context.ts';

export type ToolAnnotations = { readOnlyHint?: boolean; destructiveHint?: boolean; idempotentHint?: boolean; openWorldHint?: boolean };

export type ToolSuccess<O> = { ok: true; data: O; text: string };
export type ToolRefusal = { ok: false; code: string; message: string; data?: Record<string, unknown> };
export type ToolResult<O> = ToolSuccess<O> | ToolRefusal;

export type AgentTool<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> = {
  name: string;
  title: string;
  /** Written for a model: when to use the tool, what to tell the caller. */
  description: string;
  input: I;
  output: O;
  annotations: ToolAnnotations;
  run(deps: AgentToolDeps, caller: AgentCaller, input: z.output<I>): Promise<ToolResult<z.output<O>>>;
};

/** Identity helper that keeps the schema types flowing into `run`. */
export function defineAgentTool<I extends z.ZodType, O extends z.ZodType>(tool: AgentTool<I, O>): AgentTool<I, O> {
  return tool;
}

export function refusal(code: string, message: string, data?: Record<string, unknown>): ToolRefusal {
  return { ok: false, code, message, ...(data ? { data } : {}) };
}

/** What a caller hears when something broke on our side (details go to the log, never to the agent). */
const INTERNAL = 'Something went wrong on our side; please try again in a moment.';

/**
 * Validates `args` with the tool's input schema and runs it; every failure becomes a refusal:
 * invalid arguments → `invalid_arguments` naming the fields, an AppError → its own code and message,
 * anything else → `internal_error` (logged through `deps.log`).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function runAgentTool(tool: AgentTool<any, any>, deps: AgentToolDeps, caller: AgentCaller, args: unknown): Promise<ToolResult<unknown>> {
  const parsed = tool.input.safeParse(args ?? {});
  if (!parsed.success) {
    const fields = parsed.error.issues.map((i: z.core.$ZodIssue) => `${i.path.join('.') || 'arguments'}: ${i.message}`).slice(0, 5);
    return refusal('invalid_arguments', `The arguments are not valid (${fields.join('; ')}).`, { errors: fields });
  }
  try {
    return await tool.run(deps, caller, parsed.data);
  } catch (err) {
    if (err instanceof AppError && err.status < 500) return refusal(err.code, err.message);
    if (err instanceof AppError && err.code === 'service_unavailable')
      return refusal(err.code, 'The booking system is busy right now; please try again in a moment.');
    deps.log?.(err, tool.name);
    return refusal('internal_error', INTERNAL);
  }
}

/** Result text on one line (voice platforms break on newlines; Vapi needs a single-line string). */
export function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ').trim();
}
