/**
 * Messaging metrics on PGlite and PostgreSQL: the repository's reads (outbox counts, reminder delivery
 * ratio, time-to-confirmation quantiles) over rows inserted directly, and the series they become on
 * `GET /metrics` (parsed as Prometheus text exposition).
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messageCounts, reminderDelivery, timeToConfirmation } from '../../src/db/message-stats.repository.ts';
import type { MessageStatus } from '../../src/db/schema.ts';
import { createTestClock, TEST_NOW } from '../support/clock.ts';
import { DB_KINDS, skipKind, testDatabase, type TestDatabase } from '../support/databases.ts';
import { testGateway } from '../support/gateway.ts';
import { insertProvider, insertService } from '../support/factories.ts';

const plus = (d: Date, seconds: number) => new Date(d.getTime() + seconds * 1000);
const DAY = 86_400;

/** The gateway's clock, the pinned now; its 30-day window (METRICS_WINDOW_MS) starts at SINCE. */
const NOW = new Date(TEST_NOW);
const SINCE = plus(NOW, -30 * DAY);
/** The instant `days` days and `seconds` seconds after SINCE. */
const day = (days: number, seconds = 0) => plus(SINCE, days * DAY + seconds);

type Sample = { name: string; labels: Record<string, string>; value: number };

/**
 * A strict-enough parser of the text exposition format (0.0.4): every sample belongs to the family of the
 * last `# TYPE`, `_sum`/`_count`/`_bucket` only for summaries and histograms, `quantile` only on a
 * summary's own samples; no family declared twice.
 */
function parseExposition(text: string): { types: Map<string, string>; samples: Sample[] } {
  const types = new Map<string, string>();
  const samples: Sample[] = [];
  let family: string | undefined;
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const type = /^# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|histogram|summary|untyped)$/.exec(line);
    if (type) {
      expect(types.has(type[1]!), `family ${type[1]} declared twice`).toBe(false);
      types.set(type[1]!, type[2]!);
      family = type[1]!;
      continue;
    }
    if (line.startsWith('# HELP ')) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    expect(m, `not a sample line: ${line}`).not.toBeNull();
    const [, name, rawLabels, rawValue] = m!;
    const labels: Record<string, string> = {};
    for (const l of (rawLabels ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) labels[l[1]!] = l[2]!;
    const kind = types.get(family!);
    const suffix = name!.slice(family!.length);
    expect(name!.startsWith(family!), `${name} outside its family ${family}`).toBe(true);
    if (suffix !== '') {
      const allowed = kind === 'summary' ? ['_sum', '_count'] : kind === 'histogram' ? ['_sum', '_count', '_bucket'] : [];
      expect(allowed, `${name} in ${kind} family ${family}`).toContain(suffix);
    }
    if ('quantile' in labels) expect(kind === 'summary' && suffix === '').toBe(true);
    // Prometheus parses values with Go's ParseFloat, which reads NaN/Inf in any case (prom-client writes `Nan`).
    const special: Record<string, number> = { nan: Number.NaN, '+inf': Infinity, inf: Infinity, '-inf': -Infinity };
    const value = special[rawValue!.toLowerCase()] ?? Number(rawValue);
    expect(Number.isNaN(value) && rawValue!.toLowerCase() !== 'nan', `bad value in ${line}`).toBe(false);
    samples.push({ name: name!, labels, value });
  }
  return { types, samples };
}

