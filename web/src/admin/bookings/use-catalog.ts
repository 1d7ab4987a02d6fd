/**
 * Services and providers by id, for names, intake labels and provider zones (loaded once per page), and
 * each provider's colour hue (provider-colour.ts).
 */
import type { Provider, Service } from '../../api/types.ts';
import { adminApi } from '../auth.ts';
import { providerHues } from './provider-colour.ts';
import { useLoad } from './use-load.ts';

export type Catalog = { services: Map<string, Service>; providers: Map<string, Provider>; hues: Map<string, number> };

export function useCatalog(): { catalog: Catalog | undefined; error: unknown } {
  const { data, error } = useLoad('catalog', async (signal) => {
    const [s, p] = await Promise.all([
      adminApi<{ services: Service[] }>('/v1/admin/services', { signal }),
      adminApi<{ providers: Provider[] }>('/v1/admin/providers', { signal }),
    ]);
    return {
      services: new Map(s.services.map((x) => [x.id, x])),
      providers: new Map(p.providers.map((x) => [x.id, x])),
      hues: providerHues(p.providers),
    };
  });
  return { catalog: data, error };
}
