/**
 * The MCP server at /mcp (issue #15) through the official SDK client against a listening gateway, a worker
 * and the run's dev server, on PGlite and PostgreSQL: discovery and schemas in both protocol eras, auth
 * (401 + resource metadata, revoked key), Origin and GET, the scripted call find → hold → confirm with the
 * confirmation message, two agents racing for one start, a lapsed hold, move and cancel with the right
 * and a wrong phone, a policy refusal in words, hostile arguments.
 *
 * "Now" is the file's pinned instant (the gateway's clock); the appointments lie 2–5 days after it, so the
 * workflow (on Temporal's real clock) sees them in the future at any instant the suite runs.
 */
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BookingChannelKey } from '../../../src/temporal/search-attributes.ts';
import { bookingWorkflowId } from '../../../src/temporal/workflow-ids.ts';
import { DB_KINDS, skipKind } from '../../support/databases.ts';
import { everyDayHours } from '../../support/catalog-seed.ts';
import { TEST_NOW } from '../../support/clock.ts';
import { startWebStack, type WebStack } from '../../support/web-stack.ts';
import { insertProvider, insertService } from '../../support/factories.ts';

const DAY = 86_400_000;
const TOOL_NAMES = ['list_services', 'find_slots', 'hold_slot', 'confirm_booking', 'find_bookings', 'reschedule_booking', 'cancel_booking'];
const HOLD_TTL_MS = 4_000;

type ToolAnswer = { isError?: boolean; structuredContent?: Record<string, unknown>; content: { type: string; text?: string }[] };

