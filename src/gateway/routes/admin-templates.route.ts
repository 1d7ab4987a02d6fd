/** Per-service message template overrides (admin). Filled in by the messages issue. */
import type { GatewayDeps } from '../deps.ts';
import type { AnyRoute } from '../route.ts';

export function adminTemplateRoutes(_deps: GatewayDeps): AnyRoute[] {
  return [];
}
