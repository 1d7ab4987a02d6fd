/**
 * Voice-agent platforms (issue #15, item 3) over HTTP with a worker and the run's dev server, on PGlite and
 * PostgreSQL: Vapi's
 * tool-calls and Retell's custom functions, from payloads shaped as their documentation shows
 * (fixtures/), with good and bad secrets / signatures (Retell's signed by its own SDK), and the
 * caller-id rule: a caller's number reaches only bookings made with that same number.
 */
import { readFileSync } from 'node:fs';
import { sign } from 'retell-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { retellSignature } from '../../../src/gateway/voice/retell-signature.ts';
import { DB_KINDS, skipKind } from '../../support/databases.ts';
import { everyDayHours } from '../../support/catalog-seed.ts';
import { TEST_NOW } from '../../support/clock.ts';
import { startWebStack, type WebStack } from '../../support/web-stack.ts';
import { insertProvider, insertService, offerService } from '../../support/factories.ts';

const DAY = 86_400_000;
const VAPI_SECRET = 'vapi-shared-secret-0123456789';
const RETELL_KEY = 'key_retell_webhook_0123456789abcdef';
const CALLER = '+4915140000001';
const fixture = (name: string, fill: Record<string, string>) => {
  let text = readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
  for (const [k, v] of Object.entries(fill)) text = text.replaceAll(`{{${k}}}`, v);
  return JSON.parse(text) as Record<string, unknown>;
};
const dateOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