describe.each(DB_KINDS)('MCP server on %s', (kind) => {
  let stack: WebStack;
  let agentKey: string;
  let otherAgentKey: string;
  let service: string;
  let strictService: string;
  const clients: Client[] = [];

  const issue = async (name: string, scope: 'agent' | 'admin') => {
    const res = await fetch(`${stack.baseUrl}/v1/admin/api-keys`, {
      method: 'POST',
      headers: { authorization: `Bearer ${stack.adminKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name, scope }),
    });
    return (await res.json()) as { id: string; key: string };
  };

  const connect = async (key: string, mode: 'legacy' | 'auto' = 'legacy') => {
    const client = new Client({ name: 'slotflow-test', version: '1.0.0' }, mode === 'auto' ? { versionNegotiation: { mode: 'auto' } } : {});
    await client.connect(new StreamableHTTPClientTransport(new URL(`${stack.baseUrl}/mcp`), { requestInit: { headers: { authorization: `Bearer ${key}` } } }));
    clients.push(client);
    return client;
  };
  const call = async (client: Client, name: string, args: Record<string, unknown>) => (await client.callTool({ name, arguments: args })) as ToolAnswer;
  const dateOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

  beforeAll(async () => {
    if (skipKind(kind)) return;
    stack = await startWebStack({ kind, web: false, agents: { holdTtlMs: HOLD_TTL_MS, allowedOrigins: ['agent.example.com'] } });
    const db = stack.db.db;
    const provider = await insertProvider(db, { name: 'Dr. Ada', time_zone: 'UTC', weekly_hours: everyDayHours([['08:00', '18:00']]) });
    service = await insertService(db, { name: 'Check-up', duration_minutes: 30, maximum_advance_days: 60, description: 'A short visit' });
    // Cancellations and changes need 30 days' notice: every appointment in this suite is inside that window.
    strictService = await insertService(db, {
      name: 'Surgery',
      duration_minutes: 60,
      maximum_advance_days: 60,
      cancel_notice_minutes: 30 * 1440,
      reschedule_notice_minutes: 30 * 1440,
    });
    await db
      .insertInto('provider_services')
      .values([
        { provider_id: provider, service_id: service },
        { provider_id: provider, service_id: strictService },
      ])
      .execute();
    agentKey = (await issue('assistant', 'agent')).key;
    otherAgentKey = (await issue('other assistant', 'agent')).key;
  }, 60_000);
  afterAll(async () => {
    for (const c of clients) await c.close().catch(() => {});
    await stack?.close();
  });

  it.skipIf(skipKind(kind))('without a valid key: 401 with WWW-Authenticate naming the resource metadata, which names the resource', async () => {
    const post = (headers: Record<string, string>) =>
      fetch(`${stack.baseUrl}/mcp`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...headers },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
      });
    for (const res of [await post({}), await post({ authorization: 'Bearer sfk_not_a_key_at_all_0000000000000' })]) {
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toBe(`Bearer resource_metadata="${stack.baseUrl}/.well-known/oauth-protected-resource/mcp"`);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
    }
    const meta = await (await fetch(`${stack.baseUrl}/.well-known/oauth-protected-resource/mcp`)).json();
    expect(meta).toMatchObject({ resource: `${stack.baseUrl}/mcp`, bearer_methods_supported: ['header'] });

    const revoked = await issue('soon revoked', 'agent');
    await fetch(`${stack.baseUrl}/v1/admin/api-keys/${revoked.id}`, { method: 'DELETE', headers: { authorization: `Bearer ${stack.adminKey}` } });
    expect((await post({ authorization: `Bearer ${revoked.key}` })).status).toBe(401);
    // An agent key stays out of the admin API.
    expect((await fetch(`${stack.baseUrl}/v1/admin/bookings`, { headers: { authorization: `Bearer ${agentKey}` } })).status).toBe(403);
  });

  it.skipIf(skipKind(kind))('GET is 405 (stateless); a foreign Origin is 403, a listed one passes', async () => {
    const auth = { authorization: `Bearer ${agentKey}` };
    expect((await fetch(`${stack.baseUrl}/mcp`, { headers: { ...auth, accept: 'text/event-stream' } })).status).toBe(405);
    const list = (origin: string) =>
      fetch(`${stack.baseUrl}/mcp`, {
        method: 'POST',
        headers: { ...auth, origin, 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
        body: JSON.stringify({
          jsonrpc: '2.0',
          id: 1,
          method: 'initialize',
          params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 't', version: '1' } },
        }),
      });
    expect((await list('https://evil.example.net')).status).toBe(403);
    expect((await list('https://agent.example.com')).status).toBe(200);
  });

  it.skipIf(skipKind(kind))('lists the seven tools in order with input and output schemas, in the 2025 and the 2026 era', async () => {
    for (const mode of ['legacy', 'auto'] as const) {
      const client = await connect(agentKey, mode);
      expect(client.getProtocolEra()).toBe(mode === 'legacy' ? 'legacy' : 'modern');
      const { tools } = await client.listTools();
      expect(tools.map((t) => t.name)).toEqual(TOOL_NAMES);
      for (const t of tools) {
        expect(t.inputSchema.type).toBe('object');
        expect(t.outputSchema?.type).toBe('object');
        expect(t.description!.length).toBeGreaterThan(60);
      }
      const byName = Object.fromEntries(tools.map((t) => [t.name, t]));
      expect(byName['find_slots']!.annotations?.readOnlyHint).toBe(true);
      expect(byName['cancel_booking']!.annotations?.destructiveHint).toBe(true);
      expect(byName['find_slots']!.inputSchema.required).toEqual(expect.arrayContaining(['serviceId', 'from', 'timeZone']));
    }
  });

  it.skipIf(skipKind(kind))('a scripted call: find → hold → confirm books once, on channel agent, and sends the confirmation', async () => {
    const client = await connect(agentKey, 'auto');
    const services = await call(client, 'list_services', {});
    expect(services.structuredContent!['services']).toEqual(
      expect.arrayContaining([expect.objectContaining({ id: service, name: 'Check-up', durationMinutes: 30 })]),
    );

    const from = dateOf(TEST_NOW + 2 * DAY);
    const found = await call(client, 'find_slots', {
      serviceId: service,
      from,
      to: dateOf(TEST_NOW + 4 * DAY),
      timeZone: 'Europe/Berlin',
      partOfDay: 'afternoon',
      limit: 3,
    });
    expect(found.isError).toBeFalsy();
    const slots = found.structuredContent!['slots'] as { start: string; label: string }[];
    expect(slots).toHaveLength(3);
    // Spread across the three days, in the caller's zone, each with something to say.
    expect(new Set(slots.map((s) => s.start.slice(0, 10))).size).toBe(3);
    for (const s of slots) {
      expect(s.start).toMatch(/\+0[12]:00$/);
      expect(Number(s.start.slice(11, 13))).toBeGreaterThanOrEqual(12);
      expect(s.label).toMatch(/ at \d\d:\d\d$/);
    }

    const held = await call(client, 'hold_slot', {
      serviceId: service,
      start: slots[0]!.start,
      timeZone: 'Europe/Berlin',
      customer: { name: 'Grace Hopper', email: 'grace@example.org' },
    });
    expect(held.isError).toBeFalsy();
    const bookingId = held.structuredContent!['bookingId'] as string;
    expect(held.structuredContent).toMatchObject({ status: 'held', label: slots[0]!.label });
    expect(Date.parse(held.structuredContent!['expiresAt'] as string)).toBeGreaterThan(Date.now());

    const confirmed = await call(client, 'confirm_booking', { bookingId });
    expect(confirmed.isError).toBeFalsy();
    expect(confirmed.structuredContent).toMatchObject({ bookingId, status: 'confirmed' });
    // No transport configured (the stack's outbox): the agent is not told a confirmation goes out.
    const said = confirmed.content.map((c) => c.text ?? '').join(' ');
    expect(said).toContain('No confirmation message is sent (messaging is not set up)');
    expect(said).not.toContain('on its way');
    // Twice is harmless.
    expect((await call(client, 'confirm_booking', { bookingId })).structuredContent).toMatchObject({ status: 'confirmed' });

    const row = await stack.db.db.selectFrom('bookings').selectAll().where('id', '=', bookingId).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'confirmed', channel: 'agent', customer_email: 'grace@example.org' });
    expect(row.created_by).toMatch(/^agent:[0-9a-f-]{36}$/);
    await expect
      .poll(async () => (await stack.db.db.selectFrom('messages').select('kind').where('booking_id', '=', bookingId).execute()).map((m) => m.kind), {
        timeout: 15_000,
      })
      .toContain('confirmation');

    // The channel shows where ops look: the admin list's filter, the metrics, the workflow's search attribute.
    const admin = { authorization: `Bearer ${stack.adminKey}` };
    const listed = async (channel: string) =>
      (
        (await (await fetch(`${stack.baseUrl}/v1/admin/bookings?channel=${channel}`, { headers: admin })).json()) as { bookings: { id: string }[] }
      ).bookings.map((b) => b.id);
    expect(await listed('agent')).toContain(bookingId);
    expect(await listed('web,phone')).not.toContain(bookingId);
    const metrics = await (await fetch(`${stack.baseUrl}/metrics`)).text();
    expect(Number(/^slotflow_bookings_by_channel\{channel="agent"\} (\d+)$/m.exec(metrics)?.[1])).toBeGreaterThanOrEqual(1);
    const described = await stack.gw.temporal.client.workflow.getHandle(bookingWorkflowId(bookingId)).describe();
    expect(described.typedSearchAttributes.get(BookingChannelKey)).toBe('agent');

    // Another agent cannot confirm (or learn about) this caller's hold by its id.
    const other = await connect(otherAgentKey);
    const foreign = await call(other, 'confirm_booking', { bookingId });
    expect(foreign.isError).toBe(true);
    expect(foreign.structuredContent).toMatchObject({ code: 'not_found' });
  });

  it.skipIf(skipKind(kind))('nothing free in the range: find_slots names the next date that has a time', async () => {
    const db = stack.db.db;
    const weekendOnly = await insertProvider(db, { name: 'Weekends', time_zone: 'UTC', weekly_hours: JSON.stringify({ sat: [['09:00', '12:00']] }) });
    const yoga = await insertService(db, { name: 'Weekend yoga', duration_minutes: 60, maximum_advance_days: 60, providers: [weekendOnly] });
    // The first Monday at least two days ahead; Monday–Thursday has no time, the Saturday after does.
    let monday = TEST_NOW + 2 * DAY;
    while (new Date(monday).getUTCDay() !== 1) monday += DAY;
    const client = await connect(agentKey);
    const r = await call(client, 'find_slots', { serviceId: yoga, from: dateOf(monday), to: dateOf(monday + 3 * DAY), timeZone: 'UTC' });
    expect(r.isError).toBeFalsy();
    expect(r.structuredContent).toMatchObject({
      slots: [],
      nextAvailable: { date: dateOf(monday + 5 * DAY), start: `${dateOf(monday + 5 * DAY)}T09:00:00+00:00` },
    });
    expect(r.content[0]!.text).toMatch(/^Nothing is free then\. The next free time is Saturday \d+ \w+ at 09:00\.$/);
  });

  it.skipIf(skipKind(kind))('two agents hold the same start at once: one hold, the other gets the nearest alternatives', async () => {
    const [a, b] = [await connect(agentKey), await connect(otherAgentKey)];
    const start = new Date(Date.parse(`${dateOf(TEST_NOW + 3 * DAY)}T10:00:00Z`)).toISOString();
    const hold = (client: Client, name: string) => call(client, 'hold_slot', { serviceId: service, start, customer: { name, phone: '+49 151 2000 0001' } });
    const answers = await Promise.all([hold(a, 'A'), hold(b, 'B')]);
    expect(answers.filter((r) => !r.isError)).toHaveLength(1);
    const lost = answers.find((r) => r.isError)!;
    expect(lost.structuredContent).toMatchObject({ code: 'slot_unavailable' });
    const alternatives = lost.structuredContent!['alternatives'] as { start: string }[];
    expect(alternatives).toHaveLength(3);
    expect(alternatives.map((x) => x.start)).not.toContain(start);
    const live = await stack.db.db
      .selectFrom('bookings')
      .select('id')
      .where('start_time', '=', new Date(start))
      .where('status', 'in', ['held', 'confirmed'])
      .execute();
    expect(live).toHaveLength(1);
  });

  it.skipIf(skipKind(kind))('a hold never confirmed lapses: confirm says so and that the time is still free; find_slots offers it again', async () => {
    const client = await connect(agentKey);
    const day = dateOf(TEST_NOW + 4 * DAY);
    const start = `${day}T15:00:00Z`;
    const held = await call(client, 'hold_slot', { serviceId: service, start, customer: { name: 'Lapse', email: 'lapse@example.org' }, timeZone: 'UTC' });
    const bookingId = held.structuredContent!['bookingId'] as string;
    const offered = async () =>
      (
        (await call(client, 'find_slots', { serviceId: service, from: day, to: day, timeZone: 'UTC', limit: 20 })).structuredContent!['slots'] as {
          start: string;
        }[]
      ).map((s) => s.start);
    expect(await offered()).not.toContain(`${day}T15:00:00+00:00`);
    await expect
      .poll(async () => (await stack.db.db.selectFrom('bookings').select('status').where('id', '=', bookingId).executeTakeFirstOrThrow()).status, {
        timeout: 20_000,
        interval: 500,
      })
      .toBe('expired');
    const late = await call(client, 'confirm_booking', { bookingId });
    expect(late.isError).toBe(true);
    expect(late.structuredContent).toMatchObject({ code: 'hold_expired', stillFree: true });
    expect(await offered()).toContain(`${day}T15:00:00+00:00`);
  });

  it.skipIf(skipKind(kind))("move and cancel need the booking's phone or e-mail; notice windows refuse in one sentence", async () => {
    const client = await connect(agentKey);
    const phone = '+49 151 3000 0002';
    const book = async (serviceId: string, start: string) => {
      const held = await call(client, 'hold_slot', { serviceId, start, customer: { name: 'Ada', phone } });
      const id = held.structuredContent!['bookingId'] as string;
      expect((await call(client, 'confirm_booking', { bookingId: id })).structuredContent).toMatchObject({ status: 'confirmed' });
      return id;
    };
    // Days of their own: the other tests book on days 2–4.
    const day = dateOf(TEST_NOW + 5 * DAY);
    const id = await book(service, `${day}T09:00:00Z`);

    const mine = await call(client, 'find_bookings', { phone: '004915130000002' });
    expect((mine.structuredContent!['bookings'] as { bookingId: string }[]).map((b) => b.bookingId)).toContain(id);
    expect((await call(client, 'find_bookings', { phone: '+4915130000003' })).structuredContent!['bookings']).toEqual([]);
    expect((await call(client, 'find_bookings', {})).structuredContent).toMatchObject({ code: 'identity_required' });

    const wrong = await call(client, 'reschedule_booking', { bookingId: id, start: `${day}T11:00:00Z`, phone: '+4915130000003' });
    expect(wrong.structuredContent).toMatchObject({ code: 'not_found' });
    const moved = await call(client, 'reschedule_booking', { bookingId: id, start: `${day}T11:00:00Z`, phone });
    expect(moved.isError).toBeFalsy();
    expect(moved.structuredContent).toMatchObject({ bookingId: id, status: 'confirmed' });
    expect((await stack.db.db.selectFrom('bookings').select('start_time').where('id', '=', id).executeTakeFirstOrThrow()).start_time.toISOString()).toBe(
      `${day}T11:00:00.000Z`,
    );

    expect((await call(client, 'cancel_booking', { bookingId: id, email: 'someone@example.org' })).structuredContent).toMatchObject({ code: 'not_found' });
    const cancelled = await call(client, 'cancel_booking', { bookingId: id, phone, reason: 'feeling better' });
    expect(cancelled.structuredContent).toMatchObject({ bookingId: id, status: 'cancelled' });

    const strict = await book(strictService, `${day}T14:00:00Z`);
    const refused = await call(client, 'cancel_booking', { bookingId: strict, phone });
    expect(refused.isError).toBe(true);
    expect(refused.structuredContent).toMatchObject({ code: 'policy_window' });
    expect(refused.content[0]!.text).toMatch(/^Cancellations need 30 days' notice; the appointment is \w+ \d+ \w+ at 14:00\./);
    expect((await stack.db.db.selectFrom('bookings').select('status').where('id', '=', strict).executeTakeFirstOrThrow()).status).toBe('confirmed');
  });

  it.skipIf(skipKind(kind))('hostile arguments are tool errors: nothing written, no 5xx', async () => {
    const client = await connect(agentKey);
    const before = (
      await stack.db.db
        .selectFrom('bookings')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n;
    const cases: [string, Record<string, unknown>][] = [
      ['find_slots', { serviceId: 'x', from: 'tomorrow', timeZone: 'Mars/Olympus' }],
      ['find_slots', { serviceId: service, from: dateOf(TEST_NOW), timeZone: 'UTC', limit: 500 }],
      ['find_slots', { serviceId: service, from: '2030-01-01', to: '2031-12-31', timeZone: 'UTC' }],
      ['hold_slot', { serviceId: service, start: 'x'.repeat(100_000), customer: { name: 'A', email: 'a@example.org' } }],
      ['hold_slot', { serviceId: service, start: new Date(TEST_NOW - DAY).toISOString(), customer: { name: 'A', email: 'a@example.org' } }],
      ['hold_slot', { serviceId: service, start: `${dateOf(TEST_NOW + 2 * DAY)}T09:30:00Z`, customer: { name: 'A' } }],
      [
        'hold_slot',
        {
          serviceId: '00000000-0000-4000-8000-000000000000',
          start: `${dateOf(TEST_NOW + 2 * DAY)}T09:30:00Z`,
          customer: { name: 'A', email: 'a@example.org' },
        },
      ],
      ['confirm_booking', { bookingId: '00000000-0000-4000-8000-000000000000' }],
      ['cancel_booking', { bookingId: 42, phone: ['+1'] }],
      ['reschedule_booking', { bookingId: '00000000-0000-4000-8000-000000000000', start: `${dateOf(TEST_NOW + 2 * DAY)}T09:30:00Z`, phone: '+4915100000000' }],
    ];
    for (const [name, args] of cases) {
      const r = await call(client, name, args);
      expect(r.isError, `${name} ${JSON.stringify(args).slice(0, 80)}`).toBe(true);
      expect(r.content[0]!.text!.length).toBeLessThan(600);
    }
    const after = (
      await stack.db.db
        .selectFrom('bookings')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n;
    expect(Number(after)).toBe(Number(before));
  });
});
