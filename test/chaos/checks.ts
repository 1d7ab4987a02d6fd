/**
 * What must hold after the chaos run (issue #17), each check with its counts, printed as one table:
 *
 * - every booking answered 201 exists exactly once in PostgreSQL and as a workflow; every 409 left nothing;
 *   every booking row has its workflow (none was left half-made by a failure);
 * - no two live bookings of a provider overlap (SQL over the whole table);
 * - every booking confirmed at creation had exactly one confirmation delivered (the SMTP sink counts them),
 *   and no message was delivered twice;
 * - every reminder that fell due during the run was delivered exactly once, at most 30 s after it was due
 *   or after the fault it needed to outlive ended;
 * - no 5xx but a 503 with Retry-After; a request that failed at the connection or got 502/504 from the load
 *   balancer (its gateway killed) succeeded or got 409 on its one retry;
 * - holds not confirmed lapsed (expired) and block nothing.
 */
import type { Client as TemporalClient } from '@temporalio/client';
import type pg from 'pg';
import { IDEMPOTENCY_HEADER } from '../../src/transports/smtp.transport.ts';
import type { ReceivedMail } from '../support/fakes/smtp.ts';
import type { Outcome } from './load.ts';

export type FaultWindow = { kind: string; start: number; recoveredAt: number; restarted: string[] };
export type Check = { name: string; ok: boolean; figures: string; problems: string[] };

const LATE_MS = 30_000;

const keyOf = (m: ReceivedMail): string | undefined => {
  const v = m.parsed.headers.get(IDEMPOTENCY_HEADER.toLowerCase()); // mailparser keys headers in lower case
  return typeof v === 'string' ? v : undefined;
};

