/**
 * Who may call what (issue #15). Every route declares the access it needs; a caller presents at most one
 * API key, whose scope decides:
 * - `public` routes: anyone (a key, if sent, only chooses the caller's rate-limit bucket);
 * - `agent` routes (MCP, voice-agent tools): an `agent` or an `admin` key — an agent can do what a
 *   customer could do;
 * - `admin` routes: an `admin` key only (the bootstrap ADMIN_API_KEY is one); an agent key is refused
 *   with 403, never let through.
 */
export const API_KEY_SCOPES = ['admin', 'agent'] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

export type RouteAccess = 'public' | 'agent' | 'admin';

/** Whether a key of `scope` may call a route that needs `access`. */
export function scopeAllows(scope: ApiKeyScope, access: RouteAccess): boolean {
  if (access === 'admin') return scope === 'admin';
  return true;
}

/**
 * Issued keys start with this prefix (and the bootstrap key generated on first start too): the gateway
 * looks a bearer token up in `api_keys` only when it has it, so a manage-link token sent as a bearer
 * costs no database read.
 */
export const API_KEY_PREFIX = 'sfk_';

/** The part of a key shown in lists to tell keys apart (the prefix and 6 characters; never enough to use it). */
export function displayPrefix(key: string): string {
  return key.slice(0, API_KEY_PREFIX.length + 6);
}
