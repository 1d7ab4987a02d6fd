/**
 * The chaos script's traffic: bookings, holds that lapse, reschedules and cancels through HAProxy, each
 * request from its own made-up client address (X-Forwarded-For, believed from HAProxy on 127.0.0.1) so
 * the per-client rate limit stays out of the way of the load. Every answer is recorded.
 *
 * Retry rule (what a careful client does): a request that failed at the connection, or got a 502/504
 * from the load balancer (the gateway died under it), is sent once more — with the same Idempotency-Key
 * for a booking — and that second answer must be a success or a 409.
 */
import crypto from 'node:crypto';

export type Attempt = { status: number | 'conn'; retryAfter?: string | null; code?: string; at: number };
export type Outcome = {
  op: 'book' | 'hold' | 'reschedule' | 'cancel';
  email?: string;
  bookingId?: string;
  /** The slot asked for (book/hold/reschedule). */
  start?: string;
  attempts: Attempt[];
};

export type Slot = { providerId: string; serviceId: string; start: Date };

export type LoadTarget = {
  url: string;
  /** A fresh slot to ask for: mostly far-future ones, some starting within minutes (reminders due in the run). */
  nextSlot(): Slot;
};

const randomIp = () => `10.${crypto.randomInt(1, 255)}.${crypto.randomInt(0, 256)}.${crypto.randomInt(1, 255)}`;

async function send(url: string, init: RequestInit): Promise<{ attempt: Attempt; body: unknown }> {
  const at = Date.now();
  try {
    const res = await fetch(url, { ...init, signal: AbortSignal.timeout(30_000) });
    const text = await res.text();
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      body = text;
    }
    const code = typeof body === 'object' && body && 'code' in body ? String((body as { code: unknown }).code) : undefined;
    return { attempt: { status: res.status, retryAfter: res.headers.get('retry-after'), ...(code ? { code } : {}), at }, body };
  } catch {
    return { attempt: { status: 'conn', at }, body: undefined };
  }
}

const RETRY_AFTER_MS = 2_500;
const retriable = (a: Attempt) => a.status === 'conn' || a.status === 502 || a.status === 504;

/** One request with the retry rule; the body of the last answer. */
async function request(url: string, init: RequestInit, out: Outcome): Promise<unknown> {
  const first = await send(url, init);
  out.attempts.push(first.attempt);
  if (!retriable(first.attempt)) return first.body;
  // HAProxy takes a dead gateway out after two failed health checks a second apart: after this pause the
  // retry lands on the other one.
  await new Promise((r) => setTimeout(r, RETRY_AFTER_MS));
  const second = await send(url, init);
  out.attempts.push(second.attempt);
  return second.body;
}

export type Booked = { id: string; token: string; email: string };

/** Runs `concurrency` request loops until `stop()` says so; returns every outcome. */
export async function runLoad(target: LoadTarget, opts: { concurrency: number; stop: () => boolean; pauseMs?: number }): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  const live: Booked[] = [];
  const headers = () => ({ 'content-type': 'application/json', 'x-forwarded-for': randomIp() });

  async function book(hold: boolean): Promise<void> {
    const slot = target.nextSlot();
    const email = `chaos-${crypto.randomUUID()}@chaos.test`;
    const out: Outcome = { op: hold ? 'hold' : 'book', email, start: slot.start.toISOString(), attempts: [] };
    outcomes.push(out);
    const body = (await request(
      `${target.url}/v1/bookings`,
      {
        method: 'POST',
        headers: { ...headers(), 'idempotency-key': crypto.randomUUID() },
        body: JSON.stringify({
          serviceId: slot.serviceId,
          providerId: slot.providerId,
          start: slot.start.toISOString(),
          timeZone: 'UTC',
          customer: { name: 'Chaos', email },
          hold,
        }),
      },
      out,
    )) as { id?: string; manageUrl?: string } | undefined;
    if (out.attempts.at(-1)!.status === 201 && body?.id) {
      out.bookingId = body.id;
      if (!hold && body.manageUrl) live.push({ id: body.id, token: body.manageUrl.split('/').pop()!, email });
    }
  }

  async function change(kind: 'reschedule' | 'cancel'): Promise<void> {
    if (live.length === 0) return book(false);
    const b = live.splice(crypto.randomInt(0, live.length), 1)[0]!;
    const slot = kind === 'reschedule' ? target.nextSlot() : undefined;
    const out: Outcome = { op: kind, bookingId: b.id, email: b.email, ...(slot ? { start: slot.start.toISOString() } : {}), attempts: [] };
    outcomes.push(out);
    const body = (await request(
      `${target.url}/v1/manage/${b.token}/${kind}`,
      { method: 'POST', headers: headers(), body: JSON.stringify(slot ? { start: slot.start.toISOString() } : {}) },
      out,
    )) as { manageUrl?: string } | undefined;
    // A moved booking's answer carries a link at its new version: acting by it needs no `version` of its own
    // (the old link still opens the booking, but acts only with the current version: 409 booking_changed).
    if (kind === 'reschedule' && out.attempts.at(-1)!.status === 200 && body?.manageUrl) live.push({ ...b, token: body.manageUrl.split('/').pop()! });
  }

  async function loop(): Promise<void> {
    while (!opts.stop()) {
      const r = crypto.randomInt(0, 100);
      if (r < 60) await book(false);
      else if (r < 72) await book(true);
      else if (r < 88) await change('reschedule');
      else await change('cancel');
      if (opts.pauseMs) await new Promise((res) => setTimeout(res, opts.pauseMs));
    }
  }
  await Promise.all(Array.from({ length: opts.concurrency }, loop));
  return outcomes;
}
