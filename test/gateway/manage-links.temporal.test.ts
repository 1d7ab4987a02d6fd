/**
 * #20 item 2, links keep working: a manage link names its booking, so every link ever sent for it (the
 * confirmation's, the calendar entry's, a reminder's, an SMS short link) opens the booking as it is now;
 * acting carries the version the page saw, and a changed booking answers 409 `booking_changed` with its
 * current state. "E-mail me my link" (POST /v1/manage-links) answers the same 202 for every address and
 * sends the current links of an address's upcoming bookings as `manage_link` messages.
 *
 * Real dev server, on PGlite and PostgreSQL. The gateway's clock is pinned at the file's load time (the
 * window of the e-mail workflow's id is computed from it); the bookings are days ahead of the real now,
 * which the workflows and the worker go by.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { shortCodeFor } from '../../src/db/short-link.repository.ts';
import { manageLinkEmailWorkflowId } from '../../src/temporal/workflow-ids.ts';
import { startWorker, type SlotflowWorker } from '../../src/temporal/worker.ts';
import { MANAGE_LINK_WINDOW_MS, normaliseAddress } from '../../src/use-cases/send-manage-links.ts';
import { DB_KINDS, skipKind, testDatabase, type TestDatabase } from '../support/databases.ts';
import { insertProvider } from '../support/factories.ts';
import { testGateway } from '../support/gateway.ts';
import { utcSlotIn } from '../support/utc-slot.ts';

const LOADED = Date.now();
const slotIn = (days: number, hour: number) => utcSlotIn(LOADED, days, hour);
const everyDay = JSON.stringify(Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [['00:00', '24:00']]])));

type Managed = { id: string; status: string; version: number; start: string; manageUrl: string };

describe.each(DB_KINDS)('manage links that keep working, on %s', (kind) => {
  let d: TestDatabase;
  let gw: Awaited<ReturnType<typeof testGateway>>;
  let worker: SlotflowWorker;
  let service: string;

  beforeAll(async () => {
    if (skipKind(kind)) return;
    d = await testDatabase(kind);
    gw = await testGateway(d, { rateLimitPerMinute: 10_000, clock: () => new Date(LOADED) });
    worker = await startWorker({ address: inject('temporalAddress'), namespace: 'default', taskQueue: gw.taskQueue, db: d.db, links: gw.links });
    const provider = await insertProvider(d.db, { name: 'Dr. Q', time_zone: 'UTC', weekly_hours: everyDay });
    service = (
      await d.db.insertInto('services').values({ name: 'Checkup', duration_minutes: 30, maximum_advance_days: 365 }).returning('id').executeTakeFirstOrThrow()
    ).id;
    await d.db.insertInto('provider_services').values({ provider_id: provider, service_id: service }).execute();
  });
  afterAll(async () => {
    await worker?.stop();
    await gw?.close();
    await d?.dispose();
  });

  const book = async (start: string, email: string) => {
    const res = await gw.app.inject({
      method: 'POST',
      url: '/v1/bookings',
      payload: { serviceId: service, start, timeZone: 'UTC', customer: { name: 'Quinn', email } },
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { id: string; manageUrl: string };
  };
  const api = (url: string) => `/v1${new URL(url).pathname}`;
  const get = async (link: string) => gw.app.inject({ method: 'GET', url: link });

  it.skipIf(skipKind(kind))('an old link opens the moved booking; acting on the version it showed is 409 with the current state', async () => {
    const created = await book(slotIn(20, 9), `quinn-${kind}@example.com`);
    const first = api(created.manageUrl);
    const seen = (await get(first)).json() as Managed;
    expect(seen).toMatchObject({ id: created.id, status: 'confirmed' });
    const smsCode = await shortCodeFor(d.db, created.id, first.split('/').pop()!);

    // Two tabs on the same link: one moves the booking (sending the version it loaded) …
    const moved = await gw.app.inject({ method: 'POST', url: `${first}/reschedule`, payload: { start: slotIn(20, 11), version: seen.version } });
    expect(moved.statusCode, moved.body).toBe(200);
    const now = moved.json() as Managed;
    expect(now.version).toBe(seen.version + 1);

    // … the other, still showing 09:00, cannot cancel or move what it no longer sees: 409 with how it stands now.
    for (const [action, payload] of [
      ['cancel', { version: seen.version }],
      ['reschedule', { start: slotIn(20, 13), version: seen.version }],
      ['cancel', {}], // no version: the link's own, older than the booking's
    ] as const) {
      const stale = await gw.app.inject({ method: 'POST', url: `${first}/${action}`, payload });
      expect(stale.statusCode, `${action} ${JSON.stringify(payload)}`).toBe(409);
      expect(stale.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(stale.json()).toMatchObject({
        code: 'booking_changed',
        status: 409,
        booking: { id: created.id, status: 'confirmed', version: now.version },
      });
      expect(Date.parse((stale.json() as { booking: Managed }).booking.start)).toBe(Date.parse(slotIn(20, 11)));
    }
    const row = await d.db.selectFrom('bookings').select(['status', 'start_time', 'version']).where('id', '=', created.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'confirmed', version: now.version });
    expect(row.start_time.getTime()).toBe(Date.parse(slotIn(20, 11)));

    // The first link (the calendar entry's) shows the new time, as does the SMS short link made for it.
    const viaFirst = (await get(first)).json() as Managed;
    expect(viaFirst).toMatchObject({ id: created.id, version: now.version });
    expect(Date.parse(viaFirst.start)).toBe(Date.parse(slotIn(20, 11)));
    const short = await get(`/s/${smsCode}`);
    expect(short.statusCode).toBe(302);
    expect(((await get(api(short.headers.location!))).json() as Managed).version).toBe(now.version);

    // Having seen the current state, the old link acts: cancelled.
    const cancelled = await gw.app.inject({ method: 'POST', url: `${first}/cancel`, payload: { version: now.version, reason: 'moved away' } });
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    expect(cancelled.json()).toMatchObject({ status: 'cancelled', version: now.version + 1 });
    // And a cancelled booking's link still shows it (the page offers "book again").
    expect((await get(first)).json()).toMatchObject({ id: created.id, status: 'cancelled', service: { id: service } });
  });

  it.skipIf(skipKind(kind))('"e-mail me my link": the same 202 for known and unknown addresses; only a known one gets its links', async () => {
    const known = `Lost-${kind}@Example.com`;
    const a = await book(slotIn(21, 9), known.toLowerCase());
    const b = await book(slotIn(22, 10), known);
    const window = Math.floor(LOADED / MANAGE_LINK_WINDOW_MS);
    const result = (email: string) =>
      gw.temporal.client.workflow.getHandle(manageLinkEmailWorkflowId(normaliseAddress(email).key, window)).result() as Promise<{ sent: number }>;
    const ask = (email: string) => gw.app.inject({ method: 'POST', url: '/v1/manage-links', payload: { email } });

    const forKnown = await ask(`  ${known.toUpperCase()} `);
    const forUnknown = await ask(`nobody-${kind}@example.com`);
    expect(forKnown.statusCode).toBe(202);
    expect(forUnknown.statusCode).toBe(202);
    expect(forUnknown.body).toBe(forKnown.body);
    expect(forUnknown.headers['content-type']).toBe(forKnown.headers['content-type']);
    expect(forKnown.json()).toMatchObject({ status: 'accepted' });

    expect(await result(known)).toEqual({ sent: 2 });
    expect(await result(`nobody-${kind}@example.com`)).toEqual({ sent: 0 });
    const sent = await d.db
      .selectFrom('messages')
      .select(['booking_id', 'recipient', 'kind', 'channel', 'body_text'])
      .where('kind', '=', 'manage_link')
      .where('booking_id', 'in', [a.id, b.id])
      .orderBy('created_at')
      .execute();
    expect(sent.map((m) => [m.booking_id, m.channel]).sort()).toEqual(
      [
        [a.id, 'email'],
        [b.id, 'email'],
      ].sort(),
    );
    expect(new Set(sent.map((m) => m.recipient.toLowerCase()))).toEqual(new Set([known.toLowerCase()]));
    // Each message carries a link that opens its booking.
    for (const m of sent) {
      const url = /https?:\/\/\S+\/manage\/\S+/.exec(m.body_text)![0];
      expect(((await get(api(url))).json() as Managed).id).toBe(m.booking_id);
    }
    expect(await d.db.selectFrom('messages').select('id').where('recipient', '=', `nobody-${kind}@example.com`).execute()).toEqual([]);

    // Asking again in the same window sends nothing more.
    expect((await ask(known)).statusCode).toBe(202);
    expect(await result(known)).toEqual({ sent: 2 });
    expect((await d.db.selectFrom('messages').select('id').where('kind', '=', 'manage_link').where('booking_id', 'in', [a.id, b.id]).execute()).length).toBe(2);

    // Not an address: 422; and the endpoint has a budget of its own (5 a minute per client), far below the global one.
    const bad = await ask('not-an-address');
    expect(bad.statusCode).toBe(422);
    expect(bad.json()).toMatchObject({ code: 'invalid_request' });
    const more = await ask(`other-${kind}@example.com`);
    expect(more.statusCode).toBe(202);
    const limited = await ask(`other-${kind}@example.com`);
    expect(limited.statusCode).toBe(429);
    expect(limited.json()).toMatchObject({ code: 'rate_limited' });
  });
});
