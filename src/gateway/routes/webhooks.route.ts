/** Provider webhooks (Twilio status callbacks and inbound SMS). */
import type { GatewayDeps } from '../deps.ts';
import type { AnyRoute } from '../route.ts';

export function webhookRoutes(_deps: GatewayDeps): AnyRoute[] {
  return [];
}
