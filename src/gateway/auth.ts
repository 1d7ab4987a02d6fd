/**
 * Who is calling: `Authorization: Bearer <key>` where the key is ADMIN_API_KEY (the bootstrap admin key,
 * configured or generated on first start; compared in constant time) or an unrevoked key in `api_keys`
 * (looked up by its SHA-256 on every request, so revocation takes effect at once on every gateway).
 *
 * `resolveCaller` runs once per request before the rate limiter (app.ts), so a valid key gets its own
 * rate-limit bucket; a missing, unknown or revoked key falls back to the client address's bucket (a made-up
 * bearer buys no fresh budget). Routes then demand the access they need (`requireAccess`).
 */
import { timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { useActiveApiKey } from '../db/api-key.repository.ts';
import type { DB } from '../db/schema.ts';
import { hashApiKey } from '../domain/access/api-key-hash.ts';
import { API_KEY_PREFIX, scopeAllows, type ApiKeyScope, type RouteAccess } from '../domain/access/api-key-scope.ts';
import { AppError } from '../errors.ts';

export function bearer(req: FastifyRequest): string | undefined {
  const h = req.headers.authorization;
  if (!h) return undefined;
  const m = /^Bearer\s+(\S+)$/i.exec(h);
  return m?.[1];
}

/**
 * The request's caller: a valid key (`keyId` 'bootstrap' for ADMIN_API_KEY), a bearer that is no key of ours, or
 * nobody.
 */
export type Caller = { kind: 'key'; keyId: string; scope: ApiKeyScope } | { kind: 'invalid' } | { kind: 'anonymous' };

declare module 'fastify' {
  interface FastifyRequest {
    caller?: Caller;
    /** The body's exact text, on `raw-json` routes (signatures cover the bytes, not a re-serialisation). */
    rawBody?: string;
  }
}

export function createCallerAuth(opts: { adminApiKey: string; db: Kysely<DB> }) {
  const bootstrap = Buffer.from(hashApiKey(opts.adminApiKey));

  async function resolveCaller(req: FastifyRequest): Promise<Caller> {
    const key = bearer(req);
    if (!key) return { kind: 'anonymous' };
    const hashed = hashApiKey(key);
    if (timingSafeEqual(Buffer.from(hashed), bootstrap)) return { kind: 'key', keyId: 'bootstrap', scope: 'admin' };
    // Manage-link tokens also travel as bearers: only our key format costs a database read.
    if (!key.startsWith(API_KEY_PREFIX)) return { kind: 'invalid' };
    const found = await useActiveApiKey(opts.db, hashed);
    return found ? { kind: 'key', keyId: found.id, scope: found.scope } : { kind: 'invalid' };
  }

  /**
   * A preHandler demanding `access` ('agent' or 'admin'): 401 without a valid key, 403 for a key whose scope is too
   * narrow.
   */
  function requireAccess(access: Exclude<RouteAccess, 'public'>) {
    return async function (req: FastifyRequest): Promise<void> {
      const caller = req.caller ?? (req.caller = await resolveCaller(req));
      if (caller.kind === 'anonymous') throw new AppError('unauthorized', 'Send an API key as `Authorization: Bearer <key>`.');
      if (caller.kind === 'invalid') throw new AppError('unauthorized', 'The API key is not valid (unknown or revoked).');
      if (!scopeAllows(caller.scope, access)) {
        throw new AppError('forbidden', `This API key has the scope "${caller.scope}"; this route needs an ${access} key.`);
      }
    };
  }

  return { resolveCaller, requireAccess };
}

/** Whether a presented secret equals `token`: compared as hashes (equal length), in constant time. */
export function tokenMatcher(token: string): (given: string | undefined) => boolean {
  const expected = Buffer.from(hashApiKey(token));
  return (given) => given !== undefined && timingSafeEqual(Buffer.from(hashApiKey(given)), expected);
}

/** `Authorization: Bearer <token>` must equal `token` (constant-time); for /metrics under METRICS_TOKEN. */
export function createTokenCheck(token: string, what: string) {
  const matches = tokenMatcher(token);
  return function requireToken(req: FastifyRequest): void {
    if (!matches(bearer(req))) {
      throw new AppError('unauthorized', `Send the ${what} as \`Authorization: Bearer <token>\`.`);
    }
  };
}
