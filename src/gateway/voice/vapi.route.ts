/**
 * `POST /v1/channels/vapi/tool-calls`: Vapi's server tools (docs.vapi.ai/tools/custom-tools). Vapi posts
 * `{ message: { type: "tool-calls", toolCallList: [{ id, name, arguments }], call: { customer: { number } } } }`
 * and reads HTTP 200 `{ results: [{ toolCallId, name, result }] }` — `result` a single line; a refusal goes in
 * `error` instead. Other server messages (status updates, reports) are acknowledged and ignored.
 *
 * Auth: the shared secret Vapi sends, as `X-Vapi-Secret` or `Authorization: Bearer <secret>`, must equal
 * VAPI_SECRET (constant time). Without VAPI_SECRET the route answers 404.
 */
import { z } from 'zod';
import { AppError } from '../../errors.ts';
import { agentToolDeps } from '../agent-tool-deps.ts';
import { bearer, tokenMatcher } from '../auth.ts';
import type { GatewayDeps } from '../deps.ts';
import { defineRoute, type AnyRoute } from '../route.ts';
import { runVoiceToolCall, voiceCaller } from './voice-tool-call.ts';

const ZToolCall = z.looseObject({
  id: z.string().max(200),
  name: z.string().max(100).optional(),
  arguments: z.unknown().optional(),
  /** OpenAI-style shape, which Vapi also sends (`toolCall.function`). */
  function: z.looseObject({ name: z.string().max(100), arguments: z.unknown().optional() }).optional(),
});

const ZVapiMessage = z.looseObject({
  message: z.looseObject({
    type: z.string().max(100),
    toolCallList: z.array(ZToolCall).max(20).optional(),
    call: z.looseObject({ customer: z.looseObject({ number: z.string().max(40).optional() }).optional() }).optional(),
    customer: z.looseObject({ number: z.string().max(40).optional() }).optional(),
  }),
});

const ZVapiResults = z.object({
  results: z.array(z.object({ toolCallId: z.string(), name: z.string().optional(), result: z.string().optional(), error: z.string().optional() })),
});

export function vapiRoutes(deps: GatewayDeps): AnyRoute[] {
  const secret = deps.voice?.vapiSecret;
  const matches = secret ? tokenMatcher(secret) : undefined;
  return [
    defineRoute({
      method: 'POST',
      url: '/v1/channels/vapi/tool-calls',
      summary: 'Vapi server tools: run the agent tools for a phone call (X-Vapi-Secret or Bearer VAPI_SECRET)',
      tags: ['channels'],
      auth: 'public',
      errors: ['not_found', 'unauthorized'],
      body: ZVapiMessage,
      responses: { 200: { description: 'One result per tool call, in order', schema: ZVapiResults } },
      async handler({ body }, req) {
        if (!matches) throw new AppError('not_found', 'Vapi is not configured (VAPI_SECRET).');
        const given = (req.headers['x-vapi-secret'] as string | undefined) ?? bearer(req);
        if (!matches(given)) throw new AppError('unauthorized', 'The Vapi secret is missing or wrong.');
        const message = body.message;
        if (message.type !== 'tool-calls') return { results: [] };
        const caller = voiceCaller('vapi', message.call?.customer?.number ?? message.customer?.number);
        const toolDeps = { ...agentToolDeps(deps), log: (err: unknown, tool: string) => req.log.error({ err, tool }, 'agent tool failed') };
        const results = [];
        // In order, one after another: a hold must exist before a confirm in the same message.
        for (const call of message.toolCallList ?? []) {
          const name = call.name ?? call.function?.name;
          const outcome = await runVoiceToolCall(toolDeps, caller, name, call.arguments ?? call.function?.arguments);
          results.push(
            outcome.ok
              ? { toolCallId: call.id, ...(name ? { name } : {}), result: outcome.text + ` Data: ${JSON.stringify(outcome.data)}` }
              : { toolCallId: call.id, ...(name ? { name } : {}), error: `${outcome.message} (code ${outcome.code})` },
          );
        }
        return { results };
      },
    }),
  ];
}
