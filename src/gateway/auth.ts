/**
 * Admin authentication: `Authorization: Bearer <key>` where the key is ADMIN_API_KEY (configured or
 * generated on first start) or an unrevoked key in `api_keys` (stored as SHA-256). Comparison of the
 * configured key is constant-time.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { isActiveApiKeyHash } from '../db/api-key.repository.ts';
import type { DB } from '../db/schema.ts';
import { AppError } from '../errors.ts';

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

export function bearer(req: FastifyRequest): string | undefined {
  const h = req.headers.authorization;
  if (!h) return undefined;
  const m = /^Bearer\s+(\S+)$/i.exec(h);
  return m?.[1];
}

export function createAdminAuth(opts: { adminApiKey: string; db: Kysely<DB> }) {
  const configured = Buffer.from(hashApiKey(opts.adminApiKey));
  return async function requireAdmin(req: FastifyRequest): Promise<void> {
    const key = bearer(req);
    if (!key) throw new AppError('unauthorized', 'Send the admin API key as `Authorization: Bearer <key>`.');
    const hashed = hashApiKey(key);
    if (timingSafeEqual(Buffer.from(hashed), configured)) return;
    if (!(await isActiveApiKeyHash(opts.db, hashed))) throw new AppError('unauthorized', 'The API key is not valid.');
  };
}

/** `Authorization: Bearer <token>` must equal `token` (constant-time); for /metrics under METRICS_TOKEN. */
export function createTokenCheck(token: string, what: string) {
  const expected = Buffer.from(hashApiKey(token));
  return function requireToken(req: FastifyRequest): void {
    const given = bearer(req);
    if (!given || !timingSafeEqual(Buffer.from(hashApiKey(given)), expected)) {
      throw new AppError('unauthorized', `Send the ${what} as \`Authorization: Bearer <token>\`.`);
    }
  };
}
