/**
 * `POST /v1/channels/retell/functions[/{name}]`: Retell custom functions. Retell posts `{ name, call, args }`
 * (or, with "args at root", the arguments themselves — then the function is named by the URL) signed with
 * `X-Retell-Signature` over the raw body (retell-signature.ts, key RETELL_API_KEY, five-minute window).
 * The answer is HTTP 200 JSON the agent's model reads: `{ result, data }`, or `{ error, code }` for a
 * refusal. Without RETELL_API_KEY the routes answer 404.
 */
import { z } from 'zod';
import { AppError } from '../../errors.ts';
import { agentToolDeps } from '../agent-tool-deps.ts';
import type { GatewayDeps } from '../deps.ts';
import { defineRoute, type AnyRoute } from '../route.ts';
import { retellSignatureValid } from './retell-signature.ts';
import { runVoiceToolCall, voiceCaller } from './voice-tool-call.ts';

const ZRetellBody = z.looseObject({
  name: z.string().max(100).optional(),
  args: z.unknown().optional(),
  call: z.looseObject({ from_number: z.string().max(40).optional(), direction: z.string().max(20).optional() }).optional(),
});

const ZRetellAnswer = z.object({
  result: z.string().optional(),
  data: z.unknown().optional(),
  error: z.string().optional(),
  code: z.string().optional(),
});

export function retellRoutes(deps: GatewayDeps): AnyRoute[] {
  const apiKey = deps.voice?.retellApiKey;
  const handle = async (body: z.output<typeof ZRetellBody>, req: Parameters<AnyRoute['handler']>[1], nameInUrl: string | undefined) => {
    if (!apiKey) throw new AppError('not_found', 'Retell is not configured (RETELL_API_KEY).');
    if (!retellSignatureValid(req.rawBody ?? '', apiKey, req.headers['x-retell-signature'] as string | undefined, Date.now())) {
      throw new AppError('unauthorized', 'The Retell signature is missing, wrong or outside its five-minute window.');
    }
    // {name, call, args}, or the arguments at the root (then the URL names the function).
    const wrapped = body.args !== undefined || (body.name !== undefined && nameInUrl === undefined);
    const name = nameInUrl ?? body.name;
    const args = wrapped ? body.args : Object.fromEntries(Object.entries(body).filter(([k]) => k !== 'call' && k !== 'name'));
    // A call from a phone is inbound: the caller is `from_number` (outbound calls have the business there).
    const callerNumber = body.call?.direction === 'outbound' ? undefined : body.call?.from_number;
    const toolDeps = { ...agentToolDeps(deps), log: (err: unknown, tool: string) => req.log.error({ err, tool }, 'agent tool failed') };
    const outcome = await runVoiceToolCall(toolDeps, voiceCaller('retell', callerNumber), name, args);
    return outcome.ok ? { result: outcome.text, data: outcome.data } : { error: outcome.message, code: outcome.code };
  };
  const common = {
    method: 'POST' as const,
    tags: ['channels'],
    auth: 'public' as const,
    errors: ['not_found' as const, 'unauthorized' as const],
    bodyType: 'raw-json' as const,
    body: ZRetellBody,
    responses: { 200: { description: 'The function result for the agent (or a refusal with its code)', schema: ZRetellAnswer } },
  };
  return [
    defineRoute({
      ...common,
      url: '/v1/channels/retell/functions',
      summary: 'Retell custom function {name, call, args} (X-Retell-Signature with RETELL_API_KEY)',
      async handler({ body }, req) {
        return handle(body, req, undefined);
      },
    }),
    defineRoute({
      ...common,
      url: '/v1/channels/retell/functions/:name',
      summary: 'Retell custom function named by the URL (arguments at the root or under args)',
      params: z.object({ name: z.string().max(100) }).strict(),
      async handler({ body, params }, req) {
        return handle(body, req, params.name);
      },
    }),
  ];
}
