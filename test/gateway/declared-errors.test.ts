/**
 * Every problem code a route file can answer is declared by one of its routes (route.ts `errors`), so the
 * OpenAPI document lists it: a static check of the route file and what it calls. Followed: the file's value
 * imports into src/use-cases, src/domain, src/db and the gateway helpers that throw (auth, challenge).
 * Thrown: `new AppError('code'`, a refusal's `code: 'code'`, `…OrFail(` (not_found), and a workflow update
 * through `viaWorkflow` / `toAppError` (slot_unavailable, conflict, policy_window, booking_changed, not_found).
 * The check is by file, not by route (the imports are the file's); it over-approximates, so the few codes
 * a file is known not to answer are listed below with the reason.
 */
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES, type ErrorCode } from '../../src/errors.ts';
import { REPO_ROOT } from '../support/paths.ts';

const SRC = path.join(REPO_ROOT, 'src');
const CODES = new Set(Object.keys(ERROR_CODES));
/** Codes openapi.ts lists on every route of its kind (genericCodes). */
const GENERIC: ErrorCode[] = [
  'invalid_request',
  'malformed_request',
  'payload_too_large',
  'unsupported_media_type',
  'rate_limited',
  'internal_error',
  'service_unavailable',
];
const WORKFLOW_CODES: ErrorCode[] = ['slot_unavailable', 'conflict', 'policy_window', 'booking_changed', 'not_found'];

/** Codes a file is known not to answer although something it imports throws them, with the reason. */
const NOT_ANSWERED: Record<string, Partial<Record<ErrorCode, string>>> = {
  'bookings.route.ts': {
    link_invalid: 'decodeLinkToken’s refusal is caught and answered not_found',
    link_expired: 'the confirm route decodes (never verifies expiry) the token',
    booking_changed: 'no expectedVersion is sent: the workflow never answers stale',
    policy_window: 'creating and confirming have no notice window',
    forbidden: 'auth.ts is imported for bearer() only',
  },
  'admin-bookings.route.ts': {
    policy_window: 'admins act regardless of notice windows',
    booking_changed: 'admins send no expectedVersion',
    idempotency_key_mismatch: 'reschedule-booking imports noSlotError from create-booking only',
    hold_limit: 'abuse limits apply to public creation only (create-booking)',
    booking_limit: 'abuse limits apply to public creation only (create-booking)',
  },
  'admin-front-desk.route.ts': {
    booking_changed: 'creating sends no expectedVersion: the workflow never answers stale',
    policy_window: 'creating has no notice window',
    hold_limit: 'abuse limits apply to public creation only (the route passes none to create-booking)',
    booking_limit: 'abuse limits apply to public creation only (the route passes none to create-booking)',
  },
  'admin-delivery.route.ts': {
    not_found: 'the test e-mail and the outbox read no booking; deliver-booking-message is imported for sendTestEmail only',
    slot_unavailable: 'nothing here reserves or moves a booking (imported through deliver-booking-message)',
  },
  'manage.route.ts': {
    idempotency_key_mismatch: 'reschedule-booking imports noSlotError from create-booking only',
    hold_limit: 'abuse limits apply to public creation only (create-booking)',
    booking_limit: 'abuse limits apply to public creation only (create-booking)',
  },
  'email-choice.route.ts': Object.fromEntries(
    (
      [
        'slot_unavailable',
        'conflict',
        'policy_window',
        'booking_changed',
        'not_found',
        'idempotency_key_mismatch',
        'not_a_slot',
        'calendar_busy',
        'hold_limit',
        'booking_limit',
      ] as const
    ).map((c) => [c, 'the e-mail thread workflow books; the route answers HTML pages (404/409/410 in its responses)']),
  ),
  'webhooks.route.ts': {},
  'email-inbound.route.ts': {
    forbidden: 'auth.ts is imported for tokenMatcher only',
    slot_unavailable: 'it stores the message and starts the thread workflow, which books (answers go by e-mail)',
  },
  'ops.route.ts': {
    forbidden: 'auth.ts is imported for createTokenCheck (unauthorized) only',
    not_found: 'auth.ts reaches the API-key repository (for admin routes), not used here',
  },
  'services.route.ts': { not_found: 'it lists services; the repository’s getServiceOrFail is not called' },
  'vapi.route.ts': { forbidden: 'auth.ts is imported for tokenMatcher only' },
  'admin-connections.route.ts': {},
};

