/** Pure helpers of the pages' branding (#20 item 3): no DOM, no React, so unit tests import them as they are. */
import type { Branding } from '../api/types.ts';

/** White or near-black, whichever reads better on `hex` (#rrggbb), by WCAG relative luminance. */
export function accentForeground(hex: string): '#fff' | '#111' {
  const channel = (i: number) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  const l = 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
  // Contrast with white (1.05 / (l + 0.05)) against contrast with #111 ((l + 0.05) / 0.0556).
  return 1.05 / (l + 0.05) >= (l + 0.05) / 0.0556 ? '#fff' : '#111';
}

/** "+49 30 123456 · hello@clinic.example", or null when neither is set. */
export function contactLine(b: Pick<Branding, 'phone' | 'email'> | null): string | null {
  const parts = [b?.phone, b?.email].filter((p): p is string => Boolean(p));
  return parts.length > 0 ? parts.join(' · ') : null;
}
