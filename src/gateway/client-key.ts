/**
 * The client a public request comes from, as stored for the per-client hold limit: a keyed hash of its
 * address (req.ip as TRUST_PROXY lets the gateway see it), so the database holds no IP addresses and the
 * key means nothing without the server's secret.
 */
import { createHmac } from 'node:crypto';

export function clientKeyOf(secret: string, ip: string): string {
  return createHmac('sha256', secret).update(`client-address:${ip}`).digest('base64url').slice(0, 22);
}
