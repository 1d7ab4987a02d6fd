/**
 * A minimal path router for the admin dashboard (history API, no dependency): `usePath()` re-renders on
 * navigation, `navigate(to)` pushes a new entry, `<Link>` (in link.tsx) intercepts plain left clicks.
 */
import { useSyncExternalStore } from 'react';

const listeners = new Set<() => void>();
const notify = () => listeners.forEach((l) => l());
if (typeof window !== 'undefined') window.addEventListener('popstate', notify);

function subscribe(l: () => void) {
  listeners.add(l);
  return () => listeners.delete(l);
}

const snapshot = () => window.location.pathname + window.location.search;

/** Current path plus query string (e.g. `/admin/bookings?status=pending`). */
export function usePath(): string {
  return useSyncExternalStore(subscribe, snapshot);
}

/** `state` is stored with the entry (history.state), e.g. what a page must remember across a reload. */
export function navigate(to: string, opts: { replace?: boolean; state?: unknown } = {}): void {
  if (opts.replace) window.history.replaceState(opts.state ?? null, '', to);
  else window.history.pushState(opts.state ?? null, '', to);
  notify();
}

/** `match('/admin/bookings/:id', '/admin/bookings/42')` → `{ id: '42' }`, or null. */
export function match(pattern: string, path: string): Record<string, string> | null {
  const p = pattern.split('/').filter(Boolean);
  const s = path.split('?')[0]!.split('/').filter(Boolean);
  if (p.length !== s.length) return null;
  const out: Record<string, string> = {};
  for (let i = 0; i < p.length; i++) {
    const seg = p[i]!;
    if (seg.startsWith(':')) out[seg.slice(1)] = decodeURIComponent(s[i]!);
    else if (seg !== s[i]) return null;
  }
  return out;
}