describe.each(DB_KINDS)('voice-agent webhooks on %s', (kind) => {
  let stack: WebStack;
  let service: string;
  beforeAll(async () => {
    if (skipKind(kind)) return;
    stack = await startWebStack({ kind, web: false, voice: { vapiSecret: VAPI_SECRET, retellApiKey: RETELL_KEY } });
    const db = stack.db.db;
    const provider = await insertProvider(db, { name: 'Dr. Lin', time_zone: 'UTC', weekly_hours: everyDayHours([['08:00', '18:00']]) });
    service = await insertService(db, { name: 'Check-up', duration_minutes: 30, maximum_advance_days: 60 });
    await offerService(db, provider, service);
  }, 60_000);
  afterAll(async () => stack?.close());

  const vapi = (body: unknown, headers: Record<string, string> = { 'x-vapi-secret': VAPI_SECRET }) =>
    fetch(`${stack.baseUrl}/v1/channels/vapi/tool-calls`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
  const vapiCall = async (calls: { id: string; name: string; arguments: unknown }[], number = CALLER) => {
    const res = await vapi({ message: { type: 'tool-calls', toolCallList: calls, call: { customer: { number } } } });
    expect(res.status).toBe(200);
    return ((await res.json()) as { results: { toolCallId: string; result?: string; error?: string }[] }).results;
  };
  const dataOf = (result: string | undefined) => JSON.parse(result!.slice(result!.indexOf(' Data: ') + 7)) as Record<string, unknown>;

  const retell = async (path: string, raw: string, signature?: string) =>
    fetch(`${stack.baseUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(signature !== undefined ? { 'x-retell-signature': signature } : {}) },
      body: raw,
    });

  it.skipIf(skipKind(kind))('Vapi: the documented tool-calls body answers 200 with both ids echoed and one-line results', async () => {
    const body = fixture('vapi-tool-calls.json', { serviceId: service, from: dateOf(TEST_NOW + 2 * DAY), callerNumber: CALLER });
    const res = await vapi(body);
    expect(res.status).toBe(200);
    const { results } = (await res.json()) as { results: { toolCallId: string; result?: string }[] };
    expect(results.map((r) => r.toolCallId)).toEqual(['toolu_01DTPAzUm5Gk3zxrpJ969oMF', 'toolu_02XyzFindSlots000000000']);
    for (const r of results) expect(r.result).not.toMatch(/[\r\n]/);
    expect(results[0]!.result).toContain('Check-up (30 minutes, with Dr. Lin)');
    expect((dataOf(results[1]!.result)['slots'] as unknown[]).length).toBe(2);
  });

  it.skipIf(skipKind(kind))(
    'Vapi: unknown tool and bad arguments are error entries, still 200; other messages are acknowledged; secrets are checked',
    async () => {
      const results = await vapiCall([
        { id: 'a', name: 'launch_rockets', arguments: {} },
        { id: 'b', name: 'find_slots', arguments: '{"serviceId": "nope"' },
      ]);
      expect(results.map((r) => [r.toolCallId, Boolean(r.error), r.result])).toEqual([
        ['a', true, undefined],
        ['b', true, undefined],
      ]);
      expect(results[0]!.error).toContain('unknown_tool');
      const status = await vapi({ message: { type: 'status-update', status: 'in-progress' } });
      expect([status.status, await status.json()]).toEqual([200, { results: [] }]);
      expect((await vapi({ message: { type: 'tool-calls', toolCallList: [] } }, { 'x-vapi-secret': 'wrong-secret-000000000' })).status).toBe(401);
      expect((await vapi({ message: { type: 'tool-calls', toolCallList: [] } }, {})).status).toBe(401);
      expect((await vapi({ message: { type: 'tool-calls', toolCallList: [] } }, { authorization: `Bearer ${VAPI_SECRET}` })).status).toBe(200);
    },
  );

  it.skipIf(skipKind(kind))("the caller's number books, finds and cancels its own booking — and never reaches one made with an e-mail only", async () => {
    const day = dateOf(TEST_NOW + 3 * DAY);
    // A booking by phone through Vapi: no phone in the arguments, the caller id is used.
    const [held] = await vapiCall([{ id: 'h', name: 'hold_slot', arguments: { serviceId: service, start: `${day}T10:00:00Z`, customer: { name: 'Caller' } } }]);
    const bookingId = dataOf(held!.result)['bookingId'] as string;
    const [confirmed] = await vapiCall([{ id: 'c', name: 'confirm_booking', arguments: { bookingId } }]);
    expect(dataOf(confirmed!.result)).toMatchObject({ status: 'confirmed' });
    const row = await stack.db.db.selectFrom('bookings').selectAll().where('id', '=', bookingId).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ channel: 'phone', customer_phone: CALLER, created_by: 'phone:vapi' });

    // Someone else's booking made with an e-mail only, through the public API.
    const other = await fetch(`${stack.baseUrl}/v1/bookings`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ serviceId: service, start: `${day}T12:00:00Z`, timeZone: 'UTC', customer: { name: 'Mail', email: 'mail@example.org' } }),
    });
    expect(other.status).toBe(201);
    const otherId = ((await other.json()) as { id: string }).id;

    // Retell, same caller id: finds the phone booking only.
    const raw = JSON.stringify(fixture('retell-function.json', { callerNumber: CALLER }));
    const found = await retell('/v1/channels/retell/functions', raw, await sign(raw, RETELL_KEY));
    expect(found.status).toBe(200);
    const ids = ((await found.json()) as { data: { bookings: { bookingId: string }[] } }).data.bookings.map((b) => b.bookingId);
    expect(ids).toContain(bookingId);
    expect(ids).not.toContain(otherId);
    const [foreign] = await vapiCall([{ id: 'x', name: 'cancel_booking', arguments: { bookingId: otherId } }]);
    expect(foreign!.error).toContain('not_found');
    // Another caller id does not reach the phone booking either.
    const [stranger] = await vapiCall([{ id: 'y', name: 'cancel_booking', arguments: { bookingId } }], '+4915140000009');
    expect(stranger!.error).toContain('not_found');

    // Retell with the arguments at the root, the function named by the URL: cancels it.
    const rootArgs = JSON.stringify({ bookingId, call: { from_number: CALLER, direction: 'inbound' } });
    const cancelled = await retell('/v1/channels/retell/functions/cancel_booking', rootArgs, await sign(rootArgs, RETELL_KEY));
    expect(await cancelled.json()).toMatchObject({ data: { bookingId, status: 'cancelled' } });
    expect((await stack.db.db.selectFrom('bookings').select('status').where('id', '=', otherId).executeTakeFirstOrThrow()).status).toBe('confirmed');
  });

  it.skipIf(skipKind(kind))('Retell: a tampered body, a missing signature, another key or a stale timestamp is 401', async () => {
    const raw = JSON.stringify(fixture('retell-function.json', { callerNumber: CALLER }));
    const good = await sign(raw, RETELL_KEY);
    expect((await retell('/v1/channels/retell/functions', raw, good)).status).toBe(200);
    expect((await retell('/v1/channels/retell/functions', raw.replace('find_bookings', 'list_services'), good)).status).toBe(401);
    expect((await retell('/v1/channels/retell/functions', raw)).status).toBe(401);
    expect((await retell('/v1/channels/retell/functions', raw, await sign(raw, 'key_another_0000000000'))).status).toBe(401);
    // Our signer is the SDK's construction: the same timestamp gives the same header.
    const ts = Number(/^v=(\d+)/.exec(good)![1]);
    expect(retellSignature(raw, RETELL_KEY, ts)).toBe(good);
    expect((await retell('/v1/channels/retell/functions', raw, retellSignature(raw, RETELL_KEY, Date.now() - 6 * 60_000))).status).toBe(401);
  });
});

describe('voice webhooks without their secrets', () => {
  let stack: WebStack;
  beforeAll(async () => {
    stack = await startWebStack({ web: false });
  }, 60_000);
  afterAll(async () => stack?.close());

  it('answer 404 (the channel is off)', async () => {
    const post = (path: string) =>
      fetch(`${stack.baseUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"message":{"type":"tool-calls"}}' });
    expect((await post('/v1/channels/vapi/tool-calls')).status).toBe(404);
    expect((await post('/v1/channels/retell/functions')).status).toBe(404);
  });
});
