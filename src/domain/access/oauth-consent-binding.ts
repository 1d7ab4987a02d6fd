/**
 * The OAuth consent round trip is bound to the browser that started it and expires:
 * - starting a consent (POST /v1/admin/connections from the admin dashboard) sets an HttpOnly,
 *   SameSite=Lax cookie scoped to the callback path whose value is HMAC(key, state) — nothing to store;
 * - the callback accepts the state only with that cookie (a callback URL replayed in another browser,
 *   or planted in the admin's by someone else — login CSRF — is refused) and only within
 *   CONSENT_TTL_MS of the start.
 * SameSite=Lax cookies travel on the top-level GET redirect back from Google / Microsoft.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const CONSENT_TTL_MS = 10 * 60_000;
export const CONSENT_COOKIE = 'sf_oauth';
/** The cookie reaches the callbacks only (`/v1/connections/{kind}/callback`). */
const COOKIE_PATH = '/v1/connections/';

export function consentBinding(key: Buffer, state: string): string {
  return createHmac('sha256', key).update(`oauth-consent-browser:${state}`).digest('base64url');
}

/** The Set-Cookie header value that binds `state` to the browser receiving it. */
export function consentCookie(key: Buffer, state: string, secure: boolean): string {
  return `${CONSENT_COOKIE}=${consentBinding(key, state)}; Path=${COOKIE_PATH}; Max-Age=${CONSENT_TTL_MS / 1000}; HttpOnly; SameSite=Lax${secure ? '; Secure' : ''}`;
}

/** The consent cookie's value from a Cookie header, if any. */
export function consentCookieOf(cookieHeader: string | undefined): string | undefined {
  for (const part of (cookieHeader ?? '').split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name === CONSENT_COOKIE) return rest.join('=');
  }
  return undefined;
}

/** Why a callback's state is not accepted from this browser now, or null when it is. */
export function consentRefusal(opts: { key: Buffer; state: string; cookie: string | undefined; startedAt: Date; now: number }): string | null {
  if (opts.now - opts.startedAt.getTime() > CONSENT_TTL_MS) return 'expired';
  const expected = Buffer.from(consentBinding(opts.key, opts.state));
  const given = Buffer.from(opts.cookie ?? '');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 'other_browser';
  return null;
}
