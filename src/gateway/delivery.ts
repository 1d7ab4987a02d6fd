/** Whether messages really leave slotflow, as the gateway sees it (GatewayDeps.messaging; absent = outbox only). */
import type { GatewayDeps } from './deps.ts';

/** An e-mail transport (SMTP or SendGrid) is configured: customers with an address get e-mail. */
export function emailsOn(deps: Pick<GatewayDeps, 'messaging'>): boolean {
  return Boolean(deps.messaging?.transports.email);
}