describe.each(DB_KINDS)('message statistics on %s', (kind) => {
  let d: TestDatabase;
  let providerId: string;
  let serviceId: string;
  let firstBooking: string;
  let slot = 0;

  const booking = async (createdAt: Date): Promise<string> => {
    const start = new Date(NOW.getTime() + 150 * DAY * 1000 + slot++ * 3_600_000);
    const end = new Date(start.getTime() + 30 * 60_000);
    const row = await d.db
      .insertInto('bookings')
      .values({
        customer_name: 'Ada',
        service_id: serviceId,
        provider_id: providerId,
        start_time: start,
        end_time: end,
        blocked: `[${start.toISOString()},${end.toISOString()})`,
        status: 'confirmed',
        created_at: createdAt,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  };
  const message = (
    bookingId: string | null,
    kind: string,
    channel: 'email' | 'sms',
    status: MessageStatus,
    times: { sentAt?: Date; deliveredAt?: Date } = {},
  ) =>
    d.db
      .insertInto('messages')
      .values({
        booking_id: bookingId,
        kind,
        channel,
        status,
        recipient: channel === 'sms' ? '+4915112345678' : 'ada@example.com',
        body_text: 'x',
        idempotency_key: randomUUID(),
        sent_at: times.sentAt ?? null,
        delivered_at: times.deliveredAt ?? null,
      })
      .execute();

  beforeAll(async () => {
    if (skipKind(kind)) return;
    d = await testDatabase(kind);
    providerId = await insertProvider(d.db, { name: 'P', time_zone: 'Europe/Berlin', weekly_hours: '{}' });
    serviceId = await insertService(d.db, { name: 'S', duration_minutes: 30 });

    // Time to confirmation, bookings created in the window: 10, 20, 30, 40, 50, 100 s.
    const c = day(9, 10 * 3600);
    const b1 = await booking(c);
    await message(b1, 'confirmation', 'email', 'sent', { sentAt: plus(c, 10) });
    const b2 = await booking(c);
    await message(b2, 'reminder', 'sms', 'sent', { sentAt: plus(c, 5) }); // not a confirming kind
    await message(b2, 'confirmation', 'sms', 'sent', { sentAt: plus(c, 20) });
    const b3 = await booking(c);
    await message(b3, 'approval_pending', 'email', 'sent', { sentAt: plus(c, 2) }); // not a confirming kind
    await message(b3, 'approved', 'email', 'sent', { sentAt: plus(c, 30) });
    const b4 = await booking(c); // SMS failed, fell back to e-mail; a later SMS too: the first sent counts
    await message(b4, 'confirmation', 'sms', 'failed');
    await message(b4, 'confirmation', 'email', 'sent', { sentAt: plus(c, 40) });
    await message(b4, 'confirmation', 'sms', 'sent', { sentAt: plus(c, 90) });
    const b5 = await booking(c); // delivery report arrived before the send was recorded
    await message(b5, 'confirmation', 'sms', 'delivered', { deliveredAt: plus(c, 50) });
    const b6 = await booking(c);
    await message(b6, 'confirmation', 'email', 'delivered', { sentAt: plus(c, 100), deliveredAt: plus(c, 105) });
    // Captured in the outbox (nothing left): never the confirmation that counts, even with a time on it.
    await message(b1, 'confirmation', 'email', 'captured', { sentAt: plus(c, 1) });
    // Not measured: no sent confirmation (queued, failed), or created before the window.
    await message(await booking(c), 'confirmation', 'email', 'queued');
    await message(await booking(c), 'confirmation', 'email', 'failed');
    const before = plus(SINCE, -1);
    await message(await booking(before), 'confirmation', 'email', 'sent', { sentAt: plus(before, 1000) });
    // A message of no booking.
    await message(null, 'provider_notice', 'email', 'skipped');

    // Reminders (all of b1): due in [SINCE, NOW) and not cancelled: 4 sent, failed, skipped, overdue → 4/7.
    firstBooking = b1;
    const reminders: [Date, 'email' | 'sms', 'scheduled' | 'sent' | 'skipped' | 'failed' | 'cancelled'][] = [
      [SINCE, 'email', 'sent'], // == since: in
      [day(9), 'email', 'sent'],
      [day(9), 'sms', 'sent'],
      [day(10), 'email', 'sent'],
      [day(11), 'email', 'failed'],
      [day(12), 'email', 'skipped'],
      [plus(NOW, -3600), 'email', 'scheduled'], // due, not sent yet
      [day(13), 'email', 'cancelled'], // never meant to go out
      [NOW, 'email', 'scheduled'], // == now: not due yet
      [plus(NOW, 5 * DAY), 'email', 'scheduled'], // future
      [plus(SINCE, -1), 'email', 'failed'], // before the window
    ];
    await d.db
      .insertInto('reminders')
      .values(
        reminders.map(([when, channel, status]) => ({
          booking_id: firstBooking,
          when,
          channel,
          status,
          sent_at: status === 'sent' ? plus(when, 1) : null,
        })),
      )
      .execute();
  });
  afterAll(async () => {
    await d?.dispose();
  });

  it.skipIf(skipKind(kind))('counts messages by channel, kind and status', async () => {
    expect(await messageCounts(d.db)).toEqual([
      { channel: 'email', kind: 'approval_pending', status: 'sent', count: 1 },
      { channel: 'email', kind: 'approved', status: 'sent', count: 1 },
      { channel: 'email', kind: 'confirmation', status: 'captured', count: 1 },
      { channel: 'email', kind: 'confirmation', status: 'delivered', count: 1 },
      { channel: 'email', kind: 'confirmation', status: 'failed', count: 1 },
      { channel: 'email', kind: 'confirmation', status: 'queued', count: 1 },
      { channel: 'email', kind: 'confirmation', status: 'sent', count: 3 },
      { channel: 'email', kind: 'provider_notice', status: 'skipped', count: 1 },
      { channel: 'sms', kind: 'confirmation', status: 'delivered', count: 1 },
      { channel: 'sms', kind: 'confirmation', status: 'failed', count: 1 },
      { channel: 'sms', kind: 'confirmation', status: 'sent', count: 2 },
      { channel: 'sms', kind: 'reminder', status: 'sent', count: 1 },
    ]);
  });

  it.skipIf(skipKind(kind))('computes the reminder delivery ratio over [since, now), cancelled excluded', async () => {
    expect(await reminderDelivery(d.db, { since: SINCE, now: NOW })).toEqual({ due: 7, sent: 4, ratio: 4 / 7 });
    // Half-open at both ends: moving `now` past the reminder at NOW adds one due; `since` later drops one sent.
    expect(await reminderDelivery(d.db, { since: plus(SINCE, 1), now: plus(NOW, 1) })).toEqual({ due: 7, sent: 3, ratio: 3 / 7 });
    // Only sent ones in the range.
    expect(await reminderDelivery(d.db, { since: day(9), now: day(11) })).toEqual({ due: 3, sent: 3, ratio: 1 });
    // Only the cancelled one: nothing due → 1.
    expect(await reminderDelivery(d.db, { since: day(13), now: day(14) })).toEqual({ due: 0, sent: 0, ratio: 1 });
    expect(await reminderDelivery(d.db, { since: plus(NOW, 335 * DAY), now: plus(NOW, 366 * DAY) })).toEqual({ due: 0, sent: 0, ratio: 1 });
  });

  it.skipIf(skipKind(kind))('computes time-to-confirmation count, sum and p50/p90 (percentile_cont)', async () => {
    // [10, 20, 30, 40, 50, 100]: p50 = (30 + 40) / 2, p90 at rank 4.5 = 50 + 0.5 · 50.
    expect(await timeToConfirmation(d.db, { since: SINCE })).toEqual({ count: 6, sumSeconds: 250, p50: 35, p90: 75 });
    // With the booking created before SINCE (1000 s): p50 = 40, p90 at rank 5.4 = 100 + 0.4 · 900.
    const wider = await timeToConfirmation(d.db, { since: plus(SINCE, -31 * DAY) });
    expect(wider).toMatchObject({ count: 7, sumSeconds: 1250, p50: 40 });
    expect(wider.p90).toBeCloseTo(460, 9);
    expect(await timeToConfirmation(d.db, { since: plus(NOW, 335 * DAY) })).toEqual({ count: 0, sumSeconds: 0, p50: null, p90: null });
  });

  it.skipIf(skipKind(kind))('exports the series on GET /metrics as valid text exposition', async () => {
    const gw = await testGateway(d, { clock: createTestClock(NOW.getTime()) });
    try {
      const res = await gw.app.inject({ method: 'GET', url: '/metrics' });
      expect(res.statusCode).toBe(200);
      const { types, samples } = parseExposition(res.body);
      const value = (name: string, labels: Record<string, string> = {}) =>
        samples
          .filter((s) => s.name === name && JSON.stringify(Object.entries(s.labels).sort()) === JSON.stringify(Object.entries(labels).sort()))
          .map((s) => s.value);

      expect(types.get('slotflow_messages')).toBe('gauge');
      expect(value('slotflow_messages', { channel: 'email', kind: 'confirmation', status: 'sent' })).toEqual([3]);
      expect(value('slotflow_messages', { channel: 'sms', kind: 'confirmation', status: 'failed' })).toEqual([1]);
      expect(value('slotflow_messages', { channel: 'sms', kind: 'reminder', status: 'sent' })).toEqual([1]);
      // Every status of a channel and kind that occurs is exported, 0 when none; combinations that never occur are
      // absent.
      expect(value('slotflow_messages', { channel: 'sms', kind: 'reminder', status: 'failed' })).toEqual([0]);
      expect(value('slotflow_messages', { channel: 'sms', kind: 'approved', status: 'sent' })).toEqual([]);
      const messageSeries = samples.filter((s) => s.name === 'slotflow_messages');
      expect(messageSeries).toHaveLength(6 * 7); // 6 channel/kind pairs × 7 statuses
      expect(messageSeries.reduce((n, s) => n + s.value, 0)).toBe(15);
      // Captured in the outbox is its own series, never counted as sent.
      expect(value('slotflow_messages', { channel: 'email', kind: 'confirmation', status: 'captured' })).toEqual([1]);

      expect(types.get('slotflow_reminder_delivery_ratio')).toBe('gauge');
      expect(value('slotflow_reminder_delivery_ratio')[0]).toBeCloseTo(4 / 7, 12);

      expect(types.get('slotflow_time_to_confirmation_seconds')).toBe('summary');
      expect(value('slotflow_time_to_confirmation_seconds', { quantile: '0.5' })).toEqual([35]);
      expect(value('slotflow_time_to_confirmation_seconds', { quantile: '0.9' })).toEqual([75]);
      expect(value('slotflow_time_to_confirmation_seconds_sum')).toEqual([250]);
      expect(value('slotflow_time_to_confirmation_seconds_count')).toEqual([6]);

      // Existing series unchanged.
      expect(value('slotflow_bookings', { status: 'confirmed' })).toEqual([9]);
      expect(types.get('slotflow_http_request_duration_seconds')).toBe('histogram');
    } finally {
      await gw.close();
    }
  });

  it.skipIf(skipKind(kind))('exports an empty window as zero sum/count without quantiles, and ratio 1', async () => {
    const gw = await testGateway(d, { clock: createTestClock(plus(NOW, 700 * DAY).getTime()) });
    try {
      const { samples } = parseExposition((await gw.app.inject({ method: 'GET', url: '/metrics' })).body);
      const one = (name: string, quantile?: string) => samples.find((s) => s.name === name && s.labels.quantile === quantile)?.value;
      expect(samples.filter((s) => s.name === 'slotflow_time_to_confirmation_seconds')).toEqual([]);
      expect(one('slotflow_time_to_confirmation_seconds_sum')).toBe(0);
      expect(one('slotflow_time_to_confirmation_seconds_count')).toBe(0);
      expect(one('slotflow_reminder_delivery_ratio')).toBe(1);
    } finally {
      await gw.close();
    }
  });
});