export async function runChecks(ctx: {
  outcomes: Outcome[];
  db: pg.Client;
  temporal: TemporalClient;
  mails: ReceivedMail[];
  faults: FaultWindow[];
  /** Reminders due up to here count as "fell due during the run". */
  dueCutoff: number;
}): Promise<Check[]> {
  const { outcomes, db, temporal, mails, faults } = ctx;
  const checks: Check[] = [];
  const final = (o: Outcome) => o.attempts.at(-1)!;

  // 1. 201 → exactly once in PostgreSQL and Temporal; 409 → nothing.
  {
    const problems: string[] = [];
    const created = outcomes.filter((o) => (o.op === 'book' || o.op === 'hold') && final(o).status === 201);
    const refused = outcomes.filter((o) => (o.op === 'book' || o.op === 'hold') && final(o).status === 409);
    const emails = [...created, ...refused].map((o) => o.email!);
    const rows = await db.query<{ id: string; customer_email: string }>('SELECT id, customer_email FROM bookings WHERE customer_email = ANY($1)', [emails]);
    const byEmail = new Map<string, string[]>();
    for (const r of rows.rows) byEmail.set(r.customer_email, [...(byEmail.get(r.customer_email) ?? []), r.id]);
    for (const o of created) {
      const ids = byEmail.get(o.email!) ?? [];
      if (ids.length !== 1 || ids[0] !== o.bookingId) problems.push(`201 ${o.bookingId}: ${ids.length} rows (${ids.join(', ')})`);
    }
    for (const o of refused) {
      const ids = byEmail.get(o.email!) ?? [];
      if (ids.length > 0) problems.push(`409 for ${o.email} left ${ids.join(', ')}`);
    }
    const all = await db.query<{ id: string }>('SELECT id FROM bookings');
    let workflows = 0;
    for (const r of all.rows) {
      try {
        await temporal.workflow.getHandle(`booking-${r.id}`).describe();
        workflows++;
      } catch (err) {
        problems.push(`booking ${r.id} has no workflow (${(err as Error).name})`);
      }
    }
    checks.push({
      name: '201 exactly once (PostgreSQL + workflow); 409 left nothing',
      ok: problems.length === 0,
      figures: `${created.length} × 201, ${refused.length} × 409; ${all.rowCount} rows, ${workflows} workflows`,
      problems,
    });
  }

  // 2. No overlap among live bookings.
  {
    const overlaps = await db.query<{ a: string; b: string }>(
      `SELECT a.id AS a, b.id AS b FROM bookings a JOIN bookings b
         ON a.provider_id = b.provider_id AND a.id < b.id AND a.blocked && b.blocked
       WHERE a.status IN ('held', 'pending', 'confirmed') AND b.status IN ('held', 'pending', 'confirmed')`,
    );
    const live = await db.query<{ n: string }>(`SELECT count(*) AS n FROM bookings WHERE status IN ('held', 'pending', 'confirmed')`);
    checks.push({
      name: 'no two live bookings overlap',
      ok: overlaps.rowCount === 0,
      figures: `${live.rows[0]!.n} live bookings, ${overlaps.rowCount} overlapping pairs`,
      problems: overlaps.rows.map((r) => `${r.a} overlaps ${r.b}`),
    });
  }

  const deliveries = new Map<string, ReceivedMail[]>();
  for (const m of mails) {
    const key = keyOf(m);
    if (key) deliveries.set(key, [...(deliveries.get(key) ?? []), m]);
  }

  // 3. One confirmation per booking confirmed at creation; no message delivered twice — except the one
  // window the delivery documents (src/use-cases/deliver-booking-message.ts): a worker killed after the SMTP
  // server accepted a message and before its row said `sent` (under load the row's write can wait seconds for
  // a pooled connection). Its retry, on another worker once the heartbeat times out, sends it again with the
  // same Message-ID (mail clients show one). Such a pair is counted apart, and only when it is exactly that:
  // two copies with one Message-ID, the first by the kill -9 of a worker (up to an activity's heartbeat
  // timeout, 30 s, before it), the second after it.
  {
    const problems: string[] = [];
    const kills = faults.filter((f) => f.kind.startsWith('kill -9 worker'));
    const resentAfterKill = new Set<string>();
    for (const [key, list] of deliveries) {
      if (list.length < 2) continue;
      const [first, second] = list.map((m) => m.receivedAt).sort((a, b) => a - b);
      const oneMessageId = new Set(list.map((m) => m.parsed.messageId)).size === 1;
      const acrossKill = kills.some((k) => first! <= k.start + 1_000 && k.start - first! <= 30_000 && second! >= k.start);
      if (list.length === 2 && oneMessageId && acrossKill) resentAfterKill.add(key);
      else {
        const ids = [...new Set(list.map((m) => m.parsed.messageId))].join(' ');
        const nearest = kills.map((k) => first! - k.start).sort((a, b) => Math.abs(a) - Math.abs(b))[0];
        problems.push(`message ${key} delivered ${list.length} times (Message-ID ${ids}; first copy ${nearest ?? '?'} ms from a worker kill)`);
      }
    }
    /** What the customer sees of a message: one per Message-ID. */
    const seen = (key: string) => new Set((deliveries.get(key) ?? []).map((m) => m.parsed.messageId)).size;
    const confirmedAtCreation = outcomes.filter((o) => o.op === 'book' && final(o).status === 201).map((o) => o.bookingId!);
    const msgs = await db.query<{ booking_id: string; idempotency_key: string }>(
      `SELECT booking_id, idempotency_key FROM messages WHERE kind = 'confirmation' AND booking_id = ANY($1)`,
      [confirmedAtCreation],
    );
    const keys = new Map<string, string[]>();
    for (const r of msgs.rows) keys.set(r.booking_id, [...(keys.get(r.booking_id) ?? []), r.idempotency_key]);
    let delivered = 0;
    for (const id of confirmedAtCreation) {
      const n = (keys.get(id) ?? []).reduce((sum, k) => sum + seen(k), 0);
      if (n === 1) delivered++;
      else problems.push(`booking ${id}: ${n} confirmations delivered`);
    }
    const twice = [...deliveries.values()].filter((list) => list.length > 1).length - resentAfterKill.size;
    checks.push({
      name: 'exactly one confirmation per confirmed booking; no message twice',
      ok: problems.length === 0,
      figures:
        `${delivered}/${confirmedAtCreation.length} confirmations, ${mails.length} e-mails in all, ${twice} duplicates` +
        (resentAfterKill.size > 0 ? `, ${resentAfterKill.size} re-sent after the worker's kill -9 (same Message-ID)` : ''),
      problems,
    });
  }

  // 4. Reminders due during the run: delivered once, in time.
  {
    const problems: string[] = [];
    const due = await db.query<{ id: string; booking_id: string; when: Date; status: string; last_error: string | null }>(
      `SELECT id, booking_id, "when", status, last_error FROM reminders WHERE "when" <= $1 AND status <> 'cancelled'`,
      [new Date(ctx.dueCutoff)],
    );
    let onTime = 0;
    let worst = 0;
    for (const r of due.rows) {
      const delivered = [...deliveries.entries()].filter(([k]) => k.includes(`:reminder:${r.id}`)).flatMap(([, list]) => list);
      if (r.status !== 'sent' || delivered.length !== 1) {
        problems.push(
          `reminder ${r.id} (booking ${r.booking_id}, due ${r.when.toISOString()}): ${r.status}, ${delivered.length} delivered${r.last_error ? ` (${r.last_error})` : ''}; ${await workflowState(temporal, r.booking_id)}`,
        );
        continue;
      }
      const dueAt = r.when.getTime();
      // The fault it had to outlive: one under way when it fell due.
      const fault = faults.find((f) => dueAt >= f.start - LATE_MS && dueAt <= f.recoveredAt);
      const deadline = (fault ? Math.max(fault.recoveredAt, dueAt) : dueAt) + LATE_MS;
      const at = delivered[0]!.receivedAt;
      worst = Math.max(worst, at - dueAt);
      if (at > deadline)
        problems.push(
          `reminder ${r.id}: delivered ${Math.round((at - dueAt) / 1000)} s after due${fault ? ` (${fault.kind} ended ${Math.round((fault.recoveredAt - dueAt) / 1000)} s after due)` : ''}`,
        );
      else onTime++;
    }
    checks.push({
      name: 'reminders due in the run: once, ≤ 30 s after due or recovery',
      ok: problems.length === 0,
      figures: `${onTime}/${due.rowCount} on time; latest ${Math.round(worst / 100) / 10} s after due`,
      problems,
    });
  }

  // 5. Server errors.
  {
    const problems: string[] = [];
    let retried = 0;
    let unavailable = 0;
    for (const o of outcomes) {
      for (const [i, a] of o.attempts.entries()) {
        const last = i === o.attempts.length - 1;
        if (a.status === 503 && a.retryAfter) unavailable++;
        else if (a.status === 'conn' || a.status === 502 || a.status === 504) {
          if (last) problems.push(`${o.op} ${o.bookingId ?? o.email}: ${a.status} and no good retry`);
          else retried++;
        } else if (typeof a.status === 'number' && a.status >= 500) problems.push(`${o.op} ${o.bookingId ?? o.email}: ${a.status} ${a.code ?? ''}`);
      }
      const f = final(o);
      if (o.attempts.length > 1 && !(typeof f.status === 'number' && (f.status < 300 || f.status === 409 || (f.status === 503 && f.retryAfter)))) {
        // A change whose first try took effect before its gateway died: the retry acts on an older version
        // (409 booking_changed since #20, accepted above; 410 link_superseded from a gateway before it).
        // Fine when the booking shows the change.
        if (f.code === 'link_superseded' && (await changeTookEffect(db, o))) retried += 0;
        else problems.push(`${o.op} ${o.bookingId ?? o.email}: retry answered ${f.status} ${f.code ?? ''}`);
      }
    }
    const by = new Map<string, number>();
    for (const o of outcomes) by.set(String(final(o).status), (by.get(String(final(o).status)) ?? 0) + 1);
    checks.push({
      name: 'no 5xx but 503 + Retry-After; failed in flight → one good retry',
      ok: problems.length === 0,
      figures: `${outcomes.length} requests (${[...by.entries()].map(([s, n]) => `${s}: ${n}`).join(', ')}); ${retried} retried, ${unavailable} × 503`,
      problems: [...new Set(problems)],
    });
  }

  // 6. Holds lapse.
  {
    const holds = outcomes.filter((o) => o.op === 'hold' && final(o).status === 201).map((o) => o.bookingId!);
    const rows = await db.query<{ id: string; status: string; hold_expires_at: Date | null }>(
      'SELECT id, status, hold_expires_at FROM bookings WHERE id = ANY($1)',
      [holds],
    );
    const now = Date.now();
    const problems = rows.rows
      .filter((r) => r.status === 'held' && r.hold_expires_at && r.hold_expires_at.getTime() < now - LATE_MS)
      .map((r) => `hold ${r.id} still held ${Math.round((now - r.hold_expires_at!.getTime()) / 1000)} s after it lapsed`);
    const expired = rows.rows.filter((r) => r.status === 'expired').length;
    checks.push({ name: 'unconfirmed holds lapse', ok: problems.length === 0, figures: `${expired}/${holds.length} expired`, problems });
  }
  return checks;
}

