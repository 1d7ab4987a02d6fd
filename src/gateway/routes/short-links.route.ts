/** `GET /s/{code}`: short manage links (SMS) → the manage link they stand for. */
import type { GatewayDeps } from '../deps.ts';
import type { AnyRoute } from '../route.ts';

export function shortLinkRoutes(_deps: GatewayDeps): AnyRoute[] {
  return [];
}
