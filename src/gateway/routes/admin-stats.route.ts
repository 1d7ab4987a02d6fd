/** Admin dashboard figures (filled in by the overview work of issue #6). */
import type { GatewayDeps } from '../deps.ts';
import type { AnyRoute } from '../route.ts';

export function adminStatsRoutes(_deps: GatewayDeps): AnyRoute[] {
  return [];
}
