/**
 * Admin sign-in: the admin API key (printed at first start, stored in data/secrets.json) is checked
 * against the gateway once and then kept in sessionStorage — gone when the tab closes, never in a cookie
 * (so no CSRF surface) and never in a URL. Every admin call sends it as `Authorization: Bearer`; a 401
 * signs the page out.
 */
import { useSyncExternalStore } from 'react';
import { api, ApiError, type RequestOptions } from '../api/client.ts';

const KEY = 'slotflow.adminKey';
const listeners = new Set<() => void>();
const notify = () => listeners.forEach((l) => l());

export function currentKey(): string | null {
  return sessionStorage.getItem(KEY);
}

export function useAdminKey(): string | null {
  return useSyncExternalStore((l) => (listeners.add(l), () => listeners.delete(l)), currentKey);
}

/** Verifies `key` with a cheap admin read; stores it when the gateway accepts it. */
export async function signIn(key: string): Promise<void> {
  await api('/v1/admin/services', { headers: { authorization: `Bearer ${key.trim()}` } });
  sessionStorage.setItem(KEY, key.trim());
  notify();
}

export function signOut(): void {
  sessionStorage.removeItem(KEY);
  notify();
}

/** An admin API call with the stored key; a 401 signs out and rethrows. */
export async function adminApi<T>(path: string, opts: RequestOptions = {}): Promise<T> {
  const key = currentKey();
  try {
    return await api<T>(path, { ...opts, headers: { ...opts.headers, ...(key ? { authorization: `Bearer ${key}` } : {}) } });
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) signOut();
    throw err;
  }
}
