/** list_services: what can be booked, with duration, description and who provides it. */
import { z } from 'zod';
import { listPublicServices } from '../../db/service.repository.ts';
import { defineAgentTool } from '../agent-tool.ts';

const ZOutput = z.object({
  services: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      description: z.string().nullable(),
      durationMinutes: z.number(),
      providers: z.array(z.object({ id: z.string(), name: z.string() })),
    }),
  ),
});

export const listServicesTool = defineAgentTool({
  name: 'list_services',
  title: 'List services',
  description:
    'Lists the services the business offers, with duration, description and the people who provide them. ' +
    'Call it first when you do not know the service id, and use the service the caller asks for by name. ' +
    'Do not read ids to the caller.',
  input: z.object({}).strict(),
  output: ZOutput,
  annotations: { readOnlyHint: true, openWorldHint: false },
  async run(deps) {
    const services = (await listPublicServices(deps.db)).map(({ service, providers }) => ({
      id: service.id,
      name: service.name,
      description: service.description,
      durationMinutes: service.duration_minutes,
      providers,
    }));
    const text =
      services.length === 0
        ? 'There are no services to book at the moment.'
        : services.map((s) => `${s.name} (${s.durationMinutes} minutes, with ${s.providers.map((p) => p.name).join(' or ')})`).join('; ') + '.';
    return { ok: true, data: { services }, text };
  },
});
