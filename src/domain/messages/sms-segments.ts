/**
 * How many SMS segments a text costs (3GPP TS 23.038 / GSM 03.38).
 *
 * - GSM-7 when every character is in the basic set or the extension table; extension characters
 *   (€ [ ] { } \ ^ ~ | and form feed) are sent as ESC + char, so they count 2 units. One segment
 *   carries 160 units; a concatenated message carries 153 per segment (the UDH takes the rest).
 * - Otherwise UCS-2: units are UTF-16 code units (an emoji is 2), 70 in one segment, 67 per part.
 * - Multi-part counting packs greedily and never splits an ESC pair or a surrogate pair across two
 *   segments — handsets and carriers do not either, so `units / 153` can be one segment short.
 * - The empty text is 0 segments (nothing to send).
 */

export type SmsEncoding = 'GSM-7' | 'UCS-2';

const GSM_BASIC = new Set(
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' + '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà',
);
const GSM_EXTENSION = new Set('\f^{}\\[~]|€');

/** True when `ch` (one code point) can be sent in GSM-7. */
export function isGsm7Char(ch: string): boolean {
  return GSM_BASIC.has(ch) || GSM_EXTENSION.has(ch);
}

export function smsSegments(text: string): { encoding: SmsEncoding; units: number; segments: number } {
  const chars = [...text]; // code points
  const gsm = chars.every(isGsm7Char);
  const sizes = gsm ? chars.map((c) => (GSM_EXTENSION.has(c) ? 2 : 1)) : chars.map((c) => c.length);
  const units = sizes.reduce((a, b) => a + b, 0);
  const [single, part] = gsm ? [160, 153] : [70, 67];
  return { encoding: gsm ? 'GSM-7' : 'UCS-2', units, segments: units === 0 ? 0 : units <= single ? 1 : pack(sizes, part) };
}

function pack(sizes: number[], capacity: number): number {
  let segments = 1;
  let used = 0;
  for (const s of sizes) {
    if (used + s > capacity) {
      segments += 1;
      used = 0;
    }
    used += s;
  }
  return segments;
}
