/** Services and providers by id, for names, intake labels and provider zones (loaded once per page). */
import type { Provider, Service } from '../../api/types.ts';
import { adminApi } from '../auth.ts';
import { useLoad } from './use-load.ts';

export type Catalog = { services: Map<string, Service>; providers: Map<string, Provider> };

export function useCatalog(): { catalog: Catalog | undefined; error: unknown } {
  const { data, error } = useLoad('catalog', async (signal) => {
    const [s, p] = await Promise.all([
      adminApi<{ services: Service[] }>('/v1/admin/services', { signal }),
      adminApi<{ providers: Provider[] }>('/v1/admin/providers', { signal }),
    ]);
    return { services: new Map(s.services.map((x) => [x.id, x])), providers: new Map(p.providers.map((x) => [x.id, x])) };
  });
  return { catalog: data, error };
}