/** What the booking's workflow is doing (for a check's problem line): its status and pending activities. */
async function workflowState(temporal: TemporalClient, bookingId: string): Promise<string> {
  try {
    const d = await temporal.workflow.getHandle(`booking-${bookingId}`).describe();
    const pending = (d.raw.pendingActivities ?? []).map((a) => `${a.activityType?.name} attempt ${a.attempt} (${a.lastFailure?.message ?? 'no failure'})`);
    return `workflow ${d.status.name}, pending: ${pending.join('; ') || 'none'}`;
  } catch (err) {
    return `workflow: ${(err as Error).message}`;
  }
}

/** Whether a reschedule / cancel is visible on its booking (its start moved there, or it is cancelled). */
async function changeTookEffect(db: pg.Client, o: Outcome): Promise<boolean> {
  if (!o.bookingId) return false;
  const r = await db.query<{ status: string; start_time: Date }>('SELECT status, start_time FROM bookings WHERE id = $1', [o.bookingId]);
  const row = r.rows[0];
  if (!row) return false;
  return o.op === 'cancel' ? row.status === 'cancelled' : o.op === 'reschedule' && row.start_time.toISOString() === o.start;
}

/** The checks as a Markdown table (the README carries one), problems listed under it. */
export function renderTable(checks: Check[]): string {
  const lines = ['| check | result | figures |', '|---|---|---|', ...checks.map((c) => `| ${c.name} | ${c.ok ? 'ok' : '**FAILED**'} | ${c.figures} |`)];
  for (const c of checks.filter((x) => !x.ok)) {
    lines.push('', `${c.name}:`, ...c.problems.slice(0, 20).map((p) => `  - ${p}`));
    if (c.problems.length > 20) lines.push(`  - … ${c.problems.length - 20} more`);
  }
  return lines.join('\n');
}
