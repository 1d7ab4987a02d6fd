/**
 * Retell's webhook signature, as its SDK (retell-sdk `src/lib/webhook_auth.ts`) signs and verifies it:
 * `X-Retell-Signature: v=<unix ms>,d=<hex HMAC-SHA256(apiKey, rawBody + ms)>`, accepted within five
 * minutes either side of `now`. Compared in constant time; the clock is an argument.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const RETELL_SIGNATURE_WINDOW_MS = 5 * 60_000;

export function retellSignature(rawBody: string, apiKey: string, timestampMs: number): string {
  return `v=${timestampMs},d=${createHmac('sha256', apiKey)
    .update(rawBody + timestampMs)
    .digest('hex')}`;
}

export function retellSignatureValid(rawBody: string, apiKey: string, header: string | undefined, now: number): boolean {
  const m = /^v=(\d+),d=([0-9a-f]{64})$/i.exec(header ?? '');
  if (!m) return false;
  const stamp = Number(m[1]);
  if (!Number.isSafeInteger(stamp) || Math.abs(now - stamp) > RETELL_SIGNATURE_WINDOW_MS) return false;
  const expected = createHmac('sha256', apiKey)
    .update(rawBody + stamp)
    .digest();
  return timingSafeEqual(expected, Buffer.from(m[2]!.toLowerCase(), 'hex'));
}
