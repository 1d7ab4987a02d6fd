/**
 * #20 item 7: a client generated from the served OpenAPI document works and is typed. openapi-typescript
 * turns /docs/openapi.json into types (written to a temporary folder), a small client file books through
 * openapi-fetch with them — availability, a booking (201), the same slot again (409 slot_unavailable) —
 * and reads it back through the typed admin answer; tsc checks that file: the 409's `code` is typed
 * 'slot_unavailable' and is not 'not_a_slot' (a `@ts-expect-error` that fails the check if the document stopped
 * telling them apart). Then the test runs it against a listening gateway with a worker on the Temporal dev server.
 */
import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import openapiTS, { astToString } from 'openapi-typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, REPO_ROOT } from '../support/paths.ts';
import { startWebStack, type WebStack } from '../support/web-stack.ts';
import { createProvider, createService, nextMonthDays } from '../web/web-seed.ts';

const CLIENT = `import createClient from 'openapi-fetch';
import type { paths } from './api.ts';

export type Outcome = {
  first: { status: number; id: string; start: string; status2: string };
  second: { status: number; code: 'slot_unavailable'; title: string };
  admin: { timeZone: string; start: string; events: string[] };
};

/** The first slot of \`day\`, booked twice through the typed client. */
export async function bookTwice(baseUrl: string, serviceId: string, day: string, adminKey: string): Promise<Outcome> {
  const client = createClient<paths>({ baseUrl });
  const slots = await client.GET('/v1/availability', { params: { query: { serviceId, from: day, to: day, timeZone: 'Europe/Berlin' } } });
  if (!slots.data) throw new Error(\`availability answered \${slots.response.status}\`);
  const start: string = slots.data.slots[0]!.start;
  const body = { serviceId, start, timeZone: 'Europe/Berlin', customer: { name: 'Ada Lovelace', email: 'ada@example.com' } };
  const first = await client.POST('/v1/bookings', { body, params: { header: { 'Idempotency-Key': \`typed-\${serviceId}\` } } });
  if (!first.data) throw new Error(\`the first booking answered \${first.response.status}\`);
  const second = await client.POST('/v1/bookings', { body: { ...body, customer: { name: 'Grace Hopper', email: 'grace@example.com' } } });
  if (second.error?.status !== 409) throw new Error(\`the second booking answered \${second.response.status}\`);
  const code: 'slot_unavailable' = second.error.code;
  // @ts-expect-error a 409 of POST /v1/bookings is never not_a_slot (that one is a 422)
  const wrong: 'not_a_slot' = second.error.code;
  void wrong;
  const shown = await client.GET('/v1/admin/bookings/{id}', { params: { path: { id: first.data.id } }, headers: { authorization: \`Bearer \${adminKey}\` } });
  if (!shown.data) throw new Error(\`the admin answered \${shown.response.status}\`);
  return {
    admin: { timeZone: shown.data.timeZone, start: shown.data.start, events: shown.data.events.map((e) => e.type) },
    first: { status: first.response.status, id: first.data.id, start: first.data.start, status2: first.data.status },
    second: { status: second.response.status, code, title: second.error.title },
  };
}
`;

const TSCONFIG = {
  compilerOptions: {
    strict: true,
    noEmit: true,
    target: 'es2022',
    lib: ['es2022', 'dom'],
    module: 'nodenext',
    moduleResolution: 'nodenext',
    allowImportingTsExtensions: true,
    noUncheckedIndexedAccess: true,
    skipLibCheck: true,
    types: [],
  },
  files: ['client.ts'],
};

describe('a typed client generated from /docs/openapi.json', () => {
  let stack: WebStack;
  let dir: string;

  beforeAll(async () => {
    stack = await startWebStack({ web: false });
    dir = makeTempDir('typed-client');
  });
  afterAll(async () => {
    await stack?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('typechecks, books (201) and gets a typed 409 slot_unavailable for the same slot', async () => {
    const doc = (await (await fetch(`${stack.baseUrl}/docs/openapi.json`)).json()) as Parameters<typeof openapiTS>[0];
    const types = astToString(await openapiTS(doc));
    expect(types).toContain('"/v1/bookings"');
    writeFileSync(path.join(dir, 'api.ts'), types);
    writeFileSync(path.join(dir, 'client.ts'), CLIENT);
    writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify(TSCONFIG));
    writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ type: 'module', private: true }));
    const tsc = spawnSync(process.execPath, [path.join(REPO_ROOT, 'node_modules/typescript/bin/tsc'), '-p', dir], { encoding: 'utf8' });
    expect(tsc.stdout + tsc.stderr, 'tsc on the generated client').toBe('');
    expect(tsc.status).toBe(0);

    const provider = await createProvider(stack, 'Typed Desk');
    const serviceId = await createService(stack, { name: 'Typed consult', durationMinutes: 30, providerIds: [provider] });
    const client = (await import(pathToFileURL(path.join(dir, 'client.ts')).href)) as {
      bookTwice(
        baseUrl: string,
        serviceId: string,
        day: string,
        adminKey: string,
      ): Promise<{ first: { status: number; start: string; status2: string }; second: unknown; admin: { timeZone: string; start: string; events: string[] } }>;
    };
    const outcome = await client.bookTwice(stack.baseUrl, serviceId, nextMonthDays().first, stack.adminKey);
    expect(outcome.first).toMatchObject({ status: 201, status2: 'confirmed' });
    expect(outcome.first.start).toMatch(new RegExp(`^${nextMonthDays().first}T\\d\\d:\\d\\d:00\\+0[12]:00$`));
    expect(outcome.second).toEqual({ status: 409, code: 'slot_unavailable', title: 'That time is no longer available' });
    // The admin's typed answer about the same booking: the same start, in the booking's zone.
    expect(outcome.admin).toMatchObject({ timeZone: 'Europe/Berlin', start: outcome.first.start });
    expect(outcome.admin.events).toContain('reserved');
  });
});