const follow = (p: string) => /[/\\]src[/\\](use-cases|domain|db)[/\\]/.test(p) || /[/\\]src[/\\]gateway[/\\](booking-challenge|auth)\.ts$/.test(p);

function valueImports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/^import (?!type )[^;]*? from '(\.[^']+)';/gms)]
    .map((m) => path.resolve(path.dirname(file), m[1]!))
    .filter((p) => existsSync(p) && follow(p));
}

function thrownIn(file: string): ErrorCode[] {
  const text = readFileSync(file, 'utf8');
  const out = [...text.matchAll(/(?:AppError\(|code: )'([a-z_]+)'/g)].map((m) => m[1]!).filter((c) => CODES.has(c)) as ErrorCode[];
  if (/OrFail\(/.test(text)) out.push('not_found');
  if (/viaWorkflow\(|toAppError\(/.test(text)) out.push(...WORKFLOW_CODES);
  return out;
}

/** Codes thrown by the file and everything it reaches through followed imports. */
function reachable(file: string): Set<ErrorCode> {
  const seen = new Set<string>();
  const codes = new Set<ErrorCode>();
  const todo = [file];
  while (todo.length > 0) {
    const f = todo.pop()!;
    if (seen.has(f)) continue;
    seen.add(f);
    for (const c of thrownIn(f)) codes.add(c);
    todo.push(...valueImports(f));
  }
  return codes;
}

/** The codes the file's routes declare: every `errors: [ … ]` list in it. */
function declared(file: string): Set<ErrorCode> {
  const text = readFileSync(file, 'utf8');
  const out = new Set<ErrorCode>();
  // Every array literal of codes only (`errors: [ … ]`, or a list handed to a helper such as admin-bookings' action()).
  for (const m of text.matchAll(/\[([^[\]]*)\]/g)) {
    const items = [...m[1]!.matchAll(/'([a-z_]+)'/g)].map((c) => c[1]!);
    if (items.length > 0 && items.every((c) => CODES.has(c))) for (const c of items) out.add(c as ErrorCode);
  }
  if (/auth: '(admin|agent)'/.test(text)) out.add('unauthorized');
  if (/auth: 'admin'/.test(text)) out.add('forbidden');
  return out;
}

const ROUTE_FILES = [
  ...readdirSync(path.join(SRC, 'gateway/routes')).map((f) => path.join(SRC, 'gateway/routes', f)),
  ...readdirSync(path.join(SRC, 'gateway/voice'))
    .filter((f) => f.endsWith('.route.ts'))
    .map((f) => path.join(SRC, 'gateway/voice', f)),
].filter((f) => f.endsWith('.route.ts'));

describe('route files declare the problem codes they can answer', () => {
  it('finds the route files and what POST /v1/bookings can answer', () => {
    expect(ROUTE_FILES.length).toBeGreaterThan(15);
    // The analysis itself sees the codes of create-booking and the workflow (else the check below is empty).
    const bookings = reachable(path.join(SRC, 'gateway/routes/bookings.route.ts'));
    expect([...bookings]).toEqual(
      expect.arrayContaining(['slot_unavailable', 'not_a_slot', 'idempotency_key_mismatch', 'hold_limit', 'calendar_busy', 'not_found']),
    );
  });

  it.each(ROUTE_FILES.map((f) => [path.basename(f), f]))('%s', (name, file) => {
    const allowed = new Set<ErrorCode>([...GENERIC, ...declared(file), ...(Object.keys(NOT_ANSWERED[name] ?? {}) as ErrorCode[])]);
    const missing = [...reachable(file)].filter((c) => !allowed.has(c)).sort();
    expect(missing, `${name} can answer these codes but none of its routes declares them (route.ts errors)`).toEqual([]);
  });
});
