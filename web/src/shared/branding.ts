/**
 * The business's branding on the customer pages (#20 item 3): `GET /v1/branding` once per page load; the
 * accent colour becomes the `--accent` CSS variable (with a readable `--accent-fg`), and the pages show the
 * logo and name, and name the phone / e-mail wherever they say "contact us". No answer (older gateway,
 * network) leaves the default look: branding never blocks booking.
 */
import { useEffect, useState } from 'react';
import { api } from '../api/client.ts';
import type { Branding } from '../api/types.ts';
import { accentForeground } from './accent.ts';

export { accentForeground, contactLine } from './accent.ts';

let pending: Promise<Branding | null> | null = null;

/** One request per page load, shared by every component that asks. */
export function loadBranding(): Promise<Branding | null> {
  return (pending ??= api<Branding>('/v1/branding').catch(() => null));
}

/** Sets (or, with null, removes) the accent colour on `root`. */
export function applyAccent(color: string | null, root: HTMLElement = document.documentElement): void {
  if (color && /^#[0-9a-f]{6}$/i.test(color)) {
    root.style.setProperty('--accent', color);
    root.style.setProperty('--accent-fg', accentForeground(color));
  } else {
    root.style.removeProperty('--accent');
    root.style.removeProperty('--accent-fg');
  }
}

/** The branding once loaded (null before, or when there is none); applies the accent colour. */
export function useBranding(): Branding | null {
  const [branding, setBranding] = useState<Branding | null>(null);
  useEffect(() => {
    let live = true;
    void loadBranding().then((b) => {
      if (!live || !b) return;
      applyAccent(b.accentColor);
      setBranding(b);
    });
    return () => {
      live = false;
    };
  }, []);
  return branding;
}
