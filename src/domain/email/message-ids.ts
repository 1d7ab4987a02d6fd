/**
 * Message-IDs as slotflow stores them: without angle brackets, trimmed, at most 998 characters (a header
 * line's limit). Headers carry them bracketed. Pure.
 */

/** `<abc@host>` → `abc@host`; empty or absurd input → null. */
export function bareMessageId(value: string | null | undefined): string | null {
  const id = (value ?? '').trim().replace(/^<+|>+$/g, '');
  return id.length === 0 || id.length > 998 || /[\s<>]/.test(id) ? null : id;
}

export const bracketed = (id: string): string => `<${id}>`;

/** Every Message-ID in a References / In-Reply-To header value, in order. */
export function messageIdsIn(header: string | readonly string[] | null | undefined): string[] {
  const text = Array.isArray(header) ? header.join(' ') : ((header as string | null | undefined) ?? '');
  return [...text.matchAll(/<([^<>\s]+)>/g)].map((m) => m[1]!).filter((id) => id.length <= 998);
}
