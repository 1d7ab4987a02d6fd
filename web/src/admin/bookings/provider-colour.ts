/**
 * A stable colour per provider, with no stored setting (no migration): providers ordered by when they were
 * created (then id) take the hues of a palette of well-separated colours in turn, so the first twelve
 * providers all differ, and a new provider never changes an older one's colour (providers are deactivated,
 * not deleted). An id not in the list (e.g. a provider created after the page loaded) falls back to a hue
 * hashed from the id. Saturation and lightness are fixed so every colour reads on white and as a tint.
 */

/** Twelve hues far apart on the circle, most distinct first. */
export const PALETTE_HUES = [215, 145, 35, 285, 355, 190, 325, 90, 255, 15, 165, 55] as const;

/** FNV-1a 32-bit hash of the id. */
function hash(id: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) {
    h ^= id.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/** Each provider's hue: the palette in creation order (cycling after twelve). */
export function providerHues(providers: Iterable<{ id: string; createdAt: string }>): Map<string, number> {
  const sorted = [...providers].sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
  return new Map(sorted.map((p, i) => [p.id, PALETTE_HUES[i % PALETTE_HUES.length]!]));
}

/** The hue of `id`: from `hues`, else hashed from the id (0..359). */
export function hueOf(hues: ReadonlyMap<string, number> | undefined, id: string): number {
  return hues?.get(id) ?? hash(id) % 360;
}

/** Solid colour (legend swatch, booking stripe). */
export function solidColour(hue: number): string {
  return `hsl(${hue} 65% 42%)`;
}

/** Light tint of the same hue (working-hours shading). */
export function tintColour(hue: number, alpha = 0.16): string {
  return `hsl(${hue} 70% 50% / ${alpha})`;
}
